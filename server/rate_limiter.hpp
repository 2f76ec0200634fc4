// FailureRateLimiter: after too many failed attempts from one address within a window, further
// attempts are refused (429) until the window has passed. Guards token guessing. Pure: the caller
// passes the time.
#pragma once

#include <chrono>
#include <deque>
#include <map>
#include <mutex>
#include <string>

namespace umuhanda {

class FailureRateLimiter {
public:
  using Clock = std::chrono::steady_clock;
  FailureRateLimiter(int max_failures, Clock::duration window) : m_max_failures(max_failures), m_window(window) {}

  // How long this address must wait, or zero when it may try.
  Clock::duration retry_after(const std::string& address, Clock::time_point now);
  void record_failure(const std::string& address, Clock::time_point now);
  // Failures of this address within the window, this one included; and forgetting them all.
  int record_and_count(const std::string& address, Clock::time_point now);
  void forget(const std::string& address);

private:
  void forget_old(std::deque<Clock::time_point>& failures, Clock::time_point now) const;

  int m_max_failures;
  Clock::duration m_window;
  std::mutex m_mutex;
  std::map<std::string, std::deque<Clock::time_point>> m_failures;
};

}  // namespace umuhanda
