// API tokens for instructors and admins: 256-bit random secrets shown once, stored only as a
// BLAKE2b hash (libsodium), sent as "Authorization: Bearer <token>".
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
  std::string name;
  Role role = Role::student;
  std::string created_at;
  std::string revoked_at;  // empty while active
};

struct CreatedToken {
  TokenInfo info;
  std::string secret;  // "umh_" + 43 base64url characters; never stored
};

Expected<CreatedToken> create_token(Database& db, const std::string& name, Role role);
Expected<std::vector<TokenInfo>> list_tokens(Database& db);
Expected<void> revoke_token(Database& db, std::int64_t id);
// The active token with this secret, or nullopt. One query, by hash.
Expected<std::optional<TokenInfo>> find_token(Database& db, std::string_view secret);

// The secret of an "Authorization: Bearer <secret>" header value, or empty.
std::string bearer_secret(std::string_view authorization);

}  // namespace umuhanda
