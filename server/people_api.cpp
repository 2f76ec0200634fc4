// The people routes (see people_api.hpp).
#include "people_api.hpp"

#include <httplib.h>

#include <nlohmann/json.hpp>

#include "content_store.hpp"  // kPrivate
#include "payments_api.hpp"   // payment_json, subscription_json
#include "request_bodies.hpp"
#include "responses.hpp"
#include "server_app.hpp"
#include "system_clock.hpp"

namespace umuhanda {
namespace {

constexpr std::size_t kMaxSearchBytes = 100;

nlohmann::json user_json(const User& user, const std::optional<Subscription>& running) {
  nlohmann::json json = {{"id", user.id},
                         {"name", user.name},
                         {"role", std::string(to_string(user.role))},
                         {"created_at", user.created_at},
                         {"disabled", user.disabled()},
                         {"language", user.language}};
  json["phone"] = user.phone ? nlohmann::json(*user.phone) : nlohmann::json();
  json["email"] = user.email ? nlohmann::json(*user.email) : nlohmann::json();
  json["subscription"] = running ? subscription_json(*running) : nlohmann::json();
  return json;
}

}  // namespace

bool PeopleApi::admin_only(httplib::Response& res, const Caller& caller) {
  if (caller.role == Role::admin) return true;
  send_error(res, 403, "forbidden", "only admins manage people and their roles");
  return false;
}

void PeopleApi::search(const httplib::Request& req, httplib::Response& res, const Caller& caller) {
  if (!admin_only(res, caller)) return;
  UserSearch search;
  search.text = req.get_param_value("q");
  if (search.text.size() > kMaxSearchBytes) return send_error(res, 400, "bad_request", "q: at most 100 bytes: a name or a phone number");
  if (req.has_param("role") && !req.get_param_value("role").empty()) {
    search.role = role_from(req.get_param_value("role"));
    if (!search.role) return send_error(res, 400, "bad_request", "role: one of student, instructor, admin");
  }
  auto users = m_accounts.find_users(search);
  if (!users) return send_internal_error(m_log, req, res, users.errors());
  const UnixSeconds now = unix_now();
  nlohmann::json listed = nlohmann::json::array();
  for (const User& user : users.value()) {
    std::optional<Subscription> running;
    if (user.role == Role::student) {
      auto found = m_subscriptions.active_subscription(user.id, now);
      if (!found) return send_internal_error(m_log, req, res, found.errors());
      running = found.value();
    }
    listed.push_back(user_json(user, running));
  }
  send_json(res, 200, {{"users", std::move(listed)}, {"limit", search.limit}}, kPrivate);
}

void PeopleApi::show(const httplib::Request& req, httplib::Response& res, const Caller& caller, std::int64_t user_id) {
  if (!admin_only(res, caller)) return;
  auto user = m_accounts.find_user(user_id);
  if (!user) return send_internal_error(m_log, req, res, user.errors());
  if (!user.value()) return send_error(res, 404, "not_found", "no account has this id");
  auto running = m_subscriptions.active_subscription(user_id, unix_now());
  if (!running) return send_internal_error(m_log, req, res, running.errors());
  auto subscriptions = m_subscriptions.subscriptions_of(user_id);
  if (!subscriptions) return send_internal_error(m_log, req, res, subscriptions.errors());
  auto payments = m_subscriptions.payments(std::nullopt, user_id, 100);
  if (!payments) return send_internal_error(m_log, req, res, payments.errors());
  nlohmann::json body = {
      {"user", user_json(*user.value(), running.value())}, {"subscriptions", nlohmann::json::array()}, {"payments", nlohmann::json::array()}};
  for (const Subscription& subscription : subscriptions.value()) body["subscriptions"].push_back(subscription_json(subscription));
  for (const PaymentRequest& payment : payments.value()) body["payments"].push_back(payment_json(payment));
  send_json(res, 200, body, kPrivate);
}

void PeopleApi::set_role(const httplib::Request& req, httplib::Response& res, const httplib::ContentReader& read_body, const Caller& caller,
                         std::int64_t user_id) {
  if (!admin_only(res, caller)) return;
  std::string text;
  if (!read_whole_body(req, read_body, text)) return send_body_too_slow(res);
  const auto body = nlohmann::json::parse(text, nullptr, false);
  std::optional<Role> role;
  if (body.is_object() && body.contains("role") && body["role"].is_string()) role = role_from(body["role"].get<std::string>());
  if (!role) return send_error(res, 400, "bad_request", "send {\"role\": \"student\" | \"instructor\" | \"admin\"}");
  if (user_id == caller.user_id) {
    return send_error(res, 409, "own_role", "an admin cannot change their own role: another admin does it, so the school always keeps one");
  }
  auto changed = m_accounts.set_role(user_id, *role, caller.user_id, unix_now());
  if (!changed) return send_internal_error(m_log, req, res, changed.errors());
  if (changed.value() == RoleChange::no_such_user) return send_error(res, 404, "not_found", "no account has this id");
  send_json(res, 200, {{"role", std::string(to_string(*role))}, {"changed", changed.value() == RoleChange::changed}}, kPrivate);
}

void PeopleApi::end_subscription(const httplib::Request& req, httplib::Response& res, const httplib::ContentReader& read_body, const Caller& caller,
                                 std::int64_t user_id) {
  if (!admin_only(res, caller)) return;
  std::string text;
  if (!read_whole_body(req, read_body, text)) return send_body_too_slow(res);
  const auto body = nlohmann::json::parse(text, nullptr, false);
  if (!body.is_object() || !body.contains("note") || !body["note"].is_string() || body["note"].get<std::string>().empty()) {
    return send_error(res, 400, "bad_request", "send {\"note\": \"why, for the audit log\"}: ending a student's access needs a reason");
  }
  const std::string note = body["note"].get<std::string>().substr(0, 300);
  auto ended = m_subscriptions.end_running(user_id, caller.user_id, note, unix_now());
  if (!ended) return send_internal_error(m_log, req, res, ended.errors());
  if (ended->empty()) return send_error(res, 409, "no_subscription", "this account has no running or queued subscription to end");
  nlohmann::json listed = nlohmann::json::array();
  for (const Subscription& subscription : ended.value()) listed.push_back(subscription_json(subscription));
  send_json(res, 200, {{"ended", std::move(listed)}}, kPrivate);
}

}  // namespace umuhanda
