// The runner's loop, batches and recurring planning (see job_runner.hpp).
#include "jobs/job_runner.hpp"

#include <date/date.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/eventfd.h>
#include <sys/inotify.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <random>

namespace umuhanda {
namespace {

std::string host_name() {
  char host[256] = {};
  gethostname(host, sizeof host - 1);
  return host;
}

std::string default_owner() {
  const std::string host = host_name();
  std::random_device random;
  static constexpr char kHex[] = "0123456789abcdef";
  std::string tag;
  for (int i = 0; i < 8; ++i) tag += kHex[random() & 0xf];
  return std::string(host) + ":" + std::to_string(getpid()) + ":" + tag;
}

}  // namespace

JobRunner::JobRunner(SqliteJobStore& store, const Clock& clock, JobRunnerOptions options, Log log)
    : m_store(store), m_clock(clock), m_options(std::move(options)), m_log(std::move(log)) {
  if (m_options.owner.empty()) m_options.owner = default_owner();
  m_stop_fd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
  if (!m_options.database_path.empty()) {
    // The folder, not the file: the wake file may not exist yet. Only it wakes the runner: the
    // database's own files change with every commit of the server (a sync push), which are not jobs.
    m_watch_fd = inotify_init1(IN_CLOEXEC | IN_NONBLOCK);
    const std::string folder = std::filesystem::path(m_options.database_path).parent_path().string();
    if (m_watch_fd >= 0 && inotify_add_watch(m_watch_fd, folder.empty() ? "." : folder.c_str(), IN_CLOSE_WRITE) < 0) {
      m_log("jobs: cannot watch " + folder + " (" + std::strerror(errno) + "): jobs other processes enqueue wait for the next poll");
      close(m_watch_fd);
      m_watch_fd = -1;
    }
  }
}

JobRunner::~JobRunner() {
  stop();
  if (m_watch_fd >= 0) close(m_watch_fd);
  if (m_stop_fd >= 0) close(m_stop_fd);
}

void JobRunner::handle(std::string kind, JobHandler handler) { m_handlers.insert_or_assign(std::move(kind), std::move(handler)); }

void JobRunner::add_recurring(RecurringJob recurring) { m_recurring.push_back(std::move(recurring)); }

void JobRunner::start() {
  if (m_thread.joinable()) return;
  release_dead_local_owners();
  m_thread = std::thread([this] { run(); });
}

void JobRunner::stop() {
  {
    std::lock_guard lock(m_mutex);
    m_stop = true;
  }
  wake();
  if (m_thread.joinable()) m_thread.join();
}

void JobRunner::wake() {
  const std::uint64_t one = 1;
  if (m_stop_fd >= 0) [[maybe_unused]]
    auto written = write(m_stop_fd, &one, sizeof one);
}

void JobRunner::release_dead_local_owners() {
  auto owners = m_store.lease_owners();
  if (!owners) return m_log("jobs: cannot read the leases: " + to_string(owners.errors()));
  const std::string prefix = host_name() + ":";
  for (const std::string& owner : owners.value()) {
    if (!owner.starts_with(prefix) || owner == m_options.owner) continue;
    const std::string rest = owner.substr(prefix.size());
    const pid_t pid = static_cast<pid_t>(std::atoll(rest.substr(0, rest.find(':')).c_str()));
    // A process of this host that no longer exists held them: no need to wait for the lease.
    if (pid <= 0 || kill(pid, 0) == 0 || errno != ESRCH) continue;
    auto released = m_store.release_leases(owner, m_clock.now_ms());
    if (!released) return m_log("jobs: cannot free the leases of " + owner + ": " + to_string(released.errors()));
    m_log("jobs: " + std::to_string(released.value()) + " job(s) of " + owner + ", a runner that stopped, run again now");
  }
}

bool JobRunner::sleep_for(std::int64_t ms) {
  const auto end = std::chrono::steady_clock::now() + std::chrono::milliseconds(ms);
  const std::string wake_file = std::filesystem::path(m_options.database_path).filename().string() + kWakeFileSuffix;
  for (;;) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(end - std::chrono::steady_clock::now()).count();
    if (left <= 0) return false;
    pollfd fds[2] = {{m_stop_fd, POLLIN, 0}, {m_watch_fd, POLLIN, 0}};
    const int ready = poll(fds, m_watch_fd >= 0 ? 2 : 1, static_cast<int>(left));
    if (ready < 0 && errno != EINTR) return false;
    if (fds[0].revents & POLLIN) {
      std::uint64_t count = 0;
      [[maybe_unused]] auto read_bytes = read(m_stop_fd, &count, sizeof count);
      return false;
    }
    if (m_watch_fd >= 0 && (fds[1].revents & POLLIN)) {
      // Drain every event; the wake file closed after writing means another process enqueued.
      alignas(inotify_event) char buffer[4096];
      bool written = false;
      for (;;) {
        const ssize_t got = read(m_watch_fd, buffer, sizeof buffer);
        if (got <= 0) break;
        for (ssize_t at = 0; at < got;) {
          const auto* event = reinterpret_cast<const inotify_event*>(buffer + at);
          if (event->len > 0 && wake_file == event->name) written = true;
          at += static_cast<ssize_t>(sizeof(inotify_event) + event->len);
        }
      }
      if (written) return true;
    }
  }
}

JobRunner::Stats JobRunner::stats() const {
  std::lock_guard lock(m_mutex);
  return m_stats;
}

std::string JobRunner::occurrence_key(const std::string& name, SysSeconds occurrence) {
  return name + "@" + date::format("%FT%TZ", date::sys_seconds(occurrence.time_since_epoch()));
}

Expected<std::int64_t> JobRunner::plan_recurring(std::int64_t now_ms) {
  std::int64_t next_plan_ms = now_ms + 24 * 3600 * 1000LL;
  const SysSeconds now(std::chrono::duration_cast<std::chrono::seconds>(std::chrono::milliseconds(now_ms)));
  for (const RecurringJob& recurring : m_recurring) {
    auto planned = m_store.planned_until(recurring.name);
    if (!planned) return planned.errors();
    if (planned.value() && *planned.value() > now_ms) {
      next_plan_ms = std::min(next_plan_ms, *planned.value());
      continue;
    }
    // Never planned, or the planned occurrence is due (it is in the queue already): the next one.
    const auto next = next_occurrence(recurring.rule, recurring.zone, now);
    if (!next) continue;  // a rule that never comes round again
    const std::int64_t next_ms = std::chrono::duration_cast<std::chrono::milliseconds>(next->time_since_epoch()).count();
    NewJob job{recurring.kind, recurring.args, next_ms, occurrence_key(recurring.name, *next)};
    auto planned_now = m_store.plan(recurring.name, planned.value(), next_ms, {job}, now_ms);
    if (!planned_now) return planned_now.errors();
    next_plan_ms = std::min(next_plan_ms, next_ms);
  }
  return next_plan_ms;
}

Expected<std::size_t> JobRunner::run_batch(std::int64_t now_ms) {
  auto jobs = m_store.claim(m_options.owner, m_options.batch, now_ms, m_options.lease_ms);
  if (!jobs) return jobs.errors();
  if (jobs->empty()) return std::size_t{0};
  std::vector<Job> inside;
  std::vector<Job> outside;
  std::map<std::int64_t, JobResult> outside_results;
  for (const Job& job : jobs.value()) {
    const auto handler = m_handlers.find(job.kind);
    if (handler != m_handlers.end() && handler->second.outside) outside.push_back(job);
    else inside.push_back(job);
  }
  // Effects outside the database first, with no lock held; their marks follow in the batch below.
  for (const Job& job : outside) outside_results.emplace(job.id, m_handlers.find(job.kind)->second.outside(job));
  inside.insert(inside.end(), outside.begin(), outside.end());
  RandomSource random(static_cast<std::uint64_t>(now_ms) ^ reinterpret_cast<std::uintptr_t>(this));
  const double scale = m_options.retry_scale;
  auto delay = [&random, scale](const Job& job) {
    return retry_delay_ms(job.attempts, static_cast<double>(random.next_u64() >> 11) / 9007199254740992.0, scale);
  };
  auto work = [&](Database& db, const Job& job) -> JobResult {
    if (auto result = outside_results.find(job.id); result != outside_results.end()) return result->second;
    const auto handler = m_handlers.find(job.kind);
    if (handler == m_handlers.end() || !handler->second.in_transaction) {
      return JobResult::failure("job " + std::to_string(job.id), "no handler for jobs of kind \"" + job.kind + "\" in this server");
    }
    return handler->second.in_transaction(db, job);
  };
  auto finished = m_store.finish(m_options.owner, inside, work, m_clock.now_ms(), delay);
  if (!finished) return finished.errors();
  for (const Job& job : inside) {
    // A failure's reason is the handler's own words: no private data goes in them.
    if (auto result = outside_results.find(job.id); result != outside_results.end() && !result->second)
      m_log("job " + std::to_string(job.id) + " (" + job.kind + ") failed: " + to_string(result->second.errors()));
  }
  std::lock_guard lock(m_mutex);
  m_stats.done += finished->done;
  m_stats.failed += finished->failed;
  m_stats.lease_lost += finished->lease_lost;
  return jobs->size();
}

Expected<std::size_t> JobRunner::run_due() {
  const std::int64_t now_ms = m_clock.now_ms();
  if (now_ms >= m_next_plan_ms) {
    auto next = plan_recurring(now_ms);
    if (!next) return next.errors();
    m_next_plan_ms = next.value();
  }
  const std::uint64_t before = stats().done;
  for (;;) {
    auto taken = run_batch(m_clock.now_ms());
    if (!taken) return taken.errors();
    if (taken.value() < m_options.batch) break;
  }
  {
    std::lock_guard lock(m_mutex);
    ++m_stats.passes;
  }
  return static_cast<std::size_t>(stats().done - before);
}

void JobRunner::run() {
  std::int64_t failures_in_a_row = 0;
  for (;;) {
    {
      std::lock_guard lock(m_mutex);
      if (m_stop) return;
    }
    auto ran = run_due();
    std::int64_t sleep_ms = m_options.idle_poll_ms;
    if (!ran) {
      // The database is unwell (disk full, locked too long): said once per streak, then tried again.
      if (failures_in_a_row++ == 0) m_log("the job queue cannot run: " + to_string(ran.errors()));
      sleep_ms = std::min<std::int64_t>(m_options.idle_poll_ms * (1 + failures_in_a_row), 30000);
    } else {
      failures_in_a_row = 0;
      const std::int64_t now_ms = m_clock.now_ms();
      if (auto due = m_store.next_due_ms(); due && due.value()) sleep_ms = std::clamp<std::int64_t>(*due.value() - now_ms, 0, sleep_ms);
      sleep_ms = std::clamp<std::int64_t>(m_next_plan_ms - now_ms, 0, sleep_ms);
    }
    sleep_for(sleep_ms);
  }
}

void signal_job_runner(const std::string& database_path) {
  // Opened, written and closed: the runner's watch sees IN_CLOSE_WRITE after the caller's commit.
  const std::string path = database_path + kWakeFileSuffix;
  const int fd = open(path.c_str(), O_WRONLY | O_CREAT | O_CLOEXEC | O_TRUNC, 0600);
  if (fd < 0) return;  // the runner still finds the jobs at its next poll
  [[maybe_unused]] auto written = write(fd, "1", 1);
  close(fd);
}

}  // namespace umuhanda
