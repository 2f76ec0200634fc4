// Accounts and sessions as the server stores them, behind an interface free of SQLite types: the
// SQLite store implements it now, a PostgreSQL one later (docs/development.md). Every method is one
// transaction; failures are values whose message is safe to log (never a password or a token).
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "api_tokens.hpp"  // Role
#include "umuhanda/expected.hpp"

namespace umuhanda {

using UnixSeconds = std::int64_t;

struct NewUser {
  std::string name;
  std::optional<std::string> phone;  // E.164 (+2507XXXXXXXX), already normalised
  std::optional<std::string> email;  // already normalised
  Role role = Role::student;
  std::string password_hash;  // libsodium's crypto_pwhash_str form; never the password
};

struct User {
  std::int64_t id = 0;
  std::string name;
  std::optional<std::string> phone;
  std::optional<std::string> email;
  Role role = Role::student;
  std::string password_hash;
  UnixSeconds created_at = 0;
  std::optional<UnixSeconds> disabled_at;
  std::int64_t failed_sign_ins = 0;  // in a row, since the last success or reset
  std::string language = "en";       // what the server writes to them in (emails, webhook messages): "en", "fr" or "rw"

  bool disabled() const { return disabled_at.has_value(); }
};

struct NewSession {
  std::int64_t user_id = 0;
  std::string token_hash;  // of the cookie's secret; the secret itself is never stored
  std::string device;      // what the client calls itself ("Chrome on Android"), for the session list
  UnixSeconds now = 0;
  std::int64_t idle_seconds = 0;  // the session ends when unused this long
};

struct Session {
  std::int64_t id = 0;
  std::int64_t user_id = 0;
  std::string device;
  UnixSeconds created_at = 0;
  UnixSeconds last_seen_at = 0;
  std::int64_t idle_seconds = 0;

  UnixSeconds expires_at() const { return last_seen_at + idle_seconds; }
};

// A session found by its token, with the user it belongs to (one read on every signed-in request).
struct SignedIn {
  Session session;
  User user;
};

// A one-time password reset code, as staff issue it (docs/api.md, "Password resets").
struct NewResetCode {
  std::int64_t user_id = 0;
  std::string code_hash;  // keyed_hash of the code (secret_tokens.hpp); never the code
  std::int64_t issued_by = 0;
  UnixSeconds now = 0;
  UnixSeconds expires_at = 0;  // dead from this second on
  std::int64_t tries = 0;      // wrong tries it takes before it is deleted
};

struct ResetCode {
  std::int64_t user_id = 0;
  std::optional<std::int64_t> issued_by;  // nullopt once that account is deleted
  UnixSeconds issued_at = 0;
  UnixSeconds expires_at = 0;
  std::int64_t tries_left = 0;

  bool operator==(const ResetCode&) const = default;
};

// What a typed code is worth, checked and counted in one transaction (so that requests at the
// same moment never get more tries than the code has).
struct ResetCodeCheck {
  enum class Verdict {
    right,  // the live code: left as it is for reset_password, which uses it up
    wrong,  // a wrong try was counted (the code is deleted when it had no more)
    none,   // the user has no live code (never issued, expired, used or killed)
  };
  Verdict verdict = Verdict::none;
  std::int64_t tries_left = 0;  // after this try
};

// An admin's search of the accounts (the people screen): any of the words in `text` found in the
// name, phone or email (a phone typed 07... also finds +2507...), of one role or all.
struct UserSearch {
  std::string text;
  std::optional<Role> role;
  std::size_t limit = 50;
};

enum class RoleChange {
  changed,
  unchanged,  // it was that role already: nothing written, nothing audited
  no_such_user,
};

enum class AccountDeletion {
  deleted,       // with everything that was theirs
  owns_classes,  // an instructor who still owns classes: nothing was deleted
  no_such_user,
};

class AccountStore {
public:
  virtual ~AccountStore() = default;

  // The new user, or an error at "phone" or "email" when another account already has it.
  virtual Expected<User> create_user(const NewUser& user) = 0;
  virtual Expected<std::optional<User>> find_user(std::int64_t id) = 0;
  // By normalised phone or email (an email's ASCII letters match in any case): what a person signs in with.
  virtual Expected<std::optional<User>> find_user_by_login(const std::string& phone_or_email) = 0;
  virtual Expected<void> set_password_hash(std::int64_t user_id, const std::string& password_hash) = 0;
  // Counts a wrong password (returns the count in a row), or clears the count after a success.
  virtual Expected<std::int64_t> record_failed_sign_in(std::int64_t user_id) = 0;
  virtual Expected<void> clear_failed_sign_ins(std::int64_t user_id) = 0;
  // Disables the account and ends all of its sessions, in one transaction.
  virtual Expected<void> disable_user(std::int64_t user_id, UnixSeconds now) = 0;
  // Lets a disabled account sign in again (its old sessions stay ended).
  virtual Expected<void> enable_user(std::int64_t user_id) = 0;
  // By name, most recently created first among equals; at most search.limit.
  virtual Expected<std::vector<User>> find_users(const UserSearch& search) = 0;
  // An admin makes the account a student, an instructor or an admin, audited as "user.role_changed"
  // in the same transaction. Its sessions stay: the role is read on every request.
  virtual Expected<RoleChange> set_role(std::int64_t user_id, Role role, std::int64_t actor_id, UnixSeconds now) = 0;
  // "en", "fr" or "rw" (the caller checked it).
  virtual Expected<void> set_language(std::int64_t user_id, const std::string& language) = 0;

  // Also deletes every session that has ended (idle too long), of any user.
  virtual Expected<Session> create_session(const NewSession& session) = 0;
  // The live session with this token hash and its enabled user; nullopt when there is none, when it
  // has been idle too long (it is then deleted), or when the user is disabled.
  virtual Expected<std::optional<SignedIn>> find_session(const std::string& token_hash, UnixSeconds now) = 0;
  // Records use; writes only when the stored time is at least `granularity` seconds old, so a
  // busy client does not write on every request. True when it wrote.
  virtual Expected<bool> touch_session(std::int64_t session_id, UnixSeconds now, std::int64_t granularity) = 0;
  // Ends one session of this user (false: no such session of theirs).
  virtual Expected<bool> end_session(std::int64_t user_id, std::int64_t session_id) = 0;
  // Ends every session of the user but `keep` (0: all); returns how many ended.
  virtual Expected<std::int64_t> end_sessions_of(std::int64_t user_id, std::int64_t keep) = 0;
  // The user's live sessions, most recently used first.
  virtual Expected<std::vector<Session>> sessions_of(std::int64_t user_id, UnixSeconds now) = 0;

  // Stores a reset code for the user, replacing the one they had.
  virtual Expected<void> put_reset_code(const NewResetCode& code) = 0;
  // The user's live code (not expired, tries left), or nullopt.
  virtual Expected<std::optional<ResetCode>> find_reset_code(std::int64_t user_id, UnixSeconds now) = 0;
  // Compares `code_hash` with the live code's hash in constant time; a wrong one costs a try.
  virtual Expected<ResetCodeCheck> check_reset_code(std::int64_t user_id, const std::string& code_hash, UnixSeconds now) = 0;
  // The reset, in one transaction, if the code with this hash is still live: the new password
  // hash, the wrong-password count cleared (which unlocks sign-in), every session ended, the code
  // deleted. False when the code died meanwhile (used, expired, killed): then nothing changed.
  virtual Expected<bool> reset_password(std::int64_t user_id, const std::string& code_hash, const std::string& password_hash, UnixSeconds now) = 0;

  // Deletes the account and everything that is theirs (sessions, synced progress, class
  // memberships, API tokens, reset codes) in one transaction; refused while they own classes.
  virtual Expected<AccountDeletion> delete_user(std::int64_t user_id) = 0;
};

}  // namespace umuhanda
