// Token creation, lookup by hash, listing and revocation.
#include "api_tokens.hpp"

#include "secret_tokens.hpp"

namespace umuhanda {
namespace {

constexpr std::string_view kPrefix = "umh_";

// Columns: id, name, role, created_at, revoked_at ('' while active), user_id.
TokenInfo read_token(const Statement& row) {
  return TokenInfo{row.column_int(0),  row.column_text(1), role_from(row.column_text(2)).value_or(Role::student),
                   row.column_text(3), row.column_text(4), row.column_optional_int(5)};
}

}  // namespace

std::string_view to_string(Role role) {
  switch (role) {
    case Role::instructor: return "instructor";
    case Role::admin: return "admin";
    default: return "student";
  }
}

std::optional<Role> role_from(std::string_view name) {
  if (name == "student") return Role::student;
  if (name == "instructor") return Role::instructor;
  if (name == "admin") return Role::admin;
  return std::nullopt;
}

Expected<CreatedToken> create_token(Database& db, const std::string& name, std::int64_t user_id) {
  if (name.empty()) return Expected<CreatedToken>::failure("name", "is empty: name the token after its holder");
  auto user = db.prepare("SELECT role, disabled_at IS NOT NULL FROM users WHERE id = ?1");
  if (!user) return user.errors();
  user->bind(1, user_id);
  auto found = user->step();
  if (!found) return found.errors();
  if (!found.value()) return Expected<CreatedToken>::failure("user " + std::to_string(user_id), "does not exist");
  const std::string role = user->column_text(0);
  if (role == "student")
    return Expected<CreatedToken>::failure("user " + std::to_string(user_id), "is a student: API tokens are for instructors and admins");
  if (user->column_int(1) != 0) return Expected<CreatedToken>::failure("user " + std::to_string(user_id), "is disabled");
  CreatedToken created;
  created.secret = new_secret(kPrefix);
  auto insert = db.prepare(
      "INSERT INTO api_tokens (name, role, token_hash, user_id) VALUES (?1, ?2, ?3, ?4) RETURNING id, name, role, created_at, '', user_id");
  if (!insert) return insert.errors();
  insert->bind(1, name).bind(2, role).bind(3, secret_hash(created.secret)).bind(4, user_id);
  auto row = insert->step();
  if (!row) return row.errors();
  created.info = read_token(insert.value());
  if (auto done = insert->run(); !done) return done.errors();
  return created;
}

namespace {

Expected<std::vector<TokenInfo>> many_tokens(Database& db, const std::string& where, std::optional<std::int64_t> user_id) {
  auto query = db.prepare("SELECT id, name, role, created_at, COALESCE(revoked_at, ''), user_id FROM api_tokens " + where + " ORDER BY id");
  if (!query) return query.errors();
  if (user_id) query->bind(1, *user_id);
  std::vector<TokenInfo> tokens;
  for (;;) {
    auto row = query->step();
    if (!row) return row.errors();
    if (!row.value()) break;
    tokens.push_back(read_token(query.value()));
  }
  return tokens;
}

}  // namespace

Expected<std::vector<TokenInfo>> list_tokens(Database& db) { return many_tokens(db, "", std::nullopt); }

Expected<std::vector<TokenInfo>> list_tokens_of(Database& db, std::int64_t user_id) { return many_tokens(db, "WHERE user_id = ?1", user_id); }

Expected<void> revoke_token(Database& db, std::int64_t id) {
  auto update = db.prepare("UPDATE api_tokens SET revoked_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now') WHERE id = ?1 AND revoked_at IS NULL");
  if (!update) return update.errors();
  update->bind(1, id);
  if (auto done = update->run(); !done) return done.errors();
  if (sqlite3_changes(db.handle()) == 0) return Expected<void>::failure("token " + std::to_string(id), "does not exist or is already revoked");
  return {};
}

Expected<std::optional<TokenInfo>> find_token(Database& db, std::string_view secret) {
  if (secret.substr(0, kPrefix.size()) != kPrefix) return std::optional<TokenInfo>();
  // The user's role as it is now (a demoted instructor's token demotes with them); a token of a
  // disabled user finds nothing. A token without a user keeps its own role.
  auto query = db.prepare(
      "SELECT t.id, COALESCE(u.name, t.name), COALESCE(u.role, t.role), t.created_at, '', t.user_id FROM api_tokens t"
      " LEFT JOIN users u ON u.id = t.user_id WHERE t.token_hash = ?1 AND t.revoked_at IS NULL AND u.disabled_at IS NULL");
  if (!query) return query.errors();
  query->bind(1, secret_hash(secret));
  auto row = query->step();
  if (!row) return row.errors();
  if (!row.value()) return std::optional<TokenInfo>();
  return std::optional<TokenInfo>(read_token(query.value()));
}

std::string bearer_secret(std::string_view authorization) {
  constexpr std::string_view kScheme = "Bearer ";
  if (authorization.size() <= kScheme.size()) return {};
  for (std::size_t i = 0; i < kScheme.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(authorization[i])) != std::tolower(static_cast<unsigned char>(kScheme[i]))) return {};
  }
  std::string_view secret = authorization.substr(kScheme.size());
  while (!secret.empty() && (secret.back() == ' ' || secret.back() == '\r')) secret.remove_suffix(1);
  return std::string(secret);
}

}  // namespace umuhanda
