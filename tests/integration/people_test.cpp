// The people routes against the real server on loopback (docs/api.md, "People"): an admin finds an
// account by name, by a phone typed as Rwandans write it, or by role; changes a role (audited,
// never their own); sees a student's subscriptions and payment requests; ends a student's access
// early with a reason (the running subscription and the renewal after it), audited and told.
#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <string>

#include "signed_in_test_support.hpp"
#include "sqlite_database.hpp"

namespace umuhanda {
namespace {

using testing::Account;
using testing::CommandRun;
using testing::error_code_of;
using testing::RawResponse;
using testing::run_command;

class People : public testing::SignedInTest {
protected:
  void SetUp() override {
    SignedInTest::SetUp();
    if (HasFatalFailure()) return;
    aline = student("Aline Uwase", "0781000001");
    eric = student("Eric Mugisha", "0781000002");
    teta = staff("Teta Ingabire", "0791000001");
    admin = staff("Kalisa Jean", "0721000009", "admin");
  }

  std::set<std::string> names_found(const std::string& query) {
    RawResponse found = get(admin, "/api/v1/admin/users" + query);
    EXPECT_EQ(found.status, 200) << query << ": " << found.describe();
    std::set<std::string> names;
    const nlohmann::json body = body_of(found);  // kept: a loop over a temporary's member would dangle
    for (const auto& user : body["users"]) names.insert(user["name"].get<std::string>());
    return names;
  }
  // A plan in the database, as `umuhanda-server plans import` puts it there.
  std::int64_t weekly_plan() {
    const auto file = server->data_dir() / "plans.json";
    std::ofstream(file) << R"({"plans": [{"slug": "weekly", "names": {"en": "Weekly"}, "duration_seconds": 604800, "price_rwf": 3000}]})";
    CommandRun imported = run_command({UMUHANDA_SERVER_BINARY, "--data", server->data_dir().string(), "plans", "import", file.string()});
    EXPECT_EQ(imported.status, 0) << imported.output;
    auto db = Database::open_reader((server->data_dir() / "umuhanda.db").string());
    auto query = db->prepare("SELECT id FROM plans WHERE slug = 'weekly'");
    EXPECT_TRUE(query->step().value());
    return query->column_int(0);
  }
  nlohmann::json audit_of(const Account& who) { return body_of(get(admin, "/api/v1/admin/audit?subject=user:" + std::to_string(who.id)))["entries"]; }

  Account aline, eric, teta, admin;
};

TEST_F(People, AnAdminFindsPeopleByNameByALocalPhoneNumberAndByRole) {
  RawResponse all = get(admin, "/api/v1/admin/users");
  ASSERT_EQ(all.status, 200) << all.describe();
  EXPECT_EQ(all.header("Cache-Control"), "private, no-store");
  EXPECT_EQ(body_of(all)["users"].size(), 4u) << body_of(all).dump();
  EXPECT_EQ(names_found("?q=aline"), std::set<std::string>{"Aline Uwase"}) << "any case";
  EXPECT_EQ(names_found("?q=0781000002"), std::set<std::string>{"Eric Mugisha"}) << "stored as +250781000002";
  EXPECT_EQ(names_found("?q=%2B25078100000"), (std::set<std::string>{"Aline Uwase", "Eric Mugisha"}));
  EXPECT_EQ(names_found("?q=jean+kalisa"), std::set<std::string>{"Kalisa Jean"}) << "every word, in any order";
  EXPECT_EQ(names_found("?q=aline+mugisha"), std::set<std::string>{}) << "every word must match";
  EXPECT_EQ(names_found("?q=%25"), std::set<std::string>{}) << "LIKE's wildcard is a plain character";
  EXPECT_EQ(names_found("?role=instructor"), std::set<std::string>{"Teta Ingabire"});
  EXPECT_EQ(names_found("?role=student&q=u"), (std::set<std::string>{"Aline Uwase", "Eric Mugisha"}));

  const auto listed = body_of(get(admin, "/api/v1/admin/users?q=aline"))["users"][0];
  EXPECT_EQ(listed["id"], aline.id);
  EXPECT_EQ(listed["phone"], "+250781000001");
  EXPECT_EQ(listed["role"], "student");
  EXPECT_EQ(listed["disabled"], false);
  EXPECT_TRUE(listed["subscription"].is_null());
  EXPECT_FALSE(listed.contains("password_hash"));

  EXPECT_EQ(get(admin, "/api/v1/admin/users?role=owner").status, 400);
  EXPECT_EQ(get(admin, "/api/v1/admin/users?q=" + std::string(101, 'a')).status, 400);
  EXPECT_EQ(get(teta, "/api/v1/admin/users").status, 403) << "instructors see their classes, not everyone";
  EXPECT_EQ(get(aline, "/api/v1/admin/users").status, 403);
  EXPECT_EQ(get(admin, "/api/v1/admin/users/999999").status, 404);
}

TEST_F(People, AnAdminChangesARoleAuditedButNeverTheirOwn) {
  const std::string path = "/api/v1/users/" + std::to_string(eric.id) + "/role";
  EXPECT_EQ(post(teta, path, {{"role", "instructor"}}).status, 403);
  EXPECT_EQ(post(admin, path, {{"role", "owner"}}).status, 400);
  RawResponse promoted = post(admin, path, {{"role", "instructor"}});
  ASSERT_EQ(promoted.status, 200) << promoted.describe();
  EXPECT_EQ(body_of(promoted)["changed"], true);
  EXPECT_EQ(body_of(get(eric, "/api/v1/me"))["role"], "instructor") << "his session stays, with the new role";
  EXPECT_EQ(get(eric, "/api/v1/classes").status, 200);
  EXPECT_EQ(body_of(post(admin, path, {{"role", "instructor"}}))["changed"], false) << "already one: nothing written";

  RawResponse own = post(admin, "/api/v1/users/" + std::to_string(admin.id) + "/role", {{"role", "student"}});
  EXPECT_EQ(own.status, 409) << own.describe();
  EXPECT_EQ(error_code_of(own), "own_role");
  EXPECT_EQ(body_of(get(admin, "/api/v1/me"))["role"], "admin");
  EXPECT_EQ(post(admin, "/api/v1/users/999999/role", {{"role", "student"}}).status, 404);

  const auto entries = audit_of(eric);
  ASSERT_EQ(entries.size(), 1u) << entries.dump();
  EXPECT_EQ(entries[0]["action"], "user.role_changed");
  EXPECT_EQ(entries[0]["actor"], admin.id);
  EXPECT_EQ(entries[0]["actor_name"], "Kalisa Jean");
  EXPECT_EQ(entries[0]["details"]["from"], "student");
  EXPECT_EQ(entries[0]["details"]["to"], "instructor");
}

TEST_F(People, EndingAStudentsAccessEndsTheRunningSubscriptionAndTheRenewalAfterItAuditedAndTold) {
  const std::int64_t plan = weekly_plan();
  const std::string grant = "/api/v1/users/" + std::to_string(aline.id) + "/subscriptions";
  ASSERT_EQ(post(admin, grant, {{"plan_id", plan}, {"note", "paid at the desk"}}).status, 201);
  ASSERT_EQ(post(admin, grant, {{"plan_id", plan}, {"note", "a second week"}}).status, 201);
  ASSERT_FALSE(body_of(get(aline, "/api/v1/me/entitlement"))["entitlement"].is_null());

  RawResponse shown = get(admin, "/api/v1/admin/users/" + std::to_string(aline.id));
  ASSERT_EQ(shown.status, 200) << shown.describe();
  EXPECT_EQ(shown.header("Cache-Control"), "private, no-store");
  const auto page = body_of(shown);
  ASSERT_EQ(page["subscriptions"].size(), 2u) << page.dump();
  EXPECT_EQ(page["user"]["subscription"]["plan"]["slug"], "weekly");
  const std::int64_t second_end =
      std::max(page["subscriptions"][0]["ends_at"].get<std::int64_t>(), page["subscriptions"][1]["ends_at"].get<std::int64_t>());
  EXPECT_EQ(names_found("?q=aline").size(), 1u);
  EXPECT_EQ(body_of(get(admin, "/api/v1/admin/users?q=aline"))["users"][0]["subscription"]["plan"]["slug"], "weekly");

  const std::string end = grant + "/end";
  EXPECT_EQ(post(admin, end, nlohmann::json::object()).status, 400) << "a reason is needed";
  EXPECT_EQ(post(teta, end, {{"note", "x"}}).status, 403);
  RawResponse ended = post(admin, end, {{"note", "refunded: moved to another school"}});
  ASSERT_EQ(ended.status, 200) << ended.describe();
  ASSERT_EQ(body_of(ended)["ended"].size(), 2u) << "the running week and the queued one";
  const nlohmann::json ended_body = body_of(ended);
  for (const auto& subscription : ended_body["ended"]) {
    EXPECT_EQ(subscription["ended"], true);
    EXPECT_LT(subscription["ends_at"].get<std::int64_t>(), second_end);
  }
  EXPECT_TRUE(body_of(get(aline, "/api/v1/me/subscription"))["subscription"].is_null());
  EXPECT_TRUE(body_of(get(aline, "/api/v1/me/entitlement"))["entitlement"].is_null()) << "no new entitlement is signed";
  EXPECT_EQ(body_of(get(aline, "/api/v1/me/notifications"))["notifications"][0]["kind"], "subscription.ended");

  RawResponse again = post(admin, end, {{"note", "twice"}});
  EXPECT_EQ(again.status, 409) << again.describe();
  EXPECT_EQ(error_code_of(again), "no_subscription");

  std::map<std::string, int> actions;
  const nlohmann::json trail = audit_of(aline);
  for (const auto& entry : trail) ++actions[entry["action"].get<std::string>()];
  EXPECT_EQ(actions["subscription.granted"], 2);
  EXPECT_EQ(actions["subscription.ended_early"], 2);
  EXPECT_EQ(audit_of(aline)[0]["details"]["note"], "refunded: moved to another school");
}

}  // namespace
}  // namespace umuhanda
