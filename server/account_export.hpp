// Everything the server stores about one account, as one JSON document: what GET /api/v1/me/export
// answers, so that a person can see and keep their data (Rwanda's law No 058/2021 on the
// protection of personal data, docs/api.md "Your data"). Secrets never leave: no password hash,
// no session or token hash, no reset code hash.
#pragma once

#include <nlohmann/json.hpp>

#include "sqlite_database.hpp"
#include "store/account_store.hpp"
#include "store/class_store.hpp"
#include "store/sync_store.hpp"
#include "umuhanda/expected.hpp"

namespace umuhanda {

// `tokens` reads the API tokens (api_tokens.hpp) on a read-only connection.
Expected<nlohmann::json> export_account(const User& user, AccountStore& accounts, ClassStore& classes, SyncStore& progress, ReadConnections& tokens,
                                        UnixSeconds now);

}  // namespace umuhanda
