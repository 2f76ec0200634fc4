// Account: who is signed in on this device. The session lives in the server's HttpOnly cookie, which
// the page never sees: /api/v1/me says whether it is alive. The last user seen is remembered in the
// "meta" store ("account"), so a start without a connection still knows whose progress syncs once
// the network is back. Signing in, up and out go through the server's JSON routes (docs/api.md).
#pragma once

#include <cstdint>
#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "platform/http_client.hpp"
#include "platform/key_value_store.hpp"

namespace umuhanda {

struct AccountUser {
  std::int64_t id = 0;
  std::string name;
  std::string role;      // "student", "instructor", "admin"
  std::string language;  // what the server writes to them in (emails, webhook messages): "en", "fr" or "rw"

  bool operator==(const AccountUser&) const = default;
};

enum class AccountState {
  unknown,     // not asked yet, or the server could not be reached (see user(): remembered)
  signed_out,  // the server says there is no session
  signed_in,   // the server confirmed the session in this visit
};

// What went wrong, for the student: the server's message when it sent one, else why it is unreachable.
struct AccountProblem {
  std::string code;     // the server's error code ("wrong_login", "too_many_requests", ...), or "offline"
  std::string message;  // readable, with the server's details (which field, why) appended
};

// The server's error body {"error": {"code", "message", "details": [{path, message}]}} as one
// readable problem (each detail a line of its own); no answer at all is "offline". For every
// request the client makes on a signed-in person's behalf (account, classes, sync).
AccountProblem problem_of_answer(const HttpResponse& response);

class Account {
public:
  using Done = std::function<void(std::optional<AccountProblem>)>;

  Account(HttpClient& http, KeyValueStore& storage);

  // Reads the remembered user (when storage is open), then asks the server.
  void start(bool storage_open);
  void check();  // asks /api/v1/me again (after a failure, once online)

  void sign_up(const std::string& name, const std::string& login, const std::string& password, Done on_done);
  void sign_in(const std::string& login, const std::string& password, Done on_done);
  void sign_out(Done on_done);
  // With the one-time code a staff member gave (docs/api.md, "Password resets"): a new password,
  // and signed in with it.
  void reset_password(const std::string& login, const std::string& code, const std::string& password, Done on_done);
  // Deletes the account and everything stored with it on the server, once the password is checked.
  // The progress on this device stays.
  void delete_account(const std::string& password, Done on_done);
  // Tells the server the language the person reads the app in, so its emails and messages use it
  // too: once per language per sign-in, only while signed in, only for "en", "fr" and "rw", and
  // only when the server's differs. A failure (offline) is tried again at the next sign-in or
  // language change.
  void tell_language(const std::string& language);

  AccountState state() const { return m_state; }
  // The signed-in user, or the remembered one while the state is unknown; nullopt when signed out.
  const std::optional<AccountUser>& user() const { return m_user; }
  bool busy() const { return m_busy; }
  std::uint64_t revision() const { return m_revision; }
  nlohmann::json state_json() const;

private:
  void signed_in_as(const AccountUser& user);
  void signed_out();
  void session_answer(HttpResponse response, Done on_done);

  HttpClient& m_http;
  KeyValueStore& m_storage;
  bool m_storage_open = false;
  AccountState m_state = AccountState::unknown;
  std::optional<AccountUser> m_user;
  std::string m_language_told;  // the last language sent this sign-in ("" none)
  bool m_busy = false;
  std::uint64_t m_revision = 0;
};

std::string_view to_string(AccountState state);

}  // namespace umuhanda
