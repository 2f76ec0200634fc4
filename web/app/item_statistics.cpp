// Item statistics for the staff (see item_statistics.hpp).
#include "app/item_statistics.hpp"

#include <algorithm>
#include <tuple>

#include "app/account.hpp"

namespace umuhanda {
namespace {

std::optional<double> optional_number(const nlohmann::json& json, const char* key) {
  if (!json.contains(key) || !json[key].is_number()) return std::nullopt;
  return json[key].get<double>();
}

std::optional<ExamFigures> exam_figures_from(const nlohmann::json& json) {
  if (!json.is_object() || !json.contains("exam") || !json["exam"].is_string()) return std::nullopt;
  ExamFigures figures;
  ExamStatistic& exam = figures.statistic;
  exam.exam = json["exam"].get<std::string>();
  exam.attempts = json.value("attempts", std::size_t{0});
  exam.items = json.value("items", std::size_t{0});
  exam.mean = optional_number(json, "mean").value_or(0.0);
  exam.sd = optional_number(json, "sd").value_or(0.0);
  exam.alpha = optional_number(json, "alpha");
  exam.error_ratio = optional_number(json, "error_ratio");
  exam.standard_error = optional_number(json, "standard_error");
  if (json.contains("name") && json["name"].is_string()) figures.name = json["name"].get<std::string>();
  return figures;
}

}  // namespace

std::optional<ItemFlagKind> item_flag_kind_from(std::string_view name) {
  for (ItemFlagKind kind : {ItemFlagKind::hard, ItemFlagKind::easy, ItemFlagKind::negative_discrimination, ItemFlagKind::weak_discrimination,
                            ItemFlagKind::unused_distractor}) {
    if (to_string(kind) == name) return kind;
  }
  return std::nullopt;
}

std::optional<ItemStatistic> item_statistic_from(const nlohmann::json& json) {
  if (!json.is_object() || !json.contains("id") || !json["id"].is_string()) return std::nullopt;
  ItemStatistic item;
  item.question_id = json["id"].get<std::string>();
  item.attempts = json.value("attempts", std::size_t{0});
  item.facility = optional_number(json, "facility").value_or(0.0);
  item.sd = optional_number(json, "sd").value_or(0.0);
  item.discrimination = optional_number(json, "discrimination");
  item.efficiency = optional_number(json, "efficiency");
  item.unanswered = json.value("unanswered", std::size_t{0});
  if (json.contains("choices") && json["choices"].is_array()) {
    for (const auto& choice : json["choices"]) {
      if (!choice.is_object()) continue;
      item.choices.push_back(
          {choice.value("picked", std::size_t{0}), optional_number(choice, "percent").value_or(0.0), choice.value("correct", false)});
    }
  }
  if (json.contains("flags") && json["flags"].is_array()) {
    for (const auto& flag : json["flags"]) {
      // A flag of a newer server, unknown here, is left out rather than shown wrongly.
      const auto kind =
          flag.is_object() && flag.contains("kind") && flag["kind"].is_string() ? item_flag_kind_from(flag["kind"].get<std::string>()) : std::nullopt;
      if (!kind) continue;
      ItemFlag read{*kind, std::nullopt, flag.value("reason", std::string())};
      if (flag.contains("choice") && flag["choice"].is_number_unsigned()) read.choice = flag["choice"].get<std::size_t>();
      item.flags.push_back(std::move(read));
    }
  }
  return item;
}

void ItemStatisticsReport::load(const std::string& pack_id, AttemptSelection selection, const std::string& exam) {
  m_pack_id = pack_id;
  m_exam = exam;
  m_selection = selection;
  m_busy = true;
  ++m_revision;
  const std::uint64_t generation = ++m_generation;
  const std::string path = "/api/v1/packs/" + pack_id + "/item-statistics?attempts=" + (selection == AttemptSelection::all ? "all" : "first");
  m_http.get(path, {}, [this, generation](HttpResponse response) {
    if (generation != m_generation) return;  // a newer request (or a sign-out) replaced it
    m_busy = false;
    ++m_revision;
    const auto json = nlohmann::json::parse(response.body, nullptr, false);
    if (!response.ok() || !json.is_object() || !json.contains("questions") || !json["questions"].is_array()) {
      m_problem = problem_of_answer(response).message;
      return;
    }
    m_problem.clear();
    m_items.clear();
    m_exams.clear();
    for (const auto& item : json["questions"]) {
      if (auto read = item_statistic_from(item)) m_items.push_back(std::move(*read));
    }
    if (json.contains("exams") && json["exams"].is_array()) {
      for (const auto& listed : json["exams"]) {
        if (auto read = exam_figures_from(listed)) m_exams.push_back(std::move(*read));
      }
    }
    m_attempts = json.value("attempts", std::size_t{0});
    m_students = json.value("students", std::size_t{0});
    m_loaded = true;
  });
}

void ItemStatisticsReport::forget() {
  ++m_generation;
  m_items.clear();
  m_exams.clear();
  m_attempts = m_students = 0;
  m_loaded = m_busy = false;
  m_problem.clear();
  ++m_revision;
}

const ItemStatistic* ItemStatisticsReport::find(std::string_view question_id) const {
  const auto found = std::find_if(m_items.begin(), m_items.end(), [&](const ItemStatistic& item) { return item.question_id == question_id; });
  return found == m_items.end() ? nullptr : &*found;
}

std::vector<const ItemStatistic*> ItemStatisticsReport::view(ItemSort sort, bool descending, bool flagged_only) const {
  std::vector<const ItemStatistic*> shown;
  for (const ItemStatistic& item : m_items) {
    if (!flagged_only || !item.flags.empty()) shown.push_back(&item);
  }
  // The figure sorted on, or nullopt when the question has none (it goes last either way).
  auto figure = [sort](const ItemStatistic& item) -> std::optional<double> {
    switch (sort) {
      case ItemSort::question: return 0.0;
      case ItemSort::facility: return item.facility;
      case ItemSort::discrimination: return item.discrimination;
      case ItemSort::attempts: return static_cast<double>(item.attempts);
      case ItemSort::flags: return static_cast<double>(item.flags.size());
    }
    return std::nullopt;
  };
  std::stable_sort(shown.begin(), shown.end(), [&](const ItemStatistic* a, const ItemStatistic* b) {
    const auto x = figure(*a), y = figure(*b);
    if (x.has_value() != y.has_value()) return x.has_value();
    if (x && *x != *y) return descending ? *x > *y : *x < *y;
    return sort == ItemSort::question && descending ? a->question_id > b->question_id : a->question_id < b->question_id;
  });
  return shown;
}

std::size_t ItemStatisticsReport::flagged() const {
  return static_cast<std::size_t>(std::count_if(m_items.begin(), m_items.end(), [](const ItemStatistic& item) { return !item.flags.empty(); }));
}

std::array<std::size_t, 10> ItemStatisticsReport::facility_histogram() const {
  std::array<std::size_t, 10> bins{};
  for (const ItemStatistic& item : m_items) {
    const int bin = std::clamp(static_cast<int>(item.facility / 10.0), 0, 9);  // 100 % goes with the nineties
    ++bins[static_cast<std::size_t>(bin)];
  }
  return bins;
}

nlohmann::json ItemStatisticsReport::state_json() const {
  nlohmann::json items = nlohmann::json::array();
  for (const ItemStatistic& item : m_items) {
    nlohmann::json flags = nlohmann::json::array();
    for (const ItemFlag& flag : item.flags) flags.push_back(to_string(flag.kind));
    items.push_back({{"id", item.question_id},
                     {"attempts", item.attempts},
                     {"facility", item.facility},
                     {"discrimination", item.discrimination ? nlohmann::json(*item.discrimination) : nlohmann::json()},
                     {"flags", std::move(flags)}});
  }
  nlohmann::json exams = nlohmann::json::array();
  for (const ExamFigures& exam : m_exams) {
    exams.push_back({{"exam", exam.statistic.exam},
                     {"attempts", exam.statistic.attempts},
                     {"alpha", exam.statistic.alpha ? nlohmann::json(*exam.statistic.alpha) : nlohmann::json()}});
  }
  return {{"loaded", m_loaded},       {"busy", m_busy},
          {"problem", m_problem},     {"selection", m_selection == AttemptSelection::all ? "all" : "first"},
          {"exam", m_exam},           {"attempts", m_attempts},
          {"students", m_students},   {"items", std::move(items)},
          {"exams", std::move(exams)}};
}

}  // namespace umuhanda
