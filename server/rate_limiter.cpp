// Sliding-window failure counting per address.
#include "rate_limiter.hpp"

namespace umuhanda {

void FailureRateLimiter::forget_old(std::deque<Clock::time_point>& failures, Clock::time_point now) const {
  while (!failures.empty() && now - failures.front() >= m_window) failures.pop_front();
}

FailureRateLimiter::Clock::duration FailureRateLimiter::retry_after(const std::string& address, Clock::time_point now) {
  std::lock_guard lock(m_mutex);
  auto it = m_failures.find(address);
  if (it == m_failures.end()) return Clock::duration::zero();
  forget_old(it->second, now);
  if (it->second.empty()) {
    m_failures.erase(it);
    return Clock::duration::zero();
  }
  if (static_cast<int>(it->second.size()) < m_max_failures) return Clock::duration::zero();
  return it->second.front() + m_window - now;
}

void FailureRateLimiter::record_failure(const std::string& address, Clock::time_point now) { record_and_count(address, now); }

void FailureRateLimiter::forget(const std::string& address) {
  std::lock_guard lock(m_mutex);
  m_failures.erase(address);
}

int FailureRateLimiter::record_and_count(const std::string& address, Clock::time_point now) {
  std::lock_guard lock(m_mutex);
  auto& failures = m_failures[address];
  forget_old(failures, now);
  failures.push_back(now);
  const int count = static_cast<int>(failures.size());
  // Bound memory under a flood of addresses: forget addresses whose failures have all expired.
  if (m_failures.size() > 10000) {
    for (auto it = m_failures.begin(); it != m_failures.end();) {
      forget_old(it->second, now);
      it = it->second.empty() ? m_failures.erase(it) : std::next(it);
    }
  }
  return count;
}

}  // namespace umuhanda
