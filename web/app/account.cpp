// Signing in and out against the server, and the user remembered in storage.
#include "app/account.hpp"

namespace umuhanda {
namespace {

constexpr const char* kAccountKey = "account";

std::optional<AccountUser> user_from(const nlohmann::json& json) {
  if (!json.is_object() || !json.contains("id") || !json["id"].is_number_integer()) return std::nullopt;
  AccountUser user;
  user.id = json["id"].get<std::int64_t>();
  if (json.contains("name") && json["name"].is_string()) user.name = json["name"].get<std::string>();
  if (json.contains("role") && json["role"].is_string()) user.role = json["role"].get<std::string>();
  if (json.contains("language") && json["language"].is_string()) user.language = json["language"].get<std::string>();
  return user;
}

}  // namespace

AccountProblem problem_of_answer(const HttpResponse& response) {
  if (response.status == 0) return AccountProblem{"offline", "no connection to the server: try again when you are online"};
  const auto json = nlohmann::json::parse(response.body, nullptr, false);
  AccountProblem problem{"http_" + std::to_string(response.status), "the server answered " + std::to_string(response.status)};
  if (json.is_object() && json.contains("error") && json["error"].is_object()) {
    const auto& error = json["error"];
    if (error.contains("code") && error["code"].is_string()) problem.code = error["code"].get<std::string>();
    if (error.contains("message") && error["message"].is_string()) problem.message = error["message"].get<std::string>();
    if (error.contains("details") && error["details"].is_array()) {
      for (const auto& detail : error["details"]) {
        if (detail.is_object() && detail.contains("message") && detail["message"].is_string()) {
          const std::string path = detail.contains("path") && detail["path"].is_string() ? detail["path"].get<std::string>() : "";
          problem.message += "\n" + (path.empty() ? "" : path + ": ") + detail["message"].get<std::string>();
        }
      }
    }
  }
  return problem;
}

std::string_view to_string(AccountState state) {
  switch (state) {
    case AccountState::unknown: return "unknown";
    case AccountState::signed_out: return "signed_out";
    case AccountState::signed_in: return "signed_in";
  }
  return "unknown";
}

Account::Account(HttpClient& http, KeyValueStore& storage) : m_http(http), m_storage(storage) {}

void Account::start(bool storage_open) {
  m_storage_open = storage_open;
  if (!storage_open) return check();
  m_storage.get(stores::kMeta, kAccountKey, [this](StorageResult<std::optional<std::string>> stored) {
    if (stored.ok() && stored.value && !m_user) {
      m_user = user_from(nlohmann::json::parse(*stored.value, nullptr, false));
      ++m_revision;
    }
    check();
  });
}

void Account::check() {
  // Never a 401 (which the browser would log as an error at every signed-out start).
  m_http.get("/api/v1/sessions/current", {}, [this](HttpResponse response) {
    const auto json = nlohmann::json::parse(response.body, nullptr, false);
    if (!response.ok() || !json.is_object() || !json.contains("user")) return;  // offline: keep what is remembered
    if (json["user"].is_null()) return signed_out();
    if (auto user = user_from(json["user"])) signed_in_as(*user);
  });
}

void Account::sign_up(const std::string& name, const std::string& login, const std::string& password, Done on_done) {
  m_busy = true;
  ++m_revision;
  const nlohmann::json body = {{"name", name}, {"login", login}, {"password", password}, {"device", "Umuhanda web"}};
  m_http.send_json("POST", "/api/v1/accounts", body.dump(),
                   [this, on_done = std::move(on_done)](HttpResponse response) { session_answer(std::move(response), on_done); });
}

void Account::sign_in(const std::string& login, const std::string& password, Done on_done) {
  m_busy = true;
  ++m_revision;
  const nlohmann::json body = {{"login", login}, {"password", password}, {"device", "Umuhanda web"}};
  m_http.send_json("POST", "/api/v1/sessions", body.dump(),
                   [this, on_done = std::move(on_done)](HttpResponse response) { session_answer(std::move(response), on_done); });
}

void Account::reset_password(const std::string& login, const std::string& code, const std::string& password, Done on_done) {
  m_busy = true;
  ++m_revision;
  const nlohmann::json body = {{"login", login}, {"code", code}, {"password", password}, {"device", "Umuhanda web"}};
  m_http.send_json("POST", "/api/v1/password-resets", body.dump(),
                   [this, on_done = std::move(on_done)](HttpResponse response) { session_answer(std::move(response), on_done); });
}

void Account::delete_account(const std::string& password, Done on_done) {
  m_busy = true;
  ++m_revision;
  m_http.send_json("POST", "/api/v1/me/delete", nlohmann::json{{"password", password}}.dump(),
                   [this, on_done = std::move(on_done)](HttpResponse response) {
                     m_busy = false;
                     if (response.status != 204) {
                       ++m_revision;
                       return on_done(problem_of_answer(response));
                     }
                     signed_out();
                     on_done(std::nullopt);
                   });
}

void Account::session_answer(HttpResponse response, Done on_done) {
  m_busy = false;
  ++m_revision;
  const auto json = nlohmann::json::parse(response.body, nullptr, false);
  std::optional<AccountUser> user;
  if (response.ok() && json.is_object() && json.contains("user")) user = user_from(json["user"]);
  if (!user) return on_done(problem_of_answer(response));
  signed_in_as(*user);
  on_done(std::nullopt);
}

void Account::sign_out(Done on_done) {
  m_busy = true;
  ++m_revision;
  HttpRequest request = HttpRequest::to("/api/v1/sessions/current");
  request.method = "DELETE";
  m_http.send(std::move(request), [this, on_done = std::move(on_done)](HttpResponse response) {
    m_busy = false;
    // 401: the session had already ended; either way nobody is signed in here now.
    if (!response.ok() && response.status != 401) {
      ++m_revision;
      return on_done(problem_of_answer(response));
    }
    signed_out();
    on_done(std::nullopt);
  });
}

void Account::tell_language(const std::string& language) {
  if (m_state != AccountState::signed_in || !m_user || m_user->language == language || m_language_told == language) return;
  if (language != "en" && language != "fr" && language != "rw") return;
  m_language_told = language;
  const std::int64_t user_id = m_user->id;
  m_http.send_json("POST", "/api/v1/me/language", nlohmann::json{{"language", language}}.dump(), [this, user_id, language](HttpResponse response) {
    if (!response.ok() || !m_user || m_user->id != user_id) return;
    m_user->language = language;  // no new revision: nothing on screen depends on it
  });
}

void Account::signed_in_as(const AccountUser& user) {
  if (!m_user || m_user->id != user.id) m_language_told.clear();
  m_state = AccountState::signed_in;
  m_user = user;
  ++m_revision;
  if (m_storage_open) {
    const nlohmann::json remembered = {{"id", user.id}, {"name", user.name}, {"role", user.role}, {"language", user.language}};
    m_storage.put(stores::kMeta, kAccountKey, remembered.dump(), WriteDurability::relaxed, [](std::optional<StorageError>) {});
  }
}

void Account::signed_out() {
  m_language_told.clear();
  m_state = AccountState::signed_out;
  m_user.reset();
  ++m_revision;
  if (m_storage_open) {
    m_storage.write({KeyValueWrite{stores::kMeta, kAccountKey, std::nullopt}}, WriteDurability::relaxed, [](std::optional<StorageError>) {});
  }
}

nlohmann::json Account::state_json() const {
  nlohmann::json state = {{"state", std::string(to_string(m_state))}, {"busy", m_busy}};
  if (m_user) state["user"] = {{"id", m_user->id}, {"name", m_user->name}, {"role", m_user->role}, {"language", m_user->language}};
  return state;
}

}  // namespace umuhanda
