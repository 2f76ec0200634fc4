// Plans and payments against the real server on loopback (docs/api.md, "Plans and payments";
// docs/payments.md): the plans and how to pay are offered to anyone; a student's "I have paid" is
// pending until staff approve it (the subscription runs) or reject it (the student sees why); a
// transaction id is claimed once, however it is typed; bad input names every field; every decision
// is in the audit log; the plans file an admin edits is checked before anything is saved.
#include <gtest/gtest.h>

#include <algorithm>
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
using testing::error_of;
using testing::RawResponse;
using testing::request_text;
using testing::round_trip;
using testing::run_command;

class Payments : public testing::SignedInTest {
protected:
  void SetUp() override {
    m_config = std::filesystem::temp_directory_path() /
               ("umuhanda-payments-" + std::to_string(::getpid()) + "-" + ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::create_directories(m_config);
    std::ofstream(m_config / "pay.json") << R"({"operators": [{"id": "mtn", "name": "MTN MoMo", "payee": "Auto-Ecole Umuhanda",
                                                "merchant_code": "123456", "ussd": "*182*8*1*123456#"}]})";
    std::ofstream(m_config / "plans.json") << R"({"plans": [
        {"slug": "weekly", "names": {"en": "Weekly", "rw": "Icyumweru"}, "duration_seconds": 604800, "price_rwf": 3000},
        {"slug": "daily", "names": {"en": "Daily"}, "duration_seconds": 86400, "price_rwf": 500},
        {"slug": "old", "names": {"en": "Old"}, "duration_seconds": 86400, "price_rwf": 100, "active": false}]})";
    SignedInTest::SetUp();
    if (HasFatalFailure()) return;
    CommandRun imported =
        run_command({UMUHANDA_SERVER_BINARY, "--data", server->data_dir().string(), "plans", "import", (m_config / "plans.json").string()});
    ASSERT_EQ(imported.status, 0) << imported.output;
    // Every plan's id, offered or not, as the database has them.
    auto db = Database::open_reader((server->data_dir() / "umuhanda.db").string());
    ASSERT_TRUE(db.ok()) << to_string(db.errors());
    auto query = db->prepare("SELECT slug, id FROM plans");
    while (query->step().value()) plan_ids[query->column_text(0)] = query->column_int(1);
    ASSERT_EQ(plan_ids.size(), 3u);
    aline = student("Aline", "0781000001");
    eric = student("Eric", "0781000002");
    teta = staff("Teta", "0791000001");
  }
  void TearDown() override {
    SignedInTest::TearDown();
    std::filesystem::remove_all(m_config);
  }
  std::vector<std::string> extra_arguments() override { return {"--payment-instructions", (m_config / "pay.json").string()}; }

  RawResponse pay(const Account& who, const std::string& plan, const std::string& transaction_id, const std::string& phone = "078 100 0001") {
    return post(who, "/api/v1/payments",
                {{"plan_id", plan_ids[plan]}, {"operator", "mtn"}, {"payer_phone", phone}, {"transaction_id", transaction_id}});
  }
  std::int64_t audit_rows(const std::string& action) {
    auto db = Database::open_reader((server->data_dir() / "umuhanda.db").string());
    EXPECT_TRUE(db.ok());
    auto query = db->prepare("SELECT COUNT(*) FROM audit_log WHERE action = ?1");
    query->bind(1, action);
    EXPECT_TRUE(query->step().value());
    return query->column_int(0);
  }

  std::filesystem::path m_config;
  std::map<std::string, std::int64_t> plan_ids;
  Account aline, eric, teta;
};

TEST_F(Payments, ThePlansOnOfferAndHowToPayAreShownToAnyone) {
  RawResponse res = round_trip(port, request_text("GET", "/api/v1/plans"));
  ASSERT_EQ(res.status, 200) << res.describe();
  EXPECT_EQ(res.header("Cache-Control"), "no-cache");
  const nlohmann::json body = body_of(res);
  ASSERT_EQ(body["plans"].size(), 2u) << "the plan not offered is left out";
  EXPECT_EQ(body["plans"][0]["slug"], "daily") << "shortest first";
  EXPECT_EQ(body["plans"][1]["price_rwf"], 3000);
  EXPECT_EQ(body["plans"][1]["names"]["rw"], "Icyumweru");
  EXPECT_TRUE(body["plans"][1]["packs"].is_null()) << "every restricted pack";
  ASSERT_EQ(body["operators"].size(), 1u);
  EXPECT_EQ(body["operators"][0]["merchant_code"], "123456");
  EXPECT_EQ(body["operators"][0]["ussd"], "*182*8*1*123456#");
}

TEST_F(Payments, AStudentPaysStaffApproveAndTheSubscriptionRunsEveryStepAudited) {
  RawResponse paid = pay(aline, "weekly", "50 012 345 678");
  ASSERT_EQ(paid.status, 201) << paid.describe();
  EXPECT_EQ(paid.header("Cache-Control"), "private, no-store");
  const nlohmann::json payment = body_of(paid)["payment"];
  EXPECT_EQ(payment["state"], "pending");
  EXPECT_EQ(payment["amount_rwf"], 3000);
  EXPECT_EQ(payment["transaction_id"], "50012345678");
  EXPECT_EQ(payment["payer_phone"], "+250781000001");

  RawResponse mine = get(aline, "/api/v1/me/subscription");
  ASSERT_EQ(mine.status, 200) << mine.describe();
  EXPECT_TRUE(body_of(mine)["subscription"].is_null()) << "pending is not paid";
  EXPECT_EQ(body_of(mine)["payments"].size(), 1u);
  EXPECT_EQ(body_of(get(eric, "/api/v1/me/subscription"))["payments"].size(), 0u) << "another student sees none of Aline's";

  RawResponse pending = get(teta, "/api/v1/payments?state=pending");
  ASSERT_EQ(pending.status, 200) << pending.describe();
  ASSERT_EQ(body_of(pending)["payments"].size(), 1u);
  EXPECT_EQ(body_of(pending)["payments"][0]["user"]["name"], "Aline");

  const std::string approve = "/api/v1/payments/" + std::to_string(payment["id"].get<std::int64_t>()) + "/approve";
  RawResponse approved = post_empty(teta, approve);
  ASSERT_EQ(approved.status, 200) << approved.describe();
  const nlohmann::json subscription = body_of(approved)["subscription"];
  EXPECT_EQ(subscription["ends_at"].get<std::int64_t>() - subscription["starts_at"].get<std::int64_t>(), 604800);
  RawResponse running = get(aline, "/api/v1/me/subscription");
  EXPECT_EQ(body_of(running)["subscription"]["id"], subscription["id"]);
  EXPECT_EQ(body_of(running)["payments"][0]["state"], "approved");

  RawResponse again = post_empty(teta, approve);
  EXPECT_EQ(again.status, 409) << again.describe();
  EXPECT_EQ(error_code_of(again), "already_decided");
  EXPECT_EQ(audit_rows("payment.requested"), 1);
  EXPECT_EQ(audit_rows("payment.approved"), 1);
  EXPECT_GE(audit_rows("plan.saved"), 3);
}

TEST_F(Payments, ATransactionIdIsClaimedOnceHoweverItIsTypedAndByWhoever) {
  ASSERT_EQ(pay(aline, "daily", "MP210101.1234.A12345").status, 201);
  for (const auto& [who, typed] :
       {std::pair{&aline, "MP210101.1234.A12345"}, std::pair{&eric, "mp210101.1234.a12345"}, std::pair{&eric, " MP210101.1234.A12345 "}}) {
    RawResponse res = pay(*who, "weekly", typed);
    EXPECT_EQ(res.status, 409) << typed << ": " << res.describe();
    EXPECT_EQ(error_code_of(res), "transaction_id_used");
  }
  EXPECT_EQ(body_of(get(teta, "/api/v1/payments"))["payments"].size(), 1u);
}

TEST_F(Payments, BadInputNamesEveryFieldAndAPlanNotOfferedIs404) {
  RawResponse res =
      post(aline, "/api/v1/payments", {{"plan_id", "weekly"}, {"operator", "tigo"}, {"payer_phone", "12"}, {"transaction_id", "12#34"}});
  ASSERT_EQ(res.status, 400) << res.describe();
  std::set<std::string> fields;
  const nlohmann::json error = error_of(res);
  for (const auto& detail : error["details"]) fields.insert(detail["path"].get<std::string>());
  EXPECT_EQ(fields, (std::set<std::string>{"plan_id", "operator", "payer_phone", "transaction_id"}));
  RawResponse old = pay(aline, "old", "1234567890");
  EXPECT_EQ(old.status, 404) << old.describe();
  EXPECT_EQ(error_code_of(old), "no_such_plan");
  RawResponse from_staff = pay(teta, "daily", "1234567891");
  EXPECT_EQ(from_staff.status, 403) << "staff grant plans, they do not buy them";
}

TEST_F(Payments, ARejectionKeepsItsReasonForTheStudentAndStartsNothing) {
  RawResponse paid = pay(aline, "weekly", "1234567890");
  ASSERT_EQ(paid.status, 201);
  const std::string reject = "/api/v1/payments/" + std::to_string(body_of(paid)["payment"]["id"].get<std::int64_t>()) + "/reject";
  EXPECT_EQ(post(teta, reject, {{"reason", "   "}}).status, 400) << "a rejection says why";
  RawResponse rejected = post(teta, reject, {{"reason", "No payment with this id reached our MTN account"}});
  ASSERT_EQ(rejected.status, 200) << rejected.describe();
  const nlohmann::json mine = body_of(get(aline, "/api/v1/me/subscription"));
  EXPECT_TRUE(mine["subscription"].is_null());
  EXPECT_EQ(mine["payments"][0]["state"], "rejected");
  EXPECT_EQ(mine["payments"][0]["reason"], "No payment with this id reached our MTN account");
  EXPECT_EQ(post_empty(teta, reject.substr(0, reject.size() - 6) + "approve").status, 409);
  EXPECT_EQ(audit_rows("payment.rejected"), 1);
}

TEST_F(Payments, TheShippedExamplePlansAreRefusedUntilTheSchoolSetsItsPrices) {
  CommandRun example = run_command({UMUHANDA_SERVER_BINARY, "--data", server->data_dir().string(), "plans", "import",
                                    std::string(UMUHANDA_SOURCE_DIR) + "/docs/examples/plans.json"});
  EXPECT_EQ(example.status, 1) << example.output;
  EXPECT_NE(example.output.find("plans[0].price_rwf: is not set: set the price the school charges"), std::string::npos) << example.output;
  EXPECT_NE(example.output.find("plans[5].duration_seconds"), std::string::npos) << example.output;
  // Nothing was saved: still the three of this test.
  CommandRun listed = run_command({UMUHANDA_SERVER_BINARY, "--data", server->data_dir().string(), "plans", "list"});
  EXPECT_EQ(listed.status, 0);
  EXPECT_EQ(std::count(listed.output.begin(), listed.output.end(), '\n'), 3) << listed.output;
}

TEST_F(Payments, EachDecisionReachesTheStudentsInboxOnceAndEachRequestEveryStaffInbox) {
  RawResponse paid = pay(aline, "weekly", "1234567890");
  ASSERT_EQ(paid.status, 201);
  const std::int64_t id = body_of(paid)["payment"]["id"].get<std::int64_t>();
  const nlohmann::json staff_inbox = body_of(get(teta, "/api/v1/me/notifications"));
  ASSERT_EQ(staff_inbox["unread"], 1) << staff_inbox.dump();
  EXPECT_EQ(staff_inbox["notifications"][0]["kind"], "payment.requested");
  EXPECT_EQ(staff_inbox["notifications"][0]["data"]["payment"], id);

  ASSERT_EQ(post_empty(teta, "/api/v1/payments/" + std::to_string(id) + "/approve").status, 200);
  RawResponse inbox = get(aline, "/api/v1/me/notifications");
  ASSERT_EQ(inbox.status, 200) << inbox.describe();
  EXPECT_EQ(inbox.header("Cache-Control"), "private, no-store");
  const nlohmann::json mine = body_of(inbox);
  ASSERT_EQ(mine["unread"], 1) << mine.dump();
  EXPECT_EQ(mine["notifications"][0]["kind"], "payment.approved");
  EXPECT_EQ(mine["notifications"][0]["data"]["plan"], "weekly");
  EXPECT_FALSE(mine["notifications"][0]["read"].get<bool>());
  EXPECT_EQ(body_of(get(eric, "/api/v1/me/notifications"))["notifications"].size(), 0u) << "Aline's news is hers only";

  RawResponse read = post(aline, "/api/v1/me/notifications/read", {{"up_to", mine["notifications"][0]["id"]}});
  ASSERT_EQ(read.status, 200) << read.describe();
  EXPECT_EQ(body_of(read)["unread"], 0);
  EXPECT_TRUE(body_of(get(aline, "/api/v1/me/notifications"))["notifications"][0]["read"].get<bool>());
  // Another's id marks nothing of theirs: Teta's own request notice stays unread.
  EXPECT_EQ(body_of(post(eric, "/api/v1/me/notifications/read", {{"up_to", 1000000}}))["unread"], 0);
  EXPECT_EQ(body_of(get(teta, "/api/v1/me/notifications"))["unread"], 1);

  RawResponse second = pay(eric, "daily", "2234567890");
  ASSERT_EQ(second.status, 201);
  const std::int64_t second_id = body_of(second)["payment"]["id"].get<std::int64_t>();
  ASSERT_EQ(post(teta, "/api/v1/payments/" + std::to_string(second_id) + "/reject", {{"reason", "Wrong amount: 300 RWF received"}}).status, 200);
  const nlohmann::json erics = body_of(get(eric, "/api/v1/me/notifications"));
  ASSERT_EQ(erics["notifications"].size(), 1u);
  EXPECT_EQ(erics["notifications"][0]["kind"], "payment.rejected");
  EXPECT_EQ(erics["notifications"][0]["data"]["reason"], "Wrong amount: 300 RWF received");
}

TEST_F(Payments, TheInboxWordsEachNotificationInTheLanguageAskedAsItsEmailWouldBe) {
  RawResponse paid = pay(aline, "weekly", "3234567890");
  ASSERT_EQ(paid.status, 201);
  const std::int64_t id = body_of(paid)["payment"]["id"].get<std::int64_t>();
  ASSERT_EQ(post(teta, "/api/v1/payments/" + std::to_string(id) + "/reject", {{"reason", "Not on our statement"}}).status, 200);

  const nlohmann::json french = body_of(get(aline, "/api/v1/me/notifications?language=fr"));
  ASSERT_EQ(french["notifications"].size(), 1u) << french.dump();
  const nlohmann::json text = french["notifications"][0]["text"];
  EXPECT_EQ(text["language"], "fr");
  EXPECT_EQ(text["subject"], "Votre demande de paiement n'a pas été approuvée");
  const std::string summary = text["summary"].get<std::string>();
  EXPECT_NE(summary.find("formule Weekly"), std::string::npos) << summary << ": the plan by its name, English when it has no French one";
  EXPECT_NE(summary.find("Motif : Not on our statement"), std::string::npos) << summary;
  EXPECT_EQ(summary.find("Bonjour"), std::string::npos) << summary << ": no greeting in an inbox";

  // Kinyarwanda's template is a draft: English is shown, the plan by its Kinyarwanda name.
  const nlohmann::json staff_rw = body_of(get(teta, "/api/v1/me/notifications?language=rw"));
  const nlohmann::json staff_text = staff_rw["notifications"][0]["text"];
  EXPECT_EQ(staff_text["language"], "en") << staff_rw.dump();
  EXPECT_EQ(staff_text["subject"], "New payment request: 3,000\u00a0RWF by MTN MoMo");
  // No language asked, or one the server does not write: English.
  const nlohmann::json plain = body_of(get(aline, "/api/v1/me/notifications?language=xx"));
  EXPECT_EQ(plain["notifications"][0]["text"]["subject"], "Your payment request was not approved");
}

TEST_F(Payments, ANewVersionOfAPackIsToldToEveryStudentInTheAppOnly) {
  const std::string token = testing::create_token(*server, "instructor", "Ines Instructor").secret;
  ASSERT_FALSE(token.empty());
  auto upload = [&](int version) {
    auto files = testing::default_pack_files();
    auto pack = nlohmann::json::parse(files.at("pack.json"));
    pack["version"] = version;
    files["pack.json"] = pack.dump(2);
    return round_trip(
        port, request_text("POST", "/api/v1/packs", {"Authorization: Bearer " + token, "Content-Type: application/zip"}, testing::zip_of(files)),
        std::chrono::seconds(60));
  };
  const int current = body_of(get(aline, "/api/v1/packs/umuhanda-default/versions"))["versions"].back()["version"].get<int>();
  RawResponse uploaded = upload(current + 1);
  ASSERT_EQ(uploaded.status, 201) << uploaded.describe();

  for (const Account* who : {&aline, &eric}) {
    const nlohmann::json inbox = body_of(get(*who, "/api/v1/me/notifications?language=fr"));
    ASSERT_EQ(inbox["notifications"].size(), 1u) << inbox.dump();
    const nlohmann::json told = inbox["notifications"][0];
    EXPECT_EQ(told["kind"], "pack.new_version");
    EXPECT_EQ(told["data"]["pack"], "umuhanda-default");
    EXPECT_EQ(told["data"]["version"], current + 1);
    EXPECT_EQ(told["text"]["subject"].get<std::string>().rfind("Nouvelle version de ", 0), 0u) << told.dump();
    EXPECT_NE(told["text"]["subject"].get<std::string>().find(std::to_string(current + 1)), std::string::npos) << told.dump();
  }
  EXPECT_EQ(body_of(get(teta, "/api/v1/me/notifications"))["notifications"].size(), 0u) << "staff published it: they are not told";

  // In the app only: no delivery job was enqueued for it.
  auto db = Database::open_reader((server->data_dir() / "umuhanda.db").string());
  ASSERT_TRUE(db.ok()) << to_string(db.errors());
  auto jobs = db->prepare("SELECT COUNT(*) FROM jobs WHERE kind = 'notifications.deliver'");
  ASSERT_TRUE(jobs->step().value());
  EXPECT_EQ(jobs->column_int(0), 0);
}

TEST_F(Payments, AnAdminGrantsAPlanWithoutAPaymentAuditedAndTold) {
  Account admin = staff("Kalisa", "0791000009", "admin");
  const std::string path = "/api/v1/users/" + std::to_string(eric.id) + "/subscriptions";
  EXPECT_EQ(post(teta, path, {{"plan_id", plan_ids["weekly"]}}).status, 403) << "instructors do not grant";
  RawResponse granted = post(admin, path, {{"plan_id", plan_ids["weekly"]}, {"note", "school scholarship"}});
  ASSERT_EQ(granted.status, 201) << granted.describe();
  EXPECT_EQ(body_of(get(eric, "/api/v1/me/subscription"))["subscription"]["id"], body_of(granted)["subscription"]["id"]);
  EXPECT_EQ(body_of(get(eric, "/api/v1/me/notifications"))["notifications"][0]["kind"], "subscription.granted");
  EXPECT_EQ(audit_rows("subscription.granted"), 1);
  EXPECT_EQ(post(admin, "/api/v1/users/" + std::to_string(teta.id) + "/subscriptions", {{"plan_id", plan_ids["weekly"]}}).status, 404)
      << "only students get plans";
  EXPECT_EQ(post(admin, path, {{"plan_id", 999}}).status, 404);

  // Admins read who did what: the grant, by Kalisa, with its note.
  RawResponse audit = get(admin, "/api/v1/admin/audit?subject=user:" + std::to_string(eric.id));
  ASSERT_EQ(audit.status, 200) << audit.describe();
  EXPECT_EQ(audit.header("Cache-Control"), "private, no-store");
  const nlohmann::json entries = body_of(audit)["entries"];
  ASSERT_EQ(entries.size(), 1u) << entries.dump();
  EXPECT_EQ(entries[0]["action"], "subscription.granted");
  EXPECT_EQ(entries[0]["actor"], admin.id);
  EXPECT_EQ(entries[0]["details"]["note"], "school scholarship");
  EXPECT_EQ(get(teta, "/api/v1/admin/audit").status, 403) << "instructors do not read it";
}

}  // namespace
}  // namespace umuhanda
