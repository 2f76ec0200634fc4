// Accounts and sessions against the real server on loopback: sign-up, sign-in, the session cookie
// and its attributes, sign-out, a user's own sessions, throttling of wrong passwords, and the
// refusals made from the headers alone (type, size, origin) before a body is read.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <string>

#include "http_test_support.hpp"
#include "session_cookies.hpp"

namespace umuhanda {
namespace {

using namespace std::chrono_literals;
using testing::error_code_of;
using testing::error_of;
using testing::RawConnection;
using testing::RawResponse;
using testing::request_text;
using testing::round_trip;

constexpr const char* kOrigin = "Origin: http://127.0.0.1";  // request_text sends Host: 127.0.0.1
constexpr const char* kJson = "Content-Type: application/json";

class Accounts : public testing::SeededServerTest {
protected:
  RawResponse post(const std::string& path, const nlohmann::json& body, std::vector<std::string> headers = {kOrigin, kJson}) {
    return round_trip(port, request_text("POST", path, headers, body.dump()));
  }
  RawResponse sign_up(const std::string& name, const std::string& login, const std::string& password = "amahoro y'umuhanda") {
    return post("/api/v1/accounts", {{"name", name}, {"login", login}, {"password", password}});
  }
  RawResponse sign_in(const std::string& login, const std::string& password, const std::string& device = "") {
    return post("/api/v1/sessions", {{"login", login}, {"password", password}, {"device", device}});
  }
  RawResponse with_cookie(const std::string& method, const std::string& path, const std::string& cookie, bool same_origin = true) {
    std::vector<std::string> headers = {"Cookie: " + cookie};
    if (same_origin) headers.push_back(kOrigin);
    return round_trip(port, request_text(method, path, headers));
  }
  // "umuhanda_session=<secret>" from a Set-Cookie answer, or "" when none.
  static std::string cookie_of(const RawResponse& res) {
    const std::string set_cookie = res.header("Set-Cookie");
    return set_cookie.substr(0, set_cookie.find(';'));
  }
  static nlohmann::json body_of(const RawResponse& res) { return nlohmann::json::parse(res.body, nullptr, false); }
};

TEST_F(Accounts, SignUpCreatesAStudentAndSignsThemInWithAStrictHttpOnlyCookie) {
  RawResponse res = sign_up("  Aline Uwase ", "078 123 4567");
  ASSERT_EQ(res.status, 201) << res.describe();
  const nlohmann::json body = body_of(res);
  EXPECT_EQ(body["user"]["name"], "Aline Uwase");
  EXPECT_EQ(body["user"]["phone"], "+250781234567");
  EXPECT_EQ(body["user"]["role"], "student");
  EXPECT_TRUE(body["session"]["current"].get<bool>());
  EXPECT_EQ(body["session"]["expires_at"].get<std::int64_t>() - body["session"]["created_at"].get<std::int64_t>(), 30 * 24 * 3600);
  EXPECT_EQ(res.header("Cache-Control"), "private, no-store");
  EXPECT_EQ(body.dump().find("password"), std::string::npos);
  const std::string set_cookie = res.header("Set-Cookie");
  EXPECT_EQ(set_cookie.rfind("umuhanda_session=ums_", 0), 0u) << set_cookie;
  for (const char* attribute : {"; Path=/", "; Max-Age=2592000", "; HttpOnly", "; SameSite=Strict"}) {
    EXPECT_NE(set_cookie.find(attribute), std::string::npos) << attribute << " in " << set_cookie;
  }
  EXPECT_EQ(set_cookie.find("Secure"), std::string::npos) << "plain HTTP on loopback: browsers would drop a Secure cookie";

  RawResponse me = with_cookie("GET", "/api/v1/me", cookie_of(res));
  ASSERT_EQ(me.status, 200) << me.describe();
  EXPECT_EQ(body_of(me)["name"], "Aline Uwase");
  EXPECT_EQ(body_of(me)["user_id"], body["user"]["id"]);
  EXPECT_EQ(me.header("Cache-Control"), "private, no-store");
}

TEST_F(Accounts, APhoneOrEmailHasOneAccountAndBadFieldsAreNamed) {
  ASSERT_EQ(sign_up("Aline", "0781234567").status, 201);
  RawResponse again = sign_up("Someone", "+250 78 123 4567");
  EXPECT_EQ(again.status, 409) << again.describe();
  EXPECT_EQ(error_code_of(again), "login_taken");

  RawResponse bad = post("/api/v1/accounts", {{"name", ""}, {"login", "12345"}, {"password", "short"}});
  EXPECT_EQ(bad.status, 400) << bad.describe();
  EXPECT_EQ(error_code_of(bad), "invalid_body");
  std::set<std::string> paths;
  const nlohmann::json error = error_of(bad);
  for (const auto& detail : error["details"]) paths.insert(detail["path"].get<std::string>());
  EXPECT_EQ(paths, (std::set<std::string>{"name", "login", "password"})) << bad.body;
  EXPECT_EQ(bad.body.find("short"), std::string::npos) << "the password is never echoed";
}

TEST_F(Accounts, CommonPasswordsAndRunsAreRefusedWithAReason) {
  for (const char* weak : {"password", "Football", "12345678", "aaaaaaaaaa"}) {
    RawResponse res = sign_up("Aline", "0781234567", weak);
    EXPECT_EQ(res.status, 400) << weak << ": " << res.describe();
    const nlohmann::json error = error_of(res);
    ASSERT_EQ(error["details"].size(), 1u) << res.body;
    EXPECT_EQ(error["details"][0]["path"], "password");
    EXPECT_NE(error["details"][0]["message"].get<std::string>().find("guessed first"), std::string::npos) << res.body;
  }
  EXPECT_EQ(sign_up("Aline", "0781234567", "football at amahoro stadium").status, 201);
}

TEST_F(Accounts, AWrongPasswordAndAnUnknownLoginGetTheSameAnswer) {
  ASSERT_EQ(sign_up("Aline", "0781234567").status, 201);
  RawResponse wrong = sign_in("0781234567", "not the password");
  RawResponse unknown = sign_in("0791234567", "not the password");
  EXPECT_EQ(wrong.status, 401);
  EXPECT_EQ(unknown.status, 401);
  EXPECT_EQ(wrong.body, unknown.body);
  EXPECT_TRUE(wrong.header("Set-Cookie").empty());
  RawResponse right = sign_in("+250781234567", "amahoro y'umuhanda", "Firefox on a laptop");
  ASSERT_EQ(right.status, 200) << right.describe();
  EXPECT_EQ(body_of(right)["session"]["device"], "Firefox on a laptop");
  EXPECT_FALSE(cookie_of(right).empty());
}

TEST_F(Accounts, FiveWrongPasswordsForOneAccountAre429WithRetryAfter) {
  ASSERT_EQ(sign_up("Aline", "0781234567").status, 201);
  for (int i = 0; i < 5; ++i) EXPECT_EQ(sign_in("0781234567", "guess " + std::to_string(i)).status, 401) << i;
  RawResponse limited = sign_in("0781234567", "amahoro y'umuhanda");
  EXPECT_EQ(limited.status, 429) << limited.describe();
  EXPECT_EQ(error_code_of(limited), "too_many_requests");
  const int retry_after = std::stoi(limited.header("Retry-After").empty() ? "0" : limited.header("Retry-After"));
  EXPECT_GT(retry_after, 800) << "the window is 15 minutes";
  EXPECT_LE(retry_after, 901);
}

TEST_F(Accounts, TenWrongPasswordsFromOneAddressAre429ForEveryAccount) {
  for (int i = 0; i < 10; ++i) EXPECT_EQ(sign_in("07812345" + std::to_string(10 + i), "guess").status, 401) << i;
  RawResponse limited = sign_in("0791234567", "anything at all");
  EXPECT_EQ(limited.status, 429) << limited.describe();
  EXPECT_FALSE(limited.header("Retry-After").empty());
}

TEST_F(Accounts, FormsAreRefusedFromTheirHeadersBeforeTheBodyIsRead) {
  // Another site's page, no Origin at all, a form's Content-Type, and a body too large to read.
  RawResponse other_site = post("/api/v1/sessions", {{"login", "0781234567"}, {"password", "x"}}, {"Origin: http://evil.example", kJson});
  EXPECT_EQ(other_site.status, 403);
  EXPECT_EQ(error_code_of(other_site), "cross_origin");
  RawResponse no_origin = post("/api/v1/accounts", {{"name", "A"}}, {kJson});
  EXPECT_EQ(no_origin.status, 403);
  RawResponse form = post("/api/v1/sessions", {{"login", "x"}}, {kOrigin, "Content-Type: application/x-www-form-urlencoded"});
  EXPECT_EQ(form.status, 415);
  // 64 KiB announced, none sent: the answer comes from the head alone.
  RawConnection connection(port);
  ASSERT_TRUE(
      connection.send("POST /api/v1/accounts HTTP/1.1\r\nHost: 127.0.0.1\r\nOrigin: http://127.0.0.1\r\nContent-Type: "
                      "application/json\r\nContent-Length: 65536\r\n\r\n"));
  RawResponse too_large = connection.read_response(false, 5s);
  ASSERT_TRUE(too_large.ok()) << too_large.error;
  EXPECT_EQ(too_large.status, 413) << too_large.describe();
}

TEST_F(Accounts, AUserListsAndEndsOnlyTheirOwnSessions) {
  const std::string phone = cookie_of(sign_up("Aline", "0781234567"));
  const std::string laptop = cookie_of(sign_in("0781234567", "amahoro y'umuhanda", "laptop"));
  const std::string other = cookie_of(sign_up("Bosco", "0791234567"));
  ASSERT_FALSE(phone.empty() || laptop.empty() || other.empty());

  RawResponse listed = with_cookie("GET", "/api/v1/sessions", laptop);
  ASSERT_EQ(listed.status, 200) << listed.describe();
  const nlohmann::json sessions = body_of(listed)["sessions"];
  ASSERT_EQ(sessions.size(), 2u) << listed.body;
  std::int64_t phone_session = 0;
  for (const auto& session : sessions) {
    if (!session["current"].get<bool>()) phone_session = session["id"].get<std::int64_t>();
  }
  ASSERT_GT(phone_session, 0);

  const std::string path = "/api/v1/sessions/" + std::to_string(phone_session);
  EXPECT_EQ(with_cookie("DELETE", path, other).status, 404) << "Bosco cannot end Aline's session";
  EXPECT_EQ(with_cookie("DELETE", path, laptop, false).status, 403) << "no Origin: refused";
  EXPECT_EQ(with_cookie("GET", "/api/v1/me", phone).status, 200);
  EXPECT_EQ(with_cookie("DELETE", path, laptop).status, 204);
  EXPECT_EQ(with_cookie("GET", "/api/v1/me", phone).status, 401) << "the ended session no longer signs in";
  EXPECT_EQ(with_cookie("GET", "/api/v1/me", other).status, 200);

  RawResponse out = with_cookie("DELETE", "/api/v1/sessions/current", laptop);
  EXPECT_EQ(out.status, 204);
  EXPECT_NE(out.header("Set-Cookie").find("Max-Age=0"), std::string::npos) << out.header("Set-Cookie");
  EXPECT_EQ(with_cookie("GET", "/api/v1/me", laptop).status, 401);
}

TEST_F(Accounts, SignOutEverywhereEndsEverySessionOfTheUser) {
  const std::string first = cookie_of(sign_up("Aline", "0781234567"));
  const std::string second = cookie_of(sign_in("0781234567", "amahoro y'umuhanda"));
  EXPECT_EQ(with_cookie("DELETE", "/api/v1/sessions", second).status, 204);
  EXPECT_EQ(with_cookie("GET", "/api/v1/me", first).status, 401);
  EXPECT_EQ(with_cookie("GET", "/api/v1/me", second).status, 401);
}

TEST_F(Accounts, AStudentsCookieCannotUploadAndIsRefusedFromAnotherSite) {
  const std::string cookie = cookie_of(sign_up("Aline", "0781234567"));
  RawConnection connection(port);
  ASSERT_TRUE(connection.send("POST /api/v1/packs HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: " + cookie +
                              "\r\nOrigin: http://127.0.0.1\r\nContent-Type: application/zip\r\nContent-Length: 100000\r\n\r\n"));
  RawResponse student = connection.read_response(false, 5s);
  EXPECT_EQ(student.status, 403) << student.describe();
  EXPECT_EQ(error_code_of(student), "forbidden");
  RawConnection other(port);
  ASSERT_TRUE(other.send("POST /api/v1/packs HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: " + cookie +
                         "\r\nOrigin: http://evil.example\r\nContent-Type: application/zip\r\nContent-Length: 100000\r\n\r\n"));
  RawResponse cross = other.read_response(false, 5s);
  EXPECT_EQ(cross.status, 403) << cross.describe();
  EXPECT_EQ(error_code_of(cross), "cross_origin");
}

// API tokens belong to an account: they act with its role, and disabling it stops them and its
// sessions at once; tokens for students are refused.
TEST_F(Accounts, ATokenActsAsItsAccountAndDisablingTheAccountStopsItAndItsSessions) {
  auto command = [&](std::vector<std::string> args, const std::string& input = {}) {
    args.insert(args.begin(), {UMUHANDA_SERVER_BINARY, "--data", server->data_dir().string()});
    return testing::run_command(args, {}, input);
  };
  ASSERT_EQ(
      command({"user", "create", "--name", "Ines Instructor", "--login", "ines@school.rw", "--role", "instructor"}, "ines long password\n").status,
      0);
  testing::CommandRun token = command({"token", "create", "--login", "ines@school.rw", "--name", "Ines's upload script"});
  ASSERT_EQ(token.status, 0) << token.output;
  const std::string secret =
      token.output.substr(token.output.find('\n') + 1, token.output.find('\n', token.output.find('\n') + 1) - token.output.find('\n') - 1);
  ASSERT_EQ(secret.rfind("umh_", 0), 0u) << token.output;
  const std::string bearer = "Authorization: Bearer " + secret;
  RawResponse me = round_trip(port, request_text("GET", "/api/v1/me", {bearer}));
  ASSERT_EQ(me.status, 200) << me.describe();
  EXPECT_EQ(body_of(me)["name"], "Ines Instructor");
  EXPECT_EQ(body_of(me)["role"], "instructor");
  const std::string cookie = cookie_of(sign_in("ines@school.rw", "ines long password"));
  ASSERT_FALSE(cookie.empty());
  EXPECT_EQ(body_of(me)["user_id"], body_of(with_cookie("GET", "/api/v1/me", cookie))["user_id"]) << "the token's account is hers";
  testing::CommandRun listed = command({"token", "list"});
  EXPECT_NE(listed.output.find("Ines's upload script\taccount "), std::string::npos) << listed.output;

  ASSERT_EQ(sign_up("Sam Student", "0781400001").status, 201);
  testing::CommandRun refused = command({"token", "create", "--login", "0781400001"});
  EXPECT_NE(refused.status, 0);
  EXPECT_NE(refused.output.find("API tokens are for instructors and admins"), std::string::npos) << refused.output;

  testing::CommandRun disabled = command({"user", "disable", "--login", "ines@school.rw"});
  ASSERT_EQ(disabled.status, 0) << disabled.output;
  EXPECT_EQ(round_trip(port, request_text("GET", "/api/v1/me", {bearer})).status, 401) << "the token stopped";
  EXPECT_EQ(with_cookie("GET", "/api/v1/me", cookie).status, 401) << "the session ended";
  RawResponse again = sign_in("ines@school.rw", "ines long password");
  EXPECT_EQ(again.status, 403) << again.describe();
  EXPECT_EQ(error_code_of(again), "account_disabled");

  ASSERT_EQ(command({"user", "enable", "--login", "ines@school.rw"}).status, 0);
  EXPECT_EQ(sign_in("ines@school.rw", "ines long password").status, 200);
  EXPECT_EQ(round_trip(port, request_text("GET", "/api/v1/me", {bearer})).status, 200) << "a token not revoked works again";
  EXPECT_EQ(with_cookie("GET", "/api/v1/me", cookie).status, 401) << "ended sessions stay ended";
}

// The command line an owner uses on the VPS: the first admin, and a new password for someone locked out.
TEST_F(Accounts, TheCommandLineCreatesAnAdminAndSetsANewPasswordThatEndsSessions) {
  auto user_command = [&](std::vector<std::string> args, const std::string& input) {
    args.insert(args.begin(), {UMUHANDA_SERVER_BINARY, "--data", server->data_dir().string(), "user"});
    return testing::run_command(args, {}, input);
  };
  testing::CommandRun created =
      user_command({"create", "--name", "Owner of the school", "--login", "Owner@School.RW", "--role", "admin"}, "a long admin password\n");
  ASSERT_EQ(created.status, 0) << created.output;
  EXPECT_NE(created.output.find("(admin), signs in as Owner@school.rw"), std::string::npos) << created.output;
  EXPECT_EQ(created.output.find("a long admin password"), std::string::npos);
  RawResponse admin = sign_in("Owner@school.rw", "a long admin password");
  ASSERT_EQ(admin.status, 200) << admin.describe();
  EXPECT_EQ(body_of(admin)["user"]["role"], "admin");
  EXPECT_EQ(body_of(admin)["session"]["expires_at"].get<std::int64_t>() - body_of(admin)["session"]["created_at"].get<std::int64_t>(), 12 * 3600)
      << "staff sessions end after 12 idle hours";

  testing::CommandRun weak = user_command({"password", "--login", "Owner@school.rw"}, "short\n");
  EXPECT_EQ(weak.status, 1);
  EXPECT_NE(weak.output.find("at least 8 characters"), std::string::npos) << weak.output;
  testing::CommandRun changed = user_command({"password", "--login", "Owner@school.rw"}, "a new admin password\n");
  ASSERT_EQ(changed.status, 0) << changed.output;
  EXPECT_NE(changed.output.find("1 session(s) ended"), std::string::npos) << changed.output;
  EXPECT_EQ(with_cookie("GET", "/api/v1/me", cookie_of(admin)).status, 401);
  EXPECT_EQ(sign_in("Owner@school.rw", "a long admin password").status, 401);
  EXPECT_EQ(sign_in("owner@SCHOOL.rw", "a new admin password").status, 200) << "an email is matched without case";
}

class SecureCookies : public Accounts {
protected:
  std::vector<std::string> extra_arguments() override { return {"--secure-cookies"}; }
};

TEST_F(SecureCookies, BehindTlsTheCookieIsHostPrefixedAndSecure) {
  RawResponse res = sign_up("Aline", "0781234567");
  ASSERT_EQ(res.status, 201) << res.describe();
  const std::string set_cookie = res.header("Set-Cookie");
  EXPECT_EQ(set_cookie.rfind(session_cookie_name(true) + "=ums_", 0), 0u) << set_cookie;
  EXPECT_NE(set_cookie.find("; Secure"), std::string::npos) << set_cookie;
  EXPECT_EQ(with_cookie("GET", "/api/v1/me", cookie_of(res)).status, 200);
  EXPECT_EQ(with_cookie("GET", "/api/v1/me", "umuhanda_session=" + cookie_of(res).substr(cookie_of(res).find('=') + 1)).status, 401)
      << "the plain-HTTP name is not read in this mode";
}

}  // namespace
}  // namespace umuhanda
