// The account export (see account_export.hpp).
#include "account_export.hpp"

#include "api_tokens.hpp"

namespace umuhanda {
namespace {

constexpr std::size_t kEventsPerRead = 1000;

nlohmann::json optional_json(const std::optional<std::string>& value) { return value ? nlohmann::json(*value) : nlohmann::json(); }
nlohmann::json optional_json(const std::optional<std::int64_t>& value) { return value ? nlohmann::json(*value) : nlohmann::json(); }

nlohmann::json class_json(const Class& cls) {
  // Without the join code: it is the class's, not the person's.
  return {
      {"id", cls.id}, {"name", cls.name}, {"instructor", {{"id", cls.instructor_id}, {"name", cls.instructor_name}}}, {"created_at", cls.created_at}};
}

}  // namespace

Expected<nlohmann::json> export_account(const User& user, AccountStore& accounts, ClassStore& classes, SyncStore& progress, ReadConnections& tokens,
                                        UnixSeconds now) {
  nlohmann::json doc = {{"format", "umuhanda-account-export"}, {"version", 1}, {"exported_at", now}};
  doc["user"] = {{"id", user.id},
                 {"name", user.name},
                 {"phone", optional_json(user.phone)},
                 {"email", optional_json(user.email)},
                 {"role", std::string(to_string(user.role))},
                 {"created_at", user.created_at},
                 {"disabled_at", optional_json(user.disabled_at)},
                 {"failed_sign_ins", user.failed_sign_ins}};

  auto sessions = accounts.sessions_of(user.id, now);
  if (!sessions) return sessions.errors();
  doc["sessions"] = nlohmann::json::array();
  for (const Session& session : sessions.value()) {
    doc["sessions"].push_back({{"id", session.id},
                               {"device", session.device},
                               {"created_at", session.created_at},
                               {"last_seen_at", session.last_seen_at},
                               {"expires_at", session.expires_at()}});
  }

  auto member_of = classes.classes_of_student(user.id);
  if (!member_of) return member_of.errors();
  auto owned = classes.classes_of_instructor(user.id);
  if (!owned) return owned.errors();
  doc["classes"] = {{"member_of", nlohmann::json::array()}, {"owned", nlohmann::json::array()}};
  for (const Class& cls : member_of.value()) doc["classes"]["member_of"].push_back(class_json(cls));
  for (const Class& cls : owned.value()) doc["classes"]["owned"].push_back(class_json(cls));

  // Every synced record, as stored (the progress log's JSON lines, docs/sync.md), in stored order.
  doc["progress_events"] = nlohmann::json::array();
  std::int64_t cursor = 0;
  for (bool more = true; more;) {
    auto page = progress.pull(user.id, cursor, kEventsPerRead);
    if (!page) return page.errors();
    for (const SyncEvent& event : page->events) doc["progress_events"].push_back(nlohmann::json::parse(event.body, nullptr, false));
    cursor = page->cursor;
    more = page->more;
  }

  auto listed = tokens.with([&](Database& db) { return list_tokens_of(db, user.id); });
  if (!listed) return listed.errors();
  doc["api_tokens"] = nlohmann::json::array();
  for (const TokenInfo& token : listed.value()) {
    nlohmann::json entry = {{"id", token.id}, {"label", token.name}, {"created_at", token.created_at}};
    entry["revoked_at"] = token.revoked_at.empty() ? nlohmann::json() : nlohmann::json(token.revoked_at);
    doc["api_tokens"].push_back(std::move(entry));
  }

  auto code = accounts.find_reset_code(user.id, now);
  if (!code) return code.errors();
  doc["reset_code"] = nlohmann::json();
  if (code.value()) {
    doc["reset_code"] = {{"issued_by", optional_json(code.value()->issued_by)},
                         {"issued_at", code.value()->issued_at},
                         {"expires_at", code.value()->expires_at},
                         {"tries_left", code.value()->tries_left}};
  }
  return doc;
}

}  // namespace umuhanda
