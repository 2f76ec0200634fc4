// Browser side of the test hook: shell.html wraps this export as window.umuhanda.state().
#include "platform/test_hook.hpp"

#include <emscripten/emscripten.h>

namespace umuhanda {
namespace {

std::function<std::string()>& provider() {
  static std::function<std::string()> instance;
  return instance;
}

}  // namespace

void set_state_provider(std::function<std::string()> state_provider) { provider() = std::move(state_provider); }

}  // namespace umuhanda

// The returned text stays valid until the next call (JavaScript copies it at once).
extern "C" EMSCRIPTEN_KEEPALIVE const char* umuhanda_state_json() {
  static std::string last;
  auto& provider = umuhanda::provider();
  last = provider ? provider() : std::string("{\"phase\":\"starting\"}");
  return last.c_str();
}
