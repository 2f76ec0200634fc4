// A fixture for tests of signed-in people against the real server: students who sign up, staff
// made with the server's command line, and requests with their session cookie (same origin).
// Shared by the password reset and account data tests.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "http_test_support.hpp"

namespace umuhanda::testing {

inline constexpr const char* kSameOrigin = "Origin: http://127.0.0.1";  // request_text sends Host: 127.0.0.1
inline constexpr const char* kJsonType = "Content-Type: application/json";
inline constexpr const char* kTestPassword = "amahoro y'umuhanda 7";

struct Account {
  std::string cookie;  // "umuhanda_session=...", or "" when signing in failed
  std::int64_t id = 0;
};

class SignedInTest : public SeededServerTest {
protected:
  static nlohmann::json body_of(const RawResponse& res) { return nlohmann::json::parse(res.body, nullptr, false); }
  // The session cookie and account id of a sign-in or sign-up answer.
  static Account account_of(const RawResponse& res) {
    const std::string set_cookie = res.header("Set-Cookie");
    const nlohmann::json body = body_of(res);
    if (!body.is_object() || !body.contains("user")) return {};
    return Account{set_cookie.substr(0, set_cookie.find(';')), body["user"]["id"].get<std::int64_t>()};
  }

  Account student(const std::string& name, const std::string& phone) {
    RawResponse res = post_json("/api/v1/accounts", {{"name", name}, {"login", phone}, {"password", kTestPassword}});
    EXPECT_EQ(res.status, 201) << res.describe();
    return account_of(res);
  }
  // An instructor or admin made with `umuhanda-server user create`, then signed in.
  Account staff(const std::string& name, const std::string& phone, const std::string& role = "instructor") {
    CommandRun run = run_command(
        {UMUHANDA_SERVER_BINARY, "--data", server->data_dir().string(), "user", "create", "--name", name, "--login", phone, "--role", role}, {},
        std::string(kTestPassword) + "\n");
    EXPECT_EQ(run.status, 0) << run.output;
    return signed_in(phone, kTestPassword);
  }
  Account signed_in(const std::string& login, const std::string& password) {
    RawResponse res = sign_in(login, password);
    EXPECT_EQ(res.status, 200) << res.describe();
    return account_of(res);
  }
  RawResponse sign_in(const std::string& login, const std::string& password) {
    return post_json("/api/v1/sessions", {{"login", login}, {"password", password}});
  }

  // Anonymous, from this server's own page.
  RawResponse post_json(const std::string& path, const nlohmann::json& body, std::vector<std::string> headers = {kSameOrigin, kJsonType}) {
    return round_trip(port, request_text("POST", path, headers, body.dump()));
  }
  RawResponse get(const Account& who, const std::string& path) { return round_trip(port, request_text("GET", path, {"Cookie: " + who.cookie})); }
  RawResponse post(const Account& who, const std::string& path, const nlohmann::json& body) {
    return post_json(path, body, {kSameOrigin, kJsonType, "Cookie: " + who.cookie});
  }
  RawResponse post_empty(const Account& who, const std::string& path) {
    return round_trip(port, request_text("POST", path, {kSameOrigin, "Cookie: " + who.cookie}));
  }

  // A class of `instructor`'s that `members` joined: its id.
  std::int64_t class_with(const Account& instructor, const std::vector<Account>& members) {
    RawResponse made = post(instructor, "/api/v1/classes", {{"name", "Kigali evening"}});
    EXPECT_EQ(made.status, 201) << made.describe();
    const nlohmann::json cls = body_of(made)["class"];
    if (!cls.is_object()) return 0;
    for (const Account& member : members) {
      RawResponse joined = post(member, "/api/v1/classes/join", {{"code", cls["join_code"]}});
      EXPECT_EQ(joined.status, 200) << joined.describe();
    }
    return cls["id"].get<std::int64_t>();
  }
};

}  // namespace umuhanda::testing
