// The contact form over HTTP (see contact_api.hpp).
#include "contact_api.hpp"

#include <httplib.h>

#include <nlohmann/json.hpp>

#include "content_store.hpp"  // kPrivate
#include "responses.hpp"
#include "server_app.hpp"
#include "system_clock.hpp"
#include "umuhanda/utf8.hpp"

namespace umuhanda {
namespace {

nlohmann::json message_json(const ContactMessage& message) {
  nlohmann::json context = nlohmann::json::parse(message.context, nullptr, false);
  if (!context.is_object()) context = nlohmann::json::object();
  return {{"id", message.id},
          {"user_id", message.user_id ? nlohmann::json(*message.user_id) : nlohmann::json()},
          {"name", message.name},
          {"reply_to", message.reply_to},
          {"topic", message.topic},
          {"message", message.text},
          {"context", std::move(context)},
          {"status", std::string(to_string(message.status))},
          {"created_at", message.created_at},
          {"updated_at", message.updated_at},
          {"updated_by", message.updated_by ? nlohmann::json(*message.updated_by) : nlohmann::json()}};
}

// A text field of the form, trimmed: its value, or a diagnostic naming it.
std::string text_field(const nlohmann::json& body, const char* name, std::size_t max_code_points, bool required, Diagnostics& problems) {
  if (!body.contains(name) || body[name].is_null()) {
    if (required) problems.push_back(error(name, "is missing"));
    return {};
  }
  if (!body[name].is_string()) {
    problems.push_back(error(name, "must be text"));
    return {};
  }
  std::string value = body[name].get<std::string>();
  const auto first = value.find_first_not_of(" \t\r\n");
  const auto last = value.find_last_not_of(" \t\r\n");
  value = first == std::string::npos ? std::string() : value.substr(first, last - first + 1);
  if (value.empty() && required) problems.push_back(error(name, "is empty"));
  if (count_code_points(value) > max_code_points)
    problems.push_back(error(name, "is longer than " + std::to_string(max_code_points) + " characters: shorten it"));
  return value;
}

}  // namespace

void ContactApi::submit(const httplib::Request& req, httplib::Response& res, const httplib::ContentReader& read_body,
                        const std::optional<User>& sender) {
  const auto now = FailureRateLimiter::Clock::now();
  if (const auto wait = m_by_address.retry_after(req.remote_addr, now); wait > FailureRateLimiter::Clock::duration::zero()) {
    res.set_header("Retry-After", std::to_string(std::chrono::duration_cast<std::chrono::seconds>(wait).count() + 1));
    return send_error(res, 429, "too_many_requests", "too many messages from this address: try again in a few minutes");
  }
  std::string text;
  if (!read_whole_body(req, read_body, text)) return send_body_too_slow(res);
  const auto body = nlohmann::json::parse(text, nullptr, false);
  if (!body.is_object()) return send_error(res, 400, "bad_request", "send a JSON object {\"topic\", \"message\", \"name\", \"reply_to\"}");
  Diagnostics problems;
  NewContactMessage message;
  message.topic = text_field(body, "topic", 32, true, problems);
  if (!message.topic.empty() && !is_contact_topic(message.topic))
    problems.push_back(error("topic", "is one of question, error_report, payment or other"));
  message.text = text_field(body, "message", kMaxMessageCodePoints, true, problems);
  // Signed in: the account says who wrote and where to answer, unless the form says otherwise.
  message.name = text_field(body, "name", 100, !sender, problems);
  message.reply_to = text_field(body, "reply_to", 200, !sender, problems);
  if (sender) {
    message.user_id = sender->id;
    if (message.name.empty()) message.name = sender->name;
    if (message.reply_to.empty()) message.reply_to = sender->email ? *sender->email : sender->phone.value_or("");
  }
  if (body.contains("context") && !body["context"].is_null()) {
    if (!body["context"].is_object()) problems.push_back(error("context", "must be a JSON object"));
    else if (body["context"].dump().size() > 4096) problems.push_back(error("context", "is larger than 4096 bytes"));
    else message.context = body["context"].dump();
  }
  if (!problems.empty()) return send_error(res, 400, "bad_request", "the message was not sent: see details", problems);
  m_by_address.record_failure(req.remote_addr, now);  // counts every message sent, not only failures
  message.now = unix_now();
  auto added = m_store.add(message);
  if (!added) return send_internal_error(m_log, req, res, added.errors());
  send_json(res, 201, {{"contact", {{"id", added->id}, {"status", "new"}}}}, kPrivate);
}

void ContactApi::list(const httplib::Request& req, httplib::Response& res) {
  std::optional<ContactStatus> status;
  if (req.has_param("status")) {
    status = contact_status_from(req.get_param_value("status"));
    if (!status) return send_error(res, 400, "bad_request", "status is new, in_progress or resolved");
  }
  auto messages = m_store.list(status, 200);
  if (!messages) return send_internal_error(m_log, req, res, messages.errors());
  nlohmann::json listed = nlohmann::json::array();
  for (const auto& message : messages.value()) listed.push_back(message_json(message));
  send_json(res, 200, {{"messages", std::move(listed)}}, kPrivate);
}

void ContactApi::set_status(const httplib::Request& req, httplib::Response& res, const httplib::ContentReader& read_body, const Caller& caller,
                            std::int64_t id) {
  std::string text;
  if (!read_whole_body(req, read_body, text)) return send_body_too_slow(res);
  const auto body = nlohmann::json::parse(text, nullptr, false);
  const auto status = body.is_object() && body.contains("status") && body["status"].is_string()
                          ? contact_status_from(body["status"].get<std::string>())
                          : std::nullopt;
  if (!status) return send_error(res, 400, "bad_request", "send a JSON object {\"status\": \"new\", \"in_progress\" or \"resolved\"}");
  auto changed = m_store.set_status(id, *status, caller.user_id, unix_now());
  if (!changed) return send_internal_error(m_log, req, res, changed.errors());
  if (!changed.value()) return send_error(res, 404, "not_found", "no contact message has this id");
  send_json(res, 200, {{"contact", message_json(*changed.value())}}, kPrivate);
}

}  // namespace umuhanda
