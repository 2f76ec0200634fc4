#include "sync_api.hpp"

#include <httplib.h>

#include <charconv>
#include <optional>

#include "request_bodies.hpp"
#include "responses.hpp"

namespace umuhanda {
namespace {

// A student's own progress: never stored by a shared cache, nor by the browser's (a pull is always fresh).
constexpr const char* kNoStore = "private, no-store";

// Decimal digits only, at most 18 (fits an int64): the cursor a pull or push answered, or 0.
std::optional<std::int64_t> parse_number(const std::string& text) {
  if (text.empty() || text.size() > 18) return std::nullopt;
  std::int64_t value = 0;
  auto [end, status] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (status != std::errc() || end != text.data() + text.size() || value < 0) return std::nullopt;
  return value;
}

}  // namespace

void SyncApi::push(const httplib::Request& req, httplib::Response& res, const httplib::ContentReader& read_body, std::int64_t user_id) {
  std::string text;
  if (!read_whole_body(req, read_body, text)) return send_body_too_slow(res);
  auto body = parse_sync_push_body(text);
  if (!body) return send_error(res, 400, "bad_request", "the push is not one this server reads", body.errors());
  auto outcome = m_store.push(user_id, body->device, body->events);
  if (!outcome) return send_internal_error(m_log, req, res, outcome.errors());
  // Only now, with the transaction committed, may the device mark these events as sent.
  nlohmann::json accepted = nlohmann::json::array();
  for (const SyncEvent& event : body->events) accepted.push_back(event.id);
  nlohmann::json rejected = nlohmann::json::array();
  for (const RejectedEvent& event : body->rejected) {
    rejected.push_back({{"index", event.index}, {"id", event.id}, {"reason", event.reason}});
  }
  send_json(res, 200,
            {{"accepted", accepted},
             {"rejected", rejected},
             {"stored", outcome->stored},
             {"duplicates", outcome->duplicates},
             {"cursor", std::to_string(outcome->cursor)}},
            kNoStore);
}

void SyncApi::pull(const httplib::Request& req, httplib::Response& res) {
  auto signed_in = m_accounts.require_session(req, res, false);
  if (!signed_in) return;
  const std::string after_text = req.has_param("after") ? req.get_param_value("after") : "0";
  const auto after = parse_number(after_text);
  if (!after) {
    return send_error(res, 400, "bad_request", "after must be a cursor this server gave (digits only)",
                      Diagnostics{error("after", "is \"" + after_text.substr(0, 40) + "\"")});
  }
  std::size_t limit = kDefaultPullLimit;
  if (req.has_param("limit")) {
    const auto asked = parse_number(req.get_param_value("limit"));
    if (!asked || *asked < 1 || *asked > static_cast<std::int64_t>(kMaxPullLimit)) {
      return send_error(res, 400, "bad_request", "limit must be a whole number from 1 to " + std::to_string(kMaxPullLimit));
    }
    limit = static_cast<std::size_t>(*asked);
  }
  auto page = m_store.pull(signed_in->user.id, *after, limit);
  if (!page) return send_internal_error(m_log, req, res, page.errors());
  nlohmann::json events = nlohmann::json::array();
  for (const SyncEvent& event : page->events) events.push_back(nlohmann::json::parse(event.body, nullptr, false));
  send_json(res, 200, {{"events", events}, {"cursor", std::to_string(page->cursor)}, {"more", page->more}}, kNoStore);
}

}  // namespace umuhanda
