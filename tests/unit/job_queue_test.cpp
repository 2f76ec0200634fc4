// The job queue on a real SQLite file: enqueue in the caller's transaction, leases, retries with
// backoff, dead jobs and their retry, exactly-once effects, and recurring rules planned once.
#include <gtest/gtest.h>

#include "jobs/job_runner.hpp"
#include "jobs/sqlite_job_store.hpp"
#include "store_fixture.hpp"

#include <unistd.h>

#include <condition_variable>

namespace umuhanda {
namespace {

using namespace std::chrono;

constexpr std::int64_t kStart = 1796623200000;  // 2026-12-07T06:00:00Z (08:00 in Kigali), a Monday

class JobQueueTest : public testing::StoreFixture {
protected:
  void SetUp() override {
    store = make_store<SqliteJobStore>();
    ASSERT_TRUE(store);
    ASSERT_TRUE(writer().exec("CREATE TABLE effects (job_id INTEGER NOT NULL, note TEXT)").ok());
  }
  std::int64_t count(const std::string& sql) {
    auto query = writer().prepare(sql);
    EXPECT_TRUE(query.ok());
    EXPECT_TRUE(query->step().ok());
    return query->column_int(0);
  }
  // Writes one row per run: the effect whose count proves exactly-once.
  static JobHandler write_effect() {
    return JobHandler{[](Database& db, const Job& job) -> JobResult {
                        auto insert = db.prepare("INSERT INTO effects (job_id, note) VALUES (?1, ?2)");
                        if (!insert) return insert.errors();
                        insert->bind(1, job.id).bind(2, job.args);
                        return insert->run();
                      },
                      {}};
  }
  ManualClock clock{kStart};
  std::unique_ptr<SqliteJobStore> store;
};

TEST_F(JobQueueTest, AJobEnqueuedInARolledBackTransactionNeverExists) {
  {
    auto transaction = Transaction::begin(writer());
    ASSERT_TRUE(transaction.ok());
    ASSERT_TRUE(enqueue_job(writer(), NewJob{"test.effect", "{}", kStart, std::nullopt}, kStart).value());
    // No commit: the change that caused it failed, so the job goes with it.
  }
  EXPECT_EQ(count("SELECT COUNT(*) FROM jobs"), 0);
  {
    auto transaction = Transaction::begin(writer());
    ASSERT_TRUE(enqueue_job(writer(), NewJob{"test.effect", "{}", kStart, std::nullopt}, kStart).value());
    ASSERT_TRUE(transaction->commit().ok());
  }
  EXPECT_EQ(count("SELECT COUNT(*) FROM jobs WHERE state = 'available'"), 1);
}

TEST_F(JobQueueTest, AUniqueKeyEnqueuesOnce) {
  EXPECT_TRUE(store->enqueue(NewJob{"test.effect", "{}", kStart, "payment-7-approved"}, kStart).value());
  EXPECT_FALSE(store->enqueue(NewJob{"test.effect", "{}", kStart, "payment-7-approved"}, kStart).value());
  EXPECT_EQ(count("SELECT COUNT(*) FROM jobs"), 1);
}

TEST_F(JobQueueTest, AJobIsNotTakenBeforeItsTimeAndTakenJobsAreLeased) {
  ASSERT_TRUE(store->enqueue(NewJob{"test.effect", "{}", kStart + 5000, std::nullopt}, kStart).value());
  EXPECT_TRUE(store->claim("w1", 10, kStart + 4999, 30000)->empty());
  auto taken = store->claim("w1", 10, kStart + 5000, 30000);
  ASSERT_TRUE(taken.ok());
  ASSERT_EQ(taken->size(), 1u);
  EXPECT_EQ(taken->front().attempts, 1);
  EXPECT_TRUE(store->claim("w2", 10, kStart + 6000, 30000)->empty()) << "leased to w1";
}

TEST_F(JobQueueTest, AWorkerThatDiesLeavesItsJobToAnotherAfterTheLeaseAndItsLateFinishCountsForNothing) {
  ASSERT_TRUE(store->enqueue(NewJob{"test.effect", "first", kStart, std::nullopt}, kStart).value());
  auto dead_worker = store->claim("dead", 10, kStart, 30000);
  ASSERT_EQ(dead_worker->size(), 1u);
  EXPECT_TRUE(store->claim("alive", 10, kStart + 29999, 30000)->empty());
  auto retaken = store->claim("alive", 10, kStart + 30000, 30000);
  ASSERT_EQ(retaken->size(), 1u);
  EXPECT_EQ(retaken->front().attempts, 2);
  const auto handler = write_effect().in_transaction;
  auto delay = [](const Job&) { return std::int64_t{1000}; };
  // The first worker was only slow, not dead: its finish comes too late and writes nothing.
  auto late = store->finish("dead", dead_worker.value(), handler, kStart + 31000, delay);
  ASSERT_TRUE(late.ok());
  EXPECT_EQ(late->lease_lost, 1u);
  EXPECT_EQ(count("SELECT COUNT(*) FROM effects"), 0);
  auto finished = store->finish("alive", retaken.value(), handler, kStart + 31000, delay);
  EXPECT_EQ(finished->done, 1u);
  EXPECT_EQ(count("SELECT COUNT(*) FROM effects"), 1);
  EXPECT_EQ(count("SELECT COUNT(*) FROM jobs WHERE state = 'done'"), 1);
}

TEST_F(JobQueueTest, AFailureRollsBackItsEffectAndRetriesWithBackoffThenTheJobIsDeadAndCanBeRetriedByHand) {
  ASSERT_TRUE(store->enqueue(NewJob{"test.flaky", "{}", kStart, std::nullopt, 2}, kStart).value());
  auto failing = [](Database& db, const Job&) -> JobResult {
    EXPECT_TRUE(db.exec("INSERT INTO effects (job_id) VALUES (0)").ok());
    return JobResult::failure("mail server", "connection refused");
  };
  auto delay = [](const Job& job) { return retry_delay_ms(job.attempts, 0.5); };
  auto first = store->claim("w", 10, kStart, 30000);
  EXPECT_EQ(store->finish("w", first.value(), failing, kStart, delay)->failed, 1u);
  EXPECT_EQ(count("SELECT COUNT(*) FROM effects"), 0) << "the failed attempt's rows are rolled back";
  auto job = store->find(first->front().id).value().value();
  EXPECT_EQ(job.state, JobState::available);
  EXPECT_EQ(job.run_at_ms, kStart + 16000) << "15 s + 1^4 s";
  EXPECT_EQ(job.last_error, "mail server: connection refused");
  EXPECT_TRUE(store->claim("w", 10, kStart + 15999, 30000)->empty());
  auto second = store->claim("w", 10, kStart + 16000, 30000);
  ASSERT_EQ(second->size(), 1u);
  EXPECT_EQ(store->finish("w", second.value(), failing, kStart + 16000, delay)->failed, 1u);
  job = store->find(job.id).value().value();
  EXPECT_EQ(job.state, JobState::dead) << "2 attempts of 2";
  EXPECT_EQ(store->counts()->dead, 1);
  EXPECT_EQ(store->list(JobState::dead, 10)->size(), 1u);
  // An admin fixed the mail server and tries it again.
  EXPECT_TRUE(store->retry_now(job.id, kStart + 20000).value());
  auto third = store->claim("w", 10, kStart + 20000, 30000);
  ASSERT_EQ(third->size(), 1u);
  EXPECT_EQ(store->finish("w", third.value(), write_effect().in_transaction, kStart + 20000, delay)->done, 1u);
  EXPECT_EQ(store->find(job.id).value()->state, JobState::done);
  EXPECT_FALSE(store->retry_now(job.id, kStart + 21000).value()) << "a done job is not run again";
}

TEST(JobRetryDelay, FollowsFifteenPlusTheFourthPowerWithTenPercentJitter) {
  EXPECT_EQ(retry_delay_ms(1, 0.5), 16000);
  EXPECT_EQ(retry_delay_ms(2, 0.5), 31000);
  EXPECT_EQ(retry_delay_ms(5, 0.5), 640000);
  EXPECT_EQ(retry_delay_ms(1, 0.0), 14400);
  EXPECT_EQ(retry_delay_ms(1, 1.0), 17600);
  EXPECT_EQ(retry_delay_ms(2, 0.5, 0.01), 310);
}

TEST_F(JobQueueTest, TheRunnerDoesABurstInBatchesEachJobOnce) {
  JobRunner runner(*store, clock, JobRunnerOptions{.database_path = {}, .batch = 64, .owner = "runner"}, [](const std::string&) {});
  runner.handle("test.effect", write_effect());
  {
    auto transaction = Transaction::begin(writer());
    for (int i = 0; i < 1000; ++i) ASSERT_TRUE(enqueue_job(writer(), NewJob{"test.effect", std::to_string(i), kStart, std::nullopt}, kStart).value());
    ASSERT_TRUE(transaction->commit().ok());
  }
  auto done = runner.run_due();
  ASSERT_TRUE(done.ok()) << to_string(done.errors());
  EXPECT_EQ(done.value(), 1000u);
  EXPECT_EQ(count("SELECT COUNT(*) FROM effects"), 1000);
  EXPECT_EQ(count("SELECT COUNT(DISTINCT job_id) FROM effects"), 1000);
  EXPECT_EQ(store->counts()->done, 1000);
}

TEST_F(JobQueueTest, AJobOfAKindThisServerDoesNotKnowFailsWithAReasonAndWaits) {
  JobRunner runner(*store, clock, JobRunnerOptions{.database_path = {}, .owner = "runner"}, [](const std::string&) {});
  ASSERT_TRUE(store->enqueue(NewJob{"from.a.newer.version", "{}", kStart, std::nullopt}, kStart).value());
  EXPECT_EQ(runner.run_due().value(), 0u);
  auto jobs = store->list(std::nullopt, 10).value();
  ASSERT_EQ(jobs.size(), 1u);
  EXPECT_EQ(jobs[0].state, JobState::available);
  EXPECT_NE(jobs[0].last_error.value_or("").find("no handler for jobs of kind \"from.a.newer.version\""), std::string::npos);
}

TEST_F(JobQueueTest, AnOutsideHandlerRunsWithoutTheLockAndItsFailureIsRetried) {
  JobRunner runner(*store, clock, JobRunnerOptions{.database_path = {}, .owner = "runner"}, [](const std::string&) {});
  int calls = 0;
  runner.handle("test.webhook", JobHandler{{}, [&](const Job&) -> JobResult {
                                             ++calls;
                                             // The writer is free while it runs: it could record a delivery of its own.
                                             std::unique_lock lock(writer_mutex(), std::try_to_lock);
                                             EXPECT_TRUE(lock.owns_lock());
                                             if (calls == 1) return JobResult::failure("webhook", "the receiver answered 500");
                                             return {};
                                           }});
  ASSERT_TRUE(store->enqueue(NewJob{"test.webhook", "{}", kStart, std::nullopt}, kStart).value());
  EXPECT_EQ(runner.run_due().value(), 0u);
  clock.advance(retry_delay_ms(1, 1.0));
  EXPECT_EQ(runner.run_due().value(), 1u);
  EXPECT_EQ(calls, 2);
}

TEST_F(JobQueueTest, ARecurringRuleEnqueuesEachOccurrenceOnceAcrossRestartsAndTwoRunners) {
  auto kigali = TimeZone::locate("Africa/Kigali");
  ASSERT_TRUE(kigali.ok());
  auto make_runner = [&](const std::string& owner) {
    auto runner = std::make_unique<JobRunner>(*store, clock, JobRunnerOptions{.database_path = {}, .owner = owner}, [](const std::string&) {});
    runner->handle("test.effect", write_effect());
    runner->add_recurring(RecurringJob{"publish", CronRule::parse("20 8-15 * * MON-SAT").value(), kigali.value(), "test.effect", "{}"});
    return runner;
  };
  auto first = make_runner("a");
  auto second = make_runner("b");
  // 08:00 in Kigali: the first occurrence is 08:20, planned by both, enqueued once.
  EXPECT_EQ(first->run_due().value(), 0u);
  EXPECT_EQ(second->run_due().value(), 0u);
  EXPECT_EQ(count("SELECT COUNT(*) FROM jobs"), 1);
  EXPECT_EQ(store->list(std::nullopt, 1)->front().unique_key, "publish@2026-12-07T06:20:00Z");
  clock.set(kStart + 20 * 60 * 1000);  // 08:20
  EXPECT_EQ(first->run_due().value() + second->run_due().value(), 1u);
  // A restart: a new runner plans from the same marks.
  first = make_runner("a2");
  EXPECT_EQ(first->run_due().value(), 0u);
  EXPECT_EQ(count("SELECT COUNT(*) FROM jobs"), 2) << "08:20 done, 09:20 planned";
  // Down from 08:30 to 12:40: 09:20 (planned) runs once at start-up; 10:20-12:20 are not replayed.
  clock.set(kStart + (4 * 60 + 40) * 60 * 1000);
  first = make_runner("a3");
  EXPECT_EQ(first->run_due().value(), 1u);
  EXPECT_EQ(count("SELECT COUNT(*) FROM effects"), 2);
  auto jobs = store->list(std::nullopt, 10).value();
  EXPECT_EQ(jobs.front().unique_key, "publish@2026-12-07T11:20:00Z") << "13:20 in Kigali is next";
  EXPECT_EQ(count("SELECT COUNT(*) FROM jobs"), 3);
}

TEST_F(JobQueueTest, TheThreadRunsAJobSoonAfterWake) {
  JobRunner runner(*store, clock, JobRunnerOptions{.database_path = {}, .idle_poll_ms = 60000, .owner = "runner"}, [](const std::string&) {});
  std::mutex mutex;
  std::condition_variable ran;
  bool done = false;
  runner.handle("test.signal", JobHandler{[&](Database&, const Job&) -> JobResult {
                                            std::lock_guard lock(mutex);
                                            done = true;
                                            ran.notify_all();
                                            return {};
                                          },
                                          {}});
  runner.start();
  ASSERT_TRUE(store->enqueue(NewJob{"test.signal", "{}", kStart, std::nullopt}, kStart).value());
  runner.wake();
  std::unique_lock lock(mutex);
  // Far below the 60 s poll: only wake() can have started it.
  EXPECT_TRUE(ran.wait_for(lock, std::chrono::seconds(20), [&] { return done; }));
  lock.unlock();
  runner.stop();
}

// Waits for a handler to say it ran; the runner's own 60 s poll is far beyond the wait.
class Signal {
public:
  JobHandler handler() {
    return JobHandler{[this](Database&, const Job&) -> JobResult {
                        std::lock_guard lock(m_mutex);
                        ++m_runs;
                        m_ran.notify_all();
                        return {};
                      },
                      {}};
  }
  bool wait(int runs) {
    std::unique_lock lock(m_mutex);
    return m_ran.wait_for(lock, std::chrono::seconds(20), [&] { return m_runs >= runs; });
  }

private:
  std::mutex m_mutex;
  std::condition_variable m_ran;
  int m_runs = 0;
};

TEST_F(JobQueueTest, AJobAnotherProcessEnqueuesAndSignalsWakesTheRunnerThroughTheWakeFile) {
  Signal signal;
  JobRunner runner(*store, clock, JobRunnerOptions{.database_path = writer().path(), .idle_poll_ms = 60000, .owner = "runner"},
                   [](const std::string&) {});
  runner.handle("test.signal", signal.handler());
  runner.start();
  // A connection of its own, as `umuhanda-server jobs probe` has: no wake() reaches the runner.
  auto other = Database::open(writer().path());
  ASSERT_TRUE(other.ok()) << to_string(other.errors());
  {
    auto transaction = Transaction::begin(other.value());
    ASSERT_TRUE(enqueue_job(other.value(), NewJob{"test.signal", "{}", kStart, std::nullopt}, kStart).value());
    ASSERT_TRUE(transaction->commit().ok());
  }
  signal_job_runner(writer().path());
  EXPECT_TRUE(signal.wait(1));
  runner.stop();
}

TEST_F(JobQueueTest, JobsLeasedByAProcessOfThisHostThatIsGoneRunAgainAtStartWithoutWaitingForTheLease) {
  char host[256] = {};
  gethostname(host, sizeof host - 1);
  ASSERT_TRUE(store->enqueue(NewJob{"test.signal", "{}", kStart, std::nullopt}, kStart).value());
  // Beyond Linux's largest pid (2^22): no such process.
  ASSERT_EQ(store->claim(std::string(host) + ":99999999:dead", 10, kStart, 3600 * 1000)->size(), 1u);
  ASSERT_TRUE(store->enqueue(NewJob{"test.signal", "{}", kStart, std::nullopt}, kStart).value());
  // A live process (this one) on another host: its lease is respected.
  ASSERT_EQ(store->claim("elsewhere:" + std::to_string(getpid()) + ":x", 10, kStart, 3600 * 1000)->size(), 1u);
  Signal signal;
  JobRunner runner(*store, clock, JobRunnerOptions{.database_path = {}, .idle_poll_ms = 60000, .owner = "runner"}, [](const std::string&) {});
  runner.handle("test.signal", signal.handler());
  runner.start();
  EXPECT_TRUE(signal.wait(1));
  runner.stop();
  EXPECT_EQ(store->counts()->done, 1);
  EXPECT_EQ(store->counts()->running, 1) << "the other host's job waits for its lease";
}

}  // namespace
}  // namespace umuhanda
