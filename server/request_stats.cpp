// Thread-local request stats and their Server-Timing form.
#include "request_stats.hpp"

#include <cstdio>

namespace umuhanda {

RequestStats& current_request_stats() {
  thread_local RequestStats stats;
  return stats;
}

std::string RequestStats::server_timing() const {
  const char* cache_state = cache == Cache::hit ? "hit" : cache == Cache::miss ? "miss" : "none";
  // Most answers ran no query: nothing to format.
  if (queries == 0 && db_time == std::chrono::steady_clock::duration::zero()) {
    return std::string("cache;desc=").append(cache_state).append(", db;dur=0.000;desc=\"0 queries\"");
  }
  char text[160];
  const double db_ms = std::chrono::duration<double, std::milli>(db_time).count();
  std::snprintf(text, sizeof text, "cache;desc=%s, db;dur=%.3f;desc=\"%u %s\"", cache_state, db_ms, queries, queries == 1 ? "query" : "queries");
  return text;
}

}  // namespace umuhanda
