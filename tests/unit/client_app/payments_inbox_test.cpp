// Payments and the inbox (web/app/payments.cpp, inbox.cpp) over the memory HTTP client: the plans
// on offer (active ones, cheapest first), "I have paid" sent as typed and a claimed transaction id
// named, the student's running plan and requests, staff's queue losing a request once decided (by
// them or by someone before them), the inbox worded in the language asked and marked read, and
// answers that arrive after signing out dropped.
#include <gtest/gtest.h>

#include "app/inbox.hpp"
#include "app/payments.hpp"
#include "platform/memory/memory_http_client.hpp"

namespace umuhanda {
namespace {

constexpr const char* kPlans =
    R"({"plans": [{"id": 1, "slug": "weekly", "names": {"en": "Weekly", "fr": "Semaine"}, "duration_seconds": 604800, "price_rwf": 3000, "packs": null, "active": true},)"
    R"({"id": 2, "slug": "hourly", "names": {"en": "Hourly"}, "duration_seconds": 3600, "price_rwf": 300, "packs": ["kigali-premium"], "active": true},)"
    R"({"id": 3, "slug": "old", "names": {"en": "Old"}, "duration_seconds": 86400, "price_rwf": 100, "packs": null, "active": false}],)"
    R"( "operators": [{"id": "mtn", "name": "MTN MoMo", "payee": "Auto-Ecole", "merchant_code": "123456", "ussd": "*182*8*1*123456#"}]})";

std::string payment(int id, const char* state, const char* reason = nullptr) {
  nlohmann::json json = {{"id", id},
                         {"user", {{"id", 7}, {"name", "Aline"}}},
                         {"plan", {{"id", 1}, {"slug", "weekly"}}},
                         {"amount_rwf", 3000},
                         {"operator", "mtn"},
                         {"payer_phone", "+250781000001"},
                         {"transaction_id", "50012345678"},
                         {"state", state},
                         {"created_at", 1765000000}};
  if (reason) json["reason"] = reason;
  return json.dump();
}

TEST(Payments, ThePlansOnOfferAreTheActiveOnesCheapestFirstWithHowToPay) {
  MemoryHttpClient http;
  http.reply("/api/v1/plans", MemoryHttpReply::ok(kPlans));
  Payments payments(http);
  EXPECT_FALSE(payments.takes_payments());
  payments.load_offer();
  http.run_pending();
  ASSERT_TRUE(payments.offer_loaded());
  ASSERT_EQ(payments.plans().size(), 2u) << "a plan no longer offered is not shown";
  EXPECT_EQ(payments.plans()[0].slug, "hourly");
  EXPECT_EQ(payments.plans()[1].slug, "weekly");
  EXPECT_FALSE(payments.plans()[0].every_pack);
  EXPECT_EQ(payments.plans()[0].packs, std::vector<std::string>{"kigali-premium"});
  EXPECT_TRUE(payments.plans()[1].every_pack);
  EXPECT_EQ(payments.plans()[1].name_in("fr"), "Semaine");
  EXPECT_EQ(payments.plans()[0].name_in("fr"), "Hourly") << "English when there is no French name";
  ASSERT_EQ(payments.operators().size(), 1u);
  EXPECT_EQ(payments.operators()[0].ussd, "*182*8*1*123456#");
  EXPECT_TRUE(payments.takes_payments());
  ASSERT_NE(payments.find_plan(1), nullptr);
  EXPECT_EQ(payments.find_plan("weekly")->price_rwf, 3000);
}

TEST(Payments, DurationsReadAsStudentsSayThem) {
  EXPECT_EQ(describe_duration(3600, "en"), "1 hour");
  EXPECT_EQ(describe_duration(86400, "en"), "1 day");
  EXPECT_EQ(describe_duration(604800, "en"), "7 days");
  EXPECT_EQ(describe_duration(15 * 86400, "fr"), "15 jours");
  EXPECT_EQ(describe_duration(7200, "fr"), "2 heures");
  EXPECT_EQ(describe_duration(90, "en"), "2 minutes");
}

TEST(Payments, IHavePaidIsSentAsTypedAndAClaimedTransactionIdIsNamed) {
  MemoryHttpClient http;
  int sent = 0;
  http.set_handler([&](const HttpRequest& request) -> std::optional<MemoryHttpReply> {
    if (request.url != "/api/v1/payments" || request.method != "POST") return std::nullopt;
    const auto body = nlohmann::json::parse(request.body);
    EXPECT_EQ(body["plan_id"], 1);
    EXPECT_EQ(body["operator"], "mtn");
    EXPECT_EQ(body["payer_phone"], "078 100 0001");
    if (++sent == 2) {
      return MemoryHttpReply::error(409, R"({"error": {"code": "transaction_id_used", "message": "this transaction id was claimed before"}})");
    }
    EXPECT_EQ(body["transaction_id"], "500 123 456 78") << "the server normalises it, not the client";
    MemoryHttpReply created = MemoryHttpReply::ok(R"({"payment": )" + payment(12, "pending") + "}");
    created.status = 201;
    return created;
  });
  Payments payments(http);
  std::optional<std::optional<AccountProblem>> outcome;
  payments.request(1, "mtn", "078 100 0001", "500 123 456 78", [&](std::optional<AccountProblem> problem) { outcome = std::move(problem); });
  EXPECT_TRUE(payments.busy());
  http.run_pending();
  ASSERT_TRUE(outcome.has_value());
  EXPECT_FALSE(outcome->has_value());
  EXPECT_FALSE(payments.busy());
  ASSERT_EQ(payments.requests().size(), 1u);
  EXPECT_EQ(payments.requests()[0].state, "pending");
  EXPECT_EQ(payments.pending_count(), 1u);

  outcome.reset();
  payments.request(1, "mtn", "078 100 0001", "50012345678", [&](std::optional<AccountProblem> problem) { outcome = std::move(problem); });
  http.run_pending();
  ASSERT_TRUE(outcome.has_value() && outcome->has_value());
  EXPECT_EQ((*outcome)->code, "transaction_id_used");
  EXPECT_EQ(payments.requests().size(), 1u) << "a refused request is not listed";

  http.set_offline(true);
  outcome.reset();
  payments.request(1, "mtn", "078 100 0001", "50099999999", [&](std::optional<AccountProblem> problem) { outcome = std::move(problem); });
  http.run_pending();
  ASSERT_TRUE(outcome.has_value() && outcome->has_value());
  EXPECT_EQ((*outcome)->code, "offline");
}

TEST(Payments, TheStudentSeesTheRunningPlanAndWhatTheSchoolDecided) {
  MemoryHttpClient http;
  http.reply("/api/v1/me/subscription",
             MemoryHttpReply::ok(R"({"subscription": {"id": 3, "plan": {"id": 1, "slug": "weekly"}, "starts_at": 1765000000, "ends_at": 1765604800,)"
                                 R"( "ended": false}, "payments": [)" +
                                 payment(13, "rejected", "Not on our statement") + "," + payment(12, "approved") + "]}"));
  Payments payments(http);
  payments.load_mine();
  http.run_pending();
  ASSERT_TRUE(payments.mine_loaded());
  ASSERT_TRUE(payments.running().has_value());
  EXPECT_EQ(payments.running()->plan_slug, "weekly");
  EXPECT_EQ(payments.running()->ends_at, 1765604800);
  ASSERT_EQ(payments.requests().size(), 2u);
  EXPECT_EQ(payments.requests()[0].reason, "Not on our statement");
  EXPECT_EQ(payments.pending_count(), 0u);

  // Signing out forgets it all, and an answer still on its way is dropped.
  payments.load_mine();
  payments.forget();
  http.run_pending();
  EXPECT_FALSE(payments.running().has_value());
  EXPECT_TRUE(payments.requests().empty());
  EXPECT_FALSE(payments.mine_loaded());
}

TEST(Payments, StaffQueueLosesARequestOnceDecidedHereOrByAnotherBefore) {
  MemoryHttpClient http;
  http.reply("/api/v1/payments?state=pending",
             MemoryHttpReply::ok(R"({"payments": [)" + payment(14, "pending") + "," + payment(15, "pending") + "," + payment(16, "pending") + "]}"));
  http.reply("/api/v1/payments/14/approve", MemoryHttpReply::ok(R"({"payment": )" + payment(14, "approved") + "}"));
  http.reply("/api/v1/payments/15/reject",
             MemoryHttpReply::error(409, R"({"error": {"code": "already_decided", "message": "payment 15 was approved already"}})"));
  http.reply("/api/v1/payments/16/reject", MemoryHttpReply::error(400, R"({"error": {"code": "bad_request", "message": "reason: is empty"}})"));
  Payments payments(http);
  payments.load_queue();
  http.run_pending();
  ASSERT_EQ(payments.queue().size(), 3u);

  std::optional<std::optional<AccountProblem>> outcome;
  payments.approve(14, [&](std::optional<AccountProblem> problem) { outcome = std::move(problem); });
  http.run_pending();
  ASSERT_TRUE(outcome.has_value());
  EXPECT_FALSE(outcome->has_value());
  ASSERT_EQ(payments.queue().size(), 2u);
  EXPECT_EQ(payments.queue()[0].id, 15);

  payments.reject(15, "duplicate", [&](std::optional<AccountProblem> problem) { outcome = std::move(problem); });
  http.run_pending();
  ASSERT_TRUE(outcome->has_value());
  EXPECT_EQ((*outcome)->code, "already_decided");
  ASSERT_EQ(payments.queue().size(), 1u) << "decided by someone else: it waits no more";

  payments.reject(16, "", [&](std::optional<AccountProblem> problem) { outcome = std::move(problem); });
  http.run_pending();
  ASSERT_TRUE(outcome->has_value());
  EXPECT_NE((*outcome)->message.find("reason"), std::string::npos) << (*outcome)->message;
  EXPECT_EQ(payments.queue().size(), 1u) << "a refused decision leaves it waiting";
  EXPECT_EQ(nlohmann::json::parse(http.requests().back().body)["reason"], "");
}

TEST(Inbox, NotificationsAreWordedInTheLanguageAskedAndMarkedReadUpToTheNewest) {
  MemoryHttpClient http;
  std::string asked;
  http.set_handler([&](const HttpRequest& request) -> std::optional<MemoryHttpReply> {
    if (request.url.starts_with("/api/v1/me/notifications?language=")) {
      asked = request.url.substr(request.url.find('=') + 1);
      return MemoryHttpReply::ok(
          R"({"unread": 2, "notifications": [)"
          R"({"id": 9, "kind": "payment.approved", "data": {"plan": "weekly"}, "created_at": 1765000100, "read": false,)"
          R"( "text": {"language": "fr", "subject": "Votre paiement est approuvé : Semaine", "summary": "Votre formule court..."}},)"
          R"({"id": 8, "kind": "payment.requested", "data": {}, "created_at": 1765000000, "read": false}]})");
    }
    if (request.url == "/api/v1/me/notifications/read") {
      EXPECT_EQ(nlohmann::json::parse(request.body)["up_to"], 9);
      return MemoryHttpReply::ok(R"({"unread": 0})");
    }
    return std::nullopt;
  });
  Inbox inbox(http);
  inbox.refresh("fr");
  EXPECT_TRUE(inbox.loading());
  inbox.refresh("fr");  // asked again while on its way: once more after, not twice at once
  EXPECT_EQ(http.requests().size(), 1u);
  http.run_pending();
  http.run_pending();
  EXPECT_EQ(http.requests().size(), 2u);
  EXPECT_EQ(asked, "fr");
  ASSERT_TRUE(inbox.loaded());
  EXPECT_EQ(inbox.unread(), 2);
  ASSERT_EQ(inbox.items().size(), 2u);
  EXPECT_EQ(inbox.items()[0].subject, "Votre paiement est approuvé : Semaine");
  EXPECT_EQ(inbox.items()[1].subject, "") << "a kind without wording has none";

  inbox.mark_all_read();
  EXPECT_TRUE(inbox.items()[0].read);
  http.run_pending();
  EXPECT_EQ(inbox.unread(), 0);
  inbox.mark_all_read();  // nothing unread: nothing sent
  EXPECT_EQ(http.requests().size(), 3u);

  inbox.forget();
  EXPECT_FALSE(inbox.loaded());
  EXPECT_TRUE(inbox.items().empty());
}

TEST(Inbox, AnUnreachableServerIsNamedAndTheItemsHeldStay) {
  MemoryHttpClient http;
  http.reply("/api/v1/me/notifications?language=en",
             MemoryHttpReply::ok(R"({"unread": 1, "notifications": [{"id": 3, "kind": "exam.live", "data": {}, "created_at": 1, "read": false}]})"));
  Inbox inbox(http);
  inbox.refresh("en");
  http.run_pending();
  ASSERT_EQ(inbox.items().size(), 1u);
  http.set_offline(true);
  inbox.refresh("en");
  http.run_pending();
  EXPECT_FALSE(inbox.problem().empty());
  EXPECT_EQ(inbox.items().size(), 1u);
  EXPECT_EQ(inbox.unread(), 1);
}

}  // namespace
}  // namespace umuhanda
