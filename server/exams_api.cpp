// Scheduled exams over HTTP (see exams_api.hpp).
#include "exams_api.hpp"

#include <charconv>

#include <httplib.h>

#include <nlohmann/json.hpp>

#include "content_store.hpp"  // kPrivate
#include "responses.hpp"
#include "server_app.hpp"

namespace umuhanda {
namespace {

nlohmann::json schedule_json(const ExamSchedule& schedule) {
  const auto& rule = schedule.rule;
  return {{"id", schedule.id},
          {"name", rule.name},
          {"days", days_json(rule.times)},
          {"times", times_json(rule.times)},
          {"pack", rule.pack_id},
          {"blueprint", rule.blueprint.empty() ? nlohmann::json() : nlohmann::json(rule.blueprint)},
          {"exam_set", rule.exam_set.empty() ? nlohmann::json() : nlohmann::json(rule.exam_set)},
          {"grace_seconds", rule.grace_seconds},
          {"audience", rule.audience},
          {"class_id", rule.class_id ? nlohmann::json(*rule.class_id) : nlohmann::json()},
          {"active", rule.active},
          {"created_at", schedule.created_at},
          {"updated_at", schedule.updated_at}};
}

nlohmann::json exam_json(const ScheduledExam& exam, std::int64_t now) {
  const char* status = now < exam.starts_at ? "upcoming" : now < exam.ends_at + exam.grace_seconds ? "open" : "closed";
  return {{"id", exam.id},
          {"schedule_id", exam.schedule_id},
          {"name", exam.name},
          {"starts_at", exam.starts_at},
          {"ends_at", exam.ends_at},
          {"grace_seconds", exam.grace_seconds},
          {"pack", exam.pack_id},
          {"question_count", exam.question_count},
          {"pass_mark", exam.pass_mark},
          {"status", status}};
}

nlohmann::json attempt_json(const ScheduledExam& exam, const ExamAttempt& attempt) {
  nlohmann::json out = {{"started_at", attempt.started_at},
                        {"submitted_at", attempt.submitted_at ? nlohmann::json(*attempt.submitted_at) : nlohmann::json()}};
  if (attempt.submitted_at) {
    out["score"] = attempt.score;
    out["total"] = exam.question_count;
    out["passed"] = attempt.score >= exam.pass_mark;
    out["late"] = attempt.late;
    out["counted"] = !attempt.late;
  }
  return out;
}

// The paper as a student sits it: without the answers and their explanations.
nlohmann::json paper_to_sit(const std::string& frozen) {
  nlohmann::json paper = nlohmann::json::parse(frozen, nullptr, false);
  if (paper.is_object() && paper.contains("questions") && paper["questions"].is_array()) {
    for (auto& question : paper["questions"]) {
      question.erase("correct");
      question.erase("explanation");
    }
  }
  return paper;
}

}  // namespace

bool ExamsApi::refused(httplib::Response& res, const ExamOutcome& outcome) {
  switch (outcome.refusal) {
    case ExamRefusal::none: return false;
    case ExamRefusal::not_found: send_error(res, 404, "not_found", "no exam with this id is yours to sit"); return true;
    case ExamRefusal::not_started: {
      nlohmann::json body = error_json("exam_not_started", "this exam has not started: it opens at its start time");
      body["error"]["starts_at"] = outcome.exam.starts_at;
      body["error"]["server_now"] = now();
      send_json(res, 403, body, kPrivate);
      return true;
    }
    case ExamRefusal::closed: send_error(res, 410, "exam_closed", "this exam has ended and was not started"); return true;
    case ExamRefusal::not_begun:
      send_error(res, 409, "exam_not_begun", "start the exam before submitting it (or submitting it gives its result)");
      return true;
    case ExamRefusal::already_submitted:
      send_error(res, 409, "already_submitted", "this exam was submitted already: one attempt per student");
      return true;
  }
  return false;
}

void ExamsApi::save_schedule(const httplib::Request& req, httplib::Response& res, const httplib::ContentReader& read_body, std::int64_t id) {
  std::string text;
  if (!read_whole_body(req, read_body, text)) return send_body_too_slow(res);
  const auto body = nlohmann::json::parse(text, nullptr, false);
  if (!body.is_object())
    return send_error(res, 400, "bad_request",
                      "send a JSON object {\"name\", \"days\", \"times\", \"pack\", \"blueprint\" or \"exam_set\", \"audience\"}");
  Diagnostics problems;
  ExamScheduleInput rule;
  auto text_of = [&](const char* key, bool required) -> std::string {
    if (body.contains(key) && body[key].is_string() && !body[key].get<std::string>().empty()) return body[key].get<std::string>();
    if (required || (body.contains(key) && !body[key].is_null())) problems.push_back(error(key, "must be a text that is not empty"));
    return {};
  };
  rule.name = text_of("name", true);
  rule.pack_id = text_of("pack", true);
  rule.blueprint = text_of("blueprint", false);
  rule.exam_set = text_of("exam_set", false);
  if (rule.blueprint.empty() == rule.exam_set.empty()) problems.push_back(error("blueprint", "name either a blueprint or an exam set of the pack"));
  auto times = parse_exam_times(body.value("days", nlohmann::json()), body.value("times", nlohmann::json()));
  if (!times) problems.insert(problems.end(), times.errors().begin(), times.errors().end());
  else rule.times = std::move(times).value();
  if (body.contains("grace_seconds")) {
    if (!body["grace_seconds"].is_number_integer() || body["grace_seconds"].get<std::int64_t>() < 0 ||
        body["grace_seconds"].get<std::int64_t>() > 3600)
      problems.push_back(error("grace_seconds", "is a whole number of seconds from 0 to 3600"));
    else rule.grace_seconds = body["grace_seconds"].get<std::int64_t>();
  }
  rule.audience = body.contains("audience") ? text_of("audience", true) : "everyone";
  if (rule.audience != "everyone" && rule.audience != "subscribers" && rule.audience != "class")
    problems.push_back(error("audience", "is everyone, subscribers or class"));
  if (rule.audience == "class") {
    if (!body.contains("class_id") || !body["class_id"].is_number_integer()) problems.push_back(error("class_id", "name the class that sits it"));
    else rule.class_id = body["class_id"].get<std::int64_t>();
  }
  if (body.contains("active")) {
    if (!body["active"].is_boolean()) problems.push_back(error("active", "is true or false"));
    else rule.active = body["active"].get<bool>();
  }
  if (!problems.empty()) return send_error(res, 400, "bad_request", "the schedule was not saved: see details", problems);
  auto saved = m_store.save_schedule(id > 0 ? std::optional<std::int64_t>(id) : std::nullopt, rule, now());
  if (!saved) {
    const auto& first = saved.errors().front();
    // The rule's own mistakes (draw_exam names the blueprint's fields "exam_blueprints.<id>...");
    // anything else is the database's.
    if (first.path == "pack" || first.path == "blueprint" || first.path == "exam_set" || first.path == "class_id" || first.path == "id" ||
        first.path.rfind("exam_blueprints", 0) == 0 || first.path.rfind("exam_sets", 0) == 0)
      return send_error(res, first.path == "id" ? 404 : 400, first.path == "id" ? "not_found" : "bad_request",
                        "the schedule was not saved: see details", saved.errors());
    return send_internal_error(m_log, req, res, saved.errors());
  }
  send_json(res, id > 0 ? 200 : 201, {{"schedule", schedule_json(saved.value())}}, kPrivate);
}

void ExamsApi::list_schedules(const httplib::Request& req, httplib::Response& res) {
  auto schedules = m_store.schedules();
  if (!schedules) return send_internal_error(m_log, req, res, schedules.errors());
  nlohmann::json listed = nlohmann::json::array();
  for (const auto& schedule : schedules.value()) listed.push_back(schedule_json(schedule));
  send_json(res, 200, {{"schedules", std::move(listed)}}, kPrivate);
}

void ExamsApi::overview(const httplib::Request& req, httplib::Response& res) {
  std::int64_t days = 7;
  if (req.has_param("days")) {
    const std::string text = req.get_param_value("days");
    const auto parsed = std::from_chars(text.data(), text.data() + text.size(), days);
    if (parsed.ec != std::errc() || parsed.ptr != text.data() + text.size() || days < 0 || days > 62)
      return send_error(res, 400, "bad_request", "the exams were not listed: see details",
                        {error("days", "is a whole number of days from 0 to 62, not \"" + text + "\"")});
  }
  const std::int64_t at = now();
  auto exams = m_store.overview(at - days * 24 * 3600, at + kExamHorizonSeconds);
  if (!exams) return send_internal_error(m_log, req, res, exams.errors());
  nlohmann::json listed = nlohmann::json::array();
  for (const ExamOverview& one : exams.value()) {
    nlohmann::json exam = exam_json(one.exam, at);
    exam["started"] = one.started;
    exam["submitted"] = one.submitted;
    exam["counted"] = one.counted;
    exam["passed"] = one.passed;
    exam["pass_rate"] =
        one.counted > 0 ? nlohmann::json(100.0 * static_cast<double>(one.passed) / static_cast<double>(one.counted)) : nlohmann::json();
    exam["mean_score"] = one.mean_score ? nlohmann::json(*one.mean_score) : nlohmann::json();
    listed.push_back(std::move(exam));
  }
  send_json(res, 200, {{"server_now", at}, {"exams", std::move(listed)}}, kPrivate);
}

void ExamsApi::list_exams(const httplib::Request& req, httplib::Response& res, const Caller& caller) {
  const std::int64_t at = now();
  auto exams = m_store.exams_for(caller.user_id, at - 24 * 3600, at + kExamHorizonSeconds, at);
  if (!exams) return send_internal_error(m_log, req, res, exams.errors());
  nlohmann::json listed = nlohmann::json::array();
  for (const auto& listing : exams.value()) {
    nlohmann::json one = exam_json(listing.exam, at);
    one["attempt"] = listing.attempt ? attempt_json(listing.exam, *listing.attempt) : nlohmann::json();
    listed.push_back(std::move(one));
  }
  auto remind_me = m_store.reminded_of_exams(caller.user_id);
  if (!remind_me) return send_internal_error(m_log, req, res, remind_me.errors());
  auto show_me = m_store.shown_in_rankings(caller.user_id);
  if (!show_me) return send_internal_error(m_log, req, res, show_me.errors());
  send_json(res, 200,
            {{"server_now", at}, {"exams", std::move(listed)}, {"choices", {{"remind_me", remind_me.value()}, {"show_me", show_me.value()}}}},
            kPrivate);
}

void ExamsApi::start(const httplib::Request& req, httplib::Response& res, const Caller& caller, std::int64_t exam_id) {
  auto outcome = m_store.start(exam_id, caller.user_id, now());
  if (!outcome) return send_internal_error(m_log, req, res, outcome.errors());
  if (refused(res, outcome.value())) return;
  send_json(res, 200,
            {{"exam", exam_json(outcome->exam, now())},
             {"attempt", attempt_json(outcome->exam, *outcome->attempt)},
             {"server_now", now()},
             {"paper", paper_to_sit(outcome->paper)}},
            kPrivate);
}

void ExamsApi::submit(const httplib::Request& req, httplib::Response& res, const httplib::ContentReader& read_body, const Caller& caller,
                      std::int64_t exam_id) {
  // The time of arrival is the time that counts, before the body is parsed.
  const std::int64_t arrived = now();
  std::string text;
  if (!read_whole_body(req, read_body, text)) return send_body_too_slow(res);
  const auto body = nlohmann::json::parse(text, nullptr, false);
  if (!body.is_object() || !body.contains("answers") || !body["answers"].is_object())
    return send_error(res, 400, "bad_request", "send a JSON object {\"answers\": {\"question id\": [choice indexes]}}");
  ExamAnswers answers;
  Diagnostics problems;
  for (const auto& [question, choices] : body["answers"].items()) {
    bool ok = choices.is_array();
    std::vector<std::size_t> chosen;
    if (ok) {
      for (const auto& choice : choices) {
        if (!choice.is_number_unsigned() || choice.get<std::uint64_t>() > 64) ok = false;
        else chosen.push_back(choice.get<std::size_t>());
      }
    }
    if (!ok) problems.push_back(error("answers." + question, "is a list of choice indexes (0, 1, ...)"));
    else answers[question] = std::move(chosen);
  }
  if (!problems.empty()) return send_error(res, 400, "bad_request", "the answers were not recorded: see details", problems);
  auto outcome = m_store.submit(exam_id, caller.user_id, answers, arrived);
  if (!outcome) return send_internal_error(m_log, req, res, outcome.errors());
  if (refused(res, outcome.value())) return;
  send_json(res, 200,
            {{"exam", exam_json(outcome->exam, now())},
             {"attempt", attempt_json(outcome->exam, *outcome->attempt)},
             {"paper", nlohmann::json::parse(outcome->paper, nullptr, false)}},
            kPrivate);
}

void ExamsApi::result(const httplib::Request& req, httplib::Response& res, const Caller& caller, std::int64_t exam_id) {
  auto outcome = m_store.result(exam_id, caller.user_id, now());
  if (!outcome) return send_internal_error(m_log, req, res, outcome.errors());
  if (refused(res, outcome.value())) return;
  send_json(res, 200,
            {{"exam", exam_json(outcome->exam, now())},
             {"attempt", attempt_json(outcome->exam, *outcome->attempt)},
             {"answers", nlohmann::json::parse(outcome->attempt->answers, nullptr, false)},
             {"paper", nlohmann::json::parse(outcome->paper, nullptr, false)}},
            kPrivate);
}

void ExamsApi::ranking(const httplib::Request& req, httplib::Response& res, const Caller& caller, std::int64_t exam_id) {
  auto rows = m_store.ranking(exam_id, caller.user_id, caller.role != Role::student, now());
  if (!rows) return send_internal_error(m_log, req, res, rows.errors());
  if (!rows.value()) return send_error(res, 404, "not_found", "no exam with this id is yours to see");
  auto shown = m_store.shown_in_rankings(caller.user_id);
  if (!shown) return send_internal_error(m_log, req, res, shown.errors());
  nlohmann::json listed = nlohmann::json::array();
  int rank = 0;
  for (const RankingRow& row : *rows.value())
    listed.push_back({{"rank", ++rank}, {"name", row.name}, {"score", row.score}, {"seconds", row.seconds}});
  send_json(res, 200, {{"exam", exam_id}, {"show_me", shown.value()}, {"ranking", std::move(listed)}}, kPrivate);
}

void ExamsApi::show_in_rankings(const httplib::Request& req, httplib::Response& res, const httplib::ContentReader& read_body, const Caller& caller) {
  std::string text;
  if (!read_whole_body(req, read_body, text)) return send_body_too_slow(res);
  const auto body = nlohmann::json::parse(text, nullptr, false);
  if (!body.is_object() || !body.contains("show_me") || !body["show_me"].is_boolean())
    return send_error(res, 400, "bad_request", "send a JSON object {\"show_me\": true or false}");
  const bool show = body["show_me"].get<bool>();
  if (auto set = m_store.show_in_rankings(caller.user_id, show); !set) return send_internal_error(m_log, req, res, set.errors());
  send_json(res, 200, {{"show_me", show}}, kPrivate);
}

void ExamsApi::remind_of_exams(const httplib::Request& req, httplib::Response& res, const httplib::ContentReader& read_body, const Caller& caller) {
  std::string text;
  if (!read_whole_body(req, read_body, text)) return send_body_too_slow(res);
  const auto body = nlohmann::json::parse(text, nullptr, false);
  if (!body.is_object() || !body.contains("remind_me") || !body["remind_me"].is_boolean())
    return send_error(res, 400, "bad_request", "send a JSON object {\"remind_me\": true or false}");
  const bool remind = body["remind_me"].get<bool>();
  if (auto set = m_store.remind_of_exams(caller.user_id, remind); !set) return send_internal_error(m_log, req, res, set.errors());
  send_json(res, 200, {{"remind_me", remind}}, kPrivate);
}

}  // namespace umuhanda
