// The server's clock: the core's Clock (umuhanda/clock.hpp) read from the system, and the Unix
// seconds the stores keep (sessions, codes, classes, stored events).
#pragma once

#include <atomic>
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

// The clock of scheduled exams and the job runner: the system's, moved by an offset that only a
// test build started with --test-clock lets a test set (POST /api/v1/test/clock), so tests sit an
// exam at its start, its end and past its grace without waiting. A frozen clock stays where it was
// set, so a test's one-second boundaries do not depend on how fast a sanitizer build answers.
class AdjustableClock final : public Clock {
public:
  std::int64_t now_ms() const override {
    if (m_frozen.load(std::memory_order_acquire)) return m_frozen_at_ms.load(std::memory_order_acquire);
    return SystemClock().now_ms() + m_offset_ms.load(std::memory_order_relaxed);
  }
  void set_now_ms(std::int64_t now, bool frozen = false) {
    m_offset_ms.store(now - SystemClock().now_ms(), std::memory_order_relaxed);
    m_frozen_at_ms.store(now, std::memory_order_release);
    m_frozen.store(frozen, std::memory_order_release);
  }

private:
  std::atomic<std::int64_t> m_offset_ms{0};
  std::atomic<std::int64_t> m_frozen_at_ms{0};
  std::atomic<bool> m_frozen{false};
};

inline std::int64_t unix_now() { return SystemClock().now_ms() / 1000; }

}  // namespace umuhanda
