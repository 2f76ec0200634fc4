// Payments over the server's JSON routes (see payments.hpp).
#include "app/payments.hpp"

#include <algorithm>
#include <cstdio>

namespace umuhanda {
namespace {

std::string text_of(const nlohmann::json& json, const char* key) {
  return json.contains(key) && json[key].is_string() ? json[key].get<std::string>() : std::string();
}

}  // namespace

std::optional<PlanOffer> plan_offer_from(const nlohmann::json& json) {
  if (!json.is_object() || !json.contains("id") || !json["id"].is_number_integer() || !json.contains("slug") || !json["slug"].is_string()) {
    return std::nullopt;
  }
  PlanOffer plan;
  plan.id = json["id"].get<std::int64_t>();
  plan.slug = json["slug"].get<std::string>();
  if (json.contains("names") && json["names"].is_object()) {
    for (const auto& [language, name] : json["names"].items()) {
      if (name.is_string()) plan.names[language] = name.get<std::string>();
    }
  }
  plan.duration_seconds = json.value("duration_seconds", std::int64_t{0});
  plan.price_rwf = json.value("price_rwf", std::int64_t{0});
  plan.active = json.value("active", true);
  if (json.contains("packs") && json["packs"].is_array()) {
    plan.every_pack = false;
    for (const auto& pack : json["packs"]) {
      if (pack.is_string()) plan.packs.push_back(pack.get<std::string>());
    }
  }
  return plan;
}

const std::string& PlanOffer::name_in(const std::string& language) const {
  if (auto found = names.find(language); found != names.end() && !found->second.empty()) return found->second;
  if (auto found = names.find("en"); found != names.end() && !found->second.empty()) return found->second;
  return slug;
}

std::optional<PaymentRecord> payment_record_from(const nlohmann::json& json) {
  if (!json.is_object() || !json.contains("id") || !json["id"].is_number_integer() || !json.contains("state") || !json["state"].is_string()) {
    return std::nullopt;
  }
  PaymentRecord record;
  record.id = json["id"].get<std::int64_t>();
  if (json.contains("user") && json["user"].is_object()) {
    record.user_id = json["user"].value("id", std::int64_t{0});
    record.user_name = json["user"].value("name", std::string());
  }
  if (json.contains("plan") && json["plan"].is_object()) {
    record.plan_id = json["plan"].value("id", std::int64_t{0});
    record.plan_slug = json["plan"].value("slug", std::string());
  }
  record.amount_rwf = json.value("amount_rwf", std::int64_t{0});
  record.operator_id = text_of(json, "operator");
  record.payer_phone = text_of(json, "payer_phone");
  record.transaction_id = text_of(json, "transaction_id");
  record.state = json["state"].get<std::string>();
  record.reason = text_of(json, "reason");
  record.created_at = json.value("created_at", std::int64_t{0});
  if (json.contains("decided_at") && json["decided_at"].is_number_integer()) record.decided_at = json["decided_at"].get<std::int64_t>();
  return record;
}

std::string describe_duration(std::int64_t seconds, const std::string& language) {
  const bool french = language == "fr";
  auto count = [&](std::int64_t n, const char* en_one, const char* en_many, const char* fr_one, const char* fr_many) {
    return std::to_string(n) + " " + (french ? (n == 1 ? fr_one : fr_many) : (n == 1 ? en_one : en_many));
  };
  if (seconds >= 86'400 && seconds % 86'400 == 0) return count(seconds / 86'400, "day", "days", "jour", "jours");
  if (seconds >= 3'600 && seconds % 3'600 == 0) return count(seconds / 3'600, "hour", "hours", "heure", "heures");
  const std::int64_t minutes = std::max<std::int64_t>(1, (seconds + 59) / 60);
  return count(minutes, "minute", "minutes", "minute", "minutes");
}

std::string operator_display_name(const std::vector<PayeeOperator>& operators, const std::string& id) {
  for (const PayeeOperator& op : operators) {
    if (op.id == id && !op.name.empty()) return op.name;
  }
  if (id == "mtn") return "MTN MoMo";
  if (id == "airtel") return "Airtel Money";
  return id;
}

void Payments::load_offer() {
  const std::uint64_t generation = m_generation;
  m_http.get("/api/v1/plans", {}, [this, generation](HttpResponse response) {
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
      if (auto plan = plan_offer_from(item); plan && plan->active && plan->price_rwf > 0) m_plans.push_back(std::move(*plan));
    }
    // Cheapest first: the order a student compares them in.
    std::stable_sort(m_plans.begin(), m_plans.end(), [](const PlanOffer& a, const PlanOffer& b) { return a.price_rwf < b.price_rwf; });
    m_operators.clear();
    if (json.contains("operators") && json["operators"].is_array()) {
      for (const auto& item : json["operators"]) {
        if (!item.is_object()) continue;
        PayeeOperator op{text_of(item, "id"), text_of(item, "name"), text_of(item, "payee"), text_of(item, "merchant_code"), text_of(item, "ussd")};
        if (!op.id.empty()) m_operators.push_back(std::move(op));
      }
    }
    m_offer_loaded = true;
  });
}

void Payments::load_mine() {
  const std::uint64_t generation = m_generation;
  m_http.get("/api/v1/me/subscription", {}, [this, generation](HttpResponse response) {
    if (generation != m_generation) return;
    ++m_revision;
    const auto json = nlohmann::json::parse(response.body, nullptr, false);
    if (!response.ok() || !json.is_object() || !json.contains("payments") || !json["payments"].is_array()) {
      m_problem = problem_of_answer(response).message;
      return;
    }
    m_problem.clear();
    m_running.reset();
    if (json.contains("subscription") && json["subscription"].is_object()) {
      const auto& running = json["subscription"];
      RunningPlan plan;
      if (running.contains("plan") && running["plan"].is_object()) plan.plan_slug = running["plan"].value("slug", std::string());
      plan.starts_at = running.value("starts_at", std::int64_t{0});
      plan.ends_at = running.value("ends_at", std::int64_t{0});
      plan.ended = running.value("ended", false);
      if (!plan.ended) m_running = std::move(plan);
    }
    m_mine.clear();
    for (const auto& item : json["payments"]) {
      if (auto record = payment_record_from(item)) m_mine.push_back(std::move(*record));
    }
    m_mine_loaded = true;
  });
}

void Payments::request(std::int64_t plan_id, const std::string& operator_id, const std::string& payer_phone, const std::string& transaction_id,
                       Done on_done) {
  if (m_busy) return;
  m_busy = true;
  ++m_revision;
  const nlohmann::json body = {{"plan_id", plan_id}, {"operator", operator_id}, {"payer_phone", payer_phone}, {"transaction_id", transaction_id}};
  const std::uint64_t generation = m_generation;
  m_http.send_json("POST", "/api/v1/payments", body.dump(), [this, generation, on_done = std::move(on_done)](HttpResponse response) {
    if (generation != m_generation) return;
    m_busy = false;
    ++m_revision;
    const auto json = nlohmann::json::parse(response.body, nullptr, false);
    std::optional<PaymentRecord> record = json.is_object() && json.contains("payment") ? payment_record_from(json["payment"]) : std::nullopt;
    if (!response.ok() || !record) return on_done(problem_of_answer(response));
    m_mine.insert(m_mine.begin(), std::move(*record));
    on_done(std::nullopt);
  });
}

void Payments::load_queue() {
  const std::uint64_t generation = m_generation;
  m_http.get("/api/v1/payments?state=pending", {}, [this, generation](HttpResponse response) {
    if (generation != m_generation) return;
    ++m_revision;
    const auto json = nlohmann::json::parse(response.body, nullptr, false);
    if (!response.ok() || !json.is_object() || !json.contains("payments") || !json["payments"].is_array()) {
      m_problem = problem_of_answer(response).message;
      return;
    }
    m_problem.clear();
    m_queue.clear();
    for (const auto& item : json["payments"]) {
      if (auto record = payment_record_from(item); record && record->state == "pending") m_queue.push_back(std::move(*record));
    }
    m_queue_loaded = true;
  });
}

void Payments::decided(std::int64_t payment_id, HttpResponse response, const Done& on_done) {
  m_busy = false;
  ++m_revision;
  // Decided now, or by someone else before (409 already_decided): either way it waits no more.
  if (response.ok() || response.status == 409) {
    std::erase_if(m_queue, [payment_id](const PaymentRecord& record) { return record.id == payment_id; });
  }
  if (!response.ok()) return on_done(problem_of_answer(response));
  on_done(std::nullopt);
}

void Payments::approve(std::int64_t payment_id, Done on_done) { decide(payment_id, "approve", "{}", std::move(on_done)); }

void Payments::reject(std::int64_t payment_id, const std::string& reason, Done on_done) {
  decide(payment_id, "reject", nlohmann::json{{"reason", reason}}.dump(), std::move(on_done));
}

void Payments::decide(std::int64_t payment_id, const char* decision, std::string body, Done on_done) {
  if (m_busy) return;
  m_busy = true;
  ++m_revision;
  const std::uint64_t generation = m_generation;
  m_http.send_json("POST", "/api/v1/payments/" + std::to_string(payment_id) + "/" + decision, std::move(body),
                   [this, generation, payment_id, on_done = std::move(on_done)](HttpResponse response) {
                     if (generation == m_generation) decided(payment_id, std::move(response), on_done);
                   });
}

void Payments::forget() {
  ++m_generation;
  m_running.reset();
  m_mine.clear();
  m_mine_loaded = false;
  m_queue.clear();
  m_queue_loaded = false;
  m_busy = false;
  ++m_revision;
}

const PlanOffer* Payments::find_plan(std::int64_t id) const {
  auto found = std::find_if(m_plans.begin(), m_plans.end(), [id](const PlanOffer& plan) { return plan.id == id; });
  return found == m_plans.end() ? nullptr : &*found;
}

const PlanOffer* Payments::find_plan(const std::string& slug) const {
  auto found = std::find_if(m_plans.begin(), m_plans.end(), [&slug](const PlanOffer& plan) { return plan.slug == slug; });
  return found == m_plans.end() ? nullptr : &*found;
}

std::size_t Payments::pending_count() const {
  return static_cast<std::size_t>(std::count_if(m_mine.begin(), m_mine.end(), [](const PaymentRecord& r) { return r.state == "pending"; }));
}

nlohmann::json Payments::state_json() const {
  auto records = [](const std::vector<PaymentRecord>& list) {
    nlohmann::json out = nlohmann::json::array();
    for (const PaymentRecord& r : list) {
      out.push_back(
          {{"id", r.id}, {"plan", r.plan_slug}, {"amount_rwf", r.amount_rwf}, {"state", r.state}, {"reason", r.reason}, {"user", r.user_name}});
    }
    return out;
  };
  nlohmann::json plans = nlohmann::json::array();
  for (const PlanOffer& plan : m_plans) plans.push_back({{"id", plan.id}, {"slug", plan.slug}, {"price_rwf", plan.price_rwf}});
  nlohmann::json state = {{"offer_loaded", m_offer_loaded},
                          {"plans", plans},
                          {"operators", m_operators.size()},
                          {"mine_loaded", m_mine_loaded},
                          {"requests", records(m_mine)},
                          {"queue_loaded", m_queue_loaded},
                          {"queue", records(m_queue)},
                          {"busy", m_busy},
                          {"problem", m_problem}};
  state["running"] = m_running ? nlohmann::json{{"plan", m_running->plan_slug}, {"ends_at", m_running->ends_at}} : nlohmann::json();
  return state;
}

}  // namespace umuhanda
