// The admins' plans editor over the server's JSON routes (see plan_editor.hpp).
#include "app/plan_editor.hpp"

#include <algorithm>

#include "app/account.hpp"  // problem_of_answer

namespace umuhanda {
namespace {

constexpr std::int64_t kHour = 3'600, kDay = 86'400;

std::int64_t unit_seconds(DurationUnit unit) { return unit == DurationUnit::days ? kDay : kHour; }

}  // namespace

PlanDraft draft_of(const PlanOffer& plan) {
  PlanDraft draft;
  draft.id = plan.id;
  draft.slug = plan.slug;
  draft.names = plan.names;
  const std::int64_t seconds = plan.duration_seconds;
  draft.unit = seconds % kDay == 0 ? DurationUnit::days : DurationUnit::hours;
  const std::int64_t each = unit_seconds(draft.unit);
  draft.duration = std::to_string(std::max<std::int64_t>(1, (seconds + each / 2) / each));
  draft.kept_seconds = seconds;
  draft.kept_duration = draft.duration;
  draft.kept_unit = draft.unit;
  draft.price = std::to_string(plan.price_rwf);
  draft.active = plan.active;
  draft.every_pack = plan.every_pack;
  draft.packs = plan.packs;
  return draft;
}

std::optional<std::int64_t> parse_whole_number(std::string_view text) {
  std::int64_t value = 0;
  std::size_t digits = 0;
  for (const char c : text) {
    if (c == ',' || c == ' ') continue;
    if (c < '0' || c > '9' || ++digits > 15) return std::nullopt;
    value = value * 10 + (c - '0');
  }
  if (digits == 0) return std::nullopt;
  return value;
}

PlanBody plan_body(const PlanDraft& draft) {
  PlanBody body;
  nlohmann::json names = nlohmann::json::object();
  for (const auto& [language, name] : draft.names) {
    if (!name.empty()) names[language] = name;
  }
  body.json = {{"slug", draft.slug}, {"names", names}, {"active", draft.active}};
  if (draft.duration == draft.kept_duration && draft.unit == draft.kept_unit && draft.kept_seconds > 0) {
    body.json["duration_seconds"] = draft.kept_seconds;
  } else if (auto count = parse_whole_number(draft.duration)) {
    body.json["duration_seconds"] = *count * unit_seconds(draft.unit);
  } else {
    body.errors["duration_seconds"] = "is \"" + draft.duration + "\": write a whole number of hours or days";
  }
  if (auto price = parse_whole_number(draft.price)) body.json["price_rwf"] = *price;
  else body.errors["price_rwf"] = "is \"" + draft.price + "\": write the price in whole Rwandan francs, like 5000";
  body.json["packs"] = draft.every_pack ? nlohmann::json() : nlohmann::json(draft.packs);
  return body;
}

std::string plan_field_of(std::string_view path) {
  for (const std::string_view field : {"slug", "duration_seconds", "price_rwf", "packs", "active"}) {
    if (path == field || (path.starts_with(field) && (path[field.size()] == '[' || path[field.size()] == '.'))) return std::string(field);
  }
  if (path.starts_with("names")) return path == "names" ? "names.en" : std::string(path);
  return "";
}

std::string PlanEditor::error_of(std::string_view field) const {
  const auto found = m_errors.find(std::string(field));
  return found == m_errors.end() ? std::string() : found->second;
}

void PlanEditor::load() {
  const std::uint64_t generation = m_generation;
  ++m_revision;
  m_http.get("/api/v1/admin/plans", {}, [this, generation](HttpResponse response) {
    if (generation != m_generation) return;
    ++m_revision;
    const auto json = nlohmann::json::parse(response.body, nullptr, false);
    if (!response.ok() || !json.is_object() || !json.contains("plans") || !json["plans"].is_array()) {
      m_problem = problem_of_answer(response).message;
      return;
    }
    m_problem.clear();
    m_plans.clear();
    for (const auto& item : json["plans"]) {
      if (auto plan = plan_offer_from(item)) m_plans.push_back(std::move(*plan));
    }
    // Offered first, then the shortest, then the cheapest: the order students see them in.
    std::stable_sort(m_plans.begin(), m_plans.end(), [](const PlanOffer& a, const PlanOffer& b) {
      if (a.active != b.active) return a.active;
      if (a.duration_seconds != b.duration_seconds) return a.duration_seconds < b.duration_seconds;
      return a.price_rwf < b.price_rwf;
    });
    m_loaded = true;
  });
  m_http.get("/api/v1/packs", {}, [this, generation](HttpResponse response) {
    if (generation != m_generation) return;
    const auto json = nlohmann::json::parse(response.body, nullptr, false);
    if (!response.ok() || !json.is_object() || !json.contains("packs") || !json["packs"].is_array()) return;
    ++m_revision;
    m_packs.clear();
    for (const auto& item : json["packs"]) {
      if (!item.is_object() || !item.contains("id") || !item["id"].is_string()) continue;
      PlanPackChoice pack{item["id"].get<std::string>(), item["id"].get<std::string>(), item.value("access", std::string()) == "restricted"};
      if (item.contains("title") && item["title"].is_object() && item["title"].contains("en") && item["title"]["en"].is_string()) {
        pack.title = item["title"]["en"].get<std::string>();
      }
      m_packs.push_back(std::move(pack));
    }
    // The restricted packs first: the only ones a plan changes anything for.
    std::stable_sort(m_packs.begin(), m_packs.end(), [](const PlanPackChoice& a, const PlanPackChoice& b) { return a.restricted && !b.restricted; });
  });
}

void PlanEditor::edit(const std::string& slug) {
  const auto plan = std::find_if(m_plans.begin(), m_plans.end(), [&](const PlanOffer& p) { return p.slug == slug; });
  if (plan == m_plans.end() || m_busy) return;
  m_draft = draft_of(*plan);
  m_errors.clear();
  m_saved.clear();
  ++m_revision;
}

void PlanEditor::create() {
  if (m_busy) return;
  m_draft = PlanDraft{};
  m_draft->duration = "1";
  m_errors.clear();
  m_saved.clear();
  ++m_revision;
}

void PlanEditor::close() {
  if (m_busy) return;
  m_draft.reset();
  m_errors.clear();
  ++m_revision;
}

void PlanEditor::save() {
  if (!m_draft || m_busy) return;
  PlanBody body = plan_body(*m_draft);
  m_errors = std::move(body.errors);
  m_problem.clear();
  ++m_revision;
  if (!m_errors.empty()) return;
  m_busy = true;
  const std::uint64_t generation = m_generation;
  const std::string slug = m_draft->slug;
  m_http.send_json("POST", "/api/v1/admin/plans", body.json.dump(), [this, generation, slug](HttpResponse response) {
    if (generation != m_generation) return;
    m_busy = false;
    ++m_revision;
    if (response.ok()) {
      m_draft.reset();
      m_saved = slug;
      load();
      return;
    }
    const AccountProblem problem = problem_of_answer(response);
    const auto json = nlohmann::json::parse(response.body, nullptr, false);
    bool placed = false;
    if (response.status == 400 && json.is_object() && json.contains("error") && json["error"].is_object() && json["error"].contains("details") &&
        json["error"]["details"].is_array()) {
      for (const auto& detail : json["error"]["details"]) {
        if (!detail.is_object() || !detail.contains("message") || !detail["message"].is_string()) continue;
        const std::string path = detail.value("path", std::string());
        std::string& kept = m_errors[plan_field_of(path)];
        // One field may get several reasons ("packs[0]", "packs[2]"): each with its place.
        const std::string said = (plan_field_of(path) == path ? "" : path + ": ") + detail["message"].get<std::string>();
        kept += (kept.empty() ? "" : "\n") + said;
        placed = true;
      }
    }
    if (!placed) m_problem = problem.message;
  });
}

void PlanEditor::forget() {
  ++m_generation;
  m_plans.clear();
  m_packs.clear();
  m_loaded = m_busy = false;
  m_draft.reset();
  m_errors.clear();
  m_problem.clear();
  m_saved.clear();
  ++m_revision;
}

nlohmann::json PlanEditor::state_json() const {
  nlohmann::json plans = nlohmann::json::array();
  for (const PlanOffer& plan : m_plans) {
    plans.push_back({{"slug", plan.slug},
                     {"price_rwf", plan.price_rwf},
                     {"duration_seconds", plan.duration_seconds},
                     {"active", plan.active},
                     {"packs", plan.every_pack ? nlohmann::json() : nlohmann::json(plan.packs)}});
  }
  nlohmann::json draft;
  if (m_draft) {
    draft = {{"id", m_draft->id},
             {"slug", m_draft->slug},
             {"duration", m_draft->duration},
             {"unit", m_draft->unit == DurationUnit::days ? "days" : "hours"},
             {"price", m_draft->price},
             {"active", m_draft->active},
             {"every_pack", m_draft->every_pack},
             {"packs", m_draft->packs}};
  }
  return {{"loaded", m_loaded}, {"busy", m_busy},     {"problem", m_problem}, {"plans", plans},
          {"draft", draft},     {"errors", m_errors}, {"saved", m_saved},     {"pack_choices", m_packs.size()}};
}

}  // namespace umuhanda
