// The job queue on the server's SQLite file. Writes go through the one writing connection under
// its mutex, like every store; reads (lists for admins) through the read-only connections.
//
// Durability and exactly-once, the way Oban does it in PostgreSQL:
// - enqueue_job() runs inside the caller's transaction: a job exists if and only if the change
//   that caused it was committed (no job for a rolled-back payment, no payment without its job).
// - A worker takes jobs with a lease. A worker that dies (SIGKILL, power) leaves its jobs leased;
//   once the lease has passed, another worker takes them again. So a job runs at least once.
// - A handler whose effect is rows in this database writes them in the transaction that marks the
//   job done, and only while it still holds the lease: its effect happens exactly once.
//   Handlers with effects outside (email, webhooks) record what they sent in the same way, so a
//   retry after a crash sends only what was not recorded.
//
// FIXME(issue 18): the PostgreSQL store takes the same shape (SELECT ... FOR UPDATE SKIP LOCKED).
#pragma once

#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "jobs/job.hpp"
#include "sqlite_database.hpp"

namespace umuhanda {

// Adds a job inside the caller's open transaction on `db`. Returns false when a job with its
// unique key exists already (nothing added).
Expected<bool> enqueue_job(Database& db, const NewJob& job, std::int64_t now_ms);

struct JobCounts {
  std::int64_t available = 0, running = 0, done = 0, dead = 0;
};

// What a handler of an in-transaction job returns: nothing (done), or why it failed.
using JobResult = Expected<void>;

class SqliteJobStore {
public:
  SqliteJobStore(Database& writer, std::mutex& writer_mutex, ReadConnections& readers);

  // In a transaction of its own.
  Expected<bool> enqueue(const NewJob& job, std::int64_t now_ms);

  // Takes up to `limit` jobs due at `now_ms` (available, or running with a lease that has
  // passed: their worker is gone), leased to `owner` until now + lease. Oldest due first.
  Expected<std::vector<Job>> claim(const std::string& owner, std::size_t limit, std::int64_t now_ms, std::int64_t lease_ms);

  // Ends each job in one transaction. For each: `work(db, job)` runs inside a savepoint on the
  // writer (its rows are the job's effect), then the job is marked done, if `owner` still holds its
  // lease; a job whose lease was lost meanwhile keeps no effect (the savepoint is rolled back). A
  // failure rolls back the job's effect and schedules a retry (or marks it dead after its last
  // attempt). Returns how many were marked done.
  using Work = std::function<JobResult(Database& db, const Job& job)>;
  struct Finished {
    std::size_t done = 0, failed = 0, lease_lost = 0;
  };
  Expected<Finished> finish(const std::string& owner, const std::vector<Job>& jobs, const Work& work, std::int64_t now_ms,
                            const std::function<std::int64_t(const Job&)>& retry_delay);

  // The owners holding leases now, and freeing every lease of one owner (its process is gone): its
  // jobs are due again at once.
  Expected<std::vector<std::string>> lease_owners();
  Expected<std::int64_t> release_leases(const std::string& owner, std::int64_t now_ms);

  // Admins: jobs by state, newest first; a dead (or failed) job tried again now.
  Expected<std::vector<Job>> list(std::optional<JobState> state, std::size_t limit);
  Expected<std::optional<Job>> find(std::int64_t id);
  Expected<bool> retry_now(std::int64_t id, std::int64_t now_ms);
  Expected<JobCounts> counts();
  // When the next available job is due (to sleep until then), nullopt when none is waiting.
  Expected<std::optional<std::int64_t>> next_due_ms();
  // Deletes done jobs finished before `before_ms` (dead ones stay for an admin to see).
  Expected<std::int64_t> delete_done_before(std::int64_t before_ms);

  // Recurring rules: the latest occurrence enqueued for `name` (nullopt: never planned), and the
  // planning step, which enqueues `jobs` and moves the mark to `planned_until_ms`, in one
  // transaction, only if the mark is still `expected` (another process planned meanwhile: false).
  Expected<std::optional<std::int64_t>> planned_until(const std::string& name);
  Expected<bool> plan(const std::string& name, std::optional<std::int64_t> expected, std::int64_t planned_until_ms, const std::vector<NewJob>& jobs,
                      std::int64_t now_ms);

  Database& writer() { return m_writer; }
  std::mutex& writer_mutex() { return m_writer_mutex; }

private:
  Database& m_writer;
  std::mutex& m_writer_mutex;
  ReadConnections& m_readers;
};

}  // namespace umuhanda
