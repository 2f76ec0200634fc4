// Scheduled exams (docs/exams.md): the rules an admin sets (which days and times, which pack and
// blueprint or exam set, who may sit), the exams generated ahead from them with their papers
// frozen, and each student's one attempt. Behind an interface free of SQLite types.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "exams/exam_times.hpp"
#include "store/account_store.hpp"  // UnixSeconds
#include "umuhanda/expected.hpp"

namespace umuhanda {

// Exams are generated this far ahead (the origin generated each night for the next day).
inline constexpr std::int64_t kExamHorizonSeconds = 26 * 3600;

struct ExamScheduleInput {
  std::string name;
  ExamTimes times;
  std::string pack_id;
  std::string blueprint;              // a blueprint of the pack's current version, or "" with exam_set
  std::string exam_set;               // an exam set of it, or ""
  std::int64_t grace_seconds = 120;   // a submission this long after the end still counts
  std::string audience = "everyone";  // "everyone", "subscribers" (a running subscription), "class"
  std::optional<std::int64_t> class_id;
  bool active = true;
};

struct ExamSchedule {
  std::int64_t id = 0;
  ExamScheduleInput rule;
  UnixSeconds created_at = 0;
  UnixSeconds updated_at = 0;
};

struct ScheduledExam {
  std::int64_t id = 0;
  std::int64_t schedule_id = 0;
  std::string name;
  UnixSeconds starts_at = 0;
  UnixSeconds ends_at = 0;  // starts_at + the blueprint's time limit
  std::int64_t grace_seconds = 0;
  std::string pack_id;
  int pack_version = 0;
  int question_count = 0;
  int pass_mark = 0;  // questions right needed to pass (the pack's blueprint)
};

// An exam as the admins follow it: how many started and submitted, and how the counted did.
struct ExamOverview {
  ScheduledExam exam;
  std::int64_t started = 0;          // attempts begun (a paper fetched)
  std::int64_t submitted = 0;        // of which submitted, late ones too
  std::int64_t counted = 0;          // submitted by the end and the grace
  std::int64_t passed = 0;           // counted, with at least the pass mark
  std::optional<double> mean_score;  // of the counted, in questions right
};

struct ExamAttempt {
  UnixSeconds started_at = 0;
  std::optional<UnixSeconds> submitted_at;
  int score = 0;
  bool late = false;           // received after the end and the grace: recorded, not counted
  std::string answers = "{}";  // JSON {"question id": [choice indexes]}
};

struct ExamListing {
  ScheduledExam exam;
  std::optional<ExamAttempt> attempt;  // the caller's
};

enum class ExamRefusal {
  none,
  not_found,          // no such exam, or one the caller may not sit (the same answer)
  not_started,        // before its start: nothing of it is given
  closed,             // never started, and the end and grace have passed
  not_begun,          // a submission without a recorded start
  already_submitted,  // one attempt per student
};

struct ExamOutcome {
  ExamRefusal refusal = ExamRefusal::none;
  ScheduledExam exam;
  std::string paper;  // the frozen paper (pack JSON, with answers): only when not refused
  std::optional<ExamAttempt> attempt;
};

using ExamAnswers = std::map<std::string, std::vector<std::size_t>>;

struct RankingRow {
  std::string name;
  int score = 0;
  std::int64_t seconds = 0;  // from start to submission: the quicker ranks first among equals
};

class ExamStore {
public:
  virtual ~ExamStore() = default;
  // Checks the pack, blueprint or exam set and class, saves the rule (a new one when `id` is
  // nullopt) and generates its exams up to the horizon, in one transaction.
  virtual Expected<ExamSchedule> save_schedule(std::optional<std::int64_t> id, const ExamScheduleInput& rule, UnixSeconds now) = 0;
  virtual Expected<std::vector<ExamSchedule>> schedules() = 0;
  // Those `user_id` may sit, from `from` to `to` (by start), with their attempt.
  virtual Expected<std::vector<ExamListing>> exams_for(std::int64_t user_id, UnixSeconds from, UnixSeconds to, UnixSeconds now) = 0;
  // Every exam starting in [from, to), oldest first, with its attempts counted (admins).
  virtual Expected<std::vector<ExamOverview>> overview(UnixSeconds from, UnixSeconds to) = 0;
  // Records the start (once; a second start gives the same paper back).
  virtual Expected<ExamOutcome> start(std::int64_t exam_id, std::int64_t user_id, UnixSeconds now) = 0;
  // Marks the answers against the frozen paper; late after the end and grace.
  virtual Expected<ExamOutcome> submit(std::int64_t exam_id, std::int64_t user_id, const ExamAnswers& answers, UnixSeconds now) = 0;
  virtual Expected<ExamOutcome> result(std::int64_t exam_id, std::int64_t user_id, UnixSeconds now) = 0;
  // Whether `user_id` appears in rankings (off until they say so).
  virtual Expected<void> show_in_rankings(std::int64_t user_id, bool show) = 0;
  virtual Expected<bool> shown_in_rankings(std::int64_t user_id) = 0;
  // Whether `user_id` is told 10 minutes before each exam they may sit, and at its start (off until
  // they say so: an hourly rule would otherwise send 16 a day).
  virtual Expected<void> remind_of_exams(std::int64_t user_id, bool remind) = 0;
  // Whether the student asked for reminders (read back so a new device shows the choice as it is).
  virtual Expected<bool> reminded_of_exams(std::int64_t user_id) = 0;
  // The counted attempts of students who chose to appear, best first (at most 100); nullopt when
  // the exam is not the caller's to see (`staff` see every exam's).
  virtual Expected<std::optional<std::vector<RankingRow>>> ranking(std::int64_t exam_id, std::int64_t user_id, bool staff, UnixSeconds now) = 0;
};

}  // namespace umuhanda
