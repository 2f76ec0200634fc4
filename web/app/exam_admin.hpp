// The admins' view of scheduled exams (docs/exams.md, docs/api.md): the rules that generate them,
// switched on and off here, and each exam of the last week and ahead with how many started,
// submitted and passed, refreshed while one is open. Online only.
#pragma once

#include <cstdint>
#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "app/account.hpp"
#include "platform/http_client.hpp"

namespace umuhanda {

struct ExamRule {
  std::int64_t id = 0;
  std::string name;
  std::vector<std::string> days;   // "MON" ...
  std::vector<std::string> times;  // "08:20" ...
  std::string blueprint, exam_set;
  std::int64_t grace_seconds = 0;
  std::string audience;
  bool active = true;
  nlohmann::json saved;  // as the server sent it: saved back whole with `active` changed
};

struct ExamSummary {
  std::int64_t id = 0;
  std::string name;
  std::int64_t starts_at = 0, ends_at = 0;
  std::string status;  // "upcoming", "open", "closed"
  std::string pack;
  int question_count = 0, pass_mark = 0;
  std::int64_t started = 0, submitted = 0, counted = 0, passed = 0;
  std::optional<double> pass_rate;   // % of the counted
  std::optional<double> mean_score;  // questions right, of the counted
};

class ExamAdmin {
public:
  using Done = std::function<void(std::optional<AccountProblem>)>;
  // While an exam is open its counts are asked again this often.
  static constexpr std::int64_t kLiveRefreshMs = 15000;

  explicit ExamAdmin(HttpClient& http) : m_http(http) {}

  void load(std::int64_t now_ms);  // the rules and the exams
  // Asks again when an exam is open and the last answer is kLiveRefreshMs old.
  void tick(std::int64_t now_ms);
  void set_active(std::int64_t rule_id, bool active, Done on_done);
  void forget();

  const std::vector<ExamRule>& rules() const { return m_rules; }
  const std::vector<ExamSummary>& exams() const { return m_exams; }
  bool loaded() const { return m_rules_loaded && m_exams_loaded; }
  bool busy() const { return m_busy; }
  const std::string& problem() const { return m_problem; }
  std::uint64_t revision() const { return m_revision; }
  std::size_t loads() const { return m_loads; }  // exam lists received (the live refresh counts)
  nlohmann::json state_json() const;

private:
  HttpClient& m_http;
  std::vector<ExamRule> m_rules;
  std::vector<ExamSummary> m_exams;
  bool m_rules_loaded = false, m_exams_loaded = false, m_busy = false, m_loading = false;
  std::string m_problem;
  std::int64_t m_loaded_at_ms = 0;
  std::size_t m_loads = 0;
  std::uint64_t m_revision = 0;
  std::uint64_t m_generation = 0;
};

std::optional<ExamRule> exam_rule_from(const nlohmann::json& json);
std::optional<ExamSummary> exam_summary_from(const nlohmann::json& json);

}  // namespace umuhanda
