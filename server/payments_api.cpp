// Plans and payment requests over HTTP (see payments_api.hpp).
#include "payments_api.hpp"

#include <httplib.h>

#include <algorithm>
#include <fstream>
#include <nlohmann/json.hpp>

#include "content_store.hpp"  // kPrivate
#include "request_bodies.hpp"
#include "responses.hpp"
#include "server_app.hpp"
#include "system_clock.hpp"
#include "umuhanda/json_reader.hpp"
#include "umuhanda/subscription_rules.hpp"

namespace umuhanda {
namespace {

nlohmann::json plan_json(const Plan& plan) {
  nlohmann::json names = nlohmann::json::object();
  for (const auto& [language, name] : plan.names) names[language] = name;
  nlohmann::json json = {
      {"id", plan.id},        {"slug", plan.slug}, {"names", names}, {"duration_seconds", plan.duration_seconds}, {"price_rwf", plan.price_rwf},
      {"active", plan.active}};
  json["packs"] = plan.packs ? nlohmann::json(*plan.packs) : nlohmann::json();  // null: every restricted pack
  return json;
}

}  // namespace

nlohmann::json payment_json(const PaymentRequest& payment) {
  nlohmann::json json = {{"id", payment.id},
                         {"user", {{"id", payment.user_id}, {"name", payment.user_name}}},
                         {"plan", {{"id", payment.plan_id}, {"slug", payment.plan_slug}}},
                         {"amount_rwf", payment.amount_rwf},
                         {"operator", payment.operator_name},
                         {"payer_phone", payment.payer_phone},
                         {"transaction_id", payment.transaction_id},
                         {"state", std::string(to_string(payment.state))},
                         {"created_at", payment.created_at}};
  if (payment.reason) json["reason"] = *payment.reason;
  if (payment.decided_at) json["decided_at"] = *payment.decided_at;
  return json;
}

nlohmann::json subscription_json(const Subscription& subscription) {
  return {{"id", subscription.id},
          {"plan", {{"id", subscription.plan_id}, {"slug", subscription.plan_slug}}},
          {"starts_at", subscription.starts_at},
          {"ends_at", subscription.ends_at},
          {"ended", subscription.ended},
          {"payment", subscription.payment_id ? nlohmann::json(*subscription.payment_id) : nlohmann::json()}};  // null: granted by staff
}

Expected<PaymentInstructions> read_payment_instructions(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) return Expected<PaymentInstructions>::failure(file.string(), "cannot be read");
  const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const auto json = nlohmann::json::parse(text, nullptr, false);
  if (json.is_discarded()) return Expected<PaymentInstructions>::failure(file.string(), "is not JSON");
  Diagnostics errors;
  JsonReader root(json, "", errors);
  PaymentInstructions instructions;
  root.for_each_object("operators", Field::required, [&](JsonReader& entry) {
    PaymentOperator op{entry.string("id"), entry.string("name"), entry.string("payee"), entry.string("merchant_code"),
                       entry.find_string("ussd", Field::optional).value_or("")};
    if (!op.id.empty() && !is_known_operator(op.id)) entry.report("id", "is \"" + op.id + "\": \"mtn\" (MTN MoMo) or \"airtel\" (Airtel Money)");
    instructions.operators.push_back(std::move(op));
  });
  if (!errors.empty()) {
    for (Diagnostic& problem : errors) problem.path = file.string() + ": " + problem.path;
    return errors;
  }
  return instructions;
}

namespace {

// One plan's fields, as a plans file and the admin's editor write them: every mistake reported at
// its field ("price_rwf", "names.en"), so the editor shows each next to its input.
Plan read_plan(JsonReader& entry) {
  Plan plan;
  plan.slug = entry.string("slug");
  if (entry.value().contains("slug") && entry.value()["slug"].is_string() && !is_plan_slug(plan.slug)) {
    entry.report("slug", "is \"" + plan.slug.substr(0, 50) + "\": 1 to 40 lower-case letters (a-z), digits and dashes");
  }
  if (auto names = entry.find("names")) {
    if (names->expect_object()) {
      for (const auto& [language, name] : names->value().items()) {
        if (language != "en" && language != "fr" && language != "rw") {
          names->report(language, "is not a language of the app: en (English), fr (French) or rw (Kinyarwanda)");
        } else if (!name.is_string() || name.get<std::string>().find_first_not_of(" \t") == std::string::npos) {
          if (!name.is_null() || language == "en") names->report(language, "must be the plan's name in this language (a text that is not empty)");
        } else if (name.get<std::string>().size() > kMaxPlanNameBytes) {
          names->report(language, "is longer than " + std::to_string(kMaxPlanNameBytes) + " bytes: students read it on a phone");
        } else {
          plan.names[language] = name.get<std::string>();
        }
      }
      if (!names->value().contains("en")) names->report("en", "is missing: the English name is required, the one every screen falls back to");
    }
  }
  const bool duration_set = entry.value().contains("duration_seconds") && entry.value()["duration_seconds"].is_number_integer();
  plan.duration_seconds = entry.int64("duration_seconds");
  if (duration_set && (plan.duration_seconds < 1 || plan.duration_seconds > kMaxPlanDurationSeconds)) {
    entry.report("duration_seconds", "is " + std::to_string(plan.duration_seconds) + ": a plan runs from 1 second to ten years (" +
                                         std::to_string(kMaxPlanDurationSeconds) + " s)");
  }
  if (entry.value().contains("price_rwf") && entry.value()["price_rwf"].is_null()) {
    entry.report("price_rwf", "is not set: set the price the school charges for this plan, in Rwandan francs");
  } else {
    const bool price_set = entry.value().contains("price_rwf") && entry.value()["price_rwf"].is_number_integer();
    plan.price_rwf = entry.int64("price_rwf");
    if (price_set && (plan.price_rwf < 1 || plan.price_rwf > kMaxPlanPriceRwf)) {
      entry.report("price_rwf", "is " + std::to_string(plan.price_rwf) + ": a whole number of Rwandan francs from 1 to " +
                                    std::to_string(kMaxPlanPriceRwf) + " (a free place is a grant, not a plan)");
    }
  }
  if (entry.value().contains("packs") && !entry.value()["packs"].is_null()) {
    plan.packs = entry.strings("packs");
    if (entry.value()["packs"].is_array() && plan.packs->empty()) {
      entry.report("packs", "is empty: null opens every restricted pack, or name at least one pack");
    }
  }
  plan.active = entry.find_boolean("active", Field::optional).value_or(true);
  return plan;
}

}  // namespace

Expected<std::vector<Plan>> read_plans_file(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) return Expected<std::vector<Plan>>::failure(file.string(), "cannot be read");
  const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const auto json = nlohmann::json::parse(text, nullptr, false);
  if (json.is_discarded()) return Expected<std::vector<Plan>>::failure(file.string(), "is not JSON");
  Diagnostics errors;
  JsonReader root(json, "", errors);
  std::vector<Plan> plans;
  root.for_each_object("plans", Field::required, [&](JsonReader& entry) { plans.push_back(read_plan(entry)); });
  if (!errors.empty()) {
    for (Diagnostic& problem : errors) problem.path = file.string() + ": " + (problem.path.empty() ? "(top)" : problem.path);
    return errors;
  }
  return plans;
}

Expected<Plan> parse_plan_body(std::string_view text, const std::function<bool(const std::string&)>& pack_exists) {
  const auto json = nlohmann::json::parse(text, nullptr, false);
  if (!json.is_object()) {
    return Expected<Plan>::failure("", "send a JSON object {\"slug\", \"names\", \"duration_seconds\", \"price_rwf\", \"packs\", \"active\"}");
  }
  Diagnostics errors;
  JsonReader root(json, "", errors);
  Plan plan = read_plan(root);
  if (plan.packs) {
    for (std::size_t i = 0; i < plan.packs->size(); ++i) {
      const std::string& id = (*plan.packs)[i];
      const std::string path = "packs[" + std::to_string(i) + "]";
      if (std::find(plan.packs->begin(), plan.packs->begin() + static_cast<std::ptrdiff_t>(i), id) !=
          plan.packs->begin() + static_cast<std::ptrdiff_t>(i)) {
        errors.push_back(error(path, "\"" + id + "\" is named twice"));
      } else if (!pack_exists(id)) {
        errors.push_back(error(path, "is \"" + id.substr(0, 70) + "\": no pack has this id (GET /api/v1/packs lists them)"));
      }
    }
  }
  if (!errors.empty()) return errors;
  return plan;
}

void PaymentsApi::plans(const httplib::Request&, httplib::Response& res) {
  auto offered = m_store.plans(true);
  if (!offered) return send_error(res, 500, "internal_error", "the plans cannot be read now");
  nlohmann::json plans = nlohmann::json::array();
  for (const Plan& plan : offered.value()) plans.push_back(plan_json(plan));
  nlohmann::json operators = nlohmann::json::array();
  for (const PaymentOperator& op : m_instructions.operators) {
    operators.push_back({{"id", op.id}, {"name", op.name}, {"payee", op.payee}, {"merchant_code", op.merchant_code}, {"ussd", op.ussd}});
  }
  // The same for everyone, and it changes when an admin edits a plan: revalidated every time.
  send_json(res, 200, {{"plans", plans}, {"operators", operators}}, "no-cache");
}

void PaymentsApi::all_plans(const httplib::Request& req, httplib::Response& res, const Caller& caller) {
  if (caller.role != Role::admin) return send_error(res, 403, "forbidden", "only admins edit plans");
  auto all = m_store.plans(false);
  if (!all) return send_internal_error(m_log, req, res, all.errors());
  nlohmann::json plans = nlohmann::json::array();
  for (const Plan& plan : all.value()) plans.push_back(plan_json(plan));
  send_json(res, 200, {{"plans", plans}}, kPrivate);
}

void PaymentsApi::save_plan(const httplib::Request& req, httplib::Response& res, const httplib::ContentReader& read_body, const Caller& caller,
                            const std::function<bool(const std::string&)>& pack_exists) {
  if (caller.role != Role::admin) return send_error(res, 403, "forbidden", "only admins edit plans");
  std::string text;
  if (!read_whole_body(req, read_body, text)) return send_body_too_slow(res);
  auto plan = parse_plan_body(text, pack_exists);
  if (!plan) return send_error(res, 400, "bad_request", "the plan was not saved: see details", plan.errors());
  auto before = m_store.plans(false);
  if (!before) return send_internal_error(m_log, req, res, before.errors());
  const bool known = std::any_of(before->begin(), before->end(), [&](const Plan& p) { return p.slug == plan->slug; });
  // Payment requests keep the amount they were made for: a new price counts from the next request.
  auto saved = m_store.save_plan(plan.value(), caller.user_id, unix_now());
  if (!saved) return send_internal_error(m_log, req, res, saved.errors());
  send_json(res, known ? 200 : 201, {{"plan", plan_json(saved.value())}}, kPrivate);
}

void PaymentsApi::send_refusal(httplib::Response& res, const PaymentOutcome& outcome) {
  switch (outcome.refusal) {
    case PaymentRefusal::no_such_plan:
      return send_error(res, 404, "no_such_plan", "this plan is not offered (any more): choose one of /api/v1/plans");
    case PaymentRefusal::transaction_id_used:
      return send_error(res, 409, "transaction_id_used",
                        "this transaction id was already sent: each payment is claimed once (check the SMS, or ask the school's staff)");
    case PaymentRefusal::no_such_payment: return send_error(res, 404, "not_found", "no payment request has this id");
    case PaymentRefusal::already_decided:
      return send_error(
          res, 409, "already_decided",
          "this payment request was already " + std::string(to_string(outcome.payment ? outcome.payment->state : PaymentState::approved)));
    case PaymentRefusal::none: break;
  }
}

void PaymentsApi::request(const httplib::Request& req, httplib::Response& res, const httplib::ContentReader& read_body, const Caller& caller) {
  std::string text;
  if (!read_whole_body(req, read_body, text)) return send_body_too_slow(res);
  auto body = parse_payment_request_body(text);
  if (!body) return send_error(res, 400, "bad_request", "this payment cannot be sent: see details", body.errors());
  const auto& b = body.value();
  auto outcome = m_store.request_payment(NewPaymentRequest{caller.user_id, b.plan_id, b.operator_name, b.payer_phone, b.transaction_id, unix_now()});
  if (!outcome) return send_internal_error(m_log, req, res, outcome.errors());
  if (outcome->refusal != PaymentRefusal::none) return send_refusal(res, outcome.value());
  send_json(res, 201, {{"payment", payment_json(*outcome->payment)}}, kPrivate);
}

void PaymentsApi::mine(const httplib::Request& req, httplib::Response& res, const Caller& caller) {
  auto active = m_store.active_subscription(caller.user_id, unix_now());
  if (!active) return send_internal_error(m_log, req, res, active.errors());
  auto payments = m_store.payments(std::nullopt, caller.user_id, 50);
  if (!payments) return send_internal_error(m_log, req, res, payments.errors());
  nlohmann::json listed = nlohmann::json::array();
  for (const PaymentRequest& payment : payments.value()) listed.push_back(payment_json(payment));
  send_json(res, 200, {{"subscription", active.value() ? subscription_json(*active.value()) : nlohmann::json()}, {"payments", listed}}, kPrivate);
}

void PaymentsApi::entitlement(const httplib::Request& req, httplib::Response& res, const Caller& caller) {
  const UnixSeconds now = unix_now();
  auto grant = m_store.running_grant(caller.user_id, now);
  if (!grant) return send_internal_error(m_log, req, res, grant.errors());
  if (!grant.value()) return send_json(res, 200, {{"entitlement", nullptr}}, kPrivate);
  const PackGrant& running = *grant.value();
  Entitlement signed_for{{}, caller.user_id, running.subscription.plan_slug, running.packs, now, running.subscription.ends_at};
  nlohmann::json body = {{"entitlement", m_signer.sign(signed_for)},
                         {"plan", running.subscription.plan_slug},
                         {"issued_at", now},
                         {"expires_at", running.subscription.ends_at}};
  body["packs"] = running.packs ? nlohmann::json(*running.packs) : nlohmann::json();
  send_json(res, 200, body, kPrivate);
}

void PaymentsApi::list(const httplib::Request& req, httplib::Response& res, const Caller&) {
  std::optional<PaymentState> state;
  if (req.has_param("state")) {
    state = payment_state_from(req.get_param_value("state"));
    if (!state) return send_error(res, 400, "bad_request", "state: one of pending, approved, rejected");
  }
  auto payments = m_store.payments(state, std::nullopt, 200);
  if (!payments) return send_internal_error(m_log, req, res, payments.errors());
  nlohmann::json listed = nlohmann::json::array();
  for (const PaymentRequest& payment : payments.value()) listed.push_back(payment_json(payment));
  send_json(res, 200, {{"payments", listed}}, kPrivate);
}

void PaymentsApi::approve(const httplib::Request& req, httplib::Response& res, const httplib::ContentReader& read_body, const Caller& caller,
                          std::int64_t payment_id) {
  std::string ignored;  // none, or a few bytes that say nothing
  if (!read_whole_body(req, read_body, ignored)) return send_body_too_slow(res);
  auto outcome = m_store.approve(payment_id, caller.user_id, unix_now());
  if (!outcome) return send_internal_error(m_log, req, res, outcome.errors());
  if (outcome->refusal != PaymentRefusal::none) return send_refusal(res, outcome.value());
  send_json(res, 200, {{"payment", payment_json(*outcome->payment)}, {"subscription", subscription_json(*outcome->subscription)}}, kPrivate);
}

void PaymentsApi::reject(const httplib::Request& req, httplib::Response& res, const httplib::ContentReader& read_body, const Caller& caller,
                         std::int64_t payment_id) {
  std::string text;
  if (!read_whole_body(req, read_body, text)) return send_body_too_slow(res);
  auto reason = parse_payment_rejection_body(text);
  if (!reason) return send_error(res, 400, "bad_request", "say why the payment is rejected: see details", reason.errors());
  auto outcome = m_store.reject(payment_id, caller.user_id, reason.value(), unix_now());
  if (!outcome) return send_internal_error(m_log, req, res, outcome.errors());
  if (outcome->refusal != PaymentRefusal::none) return send_refusal(res, outcome.value());
  send_json(res, 200, {{"payment", payment_json(*outcome->payment)}}, kPrivate);
}

void PaymentsApi::grant(const httplib::Request& req, httplib::Response& res, const httplib::ContentReader& read_body, const Caller& caller,
                        std::int64_t user_id) {
  if (caller.role != Role::admin) return send_error(res, 403, "forbidden", "only admins grant plans");
  std::string text;
  if (!read_whole_body(req, read_body, text)) return send_body_too_slow(res);
  const auto body = nlohmann::json::parse(text, nullptr, false);
  if (!body.is_object() || !body.contains("plan_id") || !body["plan_id"].is_number_integer() ||
      (body.contains("note") && !body["note"].is_string())) {
    return send_error(res, 400, "bad_request", "send a JSON object {\"plan_id\": 3, \"note\": \"why, for the audit log\"}");
  }
  const std::string note = body.value("note", std::string()).substr(0, 300);
  auto granted = m_store.grant(user_id, body["plan_id"].get<std::int64_t>(), caller.user_id, note, unix_now());
  if (!granted) return send_internal_error(m_log, req, res, granted.errors());
  if (!granted.value()) return send_error(res, 404, "not_found", "no student has this id, or no plan has that id");
  send_json(res, 201, {{"subscription", subscription_json(*granted.value())}}, kPrivate);
}

void PaymentsApi::audit(const httplib::Request& req, httplib::Response& res, const Caller& caller) {
  if (caller.role != Role::admin) return send_error(res, 403, "forbidden", "only admins read the audit log");
  std::optional<std::string> subject;
  if (req.has_param("subject")) subject = req.get_param_value("subject").substr(0, 100);
  auto entries = m_store.audit(subject, 500);
  if (!entries) return send_internal_error(m_log, req, res, entries.errors());
  nlohmann::json listed = nlohmann::json::array();
  for (const AuditEntry& entry : entries.value()) {
    nlohmann::json details = nlohmann::json::parse(entry.details, nullptr, false);
    if (!details.is_object()) details = nlohmann::json::object();
    listed.push_back({{"id", entry.id},
                      {"at", entry.at},
                      {"actor", entry.actor_id ? nlohmann::json(*entry.actor_id) : nlohmann::json()},
                      {"action", entry.action},
                      {"subject", entry.subject},
                      {"details", std::move(details)},
                      {"actor_name", entry.actor_name ? nlohmann::json(*entry.actor_name) : nlohmann::json()}});
  }
  send_json(res, 200, {{"entries", std::move(listed)}}, kPrivate);
}

}  // namespace umuhanda
