// Password resets against the real server on loopback (docs/api.md, "Password resets"): staff
// issue a one-time code for a student they manage (another instructor's student is a 404), the
// student sets a new password with it and is signed in; wrong codes count down 5 tries, the same
// way for a login nobody has; codes expire, are replaced by a new one, are used once; a reset
// unlocks a locked account; 10 wrong codes from one address are a 429. The same staff disable and
// enable those accounts (docs/api.md, "Disabling an account"): the sessions end at once.
#include <gtest/gtest.h>

#include <cctype>
#include <chrono>
#include <nlohmann/json.hpp>
#include <string>
#include <tuple>
#include <vector>

#include "signed_in_test_support.hpp"
#include "sqlite_database.hpp"

namespace umuhanda {
namespace {

using testing::Account;
using testing::error_code_of;
using testing::error_of;
using testing::RawResponse;
using testing::request_text;
using testing::round_trip;

constexpr const char* kNewPassword = "imodoka itukura 2026";

std::int64_t unix_now() { return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count(); }

class PasswordResets : public testing::SignedInTest {
protected:
  void SetUp() override {
    SignedInTest::SetUp();
    if (HasFatalFailure()) return;
    teta = staff("Teta", "0791000001");
    aline = student("Aline", "0781000001");
    class_with(teta, {aline});
  }

  static std::string issue_path(std::int64_t user_id) { return "/api/v1/users/" + std::to_string(user_id) + "/reset-code"; }
  // A code for `user_id` issued by `by`: the code as shown ("4821 0937"), or "" when refused.
  std::string issue(const Account& by, std::int64_t user_id) {
    RawResponse res = post_empty(by, issue_path(user_id));
    EXPECT_EQ(res.status, 201) << res.describe();
    const nlohmann::json body = body_of(res);
    return body.is_object() && body.contains("code") ? body["code"].get<std::string>() : "";
  }
  RawResponse reset(const std::string& login, const std::string& code, const std::string& password = kNewPassword) {
    return post_json("/api/v1/password-resets", {{"login", login}, {"code", code}, {"password", password}, {"device", "phone"}});
  }
  // A code of the right shape that is not `code`.
  static std::string other_than(const std::string& code, int n = 1) {
    std::string wrong = code;
    wrong[0] = static_cast<char>('0' + (wrong[0] - '0' + n) % 10);
    return wrong;
  }
  static std::int64_t tries_left(const RawResponse& res) {
    const nlohmann::json error = error_of(res);
    return error.is_object() && error.contains("tries_left") ? error["tries_left"].get<std::int64_t>() : -1;
  }

  Account teta, aline;
};

TEST_F(PasswordResets, AnInstructorIssuesACodeAndTheStudentSetsANewPasswordAndIsSignedIn) {
  RawResponse issued = post_empty(teta, issue_path(aline.id));
  ASSERT_EQ(issued.status, 201) << issued.describe();
  EXPECT_EQ(issued.header("Cache-Control"), "private, no-store");
  const nlohmann::json body = body_of(issued);
  const std::string code = body["code"].get<std::string>();
  ASSERT_EQ(code.size(), 9u) << code;
  EXPECT_EQ(code[4], ' ') << "shown as said on the phone: " << code;
  for (std::size_t i : {0u, 1u, 2u, 3u, 5u, 6u, 7u, 8u}) EXPECT_TRUE(std::isdigit(static_cast<unsigned char>(code[i]))) << code;
  EXPECT_EQ(body["tries"], 5);
  EXPECT_EQ(body["user"], (nlohmann::json{{"id", aline.id}, {"name", "Aline"}}));
  const std::int64_t life = body["expires_at"].get<std::int64_t>() - unix_now();
  EXPECT_GE(life, 595) << "10 minutes";
  EXPECT_LE(life, 600);
  EXPECT_EQ(get(aline, "/api/v1/me").status, 200);

  // Typed as people type it: without the space, with a dash.
  RawResponse done = reset("+250 78 100 0001", code.substr(0, 4) + "-" + code.substr(5));
  ASSERT_EQ(done.status, 200) << done.describe();
  EXPECT_EQ(done.header("Cache-Control"), "private, no-store");
  const Account again = account_of(done);
  ASSERT_FALSE(again.cookie.empty()) << done.describe();
  EXPECT_EQ(again.id, aline.id);
  EXPECT_EQ(body_of(done)["session"]["device"], "phone");
  EXPECT_EQ(get(again, "/api/v1/me").status, 200) << "signed in with the new session";
  EXPECT_EQ(get(aline, "/api/v1/me").status, 401) << "every earlier session ended";
  EXPECT_EQ(sign_in("0781000001", testing::kTestPassword).status, 401) << "the old password no longer works";
  EXPECT_EQ(sign_in("0781000001", kNewPassword).status, 200);

  RawResponse used = reset("0781000001", code, "another new password 9");
  EXPECT_EQ(used.status, 400) << used.describe();
  EXPECT_EQ(error_code_of(used), "wrong_code") << "a code is used once";
  EXPECT_NE(log_once_it_has(*server, "reset code issued for account " + std::to_string(aline.id)).find("by Teta"), std::string::npos);
}

TEST_F(PasswordResets, StaffIssueOnlyForAccountsTheyManageAndOthersAre404) {
  const Account jean = staff("Jean", "0791000002");
  const Account admin = staff("Admin", "0721000001", "admin");
  const Account other_admin = staff("Other admin", "0721000002", "admin");
  const Account bosco = student("Bosco", "0781000002");

  for (const auto& [who, user_id, why] : std::vector<std::tuple<Account, std::int64_t, std::string>>{
           {jean, aline.id, "another instructor's student"},
           {teta, bosco.id, "a student in none of Teta's classes"},
           {teta, jean.id, "an instructor"},
           {teta, admin.id, "an admin"},
           {teta, 999999, "nobody"},
       }) {
    RawResponse res = post_empty(who, issue_path(user_id));
    EXPECT_EQ(res.status, 404) << why << ": " << res.describe();
    EXPECT_EQ(error_code_of(res), "not_found") << why;
  }
  RawResponse twins[] = {post_empty(jean, issue_path(aline.id)), post_empty(jean, issue_path(999999))};
  EXPECT_EQ(twins[0].body, twins[1].body) << "another instructor's student answers as nobody";

  EXPECT_EQ(post_empty(aline, issue_path(aline.id)).status, 403) << "students issue nothing";
  EXPECT_EQ(round_trip(port, request_text("POST", issue_path(aline.id), {testing::kSameOrigin})).status, 401);
  EXPECT_EQ(post_empty(admin, issue_path(other_admin.id)).status, 403) << "not for another admin";
  EXPECT_FALSE(issue(admin, jean.id).empty()) << "an admin issues for an instructor";
  EXPECT_FALSE(issue(admin, bosco.id).empty()) << "and for any student";
  EXPECT_FALSE(issue(teta, aline.id).empty());
  // A cookie request from another site's page.
  RawResponse cross = round_trip(port, request_text("POST", issue_path(aline.id), {"Origin: http://evil.example", "Cookie: " + teta.cookie}));
  EXPECT_EQ(cross.status, 403) << cross.describe();
  EXPECT_EQ(error_code_of(cross), "cross_origin");
}

TEST_F(PasswordResets, TheFifthWrongTryKillsTheCode) {
  const std::string code = issue(teta, aline.id);
  ASSERT_FALSE(code.empty());
  for (int n = 1; n <= 5; ++n) {
    RawResponse wrong = reset("0781000001", other_than(code, n));
    EXPECT_EQ(wrong.status, 400) << wrong.describe();
    EXPECT_EQ(error_code_of(wrong), "wrong_code");
    EXPECT_EQ(tries_left(wrong), 5 - n) << wrong.body;
    EXPECT_EQ(wrong.header("Cache-Control"), "no-store");
  }
  RawResponse dead = reset("0781000001", code);
  EXPECT_EQ(dead.status, 400) << "killed by the fifth wrong try: " << dead.describe();
  EXPECT_EQ(tries_left(dead), 0);
  EXPECT_EQ(sign_in("0781000001", testing::kTestPassword).status, 200) << "the password is unchanged";
  EXPECT_EQ(sign_in("0781000001", kNewPassword).status, 401);
}

TEST_F(PasswordResets, ALoginNobodyHasAnswersAsOneWithACode) {
  const Account bosco = student("Bosco", "0781000002");
  const std::string code = issue(teta, aline.id);
  ASSERT_FALSE(code.empty());
  const std::string wrong = other_than(code);
  // Aline has a live code, Bosco none, and nobody signs in as 0789999999: the same answers.
  for (int n = 1; n <= 2; ++n) {
    RawResponse with_code = reset("0781000001", wrong);
    RawResponse without = reset("0781000002", wrong);
    RawResponse nobody = reset("0789999999", wrong);
    EXPECT_EQ(with_code.status, 400) << with_code.describe();
    EXPECT_EQ(tries_left(with_code), 5 - n);
    EXPECT_EQ(with_code.body, without.body) << n;
    EXPECT_EQ(with_code.body, nobody.body) << n;
    EXPECT_EQ(with_code.header("Set-Cookie"), nobody.header("Set-Cookie"));
  }
  EXPECT_EQ(reset("0781000001", code).status, 200) << "the code still works after 2 wrong tries";
}

TEST_F(PasswordResets, ANewCodeReplacesThePreviousOne) {
  const std::string first = issue(teta, aline.id);
  const std::string second = issue(teta, aline.id);
  ASSERT_FALSE(first.empty() || second.empty());
  if (first != second) {
    RawResponse old = reset("0781000001", first);
    EXPECT_EQ(old.status, 400) << old.describe();
    EXPECT_EQ(tries_left(old), 4) << "a wrong try at the new code";
  }
  EXPECT_EQ(reset("0781000001", second).status, 200);
}

TEST_F(PasswordResets, TheNewPasswordIsCheckedAsAtSignUpAndARefusalKeepsTheCode) {
  const std::string code = issue(teta, aline.id);
  ASSERT_FALSE(code.empty());
  for (const char* weak : {"short", "password", "12345678"}) {
    RawResponse refused = reset("0781000001", code, weak);
    EXPECT_EQ(refused.status, 400) << weak << ": " << refused.describe();
    EXPECT_EQ(error_code_of(refused), "invalid_body");
    const nlohmann::json error = error_of(refused);
    ASSERT_TRUE(error.is_object() && error["details"].size() == 1u) << refused.body;
    EXPECT_EQ(error["details"][0]["path"], "password");
    if (std::string(weak) != "password") {
      EXPECT_EQ(refused.body.find(weak), std::string::npos) << "the password is never echoed";
    }
  }
  EXPECT_EQ(reset("0781000001", code).status, 200) << "refused passwords cost no try";
}

TEST_F(PasswordResets, ALockedAccountIsUnlockedByAReset) {
  {
    // 100 wrong passwords in a row, the count that locks sign-in (more than the throttling lets
    // one address try in a test's time), written beside the running server.
    auto db = Database::open((server->data_dir() / "umuhanda.db").string());
    ASSERT_TRUE(db.ok()) << to_string(db.errors());
    ASSERT_TRUE(db->exec("UPDATE users SET failed_sign_ins = 100 WHERE phone = '+250781000001'").ok());
  }
  RawResponse locked = sign_in("0781000001", testing::kTestPassword);
  EXPECT_EQ(locked.status, 403) << locked.describe();
  EXPECT_EQ(error_code_of(locked), "sign_in_locked");
  const std::string code = issue(teta, aline.id);
  ASSERT_EQ(reset("0781000001", code).status, 200);
  EXPECT_EQ(sign_in("0781000001", kNewPassword).status, 200) << "unlocked";
}

TEST_F(PasswordResets, TenWrongCodesFromOneAddressAre429EvenForTheRightCode) {
  const std::string code = issue(teta, aline.id);
  ASSERT_FALSE(code.empty());
  for (int n = 0; n < 10; ++n) {
    RawResponse wrong = reset("07810001" + std::to_string(10 + n), code);
    EXPECT_EQ(wrong.status, 400) << n << ": " << wrong.describe();
  }
  RawResponse limited = reset("0781000001", code);
  EXPECT_EQ(limited.status, 429) << limited.describe();
  EXPECT_EQ(error_code_of(limited), "too_many_requests");
  const std::string retry_after = limited.header("Retry-After");
  ASSERT_FALSE(retry_after.empty());
  EXPECT_GT(std::stoi(retry_after), 800) << "the window is 15 minutes";
}

TEST_F(PasswordResets, AResetIsRefusedFromItsHeadersBeforeTheBodyIsRead) {
  const nlohmann::json body = {{"login", "0781000001"}, {"code", "1234 5678"}, {"password", kNewPassword}};
  RawResponse other_site = post_json("/api/v1/password-resets", body, {"Origin: http://evil.example", testing::kJsonType});
  EXPECT_EQ(other_site.status, 403) << other_site.describe();
  EXPECT_EQ(error_code_of(other_site), "cross_origin");
  RawResponse form = post_json("/api/v1/password-resets", body, {testing::kSameOrigin, "Content-Type: application/x-www-form-urlencoded"});
  EXPECT_EQ(form.status, 415) << form.describe();
  testing::RawConnection connection(port);
  ASSERT_TRUE(
      connection.send("POST /api/v1/password-resets HTTP/1.1\r\nHost: 127.0.0.1\r\nOrigin: http://127.0.0.1\r\nContent-Type: application/json\r\n"
                      "Content-Length: 65536\r\n\r\n"));
  RawResponse too_large = connection.read_response();
  ASSERT_TRUE(too_large.ok()) << too_large.error;
  EXPECT_EQ(too_large.status, 413) << too_large.describe();
  RawResponse issue_body = post(teta, issue_path(aline.id), {{"padding", std::string(200, 'x')}});
  EXPECT_EQ(issue_body.status, 413) << "issuing takes no body: " << issue_body.describe();
  RawResponse get_it = get(teta, issue_path(aline.id));
  EXPECT_EQ(get_it.status, 405) << get_it.describe();
  EXPECT_EQ(get_it.header("Allow"), "POST");
}

// Codes that live 0 seconds (the hidden --reset-code-seconds): every code is already expired.
class ExpiredResetCodes : public PasswordResets {
protected:
  std::vector<std::string> extra_arguments() override { return {"--reset-code-seconds", "0"}; }
};

TEST_F(ExpiredResetCodes, AnExpiredCodeIsAWrongOne) {
  RawResponse issued = post_empty(teta, issue_path(aline.id));
  ASSERT_EQ(issued.status, 201) << issued.describe();
  const nlohmann::json body = body_of(issued);
  EXPECT_LE(body["expires_at"].get<std::int64_t>(), unix_now());
  RawResponse expired = reset("0781000001", body["code"].get<std::string>());
  EXPECT_EQ(expired.status, 400) << expired.describe();
  EXPECT_EQ(error_code_of(expired), "wrong_code");
  EXPECT_EQ(sign_in("0781000001", kNewPassword).status, 401) << "nothing changed";
}

// Disabling and enabling: the same staff may act on the same accounts as for reset codes.
class DisablingAccounts : public PasswordResets {
protected:
  static std::string action_path(std::int64_t user_id, const char* action) { return "/api/v1/users/" + std::to_string(user_id) + "/" + action; }
  nlohmann::json roster_student(const Account& instructor, std::int64_t class_id) {
    RawResponse res = get(instructor, "/api/v1/classes/" + std::to_string(class_id) + "/roster");
    EXPECT_EQ(res.status, 200) << res.describe();
    const nlohmann::json body = body_of(res);
    return body.is_object() ? body["students"][0] : nlohmann::json();
  }
};

TEST_F(DisablingAccounts, AnInstructorDisablesAStudentWhoseSessionsEndAtOnceAndEnablesThemAgain) {
  const Account on_tablet = signed_in("0781000001", testing::kTestPassword);
  ASSERT_EQ(get(aline, "/api/v1/me").status, 200);
  RawResponse disabled = post_empty(teta, action_path(aline.id, "disable"));
  ASSERT_EQ(disabled.status, 200) << disabled.describe();
  EXPECT_EQ(disabled.header("Cache-Control"), "private, no-store");
  EXPECT_EQ(body_of(disabled), (nlohmann::json{{"user", {{"id", aline.id}, {"name", "Aline"}, {"disabled", true}}}}));
  EXPECT_EQ(get(aline, "/api/v1/me").status, 401) << "every session ended at once";
  EXPECT_EQ(get(on_tablet, "/api/v1/me").status, 401);
  RawResponse refused = sign_in("0781000001", testing::kTestPassword);
  EXPECT_EQ(refused.status, 403) << refused.describe();
  EXPECT_EQ(error_code_of(refused), "account_disabled");
  // Still in the class, shown disabled.
  RawResponse classes = get(teta, "/api/v1/classes");
  ASSERT_EQ(classes.status, 200);
  const std::int64_t class_id = body_of(classes)["classes"][0]["id"].get<std::int64_t>();
  EXPECT_EQ(roster_student(teta, class_id)["disabled"], true);
  EXPECT_EQ(post_empty(teta, action_path(aline.id, "disable")).status, 200) << "twice is harmless";
  EXPECT_NE(log_once_it_has(*server, "account " + std::to_string(aline.id) + " disabled").find("by Teta"), std::string::npos);

  RawResponse enabled = post_empty(teta, action_path(aline.id, "enable"));
  ASSERT_EQ(enabled.status, 200) << enabled.describe();
  EXPECT_EQ(body_of(enabled)["user"]["disabled"], false);
  EXPECT_EQ(sign_in("0781000001", testing::kTestPassword).status, 200) << "signs in again";
  EXPECT_EQ(roster_student(teta, class_id)["disabled"], false);
}

TEST_F(DisablingAccounts, OnlyAccountsTheStaffManageAndOthersAre404) {
  const Account jean = staff("Jean", "0791000002");
  const Account admin = staff("Admin", "0721000001", "admin");
  const Account other_admin = staff("Other admin", "0721000002", "admin");
  const Account bosco = student("Bosco", "0781000002");
  for (const char* action : {"disable", "enable"}) {
    for (const auto& [who, user_id, why] : std::vector<std::tuple<Account, std::int64_t, std::string>>{
             {jean, aline.id, "another instructor's student"},
             {teta, bosco.id, "a student in none of Teta's classes"},
             {teta, jean.id, "an instructor"},
             {teta, admin.id, "an admin"},
             {teta, 999999, "nobody"},
         }) {
      RawResponse res = post_empty(who, action_path(user_id, action));
      EXPECT_EQ(res.status, 404) << action << ", " << why << ": " << res.describe();
      EXPECT_EQ(error_code_of(res), "not_found") << why;
    }
    EXPECT_EQ(post_empty(aline, action_path(bosco.id, action)).status, 403) << "students disable nobody";
    EXPECT_EQ(round_trip(port, request_text("POST", action_path(aline.id, action), {testing::kSameOrigin})).status, 401);
    RawResponse other = post_empty(admin, action_path(other_admin.id, action));
    EXPECT_EQ(other.status, 403) << "not another admin: " << other.describe();
    EXPECT_EQ(error_code_of(other), "forbidden");
    RawResponse cross =
        round_trip(port, request_text("POST", action_path(aline.id, action), {"Origin: http://evil.example", "Cookie: " + teta.cookie}));
    EXPECT_EQ(cross.status, 403) << cross.describe();
    EXPECT_EQ(error_code_of(cross), "cross_origin");
  }
  EXPECT_EQ(get(bosco, "/api/v1/me").status, 200) << "nothing was disabled by the refusals";
  EXPECT_EQ(get(jean, "/api/v1/me").status, 200);

  // An admin disables an instructor (their sessions end too) and any student.
  ASSERT_EQ(post_empty(admin, action_path(jean.id, "disable")).status, 200);
  EXPECT_EQ(get(jean, "/api/v1/me").status, 401);
  ASSERT_EQ(post_empty(admin, action_path(bosco.id, "disable")).status, 200);
  EXPECT_EQ(get(bosco, "/api/v1/me").status, 401);
  ASSERT_EQ(post_empty(admin, action_path(jean.id, "enable")).status, 200);
  EXPECT_EQ(sign_in("0791000002", testing::kTestPassword).status, 200);
  RawResponse get_it = get(teta, action_path(aline.id, "disable"));
  EXPECT_EQ(get_it.status, 405) << get_it.describe();
  EXPECT_EQ(get_it.header("Allow"), "POST");
}

}  // namespace
}  // namespace umuhanda
