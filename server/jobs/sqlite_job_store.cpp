// The job queue's SQL (see sqlite_job_store.hpp).
#include "jobs/sqlite_job_store.hpp"

#include <algorithm>
#include <tuple>

namespace umuhanda {
namespace {

constexpr const char* kJobColumns = "id, kind, args, state, run_at_ms, attempts, max_attempts, unique_key, last_error, created_at_ms, finished_at_ms";

Job read_job(const Statement& row) {
  Job job;
  job.id = row.column_int(0);
  job.kind = row.column_text(1);
  job.args = row.column_text(2);
  job.state = job_state_from(row.column_text(3)).value_or(JobState::available);
  job.run_at_ms = row.column_int(4);
  job.attempts = static_cast<int>(row.column_int(5));
  job.max_attempts = static_cast<int>(row.column_int(6));
  job.unique_key = row.column_optional_text(7);
  job.last_error = row.column_optional_text(8);
  job.created_at_ms = row.column_int(9);
  job.finished_at_ms = row.column_optional_int(10);
  return job;
}

Expected<std::vector<Job>> read_jobs(Statement& query) { return read_rows<Job>(query, read_job); }

// A job's last error, kept on one line for the admins' list.
std::string error_text(const Diagnostics& errors) {
  std::string text;
  for (const Diagnostic& problem : errors) text += (text.empty() ? "" : "; ") + to_string(problem);
  return text;
}

}  // namespace

Expected<bool> enqueue_job(Database& db, const NewJob& job, std::int64_t now_ms) {
  auto insert = db.prepare(
      "INSERT INTO jobs (kind, args, run_at_ms, unique_key, max_attempts, created_at_ms) VALUES (?1, ?2, ?3, ?4, ?5, ?6)"
      " ON CONFLICT (unique_key) DO NOTHING");
  if (!insert) return insert.errors();
  insert->bind(1, job.kind).bind(2, job.args).bind(3, job.run_at_ms).bind_optional(4, job.unique_key);
  insert->bind(5, std::int64_t{job.max_attempts}).bind(6, now_ms);
  auto ran = insert->run();
  if (!ran) return ran.errors();
  return db.changes() == 1;
}

SqliteJobStore::SqliteJobStore(Database& writer, std::mutex& writer_mutex, ReadConnections& readers)
    : m_writer(writer), m_writer_mutex(writer_mutex), m_readers(readers) {}

Expected<bool> SqliteJobStore::enqueue(const NewJob& job, std::int64_t now_ms) {
  std::lock_guard lock(m_writer_mutex);
  return in_transaction(m_writer, [&](Database& db) { return enqueue_job(db, job, now_ms); });
}

Expected<std::vector<Job>> SqliteJobStore::claim(const std::string& owner, std::size_t limit, std::int64_t now_ms, std::int64_t lease_ms) {
  std::lock_guard lock(m_writer_mutex);
  return in_transaction(m_writer, [&](Database& db) -> Expected<std::vector<Job>> {
    // A lease that passed: its worker died mid-job. Out of attempts, the job is dead; else it
    // is due again now, like any other.
    auto expired = db.prepare(
        "UPDATE jobs SET state = CASE WHEN attempts >= max_attempts THEN 'dead' ELSE 'available' END,"
        " finished_at_ms = CASE WHEN attempts >= max_attempts THEN ?1 END,"
        " last_error = 'the worker stopped before finishing it (its lease ran out)', lease_owner = NULL, lease_until_ms = NULL"
        " WHERE state = 'running' AND lease_until_ms <= ?1");
    if (!expired) return expired.errors();
    expired->bind(1, now_ms);
    if (auto ran = expired->run(); !ran) return ran.errors();
    auto take = db.prepare(std::string("UPDATE jobs SET state = 'running', attempts = attempts + 1, lease_owner = ?1, lease_until_ms = ?2"
                                       " WHERE id IN (SELECT id FROM jobs WHERE state = 'available' AND run_at_ms <= ?3"
                                       " ORDER BY run_at_ms, id LIMIT ?4) RETURNING ") +
                           kJobColumns);
    if (!take) return take.errors();
    take->bind(1, owner).bind(2, now_ms + lease_ms).bind(3, now_ms).bind(4, static_cast<std::int64_t>(limit));
    auto jobs = read_jobs(take.value());
    if (!jobs) return jobs;
    // RETURNING gives rows in no set order: oldest due first, as taken.
    std::sort(jobs->begin(), jobs->end(), [](const Job& a, const Job& b) { return std::tie(a.run_at_ms, a.id) < std::tie(b.run_at_ms, b.id); });
    return jobs;
  });
}

Expected<SqliteJobStore::Finished> SqliteJobStore::finish(const std::string& owner, const std::vector<Job>& jobs, const Work& work,
                                                          std::int64_t now_ms, const std::function<std::int64_t(const Job&)>& retry_delay) {
  std::lock_guard lock(m_writer_mutex);
  return in_transaction(m_writer, [&](Database& db) -> Expected<Finished> {
    Finished finished;
    for (const Job& job : jobs) {
      if (auto saved = db.run("SAVEPOINT job"); !saved) return saved.errors();
      JobResult result = work(db, job);
      if (result) {
        auto done = db.prepare(
            "UPDATE jobs SET state = 'done', finished_at_ms = ?3, lease_owner = NULL, lease_until_ms = NULL, last_error = NULL"
            " WHERE id = ?1 AND state = 'running' AND lease_owner = ?2");
        if (!done) return done.errors();
        done->bind(1, job.id).bind(2, owner).bind(3, now_ms);
        if (auto ran = done->run(); !ran) return ran.errors();
        if (db.changes() == 1) {
          ++finished.done;
          if (auto released = db.run("RELEASE job"); !released) return released.errors();
          continue;
        }
        // Another worker holds it now (this one was too slow): it will do the work, once.
        ++finished.lease_lost;
        if (auto undone = db.run("ROLLBACK TO job"); !undone) return undone.errors();
        if (auto released = db.run("RELEASE job"); !released) return released.errors();
        continue;
      }
      if (auto undone = db.run("ROLLBACK TO job"); !undone) return undone.errors();
      if (auto released = db.run("RELEASE job"); !released) return released.errors();
      ++finished.failed;
      auto failed = db.prepare(
          "UPDATE jobs SET state = CASE WHEN attempts >= max_attempts THEN 'dead' ELSE 'available' END,"
          " run_at_ms = ?3, finished_at_ms = CASE WHEN attempts >= max_attempts THEN ?4 END,"
          " last_error = ?5, lease_owner = NULL, lease_until_ms = NULL"
          " WHERE id = ?1 AND state = 'running' AND lease_owner = ?2");
      if (!failed) return failed.errors();
      failed->bind(1, job.id).bind(2, owner).bind(3, now_ms + retry_delay(job)).bind(4, now_ms).bind(5, error_text(result.errors()));
      if (auto ran = failed->run(); !ran) return ran.errors();
    }
    return finished;
  });
}

Expected<std::vector<std::string>> SqliteJobStore::lease_owners() {
  return m_readers.with([&](Database& db) -> Expected<std::vector<std::string>> {
    auto query = db.prepare("SELECT DISTINCT lease_owner FROM jobs WHERE state = 'running' AND lease_owner IS NOT NULL");
    if (!query) return query.errors();
    std::vector<std::string> owners;
    for (;;) {
      auto row = query->step();
      if (!row) return row.errors();
      if (!row.value()) return owners;
      owners.push_back(query->column_text(0));
    }
  });
}

Expected<std::int64_t> SqliteJobStore::release_leases(const std::string& owner, std::int64_t now_ms) {
  std::lock_guard lock(m_writer_mutex);
  return in_transaction(m_writer, [&](Database& db) -> Expected<std::int64_t> {
    auto release = db.prepare(
        "UPDATE jobs SET state = CASE WHEN attempts >= max_attempts THEN 'dead' ELSE 'available' END,"
        " finished_at_ms = CASE WHEN attempts >= max_attempts THEN ?2 END,"
        " last_error = 'the worker stopped before finishing it (its process is gone)', lease_owner = NULL, lease_until_ms = NULL"
        " WHERE state = 'running' AND lease_owner = ?1");
    if (!release) return release.errors();
    release->bind(1, owner).bind(2, now_ms);
    if (auto ran = release->run(); !ran) return ran.errors();
    return db.changes();
  });
}

Expected<std::vector<Job>> SqliteJobStore::list(std::optional<JobState> state, std::size_t limit) {
  return m_readers.with([&](Database& db) -> Expected<std::vector<Job>> {
    auto query = db.prepare(std::string("SELECT ") + kJobColumns + " FROM jobs WHERE ?1 IS NULL OR state = ?1 ORDER BY id DESC LIMIT ?2");
    if (!query) return query.errors();
    query->bind_optional(1, state ? std::optional<std::string>(std::string(to_string(*state))) : std::nullopt);
    query->bind(2, static_cast<std::int64_t>(limit));
    return read_jobs(query.value());
  });
}

Expected<std::optional<Job>> SqliteJobStore::find(std::int64_t id) {
  return m_readers.with([&](Database& db) -> Expected<std::optional<Job>> {
    auto query = db.prepare(std::string("SELECT ") + kJobColumns + " FROM jobs WHERE id = ?1");
    if (!query) return query.errors();
    query->bind(1, id);
    auto jobs = read_jobs(query.value());
    if (!jobs) return jobs.errors();
    if (jobs->empty()) return std::optional<Job>();
    return std::optional<Job>(jobs->front());
  });
}

Expected<bool> SqliteJobStore::retry_now(std::int64_t id, std::int64_t now_ms) {
  std::lock_guard lock(m_writer_mutex);
  return in_transaction(m_writer, [&](Database& db) -> Expected<bool> {
    // A dead job gets its attempts back; an available one (waiting for its retry) simply runs now.
    auto retry = db.prepare(
        "UPDATE jobs SET state = 'available', run_at_ms = ?2, finished_at_ms = NULL,"
        " max_attempts = CASE WHEN state = 'dead' THEN attempts + max_attempts ELSE max_attempts END"
        " WHERE id = ?1 AND state IN ('dead', 'available')");
    if (!retry) return retry.errors();
    retry->bind(1, id).bind(2, now_ms);
    if (auto ran = retry->run(); !ran) return ran.errors();
    return db.changes() == 1;
  });
}

Expected<JobCounts> SqliteJobStore::counts() {
  return m_readers.with([&](Database& db) -> Expected<JobCounts> {
    auto query = db.prepare("SELECT state, COUNT(*) FROM jobs GROUP BY state");
    if (!query) return query.errors();
    JobCounts counts;
    for (;;) {
      auto row = query->step();
      if (!row) return row.errors();
      if (!row.value()) return counts;
      const auto state = job_state_from(query->column_text(0));
      const std::int64_t n = query->column_int(1);
      if (state == JobState::available) counts.available = n;
      else if (state == JobState::running) counts.running = n;
      else if (state == JobState::done) counts.done = n;
      else if (state == JobState::dead) counts.dead = n;
    }
  });
}

Expected<std::optional<std::int64_t>> SqliteJobStore::next_due_ms() {
  return m_readers.with([&](Database& db) -> Expected<std::optional<std::int64_t>> {
    auto query = db.prepare(
        "SELECT MIN(t) FROM (SELECT MIN(run_at_ms) AS t FROM jobs WHERE state = 'available'"
        " UNION ALL SELECT MIN(lease_until_ms) FROM jobs WHERE state = 'running')");
    if (!query) return query.errors();
    auto row = query->step();
    if (!row) return row.errors();
    return query->column_optional_int(0);
  });
}

Expected<std::int64_t> SqliteJobStore::delete_done_before(std::int64_t before_ms) {
  std::lock_guard lock(m_writer_mutex);
  return in_transaction(m_writer, [&](Database& db) -> Expected<std::int64_t> {
    auto remove = db.prepare("DELETE FROM jobs WHERE state = 'done' AND finished_at_ms < ?1");
    if (!remove) return remove.errors();
    remove->bind(1, before_ms);
    if (auto ran = remove->run(); !ran) return ran.errors();
    return db.changes();
  });
}

Expected<std::optional<std::int64_t>> SqliteJobStore::planned_until(const std::string& name) {
  return m_readers.with([&](Database& db) -> Expected<std::optional<std::int64_t>> {
    auto query = db.prepare("SELECT planned_until_ms FROM recurring_jobs WHERE name = ?1");
    if (!query) return query.errors();
    query->bind(1, name);
    auto row = query->step();
    if (!row) return row.errors();
    if (!row.value()) return std::optional<std::int64_t>();
    return std::optional<std::int64_t>(query->column_int(0));
  });
}

Expected<bool> SqliteJobStore::plan(const std::string& name, std::optional<std::int64_t> expected, std::int64_t planned_until_ms,
                                    const std::vector<NewJob>& jobs, std::int64_t now_ms) {
  std::lock_guard lock(m_writer_mutex);
  return in_transaction(m_writer, [&](Database& db) -> Expected<bool> {
    auto current = db.prepare("SELECT planned_until_ms FROM recurring_jobs WHERE name = ?1");
    if (!current) return current.errors();
    current->bind(1, name);
    auto row = current->step();
    if (!row) return row.errors();
    const std::optional<std::int64_t> now_planned = row.value() ? std::optional(current->column_int(0)) : std::nullopt;
    current->reset();
    if (now_planned != expected) return false;  // planned by another process meanwhile
    for (const NewJob& job : jobs) {
      auto added = enqueue_job(db, job, now_ms);
      if (!added) return added.errors();
    }
    auto mark = db.prepare(
        "INSERT INTO recurring_jobs (name, planned_until_ms) VALUES (?1, ?2)"
        " ON CONFLICT (name) DO UPDATE SET planned_until_ms = excluded.planned_until_ms");
    if (!mark) return mark.errors();
    mark->bind(1, name).bind(2, planned_until_ms);
    if (auto ran = mark->run(); !ran) return ran.errors();
    return true;
  });
}

}  // namespace umuhanda
