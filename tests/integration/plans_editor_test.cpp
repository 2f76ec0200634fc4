// The admin's plans editor against the real server on loopback (docs/api.md, "Plans and payments";
// docs/payments.md, "Editing plans in the app"): admins list every plan and save one, created or
// updated by its slug; every bad field is named; instructors, students and strangers are refused;
// a plan no longer offered leaves the public list; a new price leaves the payments already asked
// for at their amount; each save is audited with its admin; and a restart changes no plan.
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <string>

#include "signed_in_test_support.hpp"

namespace umuhanda {
namespace {

using testing::Account;
using testing::CommandRun;
using testing::error_code_of;
using testing::error_of;
using testing::RawResponse;
using testing::request_text;
using testing::round_trip;
using testing::run_command;

class PlansEditor : public testing::SignedInTest {
protected:
  void SetUp() override {
    m_config = std::filesystem::temp_directory_path() /
               ("umuhanda-plans-editor-" + std::to_string(::getpid()) + "-" + ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::create_directories(m_config);
    std::ofstream(m_config / "plans.json") << R"({"plans": [
        {"slug": "weekly", "names": {"en": "Weekly", "rw": "Icyumweru"}, "duration_seconds": 604800, "price_rwf": 3000},
        {"slug": "daily", "names": {"en": "Daily"}, "duration_seconds": 86400, "price_rwf": 500},
        {"slug": "old", "names": {"en": "Old"}, "duration_seconds": 86400, "price_rwf": 100, "active": false}]})";
    SignedInTest::SetUp();
    if (HasFatalFailure()) return;
    CommandRun imported =
        run_command({UMUHANDA_SERVER_BINARY, "--data", server->data_dir().string(), "plans", "import", (m_config / "plans.json").string()});
    ASSERT_EQ(imported.status, 0) << imported.output;
    aline = student("Aline", "0781000001");
    teta = staff("Teta", "0791000001");
    kalisa = staff("Kalisa", "0721000001", "admin");
  }
  void TearDown() override {
    SignedInTest::TearDown();
    std::filesystem::remove_all(m_config);
  }

  // The plans of a list answer, by slug.
  static std::map<std::string, nlohmann::json> by_slug(const RawResponse& res) {
    std::map<std::string, nlohmann::json> plans;
    const nlohmann::json body = body_of(res);
    if (!body.is_object() || !body["plans"].is_array()) return plans;
    for (const auto& plan : body["plans"]) plans[plan["slug"].get<std::string>()] = plan;
    return plans;
  }
  std::map<std::string, nlohmann::json> public_plans() { return by_slug(round_trip(port, request_text("GET", "/api/v1/plans"))); }
  std::map<std::string, nlohmann::json> admin_plans() { return by_slug(get(kalisa, "/api/v1/admin/plans")); }
  static nlohmann::json weekly_at(std::int64_t price) {
    return {{"slug", "weekly"},           {"names", {{"en", "Weekly"}, {"fr", "Une semaine"}, {"rw", "Icyumweru"}}},
            {"duration_seconds", 604800}, {"price_rwf", price},
            {"packs", nullptr},           {"active", true}};
  }
  // The paths of a 400's details.
  static std::set<std::string> detail_paths(const RawResponse& res) {
    std::set<std::string> paths;
    const nlohmann::json error = error_of(res);
    if (!error.is_object() || !error["details"].is_array()) return paths;
    for (const auto& detail : error["details"]) paths.insert(detail["path"].get<std::string>());
    return paths;
  }

  std::filesystem::path m_config;
  Account aline, teta, kalisa;
};

TEST_F(PlansEditor, AnAdminListsEveryPlanOfferedOrNotPrivately) {
  RawResponse res = get(kalisa, "/api/v1/admin/plans");
  ASSERT_EQ(res.status, 200) << res.describe();
  EXPECT_EQ(res.header("Cache-Control"), "private, no-store");
  const auto plans = by_slug(res);
  ASSERT_EQ(plans.size(), 3u) << res.body;
  EXPECT_FALSE(plans.at("old")["active"].get<bool>()) << "the plan not offered is listed too";
  EXPECT_EQ(plans.at("weekly")["price_rwf"], 3000);
  EXPECT_EQ(plans.at("weekly")["names"]["rw"], "Icyumweru");
  EXPECT_EQ(public_plans().size(), 2u) << "students still see the offered ones only";
}

TEST_F(PlansEditor, InstructorsStudentsAndStrangersAreRefused) {
  EXPECT_EQ(get(teta, "/api/v1/admin/plans").status, 403);
  EXPECT_EQ(get(aline, "/api/v1/admin/plans").status, 403);
  EXPECT_EQ(round_trip(port, request_text("GET", "/api/v1/admin/plans")).status, 401);
  RawResponse instructor = post(teta, "/api/v1/admin/plans", weekly_at(1));
  EXPECT_EQ(instructor.status, 403) << instructor.describe();
  EXPECT_EQ(error_code_of(instructor), "forbidden");
  EXPECT_EQ(post(aline, "/api/v1/admin/plans", weekly_at(1)).status, 403);
  EXPECT_EQ(post_json("/api/v1/admin/plans", weekly_at(1)).status, 401);
  EXPECT_EQ(public_plans().at("weekly")["price_rwf"], 3000) << "nothing changed";
}

TEST_F(PlansEditor, ANewPlanIsCreatedOfferedAndAuditedWithItsAdmin) {
  const nlohmann::json monthly = {{"slug", "monthly"},
                                  {"names", {{"en", "Monthly"}, {"fr", "Un mois"}}},
                                  {"duration_seconds", 30 * 86400},
                                  {"price_rwf", 10000},
                                  {"packs", {"umuhanda-default"}}};
  RawResponse created = post(kalisa, "/api/v1/admin/plans", monthly);
  ASSERT_EQ(created.status, 201) << created.describe();
  EXPECT_EQ(created.header("Cache-Control"), "private, no-store");
  const nlohmann::json plan = body_of(created)["plan"];
  EXPECT_GT(plan["id"].get<std::int64_t>(), 0);
  EXPECT_EQ(plan["price_rwf"], 10000);
  EXPECT_TRUE(plan["active"].get<bool>()) << "offered unless said otherwise";
  EXPECT_EQ(plan["packs"], nlohmann::json::array({"umuhanda-default"}));

  const auto offered = public_plans();
  ASSERT_EQ(offered.count("monthly"), 1u);
  EXPECT_EQ(offered.at("monthly")["names"]["fr"], "Un mois");

  RawResponse audit = get(kalisa, "/api/v1/admin/audit?subject=plan:monthly");
  ASSERT_EQ(audit.status, 200) << audit.describe();
  const nlohmann::json entries = body_of(audit)["entries"];
  ASSERT_EQ(entries.size(), 1u) << audit.body;
  EXPECT_EQ(entries[0]["action"], "plan.saved");
  EXPECT_EQ(entries[0]["actor"], kalisa.id);
  EXPECT_EQ(entries[0]["details"]["price_rwf"], 10000);
  EXPECT_TRUE(entries[0]["details"]["previous_price_rwf"].is_null()) << "a new plan had no price before";
}

TEST_F(PlansEditor, ANewPriceLeavesARequestAlreadySentAtItsAmount) {
  const std::int64_t weekly_id = admin_plans().at("weekly")["id"].get<std::int64_t>();
  RawResponse paid = post(aline, "/api/v1/payments",
                          {{"plan_id", weekly_id}, {"operator", "mtn"}, {"payer_phone", "0781000001"}, {"transaction_id", "50012345678"}});
  ASSERT_EQ(paid.status, 201) << paid.describe();
  EXPECT_EQ(body_of(paid)["payment"]["amount_rwf"], 3000);

  RawResponse edited = post(kalisa, "/api/v1/admin/plans", weekly_at(3500));
  ASSERT_EQ(edited.status, 200) << "an existing slug is updated: " << edited.describe();
  EXPECT_EQ(body_of(edited)["plan"]["id"], weekly_id) << "the same plan, not a new one";
  EXPECT_EQ(body_of(edited)["plan"]["names"]["fr"], "Une semaine");
  EXPECT_EQ(public_plans().at("weekly")["price_rwf"], 3500);
  EXPECT_EQ(admin_plans().size(), 3u);

  RawResponse pending = get(teta, "/api/v1/payments?state=pending");
  ASSERT_EQ(pending.status, 200) << pending.describe();
  ASSERT_EQ(body_of(pending)["payments"].size(), 1u);
  EXPECT_EQ(body_of(pending)["payments"][0]["amount_rwf"], 3000) << "what Aline was told to pay, and paid";
  RawResponse second = post(aline, "/api/v1/payments",
                            {{"plan_id", weekly_id}, {"operator", "mtn"}, {"payer_phone", "0781000001"}, {"transaction_id", "50012345679"}});
  ASSERT_EQ(second.status, 201) << second.describe();
  EXPECT_EQ(body_of(second)["payment"]["amount_rwf"], 3500) << "a request made now is at the new price";

  const nlohmann::json entries = body_of(get(kalisa, "/api/v1/admin/audit?subject=plan:weekly"))["entries"];
  ASSERT_EQ(entries.size(), 2u) << entries.dump() << ": the import's, then the admin's";
  EXPECT_EQ(entries[0]["action"], "plan.saved");
  EXPECT_EQ(entries[0]["actor"], kalisa.id);
  EXPECT_EQ(entries[0]["details"]["price_rwf"], 3500);
  EXPECT_EQ(entries[0]["details"]["previous_price_rwf"], 3000);
  EXPECT_TRUE(entries[1]["actor"].is_null()) << "the command line's import has no actor";
}

TEST_F(PlansEditor, ABadPlanIsRefusedWithEachFieldNamedAndNothingSaved) {
  const nlohmann::json bad = {{"slug", "Weekly Plan!"},    {"names", {{"fr", "Semaine"}, {"sw", "Wiki"}}},
                              {"duration_seconds", 0},     {"price_rwf", 5000.5},
                              {"packs", {"no-such-pack"}}, {"active", "yes"}};
  RawResponse refused = post(kalisa, "/api/v1/admin/plans", bad);
  ASSERT_EQ(refused.status, 400) << refused.describe();
  EXPECT_EQ(error_code_of(refused), "bad_request");
  EXPECT_EQ(detail_paths(refused), (std::set<std::string>{"slug", "names.en", "names.sw", "duration_seconds", "price_rwf", "packs[0]", "active"}))
      << refused.body;
  const std::string said = refused.body;
  EXPECT_NE(said.find("1 to 40 lower-case letters"), std::string::npos) << said;
  EXPECT_NE(said.find("no pack has this id"), std::string::npos) << said;

  // Out of range, one field at a time.
  nlohmann::json free_plan = weekly_at(0);
  EXPECT_EQ(detail_paths(post(kalisa, "/api/v1/admin/plans", free_plan)), std::set<std::string>{"price_rwf"});
  EXPECT_EQ(detail_paths(post(kalisa, "/api/v1/admin/plans", weekly_at(10'000'001))), std::set<std::string>{"price_rwf"});
  nlohmann::json forever = weekly_at(3000);
  forever["duration_seconds"] = 11LL * 366 * 86400;
  EXPECT_EQ(detail_paths(post(kalisa, "/api/v1/admin/plans", forever)), std::set<std::string>{"duration_seconds"});
  nlohmann::json twice = weekly_at(3000);
  twice["packs"] = {"umuhanda-default", "umuhanda-default"};
  EXPECT_EQ(detail_paths(post(kalisa, "/api/v1/admin/plans", twice)), std::set<std::string>{"packs[1]"});
  nlohmann::json none = weekly_at(3000);
  none.erase("slug");
  none["names"]["en"] = "  ";
  EXPECT_EQ(detail_paths(post(kalisa, "/api/v1/admin/plans", none)), (std::set<std::string>{"slug", "names.en"}));
  RawResponse not_json =
      round_trip(port, request_text("POST", "/api/v1/admin/plans", {testing::kSameOrigin, testing::kJsonType, "Cookie: " + kalisa.cookie}, "[1, 2"));
  EXPECT_EQ(not_json.status, 400) << not_json.describe();

  const auto plans = admin_plans();
  EXPECT_EQ(plans.size(), 3u);
  EXPECT_EQ(plans.at("weekly")["price_rwf"], 3000);
  EXPECT_EQ(body_of(get(kalisa, "/api/v1/admin/audit?subject=plan:weekly"))["entries"].size(), 1u) << "only the import's";
}

TEST_F(PlansEditor, APlanNoLongerOfferedLeavesThePublicListAndTakesNoNewPayment) {
  nlohmann::json daily = {{"slug", "daily"}, {"names", {{"en", "Daily"}}}, {"duration_seconds", 86400}, {"price_rwf", 500}, {"active", false}};
  RawResponse saved = post(kalisa, "/api/v1/admin/plans", daily);
  ASSERT_EQ(saved.status, 200) << saved.describe();
  EXPECT_EQ(public_plans().count("daily"), 0u);
  EXPECT_FALSE(admin_plans().at("daily")["active"].get<bool>()) << "kept for the admin, to offer again";
  RawResponse paid =
      post(aline, "/api/v1/payments",
           {{"plan_id", admin_plans().at("daily")["id"]}, {"operator", "mtn"}, {"payer_phone", "0781000001"}, {"transaction_id", "60012345678"}});
  EXPECT_EQ(paid.status, 404) << paid.describe();
  EXPECT_EQ(error_code_of(paid), "no_such_plan");

  daily["active"] = true;
  ASSERT_EQ(post(kalisa, "/api/v1/admin/plans", daily).status, 200);
  EXPECT_EQ(public_plans().count("daily"), 1u) << "offered again";
}

TEST_F(PlansEditor, AnAdminsEditOutlivesARestartTheFileIsNotReadAgain) {
  ASSERT_EQ(post(kalisa, "/api/v1/admin/plans", weekly_at(4200)).status, 200);
  const std::filesystem::path data = server->data_dir();
  EXPECT_EQ(server->stop(), 0) << server->log();
  // The same data folder, started again as a school's server would be (kept by the first).
  testing::SeededServer again({}, data);
  ASSERT_TRUE(again.started()) << again.log();
  const auto plans = by_slug(round_trip(again.port(), request_text("GET", "/api/v1/plans")));
  ASSERT_EQ(plans.count("weekly"), 1u);
  EXPECT_EQ(plans.at("weekly")["price_rwf"], 4200) << "the plans file is imported on purpose only, never at start";
  again.stop();
}

}  // namespace
}  // namespace umuhanda
