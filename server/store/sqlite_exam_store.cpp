// Scheduled exams in SQL (see exam_store.hpp).
#include "store/sqlite_exam_store.hpp"

#include <algorithm>
#include <nlohmann/json.hpp>
#include <set>

#include "jobs/sqlite_job_store.hpp"
#include "store/sqlite_notification_store.hpp"
#include "umuhanda/pack_json.hpp"
#include "umuhanda/question_selection.hpp"

namespace umuhanda {
namespace {

constexpr const char* kScheduleColumns =
    "id, name, days, times, pack_id, blueprint, exam_set, grace_seconds, audience, class_id, active, created_at, updated_at";
constexpr const char* kExamColumns =
    "e.id, e.schedule_id, s.name, e.starts_at, e.ends_at, e.grace_seconds, e.pack_id, e.pack_version, e.question_count, e.pass_mark";
constexpr int kExamColumnCount = 10;
constexpr const char* kAttemptColumns = "a.started_at, a.submitted_at, a.score, a.late, a.answers";

// Whether ?2 (a user) may sit exam e at ?3 (now), as SQL over e.
constexpr const char* kInvited =
    "(e.audience = 'everyone'"
    " OR (e.audience = 'class' AND EXISTS (SELECT 1 FROM class_members m WHERE m.class_id = e.class_id AND m.user_id = ?2))"
    " OR (e.audience = 'subscribers' AND EXISTS (SELECT 1 FROM subscriptions x"
    "     WHERE x.user_id = ?2 AND x.starts_at <= ?3 AND x.ends_at > ?3 AND x.ended = 0)))";

ExamSchedule read_schedule(const Statement& row) {
  ExamSchedule schedule;
  schedule.id = row.column_int(0);
  schedule.rule.name = row.column_text(1);
  auto times = parse_exam_times(nlohmann::json::parse(row.column_text(2), nullptr, false), nlohmann::json::parse(row.column_text(3), nullptr, false));
  if (times) schedule.rule.times = std::move(times).value();
  schedule.rule.pack_id = row.column_text(4);
  schedule.rule.blueprint = row.column_optional_text(5).value_or("");
  schedule.rule.exam_set = row.column_optional_text(6).value_or("");
  schedule.rule.grace_seconds = row.column_int(7);
  schedule.rule.audience = row.column_text(8);
  schedule.rule.class_id = row.column_optional_int(9);
  schedule.rule.active = row.column_int(10) != 0;
  schedule.created_at = row.column_int(11);
  schedule.updated_at = row.column_int(12);
  return schedule;
}

ScheduledExam read_exam(const Statement& row) {
  return ScheduledExam{row.column_int(0),
                       row.column_int(1),
                       row.column_text(2),
                       row.column_int(3),
                       row.column_int(4),
                       row.column_int(5),
                       row.column_text(6),
                       static_cast<int>(row.column_int(7)),
                       static_cast<int>(row.column_int(8)),
                       static_cast<int>(row.column_int(9))};
}

std::optional<ExamAttempt> read_attempt(const Statement& row, int first) {
  if (!row.column_optional_int(first)) return std::nullopt;
  return ExamAttempt{row.column_int(first), row.column_optional_int(first + 1), static_cast<int>(row.column_optional_int(first + 2).value_or(0)),
                     row.column_optional_int(first + 3).value_or(0) != 0, row.column_optional_text(first + 4).value_or("{}")};
}

struct CurrentPack {
  Pack pack;
  int version = 0;
};

Expected<std::optional<CurrentPack>> current_pack(Database& db, const std::string& pack_id) {
  auto query = db.prepare(
      "SELECT v.body, v.version FROM packs p JOIN pack_versions v ON v.pack_id = p.pack_id AND v.version = p.current_version"
      " WHERE p.pack_id = ?1");
  if (!query) return query.errors();
  query->bind(1, pack_id);
  auto row = query->step();
  if (!row) return row.errors();
  if (!row.value()) return std::optional<CurrentPack>();
  auto pack = parse_pack_json(query->column_text(0));
  const int version = static_cast<int>(query->column_int(1));
  query->reset();
  if (!pack) return pack.errors();
  return std::optional<CurrentPack>(CurrentPack{std::move(pack).value(), version});
}

// The paper a schedule draws at `start`: the exam set's, or one drawn from the blueprint with a seed
// made of the schedule and the start (the same paper however often it is generated).
Expected<ExamPaper> draw_paper(const Pack& pack, const ExamScheduleInput& rule, std::int64_t schedule_id, UnixSeconds start) {
  if (!rule.exam_set.empty()) {
    const auto set = std::find_if(pack.exam_sets.begin(), pack.exam_sets.end(), [&](const ExamSet& s) { return s.id == rule.exam_set; });
    if (set == pack.exam_sets.end())
      return Expected<ExamPaper>::failure("exam_set", "the pack \"" + pack.id + "\" has no exam set \"" + rule.exam_set + "\"");
    return exam_from_set(pack, *set);
  }
  const auto blueprint = std::find_if(pack.blueprints.begin(), pack.blueprints.end(), [&](const ExamBlueprint& b) { return b.id == rule.blueprint; });
  if (blueprint == pack.blueprints.end())
    return Expected<ExamPaper>::failure("blueprint", "the pack \"" + pack.id + "\" has no blueprint \"" + rule.blueprint + "\"");
  RandomSource random(static_cast<std::uint64_t>(schedule_id) * 1000003u ^ static_cast<std::uint64_t>(start));
  return draw_exam(pack, *blueprint, random);
}

Expected<std::vector<ExamSchedule>> active_schedules(Database& db) {
  auto query = db.prepare(std::string("SELECT ") + kScheduleColumns + " FROM exam_schedules WHERE active = 1 ORDER BY id");
  if (!query) return query.errors();
  return read_rows<ExamSchedule>(query.value(), read_schedule);
}

Expected<std::size_t> generate_for(Database& db, const ExamSchedule& schedule, const TimeZone& zone, UnixSeconds now, std::int64_t horizon) {
  auto starts = exam_starts(schedule.rule.times, zone, SysSeconds(std::chrono::seconds(now)), SysSeconds(std::chrono::seconds(now + horizon)));
  if (starts.empty()) return std::size_t{0};
  // Starts already made are skipped before anything is drawn: the nightly run and every rule save
  // find most of the next 26 hours made, and parsing the pack and drawing a paper for each would be
  // the whole cost of a run.
  std::set<UnixSeconds> made_before;
  {
    auto existing = db.prepare("SELECT starts_at FROM scheduled_exams WHERE schedule_id = ?1 AND starts_at BETWEEN ?2 AND ?3");
    if (!existing) return existing.errors();
    const auto [first, last] = std::minmax_element(starts.begin(), starts.end());
    existing->bind(1, schedule.id).bind(2, first->time_since_epoch().count()).bind(3, last->time_since_epoch().count());
    for (;;) {
      auto row = existing->step();
      if (!row) return row.errors();
      if (!row.value()) break;
      made_before.insert(existing->column_int(0));
    }
  }
  std::erase_if(starts, [&made_before](SysSeconds start) { return made_before.contains(start.time_since_epoch().count()); });
  if (starts.empty()) return std::size_t{0};
  auto loaded = current_pack(db, schedule.rule.pack_id);
  if (!loaded) return loaded.errors();
  if (!loaded->has_value()) return Expected<std::size_t>::failure("pack", "no pack \"" + schedule.rule.pack_id + "\" on this server");
  const CurrentPack& current = loaded->value();
  std::size_t made = 0;
  for (const SysSeconds start : starts) {
    const UnixSeconds starts_at = start.time_since_epoch().count();
    auto paper = draw_paper(current.pack, schedule.rule, schedule.id, starts_at);
    if (!paper) return paper.errors();
    const std::string frozen = to_json(exam_paper_pack(current.pack, paper->question_ids));
    auto insert = db.prepare(
        "INSERT INTO scheduled_exams (schedule_id, starts_at, ends_at, grace_seconds, pack_id, pack_version, paper, question_count, pass_mark,"
        " audience, class_id, generated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)"
        " ON CONFLICT (schedule_id, starts_at) DO NOTHING RETURNING id");
    if (!insert) return insert.errors();
    insert->bind(1, schedule.id)
        .bind(2, starts_at)
        .bind(3, starts_at + paper->time_limit_ms / 1000)
        .bind(4, schedule.rule.grace_seconds)
        .bind(5, schedule.rule.pack_id)
        .bind(6, std::int64_t{current.version})
        .bind(7, frozen)
        .bind(8, static_cast<std::int64_t>(paper->question_ids.size()))
        .bind(9, std::int64_t{paper->pass_mark})
        .bind(10, schedule.rule.audience)
        .bind(12, now);
    if (schedule.rule.class_id) insert->bind(11, *schedule.rule.class_id);
    auto row = insert->step();
    if (!row) return row.errors();
    if (!row.value()) continue;  // made before
    const std::int64_t exam_id = insert->column_int(0);
    insert->reset();
    ++made;
    // Its reminders, in the same transaction: 10 minutes before, and at the start.
    for (const auto& [moment, at] : {std::pair<const char*, UnixSeconds>{"starting", starts_at - kExamReminderSeconds}, {"live", starts_at}}) {
      const NewJob job{kRemindExamJob, nlohmann::json{{"exam", exam_id}, {"moment", moment}}.dump(), std::max(at, now) * 1000,
                       "exam:" + std::to_string(exam_id) + ":" + moment};
      if (auto enqueued = enqueue_job(db, job, now * 1000); !enqueued) return enqueued.errors();
    }
  }
  return made;
}

// The exam `exam_id` as `user_id` may see it (nullopt: none, or not theirs), with their attempt and
// the frozen paper.
struct LoadedExam {
  ScheduledExam exam;
  std::string paper;
  std::optional<ExamAttempt> attempt;
};

Expected<std::optional<LoadedExam>> load_exam(Database& db, std::int64_t exam_id, std::int64_t user_id, UnixSeconds now) {
  auto query = db.prepare(std::string("SELECT ") + kExamColumns + ", e.paper, " + kAttemptColumns +
                          " FROM scheduled_exams e JOIN exam_schedules s ON s.id = e.schedule_id"
                          " LEFT JOIN exam_attempts a ON a.exam_id = e.id AND a.user_id = ?2"
                          " WHERE e.id = ?1 AND " +
                          kInvited);
  if (!query) return query.errors();
  query->bind(1, exam_id).bind(2, user_id).bind(3, now);
  auto row = query->step();
  if (!row) return row.errors();
  if (!row.value()) return std::optional<LoadedExam>();
  LoadedExam loaded{read_exam(query.value()), query->column_text(kExamColumnCount), read_attempt(query.value(), kExamColumnCount + 1)};
  query->reset();
  return std::optional<LoadedExam>(std::move(loaded));
}

int mark(const std::string& paper_json, const ExamAnswers& answers) {
  auto paper = parse_pack_json(paper_json);
  if (!paper) return 0;
  int score = 0;
  for (const Question& question : paper->questions) {
    const auto given = answers.find(question.id);
    if (given == answers.end()) continue;
    std::vector<std::size_t> chosen = given->second;
    std::sort(chosen.begin(), chosen.end());
    chosen.erase(std::unique(chosen.begin(), chosen.end()), chosen.end());
    std::vector<std::size_t> correct = question.correct;
    std::sort(correct.begin(), correct.end());
    if (chosen == correct) ++score;
  }
  return score;
}

}  // namespace

Expected<std::size_t> generate_scheduled_exams(Database& db, const TimeZone& zone, UnixSeconds now, std::int64_t horizon_seconds) {
  auto schedules = active_schedules(db);
  if (!schedules) return schedules.errors();
  std::size_t made = 0;
  Diagnostics problems;
  for (const ExamSchedule& schedule : schedules.value()) {
    auto generated = generate_for(db, schedule, zone, now, horizon_seconds);
    if (!generated) {
      // One schedule whose pack changed under it does not stop the others.
      for (auto diagnostic : generated.errors()) {
        diagnostic.path = "schedule " + std::to_string(schedule.id) + " " + diagnostic.path;
        problems.push_back(diagnostic);
      }
      continue;
    }
    made += generated.value();
  }
  if (!problems.empty() && made == 0) return problems;
  return made;
}

Expected<std::size_t> remind_of_exam(Database& db, std::int64_t exam_id, const std::string& moment, UnixSeconds now) {
  auto exam =
      db.prepare("SELECT e.starts_at, e.ends_at, s.name FROM scheduled_exams e JOIN exam_schedules s ON s.id = e.schedule_id WHERE e.id = ?1");
  if (!exam) return exam.errors();
  exam->bind(1, exam_id);
  auto found = exam->step();
  if (!found) return found.errors();
  if (!found.value()) return std::size_t{0};  // deleted with its rule
  const UnixSeconds starts_at = exam->column_int(0), ends_at = exam->column_int(1);
  const std::string name = exam->column_text(2);
  exam->reset();
  // A reminder that comes too late says nothing: the server was down past the moment.
  if (moment == "starting" && now >= starts_at) return std::size_t{0};
  if (moment == "live" && now >= ends_at) return std::size_t{0};
  // kInvited with the student as u.id instead of the parameter ?2.
  std::string invited = kInvited;
  for (std::size_t at; (at = invited.find("?2")) != std::string::npos;) invited.replace(at, 2, "u.id");
  auto students = db.prepare(
      "SELECT u.id FROM users u JOIN scheduled_exams e ON e.id = ?1"
      " WHERE u.role = 'student' AND u.disabled_at IS NULL AND u.exam_reminders = 1 AND " +
      invited);
  if (!students) return students.errors();
  students->bind(1, exam_id).bind(3, now);
  auto ids = read_rows<std::int64_t>(students.value(), [](const Statement& row) { return row.column_int(0); });
  if (!ids) return ids.errors();
  students->reset();
  std::size_t told = 0;
  for (const std::int64_t user : ids.value()) {
    auto added = add_notification(db, user, moment == "starting" ? "exam.starting" : "exam.live", "exam:" + std::to_string(exam_id) + ":" + moment,
                                  {{"exam", exam_id}, {"exam_name", name}, {"starts_at", starts_at}, {"ends_at", ends_at}}, now);
    if (!added) return added.errors();
    told += added.value() ? 1 : 0;
  }
  return told;
}

SqliteExamStore::SqliteExamStore(Database& writer, std::mutex& writer_mutex, ReadConnections& readers, TimeZone zone)
    : m_writer(writer), m_writer_mutex(writer_mutex), m_readers(readers), m_zone(std::move(zone)) {}

Expected<ExamSchedule> SqliteExamStore::save_schedule(std::optional<std::int64_t> id, const ExamScheduleInput& rule, UnixSeconds now) {
  std::lock_guard lock(m_writer_mutex);
  return in_transaction(m_writer, [&](Database& db) -> Expected<ExamSchedule> {
    // The rule must draw a paper now: its pack, blueprint or exam set exist, and the pack fills it.
    auto loaded = current_pack(db, rule.pack_id);
    if (!loaded) return loaded.errors();
    if (!loaded->has_value()) return Expected<ExamSchedule>::failure("pack", "no pack \"" + rule.pack_id + "\" on this server");
    auto paper = draw_paper(loaded->value().pack, rule, 0, now);
    if (!paper) return paper.errors();
    if (rule.audience == "class") {
      auto cls = db.prepare("SELECT 1 FROM classes WHERE id = ?1");
      if (!cls) return cls.errors();
      cls->bind(1, rule.class_id.value_or(0));
      auto found = cls->step();
      if (!found) return found.errors();
      cls->reset();
      if (!found.value()) return Expected<ExamSchedule>::failure("class_id", "no class has this id");
    }
    auto statement = db.prepare(
        id ? std::string("UPDATE exam_schedules SET name = ?2, days = ?3, times = ?4, pack_id = ?5, blueprint = ?6, exam_set = ?7,"
                         " grace_seconds = ?8, audience = ?9, class_id = ?10, active = ?11, updated_at = ?12 WHERE id = ?1 RETURNING ") +
                 kScheduleColumns
           : std::string("INSERT INTO exam_schedules (name, days, times, pack_id, blueprint, exam_set, grace_seconds, audience, class_id, active,"
                         " created_at, updated_at) VALUES (?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?12) RETURNING ") +
                 kScheduleColumns);
    if (!statement) return statement.errors();
    if (id) statement->bind(1, *id);
    statement->bind(2, rule.name)
        .bind(3, days_json(rule.times).dump())
        .bind(4, times_json(rule.times).dump())
        .bind(5, rule.pack_id)
        .bind(8, rule.grace_seconds)
        .bind(9, rule.audience)
        .bind(11, std::int64_t{rule.active ? 1 : 0})
        .bind(12, now);
    if (!rule.blueprint.empty()) statement->bind(6, rule.blueprint);
    if (!rule.exam_set.empty()) statement->bind(7, rule.exam_set);
    if (rule.class_id) statement->bind(10, *rule.class_id);
    auto row = statement->step();
    if (!row) return row.errors();
    if (!row.value()) return Expected<ExamSchedule>::failure("id", "no exam schedule has this id");
    ExamSchedule saved = read_schedule(statement.value());
    statement->reset();
    if (saved.rule.active) {
      auto generated = generate_for(db, saved, m_zone, now, kExamHorizonSeconds);
      if (!generated) return generated.errors();
    }
    return saved;
  });
}

Expected<std::vector<ExamSchedule>> SqliteExamStore::schedules() {
  return m_readers.with([](Database& db) -> Expected<std::vector<ExamSchedule>> {
    auto query = db.prepare(std::string("SELECT ") + kScheduleColumns + " FROM exam_schedules ORDER BY id");
    if (!query) return query.errors();
    return read_rows<ExamSchedule>(query.value(), read_schedule);
  });
}

Expected<std::vector<ExamOverview>> SqliteExamStore::overview(UnixSeconds from, UnixSeconds to) {
  return m_readers.with([&](Database& db) -> Expected<std::vector<ExamOverview>> {
    auto query = db.prepare(std::string("SELECT ") + kExamColumns +
                            ", COUNT(a.user_id), COUNT(a.submitted_at),"
                            " COALESCE(SUM(a.submitted_at IS NOT NULL AND a.late = 0), 0),"
                            " COALESCE(SUM(a.submitted_at IS NOT NULL AND a.late = 0 AND a.score >= e.pass_mark), 0),"
                            " AVG(CASE WHEN a.submitted_at IS NOT NULL AND a.late = 0 THEN a.score END)"
                            " FROM scheduled_exams e JOIN exam_schedules s ON s.id = e.schedule_id"
                            " LEFT JOIN exam_attempts a ON a.exam_id = e.id"
                            " WHERE e.starts_at >= ?1 AND e.starts_at < ?2 GROUP BY e.id ORDER BY e.starts_at, e.id LIMIT 500");
    if (!query) return query.errors();
    query->bind(1, from).bind(2, to);
    return read_rows<ExamOverview>(query.value(), [](const Statement& row) {
      ExamOverview overview;
      overview.exam = read_exam(row);
      overview.started = row.column_int(kExamColumnCount);
      overview.submitted = row.column_int(kExamColumnCount + 1);
      overview.counted = row.column_int(kExamColumnCount + 2);
      overview.passed = row.column_int(kExamColumnCount + 3);
      if (overview.counted > 0) overview.mean_score = row.column_double(kExamColumnCount + 4);
      return overview;
    });
  });
}

Expected<std::vector<ExamListing>> SqliteExamStore::exams_for(std::int64_t user_id, UnixSeconds from, UnixSeconds to, UnixSeconds now) {
  return m_readers.with([&](Database& db) -> Expected<std::vector<ExamListing>> {
    auto query = db.prepare(std::string("SELECT ") + kExamColumns + ", " + kAttemptColumns +
                            " FROM scheduled_exams e JOIN exam_schedules s ON s.id = e.schedule_id"
                            " LEFT JOIN exam_attempts a ON a.exam_id = e.id AND a.user_id = ?2"
                            " WHERE e.starts_at >= ?1 AND e.starts_at < ?4 AND " +
                            kInvited + " ORDER BY e.starts_at, e.id LIMIT 200");
    if (!query) return query.errors();
    query->bind(1, from).bind(2, user_id).bind(3, now).bind(4, to);
    return read_rows<ExamListing>(query.value(), [](const Statement& row) {
      return ExamListing{read_exam(row), read_attempt(row, kExamColumnCount)};
    });
  });
}

Expected<ExamOutcome> SqliteExamStore::start(std::int64_t exam_id, std::int64_t user_id, UnixSeconds now) {
  std::lock_guard lock(m_writer_mutex);
  return in_transaction(m_writer, [&](Database& db) -> Expected<ExamOutcome> {
    auto loaded = load_exam(db, exam_id, user_id, now);
    if (!loaded) return loaded.errors();
    if (!loaded->has_value()) return ExamOutcome{ExamRefusal::not_found, {}, {}, {}};
    LoadedExam& exam = loaded->value();
    if (now < exam.exam.starts_at) return ExamOutcome{ExamRefusal::not_started, exam.exam, {}, {}};
    if (exam.attempt && exam.attempt->submitted_at) return ExamOutcome{ExamRefusal::already_submitted, exam.exam, {}, exam.attempt};
    if (!exam.attempt) {
      if (now >= exam.exam.ends_at + exam.exam.grace_seconds) return ExamOutcome{ExamRefusal::closed, exam.exam, {}, {}};
      auto insert = db.prepare("INSERT INTO exam_attempts (exam_id, user_id, started_at) VALUES (?1, ?2, ?3)");
      if (!insert) return insert.errors();
      insert->bind(1, exam_id).bind(2, user_id).bind(3, now);
      if (auto ran = insert->run(); !ran) return ran.errors();
      exam.attempt = ExamAttempt{now, std::nullopt, 0, false, "{}"};
    }
    return ExamOutcome{ExamRefusal::none, exam.exam, std::move(exam.paper), exam.attempt};
  });
}

Expected<ExamOutcome> SqliteExamStore::submit(std::int64_t exam_id, std::int64_t user_id, const ExamAnswers& answers, UnixSeconds now) {
  std::lock_guard lock(m_writer_mutex);
  return in_transaction(m_writer, [&](Database& db) -> Expected<ExamOutcome> {
    auto loaded = load_exam(db, exam_id, user_id, now);
    if (!loaded) return loaded.errors();
    if (!loaded->has_value()) return ExamOutcome{ExamRefusal::not_found, {}, {}, {}};
    LoadedExam& exam = loaded->value();
    if (!exam.attempt) return ExamOutcome{now < exam.exam.starts_at ? ExamRefusal::not_started : ExamRefusal::not_begun, exam.exam, {}, {}};
    if (exam.attempt->submitted_at) return ExamOutcome{ExamRefusal::already_submitted, exam.exam, {}, exam.attempt};
    nlohmann::json given = nlohmann::json::object();
    for (const auto& [question, choices] : answers) given[question] = choices;
    ExamAttempt attempt = *exam.attempt;
    attempt.submitted_at = now;
    attempt.score = mark(exam.paper, answers);
    attempt.late = now > exam.exam.ends_at + exam.exam.grace_seconds;
    attempt.answers = given.dump();
    auto update = db.prepare("UPDATE exam_attempts SET submitted_at = ?3, answers = ?4, score = ?5, late = ?6 WHERE exam_id = ?1 AND user_id = ?2");
    if (!update) return update.errors();
    update->bind(1, exam_id)
        .bind(2, user_id)
        .bind(3, now)
        .bind(4, attempt.answers)
        .bind(5, std::int64_t{attempt.score})
        .bind(6, std::int64_t{attempt.late});
    if (auto ran = update->run(); !ran) return ran.errors();
    // The result, told in the same transaction (an email or a WhatsApp message may carry it).
    auto told = add_notification(db, user_id, attempt.late ? "exam.result_late" : "exam.result", "exam:" + std::to_string(exam_id) + ":result",
                                 {{"exam", exam_id},
                                  {"exam_name", exam.exam.name},
                                  {"score", attempt.score},
                                  {"total", exam.exam.question_count},
                                  {"pass_mark", exam.exam.pass_mark},
                                  {"late", attempt.late}},
                                 now);
    if (!told) return told.errors();
    return ExamOutcome{ExamRefusal::none, exam.exam, std::move(exam.paper), attempt};
  });
}

Expected<ExamOutcome> SqliteExamStore::result(std::int64_t exam_id, std::int64_t user_id, UnixSeconds now) {
  return m_readers.with([&](Database& db) -> Expected<ExamOutcome> {
    auto loaded = load_exam(db, exam_id, user_id, now);
    if (!loaded) return loaded.errors();
    if (!loaded->has_value()) return ExamOutcome{ExamRefusal::not_found, {}, {}, {}};
    LoadedExam& exam = loaded->value();
    if (!exam.attempt || !exam.attempt->submitted_at) return ExamOutcome{ExamRefusal::not_begun, exam.exam, {}, exam.attempt};
    return ExamOutcome{ExamRefusal::none, exam.exam, std::move(exam.paper), exam.attempt};
  });
}

Expected<void> SqliteExamStore::show_in_rankings(std::int64_t user_id, bool show) {
  std::lock_guard lock(m_writer_mutex);
  auto update = m_writer.prepare("UPDATE users SET show_in_rankings = ?2 WHERE id = ?1");
  if (!update) return update.errors();
  update->bind(1, user_id).bind(2, std::int64_t{show ? 1 : 0});
  return update->run();
}

Expected<void> SqliteExamStore::remind_of_exams(std::int64_t user_id, bool remind) {
  std::lock_guard lock(m_writer_mutex);
  auto update = m_writer.prepare("UPDATE users SET exam_reminders = ?2 WHERE id = ?1");
  if (!update) return update.errors();
  update->bind(1, user_id).bind(2, std::int64_t{remind ? 1 : 0});
  return update->run();
}

namespace {

// A 0/1 column of the user's row; false for a user that is gone.
Expected<bool> user_flag(ReadConnections& readers, std::int64_t user_id, const char* column) {
  return readers.with([&](Database& db) -> Expected<bool> {
    auto query = db.prepare(std::string("SELECT ") + column + " FROM users WHERE id = ?1");
    if (!query) return query.errors();
    query->bind(1, user_id);
    auto row = query->step();
    if (!row) return row.errors();
    const bool set = row.value() && query->column_int(0) != 0;
    query->reset();
    return set;
  });
}

}  // namespace

Expected<bool> SqliteExamStore::reminded_of_exams(std::int64_t user_id) { return user_flag(m_readers, user_id, "exam_reminders"); }

Expected<bool> SqliteExamStore::shown_in_rankings(std::int64_t user_id) { return user_flag(m_readers, user_id, "show_in_rankings"); }

Expected<std::optional<std::vector<RankingRow>>> SqliteExamStore::ranking(std::int64_t exam_id, std::int64_t user_id, bool staff, UnixSeconds now) {
  return m_readers.with([&](Database& db) -> Expected<std::optional<std::vector<RankingRow>>> {
    if (!staff) {
      auto loaded = load_exam(db, exam_id, user_id, now);
      if (!loaded) return loaded.errors();
      if (!loaded->has_value()) return std::optional<std::vector<RankingRow>>();
    } else {
      auto exists = db.prepare("SELECT 1 FROM scheduled_exams WHERE id = ?1");
      if (!exists) return exists.errors();
      exists->bind(1, exam_id);
      auto row = exists->step();
      if (!row) return row.errors();
      exists->reset();
      if (!row.value()) return std::optional<std::vector<RankingRow>>();
    }
    auto query = db.prepare(
        "SELECT u.name, a.score, a.submitted_at - a.started_at AS took FROM exam_attempts a JOIN users u ON u.id = a.user_id"
        " WHERE a.exam_id = ?1 AND a.submitted_at IS NOT NULL AND a.late = 0 AND u.show_in_rankings = 1"
        " ORDER BY a.score DESC, took ASC, a.submitted_at ASC LIMIT 100");
    if (!query) return query.errors();
    query->bind(1, exam_id);
    auto rows = read_rows<RankingRow>(query.value(), [](const Statement& row) {
      return RankingRow{row.column_text(0), static_cast<int>(row.column_int(1)), row.column_int(2)};
    });
    if (!rows) return rows.errors();
    return std::optional<std::vector<RankingRow>>(std::move(rows).value());
  });
}

}  // namespace umuhanda
