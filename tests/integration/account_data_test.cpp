// A person's own data against the real server on loopback (docs/api.md, "Your data"): the export
// holds everything stored about them and no secret; deleting the account needs its password,
// removes everything (their synced progress no longer exists; their login can sign up again), and
// is refused while an instructor still owns classes.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>

#include "signed_in_test_support.hpp"

namespace umuhanda {
namespace {

using testing::Account;
using testing::error_code_of;
using testing::RawResponse;
using testing::request_text;
using testing::round_trip;

constexpr std::int64_t kStart = 1765000000000;  // 2025-12-06, in ms

nlohmann::json answer(const std::string& id, std::int64_t at_ms) {
  return {{"type", "answer"},  {"id", id},        {"pack_id", "umuhanda-default"}, {"question_id", "q1"},
          {"chosen", {0}},     {"correct", true}, {"answered_at_ms", at_ms},       {"time_spent_ms", 4000},
          {"mode", "practice"}};
}

class AccountData : public testing::SignedInTest {
protected:
  void push(const Account& who, const nlohmann::json& events) {
    RawResponse pushed = post(who, "/api/v1/sync/push", {{"device", "phone-1"}, {"events", events}});
    ASSERT_EQ(pushed.status, 200) << pushed.describe();
    ASSERT_EQ(body_of(pushed)["rejected"].size(), 0u) << pushed.body;
  }
  RawResponse delete_account(const Account& who, const nlohmann::json& body, const std::string& origin = testing::kSameOrigin) {
    return post_json("/api/v1/me/delete", body, {origin, testing::kJsonType, "Cookie: " + who.cookie});
  }
};

TEST_F(AccountData, AStudentDownloadsEverythingStoredAboutThemAndNoSecret) {
  const Account teta = staff("Teta", "0791000001");
  const Account aline = student("Aline", "0781000001");
  const Account bosco = student("Bosco", "0781000002");
  class_with(teta, {aline});
  push(aline, nlohmann::json::array({answer("phone-1:1", kStart), answer("phone-1:2", kStart + 1000)}));
  push(bosco, nlohmann::json::array({answer("phone-1:1", kStart + 5)}));

  RawResponse res = get(aline, "/api/v1/me/export");
  ASSERT_EQ(res.status, 200) << res.describe();
  EXPECT_EQ(res.header("Content-Disposition"), "attachment; filename=\"umuhanda-export.json\"");
  EXPECT_EQ(res.header("Cache-Control"), "private, no-store");
  const nlohmann::json doc = body_of(res);
  ASSERT_TRUE(doc.is_object()) << res.body;
  EXPECT_TRUE(doc["exported_at"].is_number_integer());
  EXPECT_EQ(doc["user"]["id"], aline.id);
  EXPECT_EQ(doc["user"]["name"], "Aline");
  EXPECT_EQ(doc["user"]["phone"], "+250781000001");
  ASSERT_EQ(doc["sessions"].size(), 1u) << res.body;
  EXPECT_TRUE(doc["sessions"][0]["last_seen_at"].is_number_integer());
  ASSERT_EQ(doc["classes"]["member_of"].size(), 1u) << res.body;
  EXPECT_EQ(doc["classes"]["member_of"][0]["instructor"]["name"], "Teta");

  // The events as the sync pull gives them back: every one of hers, and only hers.
  RawResponse pulled = get(aline, "/api/v1/sync/events");
  ASSERT_EQ(pulled.status, 200) << pulled.describe();
  EXPECT_EQ(doc["progress_events"], body_of(pulled)["events"]);
  ASSERT_EQ(doc["progress_events"].size(), 2u);
  EXPECT_EQ(doc["progress_events"][1]["id"], "phone-1:2");

  const std::string secret = aline.cookie.substr(aline.cookie.find('=') + 1);
  for (const std::string& hidden : {std::string("argon2"), std::string("password"), std::string("hash"), secret}) {
    EXPECT_EQ(res.body.find(hidden), std::string::npos) << hidden << " in " << res.body;
  }
  EXPECT_EQ(round_trip(port, request_text("GET", "/api/v1/me/export")).status, 401);
}

TEST_F(AccountData, AnExportListsAStaffMembersTokensWithoutTheirSecrets) {
  const Account teta = staff("Teta", "0791000001");
  const testing::CommandRun made = testing::run_command(
      {UMUHANDA_SERVER_BINARY, "--data", server->data_dir().string(), "token", "create", "--login", "0791000001", "--name", "Teta's script"});
  ASSERT_EQ(made.status, 0) << made.output;
  const std::size_t at = made.output.find("umh_");
  ASSERT_NE(at, std::string::npos) << made.output;
  const std::string token = made.output.substr(at, made.output.find_first_of(" \n", at) - at);
  RawResponse res = get(teta, "/api/v1/me/export");
  ASSERT_EQ(res.status, 200) << res.describe();
  const nlohmann::json tokens = body_of(res)["api_tokens"];
  ASSERT_EQ(tokens.size(), 1u) << res.body;
  EXPECT_EQ(tokens[0]["label"], "Teta's script");
  EXPECT_EQ(res.body.find(token), std::string::npos) << "never the token";
  RawResponse by_token = round_trip(port, request_text("GET", "/api/v1/me/export", {"Authorization: Bearer " + token}));
  EXPECT_EQ(by_token.status, 401) << "a person's own session only: " << by_token.describe();
}

TEST_F(AccountData, DeletingAnAccountNeedsItsPasswordAndRemovesEverything) {
  const Account teta = staff("Teta", "0791000001");
  const Account aline = student("Aline", "0781000001");
  const std::int64_t class_id = class_with(teta, {aline});
  push(aline, nlohmann::json::array({answer("phone-1:1", kStart), answer("phone-1:2", kStart + 1000)}));
  const Account laptop = signed_in("0781000001", testing::kTestPassword);

  RawResponse wrong = delete_account(aline, {{"password", "not my password"}});
  EXPECT_EQ(wrong.status, 403) << wrong.describe();
  EXPECT_EQ(error_code_of(wrong), "wrong_password");
  RawResponse cross = delete_account(aline, {{"password", testing::kTestPassword}}, "Origin: http://evil.example");
  EXPECT_EQ(cross.status, 403) << cross.describe();
  EXPECT_EQ(error_code_of(cross), "cross_origin");
  EXPECT_EQ(delete_account(aline, nlohmann::json::object()).status, 400) << "no password";
  EXPECT_EQ(get(aline, "/api/v1/me").status, 200) << "nothing was deleted yet";

  RawResponse deleted = delete_account(aline, {{"password", testing::kTestPassword}});
  ASSERT_EQ(deleted.status, 204) << deleted.describe();
  EXPECT_NE(deleted.header("Set-Cookie").find("Max-Age=0"), std::string::npos) << deleted.header("Set-Cookie");
  EXPECT_EQ(get(aline, "/api/v1/me").status, 401);
  EXPECT_EQ(get(laptop, "/api/v1/me").status, 401) << "every session ended";
  EXPECT_EQ(sign_in("0781000001", testing::kTestPassword).status, 401);
  RawResponse roster = get(teta, "/api/v1/classes/" + std::to_string(class_id) + "/roster");
  ASSERT_EQ(roster.status, 200) << roster.describe();
  EXPECT_TRUE(body_of(roster)["students"].empty()) << roster.body;

  // The login is free again, and the new account starts with nothing: her events no longer exist.
  const Account again = student("Aline", "0781000001");
  ASSERT_FALSE(again.cookie.empty());
  RawResponse pulled = get(again, "/api/v1/sync/events");
  ASSERT_EQ(pulled.status, 200) << pulled.describe();
  EXPECT_TRUE(body_of(pulled)["events"].empty()) << pulled.body;
  EXPECT_TRUE(body_of(get(again, "/api/v1/me/export"))["classes"]["member_of"].empty());
  EXPECT_NE(log_once_it_has(*server, "deleted by its owner").find("account " + std::to_string(aline.id) + " (student) deleted"), std::string::npos);
}

TEST_F(AccountData, AnInstructorWhoOwnsClassesIsNotDeleted) {
  const Account teta = staff("Teta", "0791000001");
  const Account aline = student("Aline", "0781000001");
  class_with(teta, {aline});
  RawResponse refused = delete_account(teta, {{"password", testing::kTestPassword}});
  EXPECT_EQ(refused.status, 409) << refused.describe();
  EXPECT_EQ(error_code_of(refused), "owns_classes");
  EXPECT_EQ(get(teta, "/api/v1/me").status, 200);
  EXPECT_EQ(body_of(get(teta, "/api/v1/classes"))["classes"].size(), 1u);
  const Account jean = staff("Jean", "0791000002");
  EXPECT_EQ(delete_account(jean, {{"password", testing::kTestPassword}}).status, 204) << "an instructor without classes goes";
}

TEST_F(AccountData, WrongPasswordsForADeletionAreThrottled) {
  const Account aline = student("Aline", "0781000001");
  for (int n = 0; n < 5; ++n) EXPECT_EQ(delete_account(aline, {{"password", "guess " + std::to_string(n)}}).status, 403) << n;
  RawResponse limited = delete_account(aline, {{"password", testing::kTestPassword}});
  EXPECT_EQ(limited.status, 429) << limited.describe();
  EXPECT_FALSE(limited.header("Retry-After").empty());
  EXPECT_EQ(sign_in("0781000001", testing::kTestPassword).status, 429) << "sign-in counts them too";
  EXPECT_EQ(get(aline, "/api/v1/me").status, 200) << "nothing was deleted";
}

}  // namespace
}  // namespace umuhanda
