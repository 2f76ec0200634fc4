// The accounts routes: sign-up, sign-in, sign-out, a user's own sessions, password resets with a
// code staff issue, and deleting one's own account (docs/api.md, "Accounts and sessions",
// "Password resets", "Your data"). Sessions travel in an HttpOnly, SameSite=Strict cookie; every
// request that changes state with it must come from this server's own origin.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>
#include <string>

#include "password_dictionary.hpp"
#include "passwords.hpp"
#include "rate_limiter.hpp"
#include "secret_tokens.hpp"
#include "store/account_store.hpp"
#include "store/class_store.hpp"

namespace httplib {
class Server;
struct Request;
struct Response;
class ContentReader;
}  // namespace httplib

namespace umuhanda {

struct Caller;  // server_app.hpp

struct AccountsConfig {
  bool secure_cookies = false;                     // reached over TLS (at nginx): __Host- cookie, Secure
  std::int64_t student_idle_seconds = 30 * 86400;  // students may be offline for weeks
  std::int64_t staff_idle_seconds = 12 * 3600;
  std::int64_t touch_granularity_seconds = 3600;  // a session's last use is written at most this often
  std::size_t max_hashes_at_once = 2;
  PasswordCost password_cost = interactive_password_cost();
  std::int64_t reset_code_seconds = 10 * 60;  // a reset code dies this long after it was issued
  std::int64_t reset_code_tries = 5;          // wrong tries a reset code takes; the last one kills it
};

class AccountsApi {
public:
  using LogSink = std::function<void(const std::string&)>;
  AccountsApi(AccountStore& store, AccountsConfig config, LogSink log);
  // Before serving: the passwords refused as too easy to guess (none until set).
  void set_dictionary(PasswordDictionary dictionary) { m_dictionary = std::move(dictionary); }

  // POST /api/v1/accounts, POST /api/v1/sessions: content-reader routes, admitted before their body
  // is read (ServerApp::admit_before_body: JSON, small, same origin).
  void sign_up(const httplib::Request& req, httplib::Response& res, const httplib::ContentReader& read_body);
  void sign_in(const httplib::Request& req, httplib::Response& res, const httplib::ContentReader& read_body);
  // GET /api/v1/sessions, DELETE /api/v1/sessions/current, DELETE /api/v1/sessions/{id},
  // DELETE /api/v1/sessions (every one of the user's sessions).
  void list_sessions(const httplib::Request& req, httplib::Response& res);
  // GET /api/v1/sessions/current: {"user", "session"} of the request's session, both null without
  // one. Never 401: the client asks it at every start, signed in or not, and browsers log every
  // 4xx answer as an error.
  void current_session(const httplib::Request& req, httplib::Response& res);
  void sign_out(const httplib::Request& req, httplib::Response& res);
  void end_session(const httplib::Request& req, httplib::Response& res, std::int64_t session_id);
  void sign_out_everywhere(const httplib::Request& req, httplib::Response& res);

  // POST /api/v1/users/{id}/reset-code, for the staff `caller`: an admin for any account but
  // another admin's, an instructor for the students of their own classes (`classes`); any other
  // id answers 404, as an account that does not exist.
  void issue_reset_code(const httplib::Request& req, httplib::Response& res, const Caller& caller, std::int64_t user_id, ClassStore& classes);
  // POST /api/v1/users/{id}/disable and .../enable, for the staff `caller` (who may act on whom as
  // for reset codes): a disabled account's sessions end at once and its API tokens stop, as with
  // `umuhanda-server user disable`; enabling lets it sign in again.
  void set_disabled(const httplib::Request& req, httplib::Response& res, const Caller& caller, std::int64_t user_id, ClassStore& classes,
                    bool disabled);
  // POST /api/v1/password-resets, admitted like sign-in before its body is read.
  void reset_password(const httplib::Request& req, httplib::Response& res, const httplib::ContentReader& read_body);
  // POST /api/v1/classes/{id}/students (docs/api.md, "Adding students from a file"), for the
  // class's instructor or an admin (staff, admitted before the body): new student accounts with no
  // usable password, each added to the class with a one-time reset code as issue_reset_code makes
  // one, in one transaction; an existing login is reported and left unchanged (a student's is
  // added to the class). Bad input changes nothing. The codes are never logged.
  void add_students(const httplib::Request& req, httplib::Response& res, const httplib::ContentReader& read_body, const Caller& caller,
                    std::int64_t class_id, ClassStore& classes);
  static constexpr std::size_t kMaxStudentsBodyBytes = 128 * 1024;  // 500 students with long names
  // POST /api/v1/me/delete, admitted before its body is read (JSON, small, the session, same
  // origin): the account of `user_id` is deleted once its password is confirmed.
  void delete_account(const httplib::Request& req, httplib::Response& res, const httplib::ContentReader& read_body, std::int64_t user_id);
  // POST /api/v1/me/language {"language": "en" | "fr" | "rw"}: what the server writes to this
  // person in (emails and webhook messages); the app sends it when they choose a language.
  void set_language(const httplib::Request& req, httplib::Response& res, const httplib::ContentReader& read_body, std::int64_t user_id);

  // The request's session when its cookie names a live one (use recorded, cookie renewed in `res`);
  // nullopt when it has no cookie, or one of no live session. A store failure is a 500 in `res`
  // and `failed` is set.
  std::optional<SignedIn> session_of(const httplib::Request& req, httplib::Response& res, bool& failed);
  bool has_session_cookie(const httplib::Request& req) const;

  // The body limit of sign-up and sign-in, checked from Content-Length before reading.
  static constexpr std::size_t kMaxBodyBytes = 16 * 1024;

  // The request's session, or nullopt with the answer written: 401 without one, 403 when the
  // request changes state and does not come from this server's own pages.
  std::optional<SignedIn> require_session(const httplib::Request& req, httplib::Response& res, bool changes_state);

private:
  // The account `user_id` when the staff `caller` manages it: an admin any account but an admin's
  // (403 `admin_refusal`), an instructor the students of their own classes (anyone else: 404, as
  // an account that does not exist). nullopt with the answer written otherwise.
  std::optional<User> managed_user(const httplib::Request& req, httplib::Response& res, const Caller& caller, std::int64_t user_id,
                                   ClassStore& classes, const char* admin_refusal);
  void start_session(const httplib::Request& req, httplib::Response& res, const User& user, const std::string& device, int status);
  std::int64_t idle_seconds_of(Role role) const;
  const std::string& unknown_user_hash();

  AccountStore& m_store;
  AccountsConfig m_config;
  LogSink m_log;
  PasswordHasher m_hasher;
  PasswordDictionary m_dictionary;
  // Wrong passwords: 10 per address and 5 per (account, address) in 15 minutes, then 429 until the
  // window has passed. 100 in a row on one account stop its sign-in until a reset.
  FailureRateLimiter m_failures_by_address{10, std::chrono::minutes(15)};
  FailureRateLimiter m_failures_by_login{5, std::chrono::minutes(15)};
  // Wrong reset codes: 10 per address in 15 minutes, then 429. Per login, they are also counted
  // for 10 minutes (a code's life), so that a login without a live code (unknown, none issued,
  // expired, killed) counts its tries down as one with a code does: the answer never tells
  // whether a login has an account.
  FailureRateLimiter m_wrong_codes_by_address{10, std::chrono::minutes(15)};
  FailureRateLimiter m_wrong_codes_by_login{5, std::chrono::minutes(10)};
  // Reset codes are stored keyed-hashed with this key, which only this process holds: a copy of
  // the database cannot be searched for the codes (10^8 of them). A restart ends the codes issued
  // before it (staff issue another).
  const HashKey m_reset_code_key = new_hash_key();
  std::once_flag m_unknown_user_hash_made;
  std::string m_unknown_user_hash;
};

// Wrong passwords in a row after which an account's sign-in stops until staff issue a reset code.
inline constexpr std::int64_t kMaxFailedSignInsInARow = 100;

}  // namespace umuhanda
