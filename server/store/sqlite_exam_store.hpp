// ExamStore on the server's SQLite file (see exam_store.hpp), and the generation the
// exams.generate job runs inside its own transaction.
#pragma once

#include <mutex>

#include "jobs/time_zone.hpp"
#include "sqlite_database.hpp"
#include "store/exam_store.hpp"

namespace umuhanda {

// The job that generates every active schedule's exams up to the horizon (each night, and at start).
inline constexpr const char* kGenerateExamsJob = "exams.generate";

// Inside the caller's transaction: every exam of the active schedules starting in [now, now +
// horizon) that does not exist yet, its paper drawn from the pack's current version and frozen.
// Returns how many were made. A schedule whose pack or blueprint is gone makes none (and says so).
// Each exam's reminders (enqueued with it): args {"exam": id, "moment": "starting" | "live"}.
inline constexpr const char* kRemindExamJob = "exams.remind";
inline constexpr std::int64_t kExamReminderSeconds = 10 * 60;

// Inside the caller's transaction: tells every student who asked for reminders and may sit the exam
// that it starts in 10 minutes ("starting") or has started ("live"); nothing once the moment passed.
Expected<std::size_t> remind_of_exam(Database& db, std::int64_t exam_id, const std::string& moment, UnixSeconds now);

Expected<std::size_t> generate_scheduled_exams(Database& db, const TimeZone& zone, UnixSeconds now, std::int64_t horizon_seconds);

class SqliteExamStore final : public ExamStore {
public:
  SqliteExamStore(Database& writer, std::mutex& writer_mutex, ReadConnections& readers, TimeZone zone);

  Expected<ExamSchedule> save_schedule(std::optional<std::int64_t> id, const ExamScheduleInput& rule, UnixSeconds now) override;
  Expected<std::vector<ExamSchedule>> schedules() override;
  Expected<std::vector<ExamListing>> exams_for(std::int64_t user_id, UnixSeconds from, UnixSeconds to, UnixSeconds now) override;
  Expected<std::vector<ExamOverview>> overview(UnixSeconds from, UnixSeconds to) override;
  Expected<ExamOutcome> start(std::int64_t exam_id, std::int64_t user_id, UnixSeconds now) override;
  Expected<ExamOutcome> submit(std::int64_t exam_id, std::int64_t user_id, const ExamAnswers& answers, UnixSeconds now) override;
  Expected<ExamOutcome> result(std::int64_t exam_id, std::int64_t user_id, UnixSeconds now) override;
  Expected<void> show_in_rankings(std::int64_t user_id, bool show) override;
  Expected<bool> shown_in_rankings(std::int64_t user_id) override;
  Expected<void> remind_of_exams(std::int64_t user_id, bool remind) override;
  Expected<bool> reminded_of_exams(std::int64_t user_id) override;
  Expected<std::optional<std::vector<RankingRow>>> ranking(std::int64_t exam_id, std::int64_t user_id, bool staff, UnixSeconds now) override;

private:
  Database& m_writer;
  std::mutex& m_writer_mutex;
  ReadConnections& m_readers;
  TimeZone m_zone;
};

}  // namespace umuhanda
