// The browser's clock (Date.now) and crypto.getRandomValues behind device.hpp.
#include "platform/device.hpp"

#include <emscripten/emscripten.h>
#include <emscripten/html5.h>

#include <cmath>

EM_JS(double, umuhanda_random_u32, (), {
  var word = new Uint32Array(1);
  crypto.getRandomValues(word);
  return word[0];
});

namespace umuhanda {
namespace {

class BrowserClock final : public Clock {
public:
  std::int64_t now_ms() const override { return static_cast<std::int64_t>(std::floor(emscripten_date_now())); }
};

}  // namespace

std::unique_ptr<Clock> make_device_clock() { return std::make_unique<BrowserClock>(); }

std::uint64_t device_random_seed() {
  const auto high = static_cast<std::uint64_t>(umuhanda_random_u32());
  const auto low = static_cast<std::uint64_t>(umuhanda_random_u32());
  return (high << 32) | low;
}

}  // namespace umuhanda
