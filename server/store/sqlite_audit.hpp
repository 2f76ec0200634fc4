// The audit log's one writer, shared by the stores that audit a decision (a plan saved, a payment
// decided, a subscription granted or ended, a role changed) inside the decision's own transaction,
// so the log never says what did not happen nor misses what did.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "sqlite_database.hpp"
#include "store/account_store.hpp"  // UnixSeconds

namespace umuhanda {

// `actor` nullopt: the server itself (an expiry). `subject` is "user:12", "payment:3", "plan:weekly".
inline Expected<void> audit_entry(Database& db, UnixSeconds at, std::optional<std::int64_t> actor, std::string_view action,
                                  const std::string& subject, const nlohmann::json& details) {
  auto insert = db.prepare("INSERT INTO audit_log (at, actor_id, action, subject, details) VALUES (?1, ?2, ?3, ?4, ?5)");
  if (!insert) return insert.errors();
  insert->bind(1, at).bind(3, action).bind(4, subject).bind(5, details.dump());
  if (actor) insert->bind(2, *actor);
  return insert->run();
}

}  // namespace umuhanda
