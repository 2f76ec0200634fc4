// Handlers of the server's own jobs (see server_jobs.hpp).
#include "jobs/server_jobs.hpp"

#include <chrono>
#include <cstdio>
#include <nlohmann/json.hpp>

#include "store/sqlite_exam_store.hpp"
#include "store/sqlite_subscription_store.hpp"

namespace umuhanda {
namespace {

JobResult write_probe(Database& db, const Job& job, std::int64_t now_ms) {
  const auto args = nlohmann::json::parse(job.args, nullptr, false);
  if (!args.is_object() || !args.contains("probe") || !args["probe"].is_string())
    return JobResult::failure("job " + std::to_string(job.id) + " args.probe", "a queue.probe job needs a \"probe\" name (a string)");
  // `runs` counts how often this effect was written: the queue's promise is that it stays 1.
  auto insert = db.prepare(
      "INSERT INTO job_probes (probe, job_id, runs, done_at_ms) VALUES (?1, ?2, 1, ?3)"
      " ON CONFLICT (probe) DO UPDATE SET runs = runs + 1, done_at_ms = excluded.done_at_ms");
  if (!insert) return insert.errors();
  insert->bind(1, args["probe"].get<std::string>()).bind(2, job.id).bind(3, now_ms);
  return insert->run();
}

JobResult clean_up(Database& db, std::int64_t now_ms) {
  const std::int64_t now_s = now_ms / 1000;
  for (const auto& [sql, value] : {std::pair{"DELETE FROM sessions WHERE last_seen_at + idle_seconds <= ?1", now_s},
                                   std::pair{"DELETE FROM reset_codes WHERE expires_at <= ?1", now_s},
                                   std::pair{"DELETE FROM jobs WHERE state = 'done' AND finished_at_ms < ?1", now_ms - kKeepDoneJobsMs}}) {
    auto statement = db.prepare(sql);
    if (!statement) return statement.errors();
    statement->bind(1, value);
    if (auto ran = statement->run(); !ran) return ran.errors();
  }
  return {};
}

// "2026-12-07": the day in the school's zone, naming that night's copy.
std::string local_day(const TimeZone& zone, std::int64_t now_ms) {
  using namespace std::chrono;
  const year_month_day date{floor<days>(zone.local_minute(SysSeconds(duration_cast<seconds>(milliseconds(now_ms)))))};
  char text[16];
  std::snprintf(text, sizeof text, "%04d-%02u-%02u", static_cast<int>(date.year()), static_cast<unsigned>(date.month()),
                static_cast<unsigned>(date.day()));
  return text;
}

}  // namespace

NewJob probe_job(const std::string& probe, std::int64_t now_ms) {
  return NewJob{kProbeJob, nlohmann::json{{"probe", probe}}.dump(), now_ms, "probe:" + probe};
}

void register_server_jobs(JobRunner& runner, const TimeZone& zone, const Clock& clock, const BackupSettings& backup) {
  runner.handle(kProbeJob, JobHandler{[&clock](Database& db, const Job& job) { return write_probe(db, job, clock.now_ms()); }, {}});
  runner.handle(kCleanUpJob, JobHandler{[&clock](Database& db, const Job&) { return clean_up(db, clock.now_ms()); }, {}});
  // Enqueued by each approval for its subscription's end: records every end due by now.
  runner.handle(kEndSubscriptionsJob, JobHandler{[&clock](Database& db, const Job&) -> JobResult {
                                                   auto ended = end_expired_subscriptions(db, clock.now_ms() / 1000);
                                                   if (!ended) return ended.errors();
                                                   return {};
                                                 },
                                                 {}});
  // Scheduled exams up to the horizon, frozen: every night (the origin's midnight), and once at
  // start-up when the night's run was missed.
  runner.handle(kGenerateExamsJob, JobHandler{[&clock, zone](Database& db, const Job&) -> JobResult {
                                                auto made = generate_scheduled_exams(db, zone, clock.now_ms() / 1000, kExamHorizonSeconds);
                                                if (!made) return made.errors();
                                                return {};
                                              },
                                              {}});
  // 10 minutes before each scheduled exam, and at its start (enqueued with the exam).
  runner.handle(kRemindExamJob,
                JobHandler{[&clock](Database& db, const Job& job) -> JobResult {
                             const auto args = nlohmann::json::parse(job.args, nullptr, false);
                             if (!args.is_object() || !args.contains("exam") || !args["exam"].is_number_integer() || !args.contains("moment") ||
                                 !args["moment"].is_string())
                               return JobResult::failure("job " + std::to_string(job.id) + " args",
                                                         "an exams.remind job needs {\"exam\": id, \"moment\": \"starting\" or \"live\"}");
                             auto told =
                                 remind_of_exam(db, args["exam"].get<std::int64_t>(), args["moment"].get<std::string>(), clock.now_ms() / 1000);
                             if (!told) return told.errors();
                             return {};
                           },
                           {}});
  // Outside the queue's transaction: VACUUM INTO reads a snapshot on its own connection, and the
  // writers go on meanwhile. Running it again (after a crash) writes the day's copy again.
  runner.handle(kBackUpJob, JobHandler{{}, [&clock, zone, backup](const Job&) -> JobResult {
                                         if (backup.keep <= 0) return {};
                                         auto written = back_up_database(backup, local_day(zone, clock.now_ms()));
                                         if (!written) return written.errors();
                                         return {};
                                       }});
  if (backup.keep > 0) runner.add_recurring(RecurringJob{"backup", CronRule::parse("30 2 * * *").value(), zone, kBackUpJob, "{}"});
  // Every hour, at a minute no other rule uses.
  runner.add_recurring(RecurringJob{"clean_up", CronRule::parse("7 * * * *").value(), zone, kCleanUpJob, "{}"});
  runner.add_recurring(RecurringJob{"generate_exams", CronRule::parse("5 0 * * *").value(), zone, kGenerateExamsJob, "{}"});
}

}  // namespace umuhanda
