// API tokens for instructors and admins: 256-bit random secrets shown once, stored only as a
// BLAKE2b hash (libsodium), sent as "Authorization: Bearer <token>". A token belongs to a user and
// acts with that user's role as it is now: it stops working when the user is disabled or deleted.
// Tokens made before users existed (no user) keep the role they were made with.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "sqlite_database.hpp"

namespace umuhanda {

enum class Role { student, instructor, admin };
std::string_view to_string(Role role);
std::optional<Role> role_from(std::string_view name);

struct TokenInfo {
  std::int64_t id = 0;
  std::string name;  // the token's label; its user's name when it has one (find_token)
  Role role = Role::student;
  std::string created_at;
  std::string revoked_at;               // empty while active
  std::optional<std::int64_t> user_id;  // nullopt: a token from before users existed
};

struct CreatedToken {
  TokenInfo info;
  std::string secret;  // "umh_" + 43 base64url characters; never stored
};

// A token for the user `user_id` (an instructor or admin), labelled `name`.
Expected<CreatedToken> create_token(Database& db, const std::string& name, std::int64_t user_id);
Expected<std::vector<TokenInfo>> list_tokens(Database& db);
// The tokens of one account, revoked ones too (for the account's data export).
Expected<std::vector<TokenInfo>> list_tokens_of(Database& db, std::int64_t user_id);
Expected<void> revoke_token(Database& db, std::int64_t id);
// The active token with this secret, with its user's name and current role, or nullopt (also when
// its user is disabled). One query, by hash.
Expected<std::optional<TokenInfo>> find_token(Database& db, std::string_view secret);

// The secret of an "Authorization: Bearer <secret>" header value, or empty.
std::string bearer_secret(std::string_view authorization);

}  // namespace umuhanda
