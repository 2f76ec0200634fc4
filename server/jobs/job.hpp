// Jobs as the queue keeps them, and the pure rules about them: when a failed job is tried again.
// A job is a row (kind, arguments, when, attempts, unique key, lease): the work Celery, beat and
// APScheduler did for the origin site, kept in the database the change that caused it lives in.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace umuhanda {

enum class JobState { available, running, done, dead };
std::string_view to_string(JobState state);
std::optional<JobState> job_state_from(std::string_view name);

struct NewJob {
  std::string kind;
  std::string args = "{}";  // a JSON object
  std::int64_t run_at_ms = 0;
  // A second job with the same key is not enqueued: one job per recurring occurrence, per event.
  std::optional<std::string> unique_key;
  int max_attempts = 20;
};

struct Job {
  std::int64_t id = 0;
  std::string kind;
  std::string args;
  JobState state = JobState::available;
  std::int64_t run_at_ms = 0;
  int attempts = 0;  // including the one running now
  int max_attempts = 0;
  std::optional<std::string> unique_key;
  std::optional<std::string> last_error;
  std::int64_t created_at_ms = 0;
  std::optional<std::int64_t> finished_at_ms;
};

// How long after its `attempt`-th failure a job runs again: 15 s + attempt^4 s (Sidekiq's curve:
// 16 s, 31 s, 96 s, ... about 1.9 days in total over 20 attempts), times `scale` (1 in service;
// tests shrink it), spread by `jitter` in [0, 1) over +/-10 % so jobs that failed together (a mail
// server down) do not all come back in the same second.
std::int64_t retry_delay_ms(int attempt, double jitter, double scale = 1.0);

}  // namespace umuhanda
