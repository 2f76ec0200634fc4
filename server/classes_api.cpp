#include "classes_api.hpp"

#include <httplib.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <nlohmann/json.hpp>

#include "qr_png.hpp"
#include "request_bodies.hpp"
#include "responses.hpp"
#include "server_app.hpp"
#include "system_clock.hpp"
#include "umuhanda/account_rules.hpp"
#include "umuhanda/class_statistics.hpp"
#include "umuhanda/csv.hpp"
#include "umuhanda/localized_text_json.hpp"
#include "umuhanda/pack_json.hpp"
#include "umuhanda/statistics.hpp"

namespace umuhanda {
namespace {

// A class's roster and its students' progress: never stored by a shared cache, nor by the browser's.
constexpr const char* kNoStore = "private, no-store";
constexpr std::size_t kEventsPerRead = 1000;

bool manages(const Caller& caller, const Class& cls) {
  return caller.role == Role::admin || (caller.user_id > 0 && caller.role == Role::instructor && cls.instructor_id == caller.user_id);
}

// The class as its instructor and admins see it (with the join code), or as its students do.
nlohmann::json class_json(const Class& cls, bool for_staff) {
  nlohmann::json body = {{"id", cls.id},
                         {"name", cls.name},
                         {"instructor", {{"id", cls.instructor_id}, {"name", cls.instructor_name}}},
                         {"created_at", cls.created_at},
                         {"students", cls.students}};
  if (for_staff) {
    body["join_code"] = display_code(CodeKind::join, cls.join_code);
    body["joining"] = cls.joining;
  }
  return body;
}

void send_class(httplib::Response& res, int status, const Class& cls) { send_json(res, status, {{"class", class_json(cls, true)}}, kNoStore); }

void send_no_class(httplib::Response& res) { send_error(res, 404, "not_found", "no class with this id among yours"); }

// Answers over no pack (none published yet): every figure is zero and no topic is listed.
const Pack kNoPack;

// The student page lists this many mistakes at most, the newest: what a lesson can go through.
constexpr std::size_t kMistakesShown = 50;

// The pack's topics in its order (the order compute_statistics gives every student's), each with its title.
nlohmann::json topics_json(const Pack& pack) {
  std::vector<const Topic*> topics;
  for (const Topic& topic : pack.topics) topics.push_back(&topic);
  std::stable_sort(topics.begin(), topics.end(), [](const Topic* a, const Topic* b) { return a->order < b->order; });
  nlohmann::json list = nlohmann::json::array();
  for (const Topic* topic : topics) list.push_back({{"id", topic->id}, {"title", localized_text_json(topic->name)}});
  return list;
}

nlohmann::json topic_figures_json(const TopicStatistics& topic) {
  return {{"topic", topic.topic}, {"answered", topic.recent.answered}, {"right", topic.recent.right},
          {"seen", topic.seen},   {"mastered", topic.mastered},        {"total", topic.total}};
}

// Times in UTC, ISO 8601: every spreadsheet reads them, and nothing depends on the server's zone.
std::string iso_utc(std::int64_t unix_ms) {
  const std::time_t seconds = static_cast<std::time_t>(unix_ms / 1000);
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &utc);
  return text;
}

// A spreadsheet to download as `file_name`: private, like the JSON it comes from.
void send_csv(httplib::Response& res, const std::string& file_name, const std::vector<std::vector<std::string>>& table) {
  res.status = 200;
  res.set_header("Cache-Control", kNoStore);
  res.set_header("Content-Disposition", "attachment; filename=\"" + file_name + "\"");
  res.set_content(csv_document(table), "text/csv; charset=utf-8");
}

}  // namespace

// A student's figures, as the roster lists them and their own page heads them.
nlohmann::json ClassesApi::student_json(const RosterRow& row) {
  const Statistics& stats = row.stats;
  nlohmann::json student = {{"id", row.member.user_id},
                            {"name", row.member.name},
                            {"joined_at", row.member.joined_at},
                            {"answers", row.answers},
                            {"seen", stats.seen},
                            {"mastered", stats.mastered},
                            {"total", stats.total},
                            {"exams_taken", stats.exams.size()},
                            {"ready", stats.readiness.ready}};
  student["last_activity_ms"] = row.member.last_activity_ms ? nlohmann::json(*row.member.last_activity_ms) : nlohmann::json();
  student["recent_accuracy"] = stats.recent.answered > 0 ? nlohmann::json(stats.recent.ratio()) : nlohmann::json();
  student["disabled"] = row.member.disabled;
  return student;
}

std::optional<Class> ClassesApi::owned_class(const httplib::Request& req, httplib::Response& res, const Caller& caller, std::int64_t class_id) {
  auto found = m_classes.find_class(class_id);
  if (!found) {
    send_internal_error(m_log, req, res, found.errors());
    return std::nullopt;
  }
  // Another instructor's class answers as one that does not exist: ids say nothing about others.
  if (!found.value() || !manages(caller, *found.value())) {
    send_no_class(res);
    return std::nullopt;
  }
  return found.value();
}

void ClassesApi::create(const httplib::Request& req, httplib::Response& res, const httplib::ContentReader& read_body, const Caller& caller) {
  std::string text;
  if (!read_whole_body(req, read_body, text)) return send_body_too_slow(res);
  auto name = parse_class_name_body(text);
  if (!name) return send_error(res, 400, "bad_request", "the class could not be created: see details", name.errors());
  if (caller.user_id <= 0) {
    return send_error(res, 403, "forbidden", "this API token belongs to no account: only an account can own a class (make a new token)");
  }
  auto created = m_classes.create_class(NewClass{name.value(), caller.user_id, unix_now()});
  if (!created) return send_internal_error(m_log, req, res, created.errors());
  m_log("class " + std::to_string(created->id) + " created by " + caller.name);
  send_class(res, 201, created.value());
}

void ClassesApi::list(const httplib::Request& req, httplib::Response& res, const Caller& caller) {
  const bool staff = caller.role != Role::student;
  auto classes = caller.role == Role::admin        ? m_classes.all_classes()
                 : caller.role == Role::instructor ? m_classes.classes_of_instructor(caller.user_id)
                                                   : m_classes.classes_of_student(caller.user_id);
  if (!classes) return send_internal_error(m_log, req, res, classes.errors());
  nlohmann::json list = nlohmann::json::array();
  for (const Class& cls : classes.value()) list.push_back(class_json(cls, staff));
  send_json(res, 200, {{"classes", list}}, kNoStore);
}

void ClassesApi::show(const httplib::Request& req, httplib::Response& res, const Caller& caller, std::int64_t class_id) {
  if (auto cls = owned_class(req, res, caller, class_id)) send_class(res, 200, *cls);
}

void ClassesApi::rename(const httplib::Request& req, httplib::Response& res, const httplib::ContentReader& read_body, const Caller& caller,
                        std::int64_t class_id) {
  std::string text;
  if (!read_whole_body(req, read_body, text)) return send_body_too_slow(res);
  if (!owned_class(req, res, caller, class_id)) return;
  auto name = parse_class_name_body(text);
  if (!name) return send_error(res, 400, "bad_request", "the class was not renamed: see details", name.errors());
  auto renamed = m_classes.rename_class(class_id, name.value());
  if (!renamed) return send_internal_error(m_log, req, res, renamed.errors());
  if (!renamed.value()) return send_no_class(res);  // removed meanwhile
  send_class(res, 200, *renamed.value());
}

void ClassesApi::change_code(const httplib::Request& req, httplib::Response& res, const httplib::ContentReader& read_body, const Caller& caller,
                             std::int64_t class_id) {
  std::string text;
  if (!read_whole_body(req, read_body, text)) return send_body_too_slow(res);
  if (!owned_class(req, res, caller, class_id)) return;
  auto action = parse_class_code_body(text);
  if (!action) return send_error(res, 400, "bad_request", "the join code was not changed: see details", action.errors());
  auto changed =
      action.value() == CodeAction::rotate ? m_classes.rotate_code(class_id) : m_classes.set_joining(class_id, action.value() == CodeAction::on);
  if (!changed) return send_internal_error(m_log, req, res, changed.errors());
  if (!changed.value()) return send_no_class(res);
  send_class(res, 200, *changed.value());
}

void ClassesApi::join(const httplib::Request& req, httplib::Response& res, const httplib::ContentReader& read_body, const Caller& caller) {
  const auto now = FailureRateLimiter::Clock::now();
  // Refused before the code is even looked at, right or wrong: otherwise guessing would go on.
  if (auto wait = m_wrong_codes.retry_after(req.remote_addr, now); wait > FailureRateLimiter::Clock::duration::zero()) {
    res.set_header("Retry-After", std::to_string(std::chrono::duration_cast<std::chrono::seconds>(wait).count() + 1));
    return send_error(res, 429, "too_many_requests", "too many wrong join codes from this address: try again later");
  }
  std::string text;
  if (!read_whole_body(req, read_body, text)) return send_body_too_slow(res);
  auto code = parse_class_join_body(text);
  if (!code) {
    m_wrong_codes.record_failure(req.remote_addr, now);
    return send_error(res, 400, "bad_request", "this is not a join code: see details", code.errors());
  }
  auto joined = m_classes.join(code.value(), caller.user_id, unix_now());
  if (!joined) return send_internal_error(m_log, req, res, joined.errors());
  if (!joined.value()) {
    m_wrong_codes.record_failure(req.remote_addr, now);
    return send_error(res, 404, "unknown_code", "no class takes this join code: check it with your instructor (it may have been changed)");
  }
  send_json(res, 200, {{"class", class_json(joined.value()->joined, false)}, {"new_member", joined.value()->new_member}}, kNoStore);
}

Expected<std::shared_ptr<const Pack>> ClassesApi::roster_pack() {
  const std::optional<int> version = m_content.current_version(kRosterPackId);
  if (!version) return std::shared_ptr<const Pack>();
  std::lock_guard lock(m_pack_mutex);
  if (m_pack && m_pack_version == *version) return m_pack;
  auto resource = m_content.pack_version(kRosterPackId, *version);
  if (!resource) return resource.errors();
  if (!resource.value()) return std::shared_ptr<const Pack>();
  auto parsed = parse_pack_json(resource.value()->identity.bytes);
  if (!parsed) return parsed.errors();
  m_pack = std::make_shared<const Pack>(std::move(parsed).value());
  m_pack_version = *version;
  return m_pack;
}

Expected<ProgressLog> ClassesApi::student_log(std::int64_t user_id) {
  std::vector<ProgressRecord> records;
  std::int64_t cursor = 0;
  for (bool more = true; more;) {
    auto page = m_progress.pull(user_id, cursor, kEventsPerRead);
    if (!page) return page.errors();
    for (const SyncEvent& event : page->events) {
      // Stored events were read by the server when pushed; one it cannot read now (a record
      // type of a newer server, after a downgrade) is left out rather than failing the roster.
      if (auto record = read_progress_record(event.body, "event " + event.id)) records.push_back(std::move(record).value());
    }
    cursor = page->cursor;
    more = page->more;
  }
  // The log in the order things happened, whichever device pushed them first.
  std::stable_sort(records.begin(), records.end(),
                   [](const ProgressRecord& a, const ProgressRecord& b) { return record_time_ms(a) < record_time_ms(b); });
  ProgressLog log;
  for (ProgressRecord& record : records) log.append(std::move(record));
  return log;
}

Expected<std::vector<ClassesApi::RosterRow>> ClassesApi::roster_rows(std::int64_t class_id, const Pack& over) {
  auto members = m_classes.members(class_id);
  if (!members) return members.errors();
  std::vector<RosterRow> rows;
  // FIXME: every student's whole log is read and replayed on each request; a large class wants
  // the statistics kept up to date at push time instead.
  for (const ClassMember& member : members.value()) {
    auto log = student_log(member.user_id);
    if (!log) return log.errors();
    rows.push_back(RosterRow{member, log->answers().size(), compute_statistics(log.value(), over)});
  }
  return rows;
}

std::optional<ClassesApi::OwnedRoster> ClassesApi::owned_roster(const httplib::Request& req, httplib::Response& res, const Caller& caller,
                                                                std::int64_t class_id) {
  auto cls = owned_class(req, res, caller, class_id);
  if (!cls) return std::nullopt;
  auto pack = roster_pack();
  if (!pack) {
    send_internal_error(m_log, req, res, pack.errors());
    return std::nullopt;
  }
  // Without a pack, kNoPack, owned by nobody (the aliasing constructor with an empty owner).
  std::shared_ptr<const Pack> over = pack.value() ? pack.value() : std::shared_ptr<const Pack>(std::shared_ptr<const Pack>(), &kNoPack);
  auto rows = roster_rows(class_id, *over);
  if (!rows) {
    send_internal_error(m_log, req, res, rows.errors());
    return std::nullopt;
  }
  return OwnedRoster{std::move(*cls), std::move(over), std::move(rows).value()};
}

void ClassesApi::roster(const httplib::Request& req, httplib::Response& res, const Caller& caller, std::int64_t class_id) {
  auto owned = owned_roster(req, res, caller, class_id);
  if (!owned) return;
  nlohmann::json students = nlohmann::json::array();
  std::vector<Statistics> all;
  for (const RosterRow& row : owned->rows) {
    nlohmann::json entry = student_json(row);
    nlohmann::json topics = nlohmann::json::array();
    for (const TopicStatistics& topic : row.stats.topics) topics.push_back(topic_figures_json(topic));
    entry["topics"] = std::move(topics);
    students.push_back(std::move(entry));
    all.push_back(row.stats);
  }
  nlohmann::json weakest = nlohmann::json::array();
  for (const ClassTopic& topic : weakest_topics(all)) {
    weakest.push_back({{"topic", topic.topic}, {"answered", topic.recent.answered}, {"right", topic.recent.right}, {"students", topic.students}});
  }
  send_json(res, 200,
            {{"class", class_json(owned->cls, true)},
             {"topics", topics_json(*owned->pack)},
             {"students", students},
             {"weakest_topics", weakest},
             {"weakest_min_answers", kMinClassTopicAnswers}},
            kNoStore);
}

void ClassesApi::roster_csv(const httplib::Request& req, httplib::Response& res, const Caller& caller, std::int64_t class_id) {
  auto owned = owned_roster(req, res, caller, class_id);
  if (!owned) return;
  std::vector<std::vector<std::string>> table = {{"name", "joined_at", "last_activity", "answers", "recent_accuracy_percent", "questions_seen",
                                                  "questions_mastered", "questions_total", "mock_exams_taken", "ready"}};
  for (const RosterRow& row : owned->rows) {
    const Statistics& stats = row.stats;
    char accuracy[16] = "";
    if (stats.recent.answered > 0) std::snprintf(accuracy, sizeof accuracy, "%.0f", stats.recent.ratio() * 100.0);
    table.push_back({csv_field(row.member.name), csv_field(iso_utc(row.member.joined_at * 1000)),
                     csv_field(row.member.last_activity_ms ? iso_utc(*row.member.last_activity_ms) : std::string()),
                     csv_number(std::to_string(row.answers)), csv_number(accuracy), csv_number(std::to_string(stats.seen)),
                     csv_number(std::to_string(stats.mastered)), csv_number(std::to_string(stats.total)),
                     csv_number(std::to_string(stats.exams.size())), csv_field(stats.readiness.ready ? "yes" : "no")});
  }
  send_csv(res, "class-" + std::to_string(class_id) + "-roster.csv", table);
}

void ClassesApi::results_csv(const httplib::Request& req, httplib::Response& res, const Caller& caller, std::int64_t class_id) {
  auto owned = owned_roster(req, res, caller, class_id);
  if (!owned) return;
  std::vector<std::vector<std::string>> table = {{"name", "submitted_at", "blueprint", "score", "question_count", "pass_mark", "passed"}};
  for (const RosterRow& row : owned->rows) {
    for (const ExamScore& exam : row.stats.exams) {
      table.push_back({csv_field(row.member.name), csv_field(iso_utc(exam.submitted_at_ms)), csv_field(exam.blueprint_id),
                       csv_number(std::to_string(exam.score)), csv_number(std::to_string(exam.question_count)),
                       csv_number(std::to_string(exam.pass_mark)), csv_field(exam.passed ? "yes" : "no")});
    }
  }
  send_csv(res, "class-" + std::to_string(class_id) + "-results.csv", table);
}

void ClassesApi::student(const httplib::Request& req, httplib::Response& res, const Caller& caller, std::int64_t class_id, std::int64_t user_id) {
  auto cls = owned_class(req, res, caller, class_id);
  if (!cls) return;
  auto members = m_classes.members(class_id);
  if (!members) return send_internal_error(m_log, req, res, members.errors());
  const auto member = std::find_if(members->begin(), members->end(), [&](const ClassMember& m) { return m.user_id == user_id; });
  // Anyone not in the class, a student or not, answers the same: ids say nothing of others.
  if (member == members->end()) return send_error(res, 404, "not_a_member", "this student is not in this class");
  auto log = student_log(user_id);
  if (!log) return send_internal_error(m_log, req, res, log.errors());
  auto pack = roster_pack();
  if (!pack) return send_internal_error(m_log, req, res, pack.errors());
  const Pack& over = pack.value() ? *pack.value() : kNoPack;
  const RosterRow row{*member, log->answers().size(), compute_statistics(log.value(), over)};

  nlohmann::json topics = nlohmann::json::array();
  for (const TopicStatistics& topic : row.stats.topics) {
    nlohmann::json figures = topic_figures_json(topic);
    if (const Topic* info = over.find_topic(topic.topic)) figures["title"] = localized_text_json(info->name);
    topics.push_back(std::move(figures));
  }
  nlohmann::json exams = nlohmann::json::array();
  for (const ExamScore& exam : row.stats.exams) {
    exams.push_back({{"attempt_id", exam.attempt_id},
                     {"blueprint", exam.blueprint_id},
                     {"submitted_at_ms", exam.submitted_at_ms},
                     {"score", exam.score},
                     {"question_count", exam.question_count},
                     {"pass_mark", exam.pass_mark},
                     {"passed", exam.passed}});
  }
  const std::vector<Mistake> all_mistakes = current_mistakes(log.value(), over.id);
  nlohmann::json mistakes = nlohmann::json::array();
  for (const Mistake& mistake : all_mistakes) {
    // A question the pack no longer has cannot be shown or practised: left out.
    const Question* question = over.find_question(mistake.question_id);
    if (!question) continue;
    if (mistakes.size() == kMistakesShown) break;
    mistakes.push_back({{"question_id", mistake.question_id},
                        {"topic", question->topic},
                        {"prompt", localized_text_json(question->prompt)},
                        {"wrong", mistake.wrong},
                        {"answered", mistake.answered},
                        {"last_answered_at_ms", mistake.last_answered_at_ms}});
  }
  const auto known = static_cast<std::size_t>(
      std::count_if(all_mistakes.begin(), all_mistakes.end(), [&](const Mistake& m) { return over.find_question(m.question_id) != nullptr; }));
  send_json(res, 200,
            {{"class", {{"id", cls->id}, {"name", cls->name}}},
             {"student", student_json(row)},
             {"topics", topics},
             {"exams", exams},
             {"mistakes", mistakes},
             {"mistake_count", known}},
            kNoStore);
}

void ClassesApi::code_png(const httplib::Request& req, httplib::Response& res, const Caller& caller, std::int64_t class_id) {
  auto cls = owned_class(req, res, caller, class_id);
  if (!cls) return;
  if (!cls->joining) {
    return send_error(res, 404, "no_join_code", "joining this class is switched off, so it has no code to show: switch it on first");
  }
  // The code as students type it: the client has no link that fills it in, so a phone's camera
  // shows the text to type in Settings.
  const std::string code = display_code(CodeKind::join, cls->join_code);
  auto png = qr_code_png(code, kQrMinPixels);
  if (!png) return send_internal_error(m_log, req, res, png.errors());
  res.status = 200;
  res.set_header("Cache-Control", kNoStore);
  res.set_content(std::move(png).value(), "image/png");
}

void ClassesApi::remove_student(const httplib::Request& req, httplib::Response& res, const Caller& caller, std::int64_t class_id,
                                std::int64_t user_id) {
  if (!owned_class(req, res, caller, class_id)) return;
  auto removed = m_classes.remove_member(class_id, user_id);
  if (!removed) return send_internal_error(m_log, req, res, removed.errors());
  if (!removed.value()) return send_error(res, 404, "not_a_member", "this student is not in this class");
  m_log("student " + std::to_string(user_id) + " removed from class " + std::to_string(class_id) + " by " + caller.name);
  res.status = 204;
  res.set_header("Cache-Control", kNoStore);
}

}  // namespace umuhanda
