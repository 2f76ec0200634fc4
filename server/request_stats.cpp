// Thread-local request stats and their Server-Timing form.
#include "request_stats.hpp"

#include <cstdio>

namespace umuhanda {

RequestStats& current_request_stats() {
  thread_local RequestStats stats;
  return stats;
}

std::string RequestStats::server_timing() const {
  char text[160];
  const double db_ms = std::chrono::duration<double, std::milli>(db_time).count();
  const char* cache_state = cache == Cache::hit ? "hit" : cache == Cache::miss ? "miss" : "none";
  std::snprintf(text, sizeof text, "cache;desc=%s, db;dur=%.3f;desc=\"%u %s\"", cache_state, db_ms, queries, queries == 1 ? "query" : "queries");
  return text;
}

}  // namespace umuhanda
