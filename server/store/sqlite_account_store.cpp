#include "store/sqlite_account_store.hpp"

#include "secret_tokens.hpp"
#include "store/sqlite_audit.hpp"

namespace umuhanda {
namespace {

constexpr const char* kUserColumns =
    "u.id, u.name, u.phone, u.email, u.role, u.password_hash, u.created_at, u.disabled_at, u.failed_sign_ins, u.language";
constexpr int kUserColumnCount = 10;
constexpr const char* kSessionColumns = "s.id, s.user_id, s.device, s.created_at, s.last_seen_at, s.idle_seconds";

User read_user(const Statement& row, int first = 0) {
  User user;
  user.id = row.column_int(first);
  user.name = row.column_text(first + 1);
  user.phone = row.column_optional_text(first + 2);
  user.email = row.column_optional_text(first + 3);
  user.role = role_from(row.column_text(first + 4)).value_or(Role::student);
  user.password_hash = row.column_text(first + 5);
  user.created_at = row.column_int(first + 6);
  user.disabled_at = row.column_optional_int(first + 7);
  user.failed_sign_ins = row.column_int(first + 8);
  user.language = row.column_text(first + 9);
  return user;
}

Session read_session(const Statement& row, int first = 0) {
  return Session{row.column_int(first),     row.column_int(first + 1), row.column_text(first + 2),
                 row.column_int(first + 3), row.column_int(first + 4), row.column_int(first + 5)};
}

Expected<std::optional<User>> one_user(Database& db, const std::string& where, auto bind) {
  auto query = db.prepare(std::string("SELECT ") + kUserColumns + " FROM users u WHERE " + where);
  if (!query) return query.errors();
  bind(query.value());
  auto row = query->step();
  if (!row) return row.errors();
  if (!row.value()) return std::optional<User>();
  return std::optional<User>(read_user(query.value()));
}

}  // namespace

Expected<User> SqliteAccountStore::create_user(const NewUser& user) {
  if (!user.phone && !user.email) return Expected<User>::failure("phone", "a phone number or an email is needed to sign in");
  return write([&](Database& db) -> Expected<User> {
    auto transaction = Transaction::begin(db);
    if (!transaction) return transaction.errors();
    // Checked first so the answer names the field; the UNIQUE constraints stay the guarantee.
    for (const auto& [field, value] : {std::pair{"phone", user.phone}, std::pair{"email", user.email}}) {
      if (!value) continue;
      auto taken = one_user(db, std::string(field) + " = ?1", [&](Statement& q) { q.bind(1, *value); });
      if (!taken) return taken.errors();
      if (taken.value()) return Expected<User>::failure(field, "another account already uses this " + std::string(field));
    }
    auto insert = db.prepare(
        "INSERT INTO users (name, phone, email, role, password_hash, created_at) VALUES (?1, ?2, ?3, ?4, ?5, CAST(strftime('%s', 'now') AS "
        "INTEGER)) RETURNING id");
    if (!insert) return insert.errors();
    insert->bind(1, user.name).bind_optional(2, user.phone).bind_optional(3, user.email).bind(4, to_string(user.role)).bind(5, user.password_hash);
    auto row = insert->step();
    if (!row) return row.errors();
    const std::int64_t id = insert->column_int(0);
    if (auto done = insert->run(); !done) return done.errors();
    auto created = one_user(db, "id = ?1", [&](Statement& q) { q.bind(1, id); });
    if (!created) return created.errors();
    if (auto committed = transaction->commit(); !committed) return committed.errors();
    return *created.value();
  });
}

Expected<std::optional<User>> SqliteAccountStore::find_user(std::int64_t id) {
  return m_readers.with([&](Database& db) { return one_user(db, "id = ?1", [&](Statement& q) { q.bind(1, id); }); });
}

Expected<std::optional<User>> SqliteAccountStore::find_user_by_login(const std::string& phone_or_email) {
  return m_readers.with([&](Database& db) { return one_user(db, "phone = ?1 OR email = ?1", [&](Statement& q) { q.bind(1, phone_or_email); }); });
}

Expected<void> SqliteAccountStore::set_password_hash(std::int64_t user_id, const std::string& password_hash) {
  return write([&](Database& db) -> Expected<void> {
    auto update = db.prepare("UPDATE users SET password_hash = ?2 WHERE id = ?1");
    if (!update) return update.errors();
    update->bind(1, user_id).bind(2, password_hash);
    if (auto done = update->run(); !done) return done.errors();
    if (sqlite3_changes(db.handle()) == 0) return Expected<void>::failure("user " + std::to_string(user_id), "does not exist");
    return {};
  });
}

Expected<std::int64_t> SqliteAccountStore::record_failed_sign_in(std::int64_t user_id) {
  return write([&](Database& db) -> Expected<std::int64_t> {
    auto update = db.prepare("UPDATE users SET failed_sign_ins = failed_sign_ins + 1 WHERE id = ?1 RETURNING failed_sign_ins");
    if (!update) return update.errors();
    update->bind(1, user_id);
    auto row = update->step();
    if (!row) return row.errors();
    if (!row.value()) return Expected<std::int64_t>::failure("user " + std::to_string(user_id), "does not exist");
    const std::int64_t count = update->column_int(0);
    if (auto done = update->run(); !done) return done.errors();
    return count;
  });
}

Expected<void> SqliteAccountStore::clear_failed_sign_ins(std::int64_t user_id) {
  return write([&](Database& db) -> Expected<void> {
    auto update = db.prepare("UPDATE users SET failed_sign_ins = 0 WHERE id = ?1 AND failed_sign_ins <> 0");
    if (!update) return update.errors();
    update->bind(1, user_id);
    return update->run();
  });
}

Expected<void> SqliteAccountStore::disable_user(std::int64_t user_id, UnixSeconds now) {
  return write([&](Database& db) -> Expected<void> {
    auto transaction = Transaction::begin(db);
    if (!transaction) return transaction.errors();
    auto update = db.prepare("UPDATE users SET disabled_at = ?2 WHERE id = ?1 AND disabled_at IS NULL");
    if (!update) return update.errors();
    update->bind(1, user_id).bind(2, now);
    if (auto done = update->run(); !done) return done.errors();
    auto end = db.prepare("DELETE FROM sessions WHERE user_id = ?1");
    if (!end) return end.errors();
    end->bind(1, user_id);
    if (auto done = end->run(); !done) return done.errors();
    return transaction->commit();
  });
}

Expected<void> SqliteAccountStore::enable_user(std::int64_t user_id) {
  return write([&](Database& db) -> Expected<void> {
    auto update = db.prepare("UPDATE users SET disabled_at = NULL WHERE id = ?1");
    if (!update) return update.errors();
    update->bind(1, user_id);
    return update->run();
  });
}

Expected<std::vector<User>> SqliteAccountStore::find_users(const UserSearch& search) {
  // Every word must match the name, phone or email; LIKE's own wildcards in a word match as
  // themselves. A local phone number (0781...) also matches as stored (+250781...).
  std::vector<std::vector<std::string>> words;
  std::string word;
  auto flush = [&] {
    if (word.empty()) return;
    std::string escaped;
    for (char c : word) {
      if (c == '%' || c == '_' || c == '\\') escaped += '\\';
      escaped += c;
    }
    std::vector<std::string> forms = {"%" + escaped + "%"};
    if (word.size() > 1 && word[0] == '0' && word.find_first_not_of("0123456789") == std::string::npos)
      forms.push_back("%+250" + word.substr(1) + "%");
    words.push_back(std::move(forms));
    word.clear();
  };
  for (char c : search.text) {
    if (c == ' ' || c == '\t') {
      flush();
    } else {
      word += c;
    }
  }
  flush();
  std::string sql = std::string("SELECT ") + kUserColumns + " FROM users u WHERE (?1 IS NULL OR u.role = ?1)";
  int parameter = 1;
  for (const auto& forms : words) {
    sql += " AND (";
    for (std::size_t i = 0; i < forms.size(); ++i) {
      const std::string n = "?" + std::to_string(++parameter);
      if (i > 0) sql += " OR ";
      sql += "u.name LIKE " + n + " ESCAPE '\\' OR IFNULL(u.phone, '') LIKE " + n + " ESCAPE '\\' OR IFNULL(u.email, '') LIKE " + n + " ESCAPE '\\'";
    }
    sql += ")";
  }
  sql += " ORDER BY u.name COLLATE NOCASE, u.id DESC LIMIT ?" + std::to_string(parameter + 1);
  return m_readers.with([&](Database& db) -> Expected<std::vector<User>> {
    auto query = db.prepare(sql);
    if (!query) return query.errors();
    if (search.role) query->bind(1, to_string(*search.role));
    int bound = 1;
    for (const auto& forms : words) {
      for (const std::string& form : forms) query->bind(++bound, form);
    }
    query->bind(bound + 1, static_cast<std::int64_t>(search.limit));
    std::vector<User> users;
    for (;;) {
      auto row = query->step();
      if (!row) return row.errors();
      if (!row.value()) break;
      users.push_back(read_user(query.value()));
    }
    return users;
  });
}

Expected<RoleChange> SqliteAccountStore::set_role(std::int64_t user_id, Role role, std::int64_t actor_id, UnixSeconds now) {
  return write([&](Database& db) -> Expected<RoleChange> {
    auto transaction = Transaction::begin(db);
    if (!transaction) return transaction.errors();
    auto user = one_user(db, "id = ?1", [&](Statement& q) { q.bind(1, user_id); });
    if (!user) return user.errors();
    if (!user.value()) return RoleChange::no_such_user;
    if (user.value()->role == role) return RoleChange::unchanged;
    auto update = db.prepare("UPDATE users SET role = ?2 WHERE id = ?1");
    if (!update) return update.errors();
    update->bind(1, user_id).bind(2, to_string(role));
    if (auto done = update->run(); !done) return done.errors();
    auto audited = audit_entry(db, now, actor_id, "user.role_changed", "user:" + std::to_string(user_id),
                               {{"from", to_string(user.value()->role)}, {"to", to_string(role)}, {"name", user.value()->name}});
    if (!audited) return audited.errors();
    if (auto committed = transaction->commit(); !committed) return committed.errors();
    return RoleChange::changed;
  });
}

Expected<void> SqliteAccountStore::set_language(std::int64_t user_id, const std::string& language) {
  return write([&](Database& db) -> Expected<void> {
    auto update = db.prepare("UPDATE users SET language = ?2 WHERE id = ?1");
    if (!update) return update.errors();
    update->bind(1, user_id).bind(2, language);
    return update->run();
  });
}

Expected<Session> SqliteAccountStore::create_session(const NewSession& session) {
  return write([&](Database& db) -> Expected<Session> {
    auto transaction = Transaction::begin(db);
    if (!transaction) return transaction.errors();
    // The clean-up of ended sessions rides on sign-ins: lookups (on read-only connections) never
    // return them, and a server that nobody signs in to has nothing to clean.
    auto expired = db.prepare("DELETE FROM sessions WHERE last_seen_at + idle_seconds <= ?1");
    if (!expired) return expired.errors();
    expired->bind(1, session.now);
    if (auto done = expired->run(); !done) return done.errors();
    auto insert = db.prepare(
        "INSERT INTO sessions (user_id, token_hash, device, created_at, last_seen_at, idle_seconds) VALUES (?1, ?2, ?3, ?4, ?4, ?5) "
        "RETURNING id, user_id, device, created_at, last_seen_at, idle_seconds");
    if (!insert) return insert.errors();
    insert->bind(1, session.user_id).bind(2, session.token_hash).bind(3, session.device).bind(4, session.now).bind(5, session.idle_seconds);
    auto row = insert->step();
    if (!row) return row.errors();
    Session created = read_session(insert.value());
    if (auto done = insert->run(); !done) return done.errors();
    if (auto committed = transaction->commit(); !committed) return committed.errors();
    return created;
  });
}

Expected<std::optional<SignedIn>> SqliteAccountStore::find_session(const std::string& token_hash, UnixSeconds now) {
  return m_readers.with([&](Database& db) -> Expected<std::optional<SignedIn>> {
    // Expired sessions are deleted at the next sign-in (create_session): a read-only connection
    // cannot delete them, and they are never returned.
    auto query = db.prepare(std::string("SELECT ") + kUserColumns + ", " + kSessionColumns +
                            " FROM sessions s JOIN users u ON u.id = s.user_id"
                            " WHERE s.token_hash = ?1 AND s.last_seen_at + s.idle_seconds > ?2 AND u.disabled_at IS NULL");
    if (!query) return query.errors();
    query->bind(1, token_hash).bind(2, now);
    auto row = query->step();
    if (!row) return row.errors();
    if (!row.value()) return std::optional<SignedIn>();
    return std::optional<SignedIn>(SignedIn{read_session(query.value(), kUserColumnCount), read_user(query.value())});
  });
}

Expected<bool> SqliteAccountStore::touch_session(std::int64_t session_id, UnixSeconds now, std::int64_t granularity) {
  return write([&](Database& db) -> Expected<bool> {
    auto update = db.prepare("UPDATE sessions SET last_seen_at = ?2 WHERE id = ?1 AND last_seen_at <= ?2 - ?3");
    if (!update) return update.errors();
    update->bind(1, session_id).bind(2, now).bind(3, granularity);
    if (auto done = update->run(); !done) return done.errors();
    return sqlite3_changes(db.handle()) > 0;
  });
}

Expected<bool> SqliteAccountStore::end_session(std::int64_t user_id, std::int64_t session_id) {
  return write([&](Database& db) -> Expected<bool> {
    auto end = db.prepare("DELETE FROM sessions WHERE id = ?1 AND user_id = ?2");
    if (!end) return end.errors();
    end->bind(1, session_id).bind(2, user_id);
    if (auto done = end->run(); !done) return done.errors();
    return sqlite3_changes(db.handle()) > 0;
  });
}

Expected<std::int64_t> SqliteAccountStore::end_sessions_of(std::int64_t user_id, std::int64_t keep) {
  return write([&](Database& db) -> Expected<std::int64_t> {
    auto end = db.prepare("DELETE FROM sessions WHERE user_id = ?1 AND id <> ?2");
    if (!end) return end.errors();
    end->bind(1, user_id).bind(2, keep);
    if (auto done = end->run(); !done) return done.errors();
    return std::int64_t{sqlite3_changes(db.handle())};
  });
}

Expected<std::vector<Session>> SqliteAccountStore::sessions_of(std::int64_t user_id, UnixSeconds now) {
  return m_readers.with([&](Database& db) -> Expected<std::vector<Session>> {
    auto query = db.prepare(std::string("SELECT ") + kSessionColumns +
                            " FROM sessions s WHERE s.user_id = ?1 AND s.last_seen_at + s.idle_seconds > ?2 ORDER BY s.last_seen_at DESC, s.id DESC");
    if (!query) return query.errors();
    query->bind(1, user_id).bind(2, now);
    std::vector<Session> sessions;
    for (;;) {
      auto row = query->step();
      if (!row) return row.errors();
      if (!row.value()) break;
      sessions.push_back(read_session(query.value()));
    }
    return sessions;
  });
}

Expected<void> SqliteAccountStore::put_reset_code(const NewResetCode& code) {
  return write([&](Database& db) -> Expected<void> {
    auto upsert = db.prepare(
        "INSERT INTO reset_codes (user_id, code_hash, issued_by, issued_at, expires_at, tries_left) VALUES (?1, ?2, ?3, ?4, ?5, ?6)"
        " ON CONFLICT (user_id) DO UPDATE SET code_hash = excluded.code_hash, issued_by = excluded.issued_by,"
        " issued_at = excluded.issued_at, expires_at = excluded.expires_at, tries_left = excluded.tries_left");
    if (!upsert) return upsert.errors();
    upsert->bind(1, code.user_id).bind(2, code.code_hash).bind(3, code.issued_by).bind(4, code.now).bind(5, code.expires_at).bind(6, code.tries);
    return upsert->run();
  });
}

Expected<std::optional<ResetCode>> SqliteAccountStore::find_reset_code(std::int64_t user_id, UnixSeconds now) {
  return m_readers.with([&](Database& db) -> Expected<std::optional<ResetCode>> {
    auto query = db.prepare(
        "SELECT user_id, issued_by, issued_at, expires_at, tries_left FROM reset_codes WHERE user_id = ?1 AND expires_at > ?2 AND tries_left > 0");
    if (!query) return query.errors();
    query->bind(1, user_id).bind(2, now);
    auto row = query->step();
    if (!row) return row.errors();
    if (!row.value()) return std::optional<ResetCode>();
    return std::optional<ResetCode>(
        ResetCode{query->column_int(0), query->column_optional_int(1), query->column_int(2), query->column_int(3), query->column_int(4)});
  });
}

namespace {

// The hash of the user's live reset code and its tries left, or nullopt; a dead one is deleted.
Expected<std::optional<std::pair<std::string, std::int64_t>>> live_code(Database& db, std::int64_t user_id, UnixSeconds now) {
  auto dead = db.prepare("DELETE FROM reset_codes WHERE user_id = ?1 AND (expires_at <= ?2 OR tries_left <= 0)");
  if (!dead) return dead.errors();
  dead->bind(1, user_id).bind(2, now);
  if (auto done = dead->run(); !done) return done.errors();
  auto query = db.prepare("SELECT code_hash, tries_left FROM reset_codes WHERE user_id = ?1");
  if (!query) return query.errors();
  query->bind(1, user_id);
  auto row = query->step();
  if (!row) return row.errors();
  if (!row.value()) return std::optional<std::pair<std::string, std::int64_t>>();
  return std::optional<std::pair<std::string, std::int64_t>>(std::pair{query->column_text(0), query->column_int(1)});
}

}  // namespace

Expected<ResetCodeCheck> SqliteAccountStore::check_reset_code(std::int64_t user_id, const std::string& code_hash, UnixSeconds now) {
  return write([&](Database& db) -> Expected<ResetCodeCheck> {
    auto transaction = Transaction::begin(db);
    if (!transaction) return transaction.errors();
    auto live = live_code(db, user_id, now);
    if (!live) return live.errors();
    ResetCodeCheck check;
    if (live.value()) {
      const auto& [stored_hash, tries_left] = *live.value();
      if (same_hash(stored_hash, code_hash)) {
        check = ResetCodeCheck{ResetCodeCheck::Verdict::right, tries_left};
      } else {
        check = ResetCodeCheck{ResetCodeCheck::Verdict::wrong, tries_left - 1};
        // The last try kills the code.
        auto count = db.prepare(check.tries_left > 0 ? "UPDATE reset_codes SET tries_left = tries_left - 1 WHERE user_id = ?1"
                                                     : "DELETE FROM reset_codes WHERE user_id = ?1");
        if (!count) return count.errors();
        count->bind(1, user_id);
        if (auto done = count->run(); !done) return done.errors();
      }
    }
    if (auto committed = transaction->commit(); !committed) return committed.errors();
    return check;
  });
}

Expected<bool> SqliteAccountStore::reset_password(std::int64_t user_id, const std::string& code_hash, const std::string& password_hash,
                                                  UnixSeconds now) {
  return write([&](Database& db) -> Expected<bool> {
    auto transaction = Transaction::begin(db);
    if (!transaction) return transaction.errors();
    auto live = live_code(db, user_id, now);
    if (!live) return live.errors();
    if (!live.value() || !same_hash(live.value()->first, code_hash)) return false;
    for (const char* sql : {"UPDATE users SET password_hash = ?2, failed_sign_ins = 0 WHERE id = ?1", "DELETE FROM sessions WHERE user_id = ?1",
                            "DELETE FROM reset_codes WHERE user_id = ?1"}) {
      auto change = db.prepare(sql);
      if (!change) return change.errors();
      change->bind(1, user_id);
      if (std::string_view(sql).find("?2") != std::string_view::npos) change->bind(2, password_hash);
      if (auto done = change->run(); !done) return done.errors();
    }
    if (auto committed = transaction->commit(); !committed) return committed.errors();
    return true;
  });
}

Expected<AccountDeletion> SqliteAccountStore::delete_user(std::int64_t user_id) {
  return write([&](Database& db) -> Expected<AccountDeletion> {
    auto transaction = Transaction::begin(db);
    if (!transaction) return transaction.errors();
    // Checked in the transaction that deletes: a class created meanwhile cannot be lost with them.
    auto owned = db.prepare("SELECT (SELECT COUNT(*) FROM users WHERE id = ?1), (SELECT COUNT(*) FROM classes WHERE instructor_id = ?1)");
    if (!owned) return owned.errors();
    owned->bind(1, user_id);
    if (auto row = owned->step(); !row) return row.errors();
    if (owned->column_int(0) == 0) return AccountDeletion::no_such_user;
    if (owned->column_int(1) > 0) return AccountDeletion::owns_classes;
    // Sessions, progress events, class memberships, API tokens and reset codes go with the user
    // (ON DELETE CASCADE, migrations.cpp); codes the user issued to others stay, without an issuer.
    // FIXME: users.id is a rowid without AUTOINCREMENT, so the next account may get the id of a
    // deleted one that had the highest: nothing of theirs is left to mix with, but ids in the log
    // then name two people. AUTOINCREMENT needs the table rebuilt (a migration with foreign keys off).
    auto remove = db.prepare("DELETE FROM users WHERE id = ?1");
    if (!remove) return remove.errors();
    remove->bind(1, user_id);
    if (auto done = remove->run(); !done) return done.errors();
    if (auto committed = transaction->commit(); !committed) return committed.errors();
    return AccountDeletion::deleted;
  });
}

}  // namespace umuhanda
