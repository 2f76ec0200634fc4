// The people routes from the client (see people.hpp).
#include "app/people.hpp"

#include <cstdio>

#include "umuhanda/notification_text.hpp"  // format_rwf

namespace umuhanda {
namespace {

std::string text_of(const nlohmann::json& json, const char* key) {
  return json.contains(key) && json[key].is_string() ? json[key].get<std::string>() : std::string();
}
std::int64_t int_of(const nlohmann::json& json, const char* key) {
  return json.contains(key) && json[key].is_number_integer() ? json[key].get<std::int64_t>() : 0;
}

std::optional<RunningPlan> running_plan_from(const nlohmann::json& json) {
  if (!json.is_object()) return std::nullopt;
  RunningPlan plan;
  if (json.contains("plan") && json["plan"].is_object()) plan.plan_slug = text_of(json["plan"], "slug");
  plan.starts_at = int_of(json, "starts_at");
  plan.ends_at = int_of(json, "ends_at");
  plan.ended = json.value("ended", false);
  return plan;
}

const char* role_name(const std::string& role, const std::string& language) {
  const bool fr = language == "fr";
  if (role == "student") return fr ? "élève" : "student";
  if (role == "instructor") return fr ? "moniteur" : "instructor";
  if (role == "admin") return fr ? "administrateur" : "admin";
  return role.c_str();
}

std::string detail_text(const AuditRecord& record, const char* key) { return text_of(record.details, key); }

}  // namespace

std::optional<PersonSummary> person_summary_from(const nlohmann::json& json) {
  if (!json.is_object() || !json.contains("id") || !json["id"].is_number_integer() || !json.contains("name") || !json["name"].is_string()) {
    return std::nullopt;
  }
  PersonSummary person;
  person.id = json["id"].get<std::int64_t>();
  person.name = json["name"].get<std::string>();
  person.phone = text_of(json, "phone");
  person.email = text_of(json, "email");
  person.role = text_of(json, "role");
  person.disabled = json.value("disabled", false);
  person.created_at = int_of(json, "created_at");
  if (json.contains("subscription")) person.subscription = running_plan_from(json["subscription"]);
  return person;
}

std::optional<AuditRecord> audit_record_from(const nlohmann::json& json) {
  if (!json.is_object() || !json.contains("id") || !json["id"].is_number_integer() || !json.contains("action") || !json["action"].is_string()) {
    return std::nullopt;
  }
  AuditRecord record;
  record.id = json["id"].get<std::int64_t>();
  record.at = int_of(json, "at");
  if (json.contains("actor") && json["actor"].is_number_integer()) record.actor_id = json["actor"].get<std::int64_t>();
  record.actor_name = text_of(json, "actor_name");
  record.action = json["action"].get<std::string>();
  record.subject = text_of(json, "subject");
  if (json.contains("details") && json["details"].is_object()) record.details = json["details"];
  return record;
}

std::string audit_actor(const AuditRecord& record, const std::string& language) {
  if (!record.actor_id) return language == "fr" ? "Le serveur" : "The server";
  if (!record.actor_name.empty()) return record.actor_name;
  return (language == "fr" ? "Compte " : "Account ") + std::to_string(*record.actor_id);
}

std::string describe_audit_action(const AuditRecord& record, const std::string& language) {
  const bool fr = language == "fr";
  const std::string plan = detail_text(record, "plan");
  const std::string note = detail_text(record, "note");
  const std::string with_note = note.empty() ? std::string() : " (" + note + ")";
  const std::string& a = record.action;
  if (a == "payment.requested") {
    return (fr ? "a déclaré avoir payé " : "said they paid ") + format_rwf(int_of(record.details, "amount_rwf"), language) + " (" + record.subject +
           ")";
  }
  if (a == "payment.approved") {
    return (fr ? "a approuvé le paiement " : "approved payment ") + record.subject.substr(record.subject.find(':') + 1) + " (" +
           format_rwf(int_of(record.details, "amount_rwf"), language) + ")";
  }
  if (a == "payment.rejected") {
    return (fr ? "a refusé le paiement " : "rejected payment ") + record.subject.substr(record.subject.find(':') + 1) + ": " +
           detail_text(record, "reason");
  }
  if (a == "plan.saved") {
    return (fr ? "a enregistré la formule " : "saved the plan ") + record.subject.substr(record.subject.find(':') + 1) + " (" +
           format_rwf(int_of(record.details, "price_rwf"), language) + ")";
  }
  if (a == "subscription.granted") return (fr ? "a offert la formule " : "granted the plan ") + plan + with_note;
  if (a == "subscription.ended") return (fr ? "a clos la formule " : "ended the plan ") + plan + (fr ? " à son terme" : " at its end");
  if (a == "subscription.ended_early")
    return (fr ? "a arrêté la formule " : "stopped the plan ") + plan + (fr ? " avant terme" : " early") + with_note;
  if (a == "user.role_changed") {
    return std::string(fr ? "a changé le rôle de " : "changed the role of ") + detail_text(record, "name") + (fr ? " : " : ": ") +
           role_name(detail_text(record, "from"), language) + " → " + role_name(detail_text(record, "to"), language);
  }
  return a + " " + record.subject;
}

std::string url_query_escape(const std::string& text) {
  std::string escaped;
  for (unsigned char c : text) {
    if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.' || c == '~') {
      escaped += static_cast<char>(c);
    } else {
      char hex[4];
      std::snprintf(hex, sizeof hex, "%%%02X", c);
      escaped += hex;
    }
  }
  return escaped;
}

void People::search(const std::string& text, const std::string& role) {
  m_last_text = text;
  m_last_role = role;
  const std::uint64_t generation = m_generation;
  const std::uint64_t number = ++m_search_number;
  std::string url = "/api/v1/admin/users?q=" + url_query_escape(text);
  if (!role.empty()) url += "&role=" + url_query_escape(role);
  m_http.get(url, {}, [this, generation, number](HttpResponse response) {
    // Only the answer to the latest search counts: typing sends one per change.
    if (generation != m_generation || number != m_search_number) return;
    ++m_revision;
    const auto json = nlohmann::json::parse(response.body, nullptr, false);
    if (!response.ok() || !json.is_object() || !json.contains("users") || !json["users"].is_array()) {
      m_problem = problem_of_answer(response).message;
      return;
    }
    m_problem.clear();
    m_found.clear();
    for (const auto& item : json["users"]) {
      if (auto person = person_summary_from(item)) m_found.push_back(std::move(*person));
    }
    m_searched = true;
  });
}

void People::open(std::int64_t user_id) {
  if (m_open != user_id) {
    m_person.reset();
    m_subscriptions.clear();
    m_payments.clear();
    m_trail.clear();
  }
  m_open = user_id;
  ++m_revision;
  const std::uint64_t generation = m_generation;
  m_http.get("/api/v1/admin/users/" + std::to_string(user_id), {}, [this, generation, user_id](HttpResponse response) {
    if (generation != m_generation || user_id != m_open) return;
    ++m_revision;
    const auto json = nlohmann::json::parse(response.body, nullptr, false);
    std::optional<PersonSummary> person = json.is_object() && json.contains("user") ? person_summary_from(json["user"]) : std::nullopt;
    if (!response.ok() || !person) {
      m_problem = problem_of_answer(response).message;
      return;
    }
    m_problem.clear();
    m_person = std::move(person);
    // The search's row follows what the account is now.
    for (PersonSummary& row : m_found) {
      if (row.id == user_id) row = *m_person;
    }
    m_subscriptions.clear();
    if (json.contains("subscriptions") && json["subscriptions"].is_array()) {
      for (const auto& item : json["subscriptions"]) {
        if (!item.is_object()) continue;
        const auto running = running_plan_from(item);
        m_subscriptions.push_back(SubscriptionRecord{int_of(item, "id"), running->plan_slug, running->starts_at, running->ends_at, running->ended,
                                                     item.contains("payment") && !item["payment"].is_null()});
      }
    }
    m_payments.clear();
    if (json.contains("payments") && json["payments"].is_array()) {
      for (const auto& item : json["payments"]) {
        if (auto record = payment_record_from(item)) m_payments.push_back(std::move(*record));
      }
    }
  });
  load_trail(user_id);
}

void People::load_trail(std::int64_t user_id) {
  const std::uint64_t generation = m_generation;
  m_http.get("/api/v1/admin/audit?subject=user:" + std::to_string(user_id), {}, [this, generation, user_id](HttpResponse response) {
    if (generation != m_generation || user_id != m_open) return;
    ++m_revision;
    const auto json = nlohmann::json::parse(response.body, nullptr, false);
    if (!response.ok() || !json.is_object() || !json.contains("entries") || !json["entries"].is_array()) return;
    m_trail.clear();
    for (const auto& item : json["entries"]) {
      if (auto record = audit_record_from(item)) m_trail.push_back(std::move(*record));
    }
  });
}

void People::load_audit() {
  const std::uint64_t generation = m_generation;
  m_http.get("/api/v1/admin/audit", {}, [this, generation](HttpResponse response) {
    if (generation != m_generation) return;
    ++m_revision;
    const auto json = nlohmann::json::parse(response.body, nullptr, false);
    if (!response.ok() || !json.is_object() || !json.contains("entries") || !json["entries"].is_array()) {
      m_problem = problem_of_answer(response).message;
      return;
    }
    m_problem.clear();
    m_audit.clear();
    for (const auto& item : json["entries"]) {
      if (auto record = audit_record_from(item)) m_audit.push_back(std::move(*record));
    }
    m_audit_loaded = true;
  });
}

void People::change(const std::string& url, const nlohmann::json& body, std::int64_t user_id, Done on_done) {
  if (m_busy) return;
  m_busy = true;
  ++m_revision;
  const std::uint64_t generation = m_generation;
  m_http.send_json("POST", url, body.dump(), [this, generation, user_id, on_done = std::move(on_done)](HttpResponse response) {
    if (generation != m_generation) return;
    m_busy = false;
    ++m_revision;
    if (!response.ok()) return on_done(problem_of_answer(response));
    if (user_id == m_open) open(user_id);
    on_done(std::nullopt);
  });
}

void People::set_role(std::int64_t user_id, const std::string& role, Done on_done) {
  change("/api/v1/users/" + std::to_string(user_id) + "/role", {{"role", role}}, user_id, std::move(on_done));
}

void People::grant(std::int64_t user_id, std::int64_t plan_id, const std::string& note, Done on_done) {
  change("/api/v1/users/" + std::to_string(user_id) + "/subscriptions", {{"plan_id", plan_id}, {"note", note}}, user_id, std::move(on_done));
}

void People::end_subscription(std::int64_t user_id, const std::string& note, Done on_done) {
  change("/api/v1/users/" + std::to_string(user_id) + "/subscriptions/end", {{"note", note}}, user_id, std::move(on_done));
}

void People::forget() {
  ++m_generation;
  ++m_revision;
  m_found.clear();
  m_searched = false;
  m_open = 0;
  m_person.reset();
  m_subscriptions.clear();
  m_payments.clear();
  m_trail.clear();
  m_audit.clear();
  m_audit_loaded = false;
  m_busy = false;
  m_problem.clear();
}

nlohmann::json People::state_json() const {
  nlohmann::json found = nlohmann::json::array();
  for (const PersonSummary& person : m_found) {
    found.push_back({{"id", person.id},
                     {"name", person.name},
                     {"role", person.role},
                     {"disabled", person.disabled},
                     {"plan", person.subscription ? person.subscription->plan_slug : ""}});
  }
  nlohmann::json state = {{"found", found},       {"searched", m_searched},  {"open", m_open},         {"busy", m_busy},
                          {"problem", m_problem}, {"trail", m_trail.size()}, {"audit", m_audit.size()}};
  if (m_person) {
    state["person"] = {{"id", m_person->id},
                       {"name", m_person->name},
                       {"role", m_person->role},
                       {"disabled", m_person->disabled},
                       {"plan", m_person->subscription ? m_person->subscription->plan_slug : ""},
                       {"subscriptions", m_subscriptions.size()},
                       {"payments", m_payments.size()}};
  }
  return state;
}

}  // namespace umuhanda
