// The server's clock: the core's Clock (umuhanda/clock.hpp) read from the system, and the Unix
// seconds the stores keep (sessions, codes, classes, stored events).
#pragma once

#include <chrono>
#include <cstdint>

#include "umuhanda/clock.hpp"

namespace umuhanda {

class SystemClock final : public Clock {
public:
  std::int64_t now_ms() const override {
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch()).count();
  }
};

inline std::int64_t unix_now() { return SystemClock().now_ms() / 1000; }

}  // namespace umuhanda
