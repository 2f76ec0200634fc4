#include "store/sqlite_account_store.hpp"

namespace umuhanda {
namespace {

constexpr const char* kUserColumns = "u.id, u.name, u.phone, u.email, u.role, u.password_hash, u.created_at, u.disabled_at, u.failed_sign_ins";
constexpr int kUserColumnCount = 9;
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

}  // namespace umuhanda
