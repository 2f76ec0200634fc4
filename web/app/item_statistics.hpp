// The staff's view of the item statistics the server computes (docs/api.md, "Item statistics"):
// the figures of each question and exam, read into the core's types, and the sorting, filtering
// and histogram the screen shows. Online only; nothing is stored on the device.
#pragma once

#include <array>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "platform/http_client.hpp"
#include "umuhanda/item_statistics.hpp"

namespace umuhanda {

enum class ItemSort { question, facility, discrimination, attempts, flags };
inline constexpr const char* kItemSortNames[] = {"question", "facility", "discrimination", "attempts", "flags"};

// An exam's figures and what the server calls it (a scheduled exam's rule name), if anything.
struct ExamFigures {
  ExamStatistic statistic;
  std::string name;
};

class ItemStatisticsReport {
public:
  explicit ItemStatisticsReport(HttpClient& http) : m_http(http) {}

  // Asks for `pack_id`'s statistics over the attempts `selection` keeps; the previous answer stays
  // on display until the new one arrives.
  // `exam` ("scheduled:7", "set:exam-01") keeps one exam's attempts; "" the whole pack.
  void load(const std::string& pack_id, AttemptSelection selection, const std::string& exam = "");
  const std::string& exam() const { return m_exam; }
  // Asks the statistics screen, when it next opens, for `exam`'s attempts only (an exam's results
  // lead there); taken once.
  void request_exam(std::string exam) { m_requested_exam = std::move(exam); }
  std::string take_requested_exam() { return std::exchange(m_requested_exam, std::string()); }
  void forget();  // signed out

  bool loaded() const { return m_loaded; }
  bool busy() const { return m_busy; }
  const std::string& problem() const { return m_problem; }
  std::uint64_t revision() const { return m_revision; }
  AttemptSelection selection() const { return m_selection; }
  std::size_t attempts() const { return m_attempts; }
  std::size_t students() const { return m_students; }
  const std::vector<ItemStatistic>& items() const { return m_items; }
  const std::vector<ExamFigures>& exams() const { return m_exams; }
  const ItemStatistic* find(std::string_view question_id) const;

  // The questions to list: flagged ones only if asked, in `sort` order (largest first when
  // `descending`); questions without the figure sorted on (no discrimination yet) come last, and
  // ties go by question id.
  std::vector<const ItemStatistic*> view(ItemSort sort, bool descending, bool flagged_only) const;
  std::size_t flagged() const;
  // How many questions have a facility in each tenth: [0, 10), [10, 20) ... [90, 100].
  std::array<std::size_t, 10> facility_histogram() const;

  nlohmann::json state_json() const;

private:
  HttpClient& m_http;
  std::string m_pack_id;
  std::string m_exam;
  std::string m_requested_exam;
  AttemptSelection m_selection = AttemptSelection::first;
  std::vector<ItemStatistic> m_items;
  std::vector<ExamFigures> m_exams;
  std::size_t m_attempts = 0, m_students = 0;
  bool m_loaded = false;
  bool m_busy = false;
  std::string m_problem;
  std::uint64_t m_revision = 0;
  std::uint64_t m_generation = 0;
};

// One question's figures from the server's JSON, or nullopt when it is not one.
std::optional<ItemStatistic> item_statistic_from(const nlohmann::json& json);
std::optional<ItemFlagKind> item_flag_kind_from(std::string_view name);

}  // namespace umuhanda
