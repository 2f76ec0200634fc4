// JobRunner: the thread that runs the queue's jobs (sqlite_job_store.hpp) and plans recurring ones.
//
// Each pass takes up to a batch of due jobs with a lease, runs their handlers and marks them done
// in one transaction, so a burst costs two commits per batch, not per job. Between passes it
// sleeps until the next job is due, a lease passes, a recurring rule is due, or wake() (a job was
// enqueued in this process), signal_job_runner() (a job enqueued by another process), and at most
// `idle_poll_ms`.
//
// Recurring rules: each rule's next occurrence is enqueued ahead, with the unique key
// "<name>@<UTC time>", and recorded as planned; when it is due, the one after is planned. A restart
// or a second process plans the same keys, so no occurrence is enqueued twice. Occurrences that
// fell while the server was down are not replayed one by one: the planned one, now overdue, runs
// once at start-up, and planning goes on from the present.
#pragma once

#include <atomic>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "jobs/cron_rule.hpp"
#include "jobs/sqlite_job_store.hpp"
#include "jobs/time_zone.hpp"
#include "umuhanda/clock.hpp"

namespace umuhanda {

// What a kind of job does. Exactly one of the two is set.
struct JobHandler {
  // Its effect is rows in the server's database, written on `db` inside the transaction that marks
  // the job done: exactly once.
  std::function<JobResult(Database& db, const Job& job)> in_transaction;
  // Its effect is outside (an email, a webhook): run with no lock held, at least once. It records
  // what it did (in its own transaction) so that a second run after a crash skips it.
  std::function<JobResult(const Job& job)> outside;
};

struct RecurringJob {
  std::string name;  // unique; the occurrence keys start with it
  CronRule rule;
  TimeZone zone;
  std::string kind;
  std::string args = "{}";
};

// Beside the database: "umuhanda.db-jobs-wake".
inline constexpr const char* kWakeFileSuffix = "-jobs-wake";

// For another process (the command line) after it committed jobs to the database at
// `database_path`: wakes the runner of the server using that file now. Without it the runner finds
// them at its next poll.
void signal_job_runner(const std::string& database_path);

struct JobRunnerOptions {
  // The database file: when set, another process that enqueued jobs and then called
  // signal_job_runner() (`jobs probe`, `jobs retry`) wakes the runner at once (inotify on the wake
  // file beside the database) instead of at the next poll.
  std::string database_path;
  std::size_t batch = 64;
  std::int64_t lease_ms = 30000;     // a job not finished this long after it was taken runs again
  std::int64_t idle_poll_ms = 1000;  // the longest sleep between passes
  double retry_scale = 1.0;          // multiplies retry_delay_ms (tests shrink it)
  std::string owner;                 // names this runner in leases; empty: host, pid and a random part
};

class JobRunner {
public:
  using Log = std::function<void(const std::string& line)>;
  JobRunner(SqliteJobStore& store, const Clock& clock, JobRunnerOptions options, Log log);
  ~JobRunner();  // stops the thread
  JobRunner(const JobRunner&) = delete;
  JobRunner& operator=(const JobRunner&) = delete;

  // Before start().
  void handle(std::string kind, JobHandler handler);
  void add_recurring(RecurringJob recurring);

  void start();
  void stop();
  // A job was enqueued in this process: run it now rather than at the next poll.
  void wake();

  // One pass on the caller's thread (tests and the command line): plans recurring rules, then runs
  // what is due, a batch at a time, until nothing is. Returns how many jobs were marked done.
  Expected<std::size_t> run_due();

  struct Stats {
    std::uint64_t done = 0, failed = 0, lease_lost = 0, passes = 0;
  };
  Stats stats() const;
  const std::string& owner() const { return m_options.owner; }

  // "<name>@<YYYY-MM-DDTHH:MM:SSZ>": one key per occurrence of a recurring rule.
  static std::string occurrence_key(const std::string& name, SysSeconds occurrence);

private:
  void run();
  // Jobs leased by a runner of this host whose process is gone (a crash before this start): free
  // now rather than after their lease.
  void release_dead_local_owners();
  // Waits until woken, `ms` passed, or (with database_path) another process wrote the database.
  bool sleep_for(std::int64_t ms);  // true: woken by signal_job_runner()
  // Enqueues the next occurrence of every rule whose planned one is due; returns when the next
  // planning is due.
  Expected<std::int64_t> plan_recurring(std::int64_t now_ms);
  // One batch: returns how many jobs it took.
  Expected<std::size_t> run_batch(std::int64_t now_ms);

  SqliteJobStore& m_store;
  const Clock& m_clock;
  JobRunnerOptions m_options;
  Log m_log;
  std::map<std::string, JobHandler, std::less<>> m_handlers;
  std::vector<RecurringJob> m_recurring;
  std::int64_t m_next_plan_ms = 0;

  mutable std::mutex m_mutex;
  bool m_stop = false;
  Stats m_stats;
  int m_watch_fd = -1;  // inotify on the database's folder; -1 without
  int m_stop_fd = -1;   // an eventfd stop() and wake() write to, beside m_watch_fd in poll()
  std::thread m_thread;
};

}  // namespace umuhanda
