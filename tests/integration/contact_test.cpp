// The contact form against the real server on loopback (docs/api.md, "Contact messages"): anyone
// writes from the school's own pages, a signed-in student's account fills who wrote; staff are told,
// list the messages and move them through new, in progress and resolved; students and strangers see
// none; bad input names each field and stores nothing; one address cannot flood the school.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <set>

#include "signed_in_test_support.hpp"

namespace umuhanda {
namespace {

using testing::Account;
using testing::error_code_of;
using testing::error_of;
using testing::RawResponse;
using testing::request_text;
using testing::round_trip;

class Contact : public testing::SignedInTest {
protected:
  nlohmann::json messages(const Account& staff_member, const std::string& query = "") {
    RawResponse listed = get(staff_member, "/api/v1/contact" + query);
    EXPECT_EQ(listed.status, 200) << listed.describe();
    EXPECT_EQ(listed.header("Cache-Control"), "private, no-store");
    return body_of(listed)["messages"];
  }
};

TEST_F(Contact, AStrangersMessageReachesStaffWhoAreToldAndOthersCannotReadIt) {
  const Account teta = staff("Teta", "0791000001");
  const Account aline = student("Aline", "0781000001");
  RawResponse sent =
      post_json("/api/v1/contact", {{"topic", "question"}, {"message", "Do you teach on Sundays?"}, {"name", "Jean"}, {"reply_to", "0788123456"}});
  ASSERT_EQ(sent.status, 201) << sent.describe();
  const auto listed = messages(teta);
  ASSERT_EQ(listed.size(), 1u);
  EXPECT_EQ(listed[0]["name"], "Jean");
  EXPECT_EQ(listed[0]["reply_to"], "0788123456");
  EXPECT_EQ(listed[0]["topic"], "question");
  EXPECT_EQ(listed[0]["message"], "Do you teach on Sundays?");
  EXPECT_EQ(listed[0]["status"], "new");
  EXPECT_TRUE(listed[0]["user_id"].is_null());
  // Teta's inbox tells of it.
  const auto inbox = body_of(get(teta, "/api/v1/me/notifications"))["notifications"];
  ASSERT_GE(inbox.size(), 1u);
  EXPECT_EQ(inbox[0]["kind"], "contact.received");
  EXPECT_EQ(inbox[0]["data"]["sender"], "Jean");
  EXPECT_EQ(inbox[0]["data"]["contact"], listed[0]["id"]);
  // A student and a stranger read none of it.
  EXPECT_EQ(get(aline, "/api/v1/contact").status, 403);
  EXPECT_EQ(round_trip(port, request_text("GET", "/api/v1/contact")).status, 401);
}

TEST_F(Contact, ASignedInStudentsAccountSaysWhoWroteAndWhereToAnswer) {
  const Account teta = staff("Teta", "0791000001");
  const Account aline = student("Aline", "aline@example.rw");
  RawResponse sent = post(aline, "/api/v1/contact",
                          {{"topic", "error_report"}, {"message", "Question 12's picture shows the wrong sign"}, {"context", {{"question", "q12"}}}});
  ASSERT_EQ(sent.status, 201) << sent.describe();
  const auto listed = messages(teta);
  ASSERT_EQ(listed.size(), 1u);
  EXPECT_EQ(listed[0]["name"], "Aline");
  EXPECT_EQ(listed[0]["reply_to"], "aline@example.rw");
  EXPECT_EQ(listed[0]["user_id"], aline.id);
  EXPECT_EQ(listed[0]["context"]["question"], "q12");
}

TEST_F(Contact, BadInputNamesEachFieldAndStoresNothing) {
  const Account teta = staff("Teta", "0791000001");
  RawResponse bad = post_json("/api/v1/contact", {{"topic", "spam"}, {"message", "   "}, {"reply_to", 7}, {"context", "screen 3"}});
  ASSERT_EQ(bad.status, 400) << bad.describe();
  std::set<std::string> fields;
  const nlohmann::json error = error_of(bad);
  for (const auto& detail : error["details"]) fields.insert(detail["path"].get<std::string>());
  EXPECT_EQ(fields, (std::set<std::string>{"topic", "message", "name", "reply_to", "context"})) << bad.body;
  RawResponse too_long =
      post_json("/api/v1/contact", {{"topic", "other"}, {"message", std::string(4001, 'a')}, {"name", "Jean"}, {"reply_to", "0788123456"}});
  EXPECT_EQ(too_long.status, 400) << too_long.describe();
  EXPECT_NE(too_long.body.find("longer than 4000 characters"), std::string::npos);
  EXPECT_EQ(post_json("/api/v1/contact", {{"topic", "other"}, {"message", "hi"}, {"name", "J"}, {"reply_to", "x"}},
                      {"Origin: http://evil.example", testing::kJsonType})
                .status,
            403)
      << "another site's form";
  EXPECT_TRUE(messages(teta).empty());
}

TEST_F(Contact, StaffMoveAMessageThroughInProgressToResolved) {
  const Account teta = staff("Teta", "0791000001");
  ASSERT_EQ(post_json("/api/v1/contact", {{"topic", "payment"}, {"message", "I paid twice"}, {"name", "Jean"}, {"reply_to", "0788123456"}}).status,
            201);
  const std::int64_t id = messages(teta)[0]["id"].get<std::int64_t>();
  const std::string path = "/api/v1/contact/" + std::to_string(id);
  RawResponse taken = post(teta, path, {{"status", "in_progress"}});
  ASSERT_EQ(taken.status, 200) << taken.describe();
  EXPECT_EQ(body_of(taken)["contact"]["status"], "in_progress");
  EXPECT_EQ(body_of(taken)["contact"]["updated_by"], teta.id);
  ASSERT_EQ(post(teta, path, {{"status", "resolved"}}).status, 200);
  EXPECT_EQ(messages(teta, "?status=resolved").size(), 1u);
  EXPECT_TRUE(messages(teta, "?status=new").empty());
  EXPECT_EQ(post(teta, path, {{"status", "done"}}).status, 400);
  EXPECT_EQ(post(teta, "/api/v1/contact/999999", {{"status", "resolved"}}).status, 404);
  EXPECT_EQ(get(teta, "/api/v1/contact?status=done").status, 400);
}

TEST_F(Contact, OneAddressSendsFiveMessagesInTenMinutesThenWaits) {
  for (int i = 0; i < 5; ++i) {
    RawResponse sent =
        post_json("/api/v1/contact", {{"topic", "other"}, {"message", "message " + std::to_string(i)}, {"name", "Jean"}, {"reply_to", "x"}});
    ASSERT_EQ(sent.status, 201) << i << sent.describe();
  }
  RawResponse sixth = post_json("/api/v1/contact", {{"topic", "other"}, {"message", "one more"}, {"name", "Jean"}, {"reply_to", "x"}});
  EXPECT_EQ(sixth.status, 429) << sixth.describe();
  EXPECT_EQ(error_code_of(sixth), "too_many_requests");
  EXPECT_FALSE(sixth.header("Retry-After").empty());
}

}  // namespace
}  // namespace umuhanda
