// Plans and payment requests over HTTP (see payments_api.hpp).
#include "payments_api.hpp"

#include <httplib.h>

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

Expected<std::vector<Plan>> read_plans_file(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) return Expected<std::vector<Plan>>::failure(file.string(), "cannot be read");
  const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const auto json = nlohmann::json::parse(text, nullptr, false);
  if (json.is_discarded()) return Expected<std::vector<Plan>>::failure(file.string(), "is not JSON");
  Diagnostics errors;
  JsonReader root(json, "", errors);
  std::vector<Plan> plans;
  root.for_each_object("plans", Field::required, [&](JsonReader& entry) {
    Plan plan;
    plan.slug = entry.string("slug");
    const bool slug_ok =
        !plan.slug.empty() && plan.slug.size() <= 32 && plan.slug.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789-") == std::string::npos;
    if (!slug_ok) entry.report("slug", "is \"" + plan.slug.substr(0, 40) + "\": 1 to 32 lower-case letters, digits and dashes");
    if (auto names = entry.find("names")) {
      if (names->expect_object()) {
        for (const auto& [language, name] : names->value().items()) {
          if (name.is_string() && !name.get<std::string>().empty()) plan.names[language] = name.get<std::string>();
          else names->report(language, "must be the plan's name in this language (a non-empty string)");
        }
        if (!plan.names.count("en")) names->report("needs at least the English name (\"en\"), the one every interface falls back to");
      }
    }
    plan.duration_seconds = entry.int64("duration_seconds");
    if (plan.duration_seconds <= 0 && entry.ok()) entry.report("duration_seconds", "must be at least 1");
    if (entry.value().contains("price_rwf") && entry.value()["price_rwf"].is_null()) {
      entry.report("price_rwf", "is not set: set the price the school charges for this plan, in Rwandan francs");
    } else {
      plan.price_rwf = entry.int64("price_rwf");
      if (plan.price_rwf <= 0 && entry.ok()) entry.report("price_rwf", "must be at least 1 (Rwandan francs)");
    }
    if (entry.value().contains("packs") && !entry.value()["packs"].is_null()) plan.packs = entry.strings("packs");
    plan.active = entry.find_boolean("active", Field::optional).value_or(true);
    plans.push_back(std::move(plan));
  });
  if (!errors.empty()) {
    for (Diagnostic& problem : errors) problem.path = file.string() + ": " + (problem.path.empty() ? "(top)" : problem.path);
    return errors;
  }
  return plans;
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
