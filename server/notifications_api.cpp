// The inbox over HTTP (see notifications_api.hpp).
#include "notifications_api.hpp"

#include <httplib.h>

#include <nlohmann/json.hpp>

#include "content_store.hpp"  // kPrivate
#include "delivery/notification_facts.hpp"
#include "responses.hpp"
#include "server_app.hpp"
#include "system_clock.hpp"

namespace umuhanda {

nlohmann::json notification_json(const Notification& notification) {
  nlohmann::json data = nlohmann::json::parse(notification.data, nullptr, false);
  if (!data.is_object()) data = nlohmann::json::object();
  return {{"id", notification.id},
          {"kind", notification.kind},
          {"data", std::move(data)},
          {"created_at", notification.created_at},
          {"read", notification.read_at.has_value()}};
}

void NotificationsApi::inbox(const httplib::Request& req, httplib::Response& res, const Caller& caller) {
  auto inbox = m_store.inbox(caller.user_id, 50);
  if (!inbox) return send_internal_error(m_log, req, res, inbox.errors());
  const std::string asked = req.get_param_value("language");
  const std::string reader = asked == "fr" || asked == "rw" ? asked : "en";
  nlohmann::json listed = nlohmann::json::array();
  for (const Notification& notification : inbox->notifications) {
    nlohmann::json item = notification_json(notification);
    if (has_notification_wording(notification.kind)) {
      const std::string_view language = wording_language(notification.kind, reader);
      auto worded = word_notification(notification.kind, reader,
                                      notification_facts(item["data"], notification.plan_names, caller.name, language, m_zone, m_school));
      if (worded) {
        item["text"] = {{"language", worded->language}, {"subject", worded->subject}, {"summary", notification_summary(worded->body)}};
      } else {
        m_log("notification " + std::to_string(notification.id) + ": " + to_string(worded.errors()));
      }
    }
    listed.push_back(std::move(item));
  }
  send_json(res, 200, {{"unread", inbox->unread}, {"notifications", std::move(listed)}}, kPrivate);
}

void NotificationsApi::mark_read(const httplib::Request& req, httplib::Response& res, const httplib::ContentReader& read_body, const Caller& caller) {
  std::string text;
  if (!read_whole_body(req, read_body, text)) return send_body_too_slow(res);
  const auto body = nlohmann::json::parse(text, nullptr, false);
  if (!body.is_object() || !body.contains("up_to") || !body["up_to"].is_number_integer()) {
    return send_error(res, 400, "bad_request", "send a JSON object {\"up_to\": the id of the newest notification read}");
  }
  auto unread = m_store.mark_read(caller.user_id, body["up_to"].get<std::int64_t>(), unix_now());
  if (!unread) return send_internal_error(m_log, req, res, unread.errors());
  send_json(res, 200, {{"unread", unread.value()}}, kPrivate);
}

}  // namespace umuhanda
