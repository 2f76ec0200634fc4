// Per-request database accounting for the Server-Timing header: how many statements ran, how long
// the database took, and whether the response cache answered. One request runs on one thread.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>

namespace umuhanda {

struct RequestStats {
  std::uint32_t queries = 0;
  std::chrono::steady_clock::duration db_time{};
  enum class Cache { none, hit, miss } cache = Cache::none;
  std::chrono::steady_clock::time_point started{};

  // "cache;desc=hit, db;dur=0.012;desc=\"1 query\"": a standard Server-Timing value.
  std::string server_timing() const;
};

// The stats of the request the calling thread is serving.
RequestStats& current_request_stats();

// Adds the time spent in its scope to the current request's database time (used by Database,
// which also counts each statement it prepares or executes).
class DbTimer {
public:
  DbTimer() : m_start(std::chrono::steady_clock::now()) {}
  ~DbTimer() { current_request_stats().db_time += std::chrono::steady_clock::now() - m_start; }
  DbTimer(const DbTimer&) = delete;
  DbTimer& operator=(const DbTimer&) = delete;

private:
  std::chrono::steady_clock::time_point m_start;
};

}  // namespace umuhanda
