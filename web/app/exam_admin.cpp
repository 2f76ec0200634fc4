// Scheduled exams for admins (see exam_admin.hpp).
#include "app/exam_admin.hpp"

#include <algorithm>

namespace umuhanda {
namespace {

std::vector<std::string> strings_of(const nlohmann::json& json, const char* key) {
  std::vector<std::string> out;
  if (!json.contains(key) || !json[key].is_array()) return out;
  for (const auto& item : json[key]) {
    if (item.is_string()) out.push_back(item.get<std::string>());
  }
  return out;
}

std::string text_of(const nlohmann::json& json, const char* key) {
  return json.contains(key) && json[key].is_string() ? json[key].get<std::string>() : std::string();
}

std::optional<double> number_of(const nlohmann::json& json, const char* key) {
  return json.contains(key) && json[key].is_number() ? std::optional<double>(json[key].get<double>()) : std::nullopt;
}

}  // namespace

std::optional<ExamRule> exam_rule_from(const nlohmann::json& json) {
  if (!json.is_object() || !json.contains("id") || !json["id"].is_number_integer()) return std::nullopt;
  ExamRule rule;
  rule.id = json["id"].get<std::int64_t>();
  rule.name = text_of(json, "name");
  rule.days = strings_of(json, "days");
  rule.times = strings_of(json, "times");
  rule.blueprint = text_of(json, "blueprint");
  rule.exam_set = text_of(json, "exam_set");
  rule.grace_seconds = json.value("grace_seconds", std::int64_t{0});
  rule.audience = text_of(json, "audience");
  rule.active = json.value("active", true);
  rule.saved = json;
  return rule;
}

std::optional<ExamSummary> exam_summary_from(const nlohmann::json& json) {
  if (!json.is_object() || !json.contains("id") || !json["id"].is_number_integer()) return std::nullopt;
  ExamSummary exam;
  exam.id = json["id"].get<std::int64_t>();
  exam.name = text_of(json, "name");
  exam.starts_at = json.value("starts_at", std::int64_t{0});
  exam.ends_at = json.value("ends_at", std::int64_t{0});
  exam.status = text_of(json, "status");
  exam.pack = text_of(json, "pack");
  exam.question_count = json.value("question_count", 0);
  exam.pass_mark = json.value("pass_mark", 0);
  exam.started = json.value("started", std::int64_t{0});
  exam.submitted = json.value("submitted", std::int64_t{0});
  exam.counted = json.value("counted", std::int64_t{0});
  exam.passed = json.value("passed", std::int64_t{0});
  exam.pass_rate = number_of(json, "pass_rate");
  exam.mean_score = number_of(json, "mean_score");
  return exam;
}

void ExamAdmin::load(std::int64_t now_ms) {
  if (m_loading) return;
  m_loading = true;
  m_loaded_at_ms = now_ms;
  ++m_revision;
  const std::uint64_t generation = m_generation;
  m_http.get("/api/v1/exam-schedules", {}, [this, generation](HttpResponse response) {
    if (generation != m_generation) return;
    ++m_revision;
    const auto json = nlohmann::json::parse(response.body, nullptr, false);
    if (!response.ok() || !json.is_object() || !json.contains("schedules") || !json["schedules"].is_array()) {
      m_problem = problem_of_answer(response).message;
      return;
    }
    m_rules.clear();
    for (const auto& item : json["schedules"]) {
      if (auto rule = exam_rule_from(item)) m_rules.push_back(std::move(*rule));
    }
    m_rules_loaded = true;
  });
  m_http.get("/api/v1/admin/exams?days=7", {}, [this, generation](HttpResponse response) {
    if (generation != m_generation) return;
    m_loading = false;
    ++m_revision;
    const auto json = nlohmann::json::parse(response.body, nullptr, false);
    if (!response.ok() || !json.is_object() || !json.contains("exams") || !json["exams"].is_array()) {
      m_problem = problem_of_answer(response).message;
      return;
    }
    m_problem.clear();
    m_exams.clear();
    for (const auto& item : json["exams"]) {
      if (auto exam = exam_summary_from(item)) m_exams.push_back(std::move(*exam));
    }
    m_exams_loaded = true;
    ++m_loads;
  });
}

void ExamAdmin::tick(std::int64_t now_ms) {
  if (!m_exams_loaded || m_loading || now_ms - m_loaded_at_ms < kLiveRefreshMs) return;
  const bool live = std::any_of(m_exams.begin(), m_exams.end(), [](const ExamSummary& exam) { return exam.status == "open"; });
  if (live) load(now_ms);
}

void ExamAdmin::set_active(std::int64_t rule_id, bool active, Done on_done) {
  const auto rule = std::find_if(m_rules.begin(), m_rules.end(), [&](const ExamRule& r) { return r.id == rule_id; });
  if (rule == m_rules.end() || m_busy) return;
  // The rule saved back as it is, with only `active` changed (the route takes the whole rule).
  nlohmann::json body = rule->saved;
  body.erase("id");
  body.erase("created_at");
  body.erase("updated_at");
  for (const char* key : {"blueprint", "exam_set", "class_id"}) {
    if (body.contains(key) && body[key].is_null()) body.erase(key);
  }
  body["active"] = active;
  m_busy = true;
  ++m_revision;
  const std::uint64_t generation = m_generation;
  m_http.send_json("POST", "/api/v1/exam-schedules/" + std::to_string(rule_id), body.dump(),
                   [this, generation, rule_id, active, on_done = std::move(on_done)](HttpResponse response) {
                     if (generation != m_generation) return;
                     m_busy = false;
                     ++m_revision;
                     if (!response.ok()) return on_done(problem_of_answer(response));
                     for (ExamRule& r : m_rules) {
                       if (r.id == rule_id) {
                         r.active = active;
                         r.saved["active"] = active;
                       }
                     }
                     on_done(std::nullopt);
                   });
}

void ExamAdmin::forget() {
  ++m_generation;
  m_rules.clear();
  m_exams.clear();
  m_rules_loaded = m_exams_loaded = m_busy = m_loading = false;
  m_problem.clear();
  ++m_revision;
}

nlohmann::json ExamAdmin::state_json() const {
  nlohmann::json rules = nlohmann::json::array();
  for (const ExamRule& rule : m_rules) rules.push_back({{"id", rule.id}, {"name", rule.name}, {"active", rule.active}});
  nlohmann::json exams = nlohmann::json::array();
  for (const ExamSummary& exam : m_exams) {
    exams.push_back({{"id", exam.id},
                     {"status", exam.status},
                     {"started", exam.started},
                     {"submitted", exam.submitted},
                     {"passed", exam.passed},
                     {"pass_rate", exam.pass_rate ? nlohmann::json(*exam.pass_rate) : nlohmann::json()}});
  }
  return {{"loaded", loaded()}, {"busy", m_busy}, {"problem", m_problem}, {"loads", m_loads}, {"rules", rules}, {"exams", exams}};
}

}  // namespace umuhanda
