// Crash safety of the job queue: the real server runs queue.probe jobs (each writes one row in
// job_probes in the transaction that marks it done) while this test, a second process, enqueues
// them in bursts straight into the SQLite file; the server is SIGKILLed at 24 points (before the
// burst is taken, while batches are finishing, once most are done) and restarted on the same file.
// Afterwards every job ran to completion, each effect was written exactly once, and the recurring
// clean-up has one job per occurrence. Native only (tools/test.sh leaves crash_safety tests out
// under ASan).
#include <gtest/gtest.h>

#include <sys/wait.h>
#include <chrono>
#include <csignal>
#include <iostream>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "http_test_support.hpp"
#include "jobs/server_jobs.hpp"
#include "jobs/sqlite_job_store.hpp"
#include "server_app.hpp"
#include "system_clock.hpp"

namespace umuhanda {
namespace {

using namespace std::chrono_literals;
using testing::SeededServer;

constexpr int kKillPoints = 24;
constexpr int kBurst = 400;
constexpr std::int64_t kLeaseMs = 1500;
const std::vector<std::string> kServerArguments = {"--job-lease-ms", std::to_string(kLeaseMs), "--job-poll-ms", "20"};

std::int64_t scalar(Database& db, const std::string& sql) {
  auto query = db.prepare(sql);
  if (!query) {
    ADD_FAILURE() << to_string(query.errors());
    return -1;
  }
  auto row = query->step();
  if (!row || !row.value()) {
    ADD_FAILURE() << sql << ": no row";
    return -1;
  }
  return query->column_int(0);
}

// Waits (polling the file, which the server writes) until `sql` gives at least `wanted`; returns
// the last value seen. The deadline only ends a test that would otherwise hang.
std::int64_t wait_for_at_least(Database& db, const std::string& sql, std::int64_t wanted, std::chrono::seconds deadline) {
  const auto end = std::chrono::steady_clock::now() + deadline;
  std::int64_t seen = scalar(db, sql);
  while (seen < wanted && std::chrono::steady_clock::now() < end) {
    std::this_thread::sleep_for(2ms);  // polling a file another process writes: there is nothing to wait on
    seen = scalar(db, sql);
  }
  return seen;
}

TEST(job_crash_safety, AServerKilledWhileJobsRunLosesNoneRunsEachEffectOnceAndPlansEachOccurrenceOnce) {
  std::vector<std::unique_ptr<SeededServer>> servers;  // the first owns the data folder: kept to the end
  servers.push_back(std::make_unique<SeededServer>(kServerArguments));
  ASSERT_TRUE(servers.back()->started()) << servers.back()->log();
  const std::filesystem::path data = servers.back()->data_dir();
  // The test's own connection: a second writer, as `umuhanda-server jobs probe` or another node is.
  auto db = open_database(data);
  ASSERT_TRUE(db.ok()) << to_string(db.errors());

  int enqueued = 0;
  int kills_before = 0, kills_during = 0, kills_after = 0;
  for (int point = 0; point < kKillPoints; ++point) {
    {
      auto transaction = Transaction::begin(db.value());
      ASSERT_TRUE(transaction.ok()) << to_string(transaction.errors());
      const std::int64_t now_ms = SystemClock().now_ms();
      for (int i = 0; i < kBurst; ++i) {
        auto added = enqueue_job(db.value(), probe_job("p" + std::to_string(point) + "-" + std::to_string(i), now_ms), now_ms);
        ASSERT_TRUE(added.ok() && added.value()) << (added.ok() ? "a repeated probe" : to_string(added.errors()));
      }
      ASSERT_TRUE(transaction->commit().ok());
      enqueued += kBurst;
    }
    // Kill at once (the burst likely untaken), once a third of it is done (batches in flight), or
    // once nearly all of it is (the last batch finishing).
    const std::int64_t done_before = enqueued - kBurst;
    const int moment = point % 3;
    std::int64_t seen = 0;
    if (moment == 1) seen = wait_for_at_least(db.value(), "SELECT COUNT(*) FROM job_probes", done_before + kBurst / 3, 60s);
    if (moment == 2) seen = wait_for_at_least(db.value(), "SELECT COUNT(*) FROM job_probes", done_before + kBurst - 10, 60s);
    (moment == 0 ? kills_before : moment == 1 ? kills_during : kills_after) += 1;
    if (moment != 0) {
      ASSERT_GE(seen, done_before + (moment == 1 ? kBurst / 3 : kBurst - 10)) << servers.back()->log();
    }
    const int status = servers.back()->kill_hard();
    ASSERT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL) << "kill " << point << ": " << testing::describe_exit(status);
    servers.push_back(std::make_unique<SeededServer>(kServerArguments, data));
    ASSERT_TRUE(servers.back()->started()) << "restart after kill " << point << ":\n" << servers.back()->log();
  }

  // After the last restart: every job done, its leases past and taken again where a worker died.
  const auto restarted = std::chrono::steady_clock::now();
  const std::int64_t done = wait_for_at_least(db.value(), "SELECT COUNT(*) FROM jobs WHERE kind = 'queue.probe' AND state = 'done'", enqueued, 120s);
  const auto took = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - restarted).count();
  EXPECT_EQ(done, enqueued) << "jobs not done: " << servers.back()->log();
  EXPECT_EQ(scalar(db.value(), "SELECT COUNT(*) FROM job_probes"), enqueued) << "a job finished without its effect";
  EXPECT_EQ(scalar(db.value(), "SELECT COUNT(*) FROM job_probes WHERE runs > 1"), 0) << "an effect written twice";
  EXPECT_EQ(scalar(db.value(), "SELECT COUNT(*) FROM jobs WHERE state = 'dead'"), 0);
  // Jobs a killed worker held were taken again (attempts above 1): at the restart, which frees the
  // leases of a runner of this host whose process is gone, rather than after the lease.
  const std::int64_t taken_again = scalar(db.value(), "SELECT COUNT(*) FROM jobs WHERE kind = 'queue.probe' AND attempts > 1");
  // The recurring clean-up was planned by each of the 25 starts: one job per occurrence.
  EXPECT_EQ(scalar(db.value(), "SELECT COUNT(*) FROM jobs WHERE kind = 'maintenance.clean_up'"),
            scalar(db.value(), "SELECT COUNT(DISTINCT unique_key) FROM jobs WHERE kind = 'maintenance.clean_up'"));
  EXPECT_GE(scalar(db.value(), "SELECT COUNT(*) FROM jobs WHERE kind = 'maintenance.clean_up'"), 1);
  std::cout << "job crash safety: " << kKillPoints << " kills (" << kills_before << " before the burst was taken, " << kills_during
            << " a third done, " << kills_after << " nearly all done); " << enqueued << " jobs all done, each effect written once; " << taken_again
            << " taken again after their worker was killed (freed at the restart, not after the " << kLeaseMs << " ms lease); the last done " << took
            << " ms after the last restart\n";
}

}  // namespace
}  // namespace umuhanda
