// Admins' people in the client (web/app/people.cpp), natively over the memory HTTP client: a search
// sent as typed (escaped) whose late answers never overwrite a newer one's, an account opened with
// its plans, payments and trail, a change that reloads it, and audit entries worded for an owner.
#include <gtest/gtest.h>

#include "app/people.hpp"
#include "platform/memory/memory_http_client.hpp"

namespace umuhanda {
namespace {

constexpr const char* kAline =
    R"({"id": 7, "name": "Aline Uwase", "phone": "+250781000001", "email": null, "role": "student", "created_at": 1796000000,
        "disabled": false, "language": "en", "subscription": {"id": 3, "plan": {"id": 1, "slug": "weekly"}, "starts_at": 1796000000,
        "ends_at": 1796604800, "ended": false, "payment": null}})";

TEST(People, ASearchIsEscapedAndOnlyTheLatestAnswerCounts) {
  MemoryHttpClient http;
  People people(http);
  people.search("a", "");
  people.search("aline uwase&x", "student");
  ASSERT_EQ(http.requests().size(), 2u);
  EXPECT_EQ(http.requests()[1].url, "/api/v1/admin/users?q=aline%20uwase%26x&role=student");
  http.reply("/api/v1/admin/users?q=a", MemoryHttpReply::ok(R"({"users": [{"id": 1, "name": "Old answer", "role": "student"}]})"));
  http.reply("/api/v1/admin/users?q=aline%20uwase%26x&role=student", MemoryHttpReply::ok(std::string(R"({"users": [)") + kAline + "]}"));
  // The older search's answer arrives while a newer one is out: dropped.
  ASSERT_TRUE(http.run_next());
  EXPECT_FALSE(people.searched());
  EXPECT_TRUE(people.found().empty());
  http.run_pending();
  ASSERT_TRUE(people.searched());
  ASSERT_EQ(people.found().size(), 1u);
  EXPECT_EQ(people.found()[0].name, "Aline Uwase");
  ASSERT_TRUE(people.found()[0].subscription);
  EXPECT_EQ(people.found()[0].subscription->plan_slug, "weekly");
  EXPECT_EQ(people.found()[0].subscription->ends_at, 1796604800);
}

TEST(People, AnOpenedAccountComesWithItsHistoryAndAChangeReloadsIt) {
  MemoryHttpClient http;
  People people(http);
  http.serve("/api/v1/admin/users/7", std::string(R"({"user": )") + kAline +
                                          R"(, "subscriptions": [{"id": 3, "plan": {"id": 1, "slug": "weekly"}, "starts_at": 1796000000,
          "ends_at": 1796604800, "ended": false, "payment": 12}], "payments": [{"id": 12, "user": {"id": 7, "name": "Aline Uwase"},
          "plan": {"id": 1, "slug": "weekly"}, "amount_rwf": 3000, "operator": "mtn", "payer_phone": "+250781000001",
          "transaction_id": "MP123", "state": "approved", "created_at": 1796000000}]})");
  http.serve("/api/v1/admin/audit?subject=user:7",
             R"({"entries": [{"id": 4, "at": 1796000100, "actor": 2, "actor_name": "Kalisa Jean", "action": "user.role_changed",
                 "subject": "user:7", "details": {"from": "student", "to": "instructor", "name": "Aline Uwase"}}]})");
  people.open(7);
  http.run_pending();
  ASSERT_TRUE(people.person());
  EXPECT_EQ(people.person()->phone, "+250781000001");
  ASSERT_EQ(people.subscriptions().size(), 1u);
  EXPECT_TRUE(people.subscriptions()[0].from_payment);
  ASSERT_EQ(people.payments().size(), 1u);
  EXPECT_EQ(people.payments()[0].transaction_id, "MP123");
  ASSERT_EQ(people.trail().size(), 1u);
  EXPECT_EQ(audit_actor(people.trail()[0], "en") + " " + describe_audit_action(people.trail()[0], "en"),
            "Kalisa Jean changed the role of Aline Uwase: student → instructor");

  std::optional<AccountProblem> problem{AccountProblem{"x", "not called"}};
  http.reply("/api/v1/users/7/subscriptions/end", MemoryHttpReply::ok(R"({"ended": []})"));
  people.end_subscription(7, "refunded", [&](std::optional<AccountProblem> p) { problem = std::move(p); });
  EXPECT_TRUE(people.busy());
  http.run_pending();
  EXPECT_FALSE(problem) << problem->message;
  EXPECT_EQ(http.requests().back().url, "/api/v1/admin/audit?subject=user:7") << "the account and its trail are asked again";
  EXPECT_EQ(http.count("/api/v1/admin/users/7"), 2u);
  EXPECT_EQ(http.requests()[2].body, R"({"note":"refunded"})");

  // A refusal comes back as the server worded it, and nothing is reloaded.
  http.reply("/api/v1/users/7/role",
             MemoryHttpReply::error(409, R"({"error": {"code": "own_role", "message": "an admin cannot change their own role"}})"));
  people.set_role(7, "student", [&](std::optional<AccountProblem> p) { problem = std::move(p); });
  http.run_pending();
  ASSERT_TRUE(problem);
  EXPECT_EQ(problem->code, "own_role");
  EXPECT_EQ(http.count("/api/v1/admin/users/7"), 2u);
}

TEST(People, AuditEntriesReadAsSentencesInEachLanguage) {
  auto entry = [](const char* json) { return audit_record_from(nlohmann::json::parse(json)).value(); };
  const AuditRecord approved = entry(R"({"id": 1, "at": 0, "actor": 2, "actor_name": "Kalisa", "action": "payment.approved", "subject": "payment:12",
                "details": {"user": 7, "amount_rwf": 3000}})");
  EXPECT_EQ(describe_audit_action(approved, "en"), "approved payment 12 (3,000\u00a0RWF)");
  EXPECT_EQ(describe_audit_action(approved, "fr"), "a approuvé le paiement 12 (3\u202f000\u00a0RWF)");
  const AuditRecord expired = entry(R"({"id": 2, "at": 0, "actor": null, "action": "subscription.ended", "subject": "user:7",
                                        "details": {"plan": "weekly"}})");
  EXPECT_EQ(audit_actor(expired, "en"), "The server");
  EXPECT_EQ(describe_audit_action(expired, "en"), "ended the plan weekly at its end");
  const AuditRecord deleted_actor = entry(R"({"id": 3, "at": 0, "actor": 9, "actor_name": null, "action": "subscription.ended_early",
                                              "subject": "user:7", "details": {"plan": "weekly", "note": "refunded"}})");
  EXPECT_EQ(audit_actor(deleted_actor, "en"), "Account 9");
  EXPECT_EQ(describe_audit_action(deleted_actor, "en"), "stopped the plan weekly early (refunded)");
  const AuditRecord unknown = entry(R"({"id": 4, "at": 0, "actor": 1, "action": "pack.deleted", "subject": "pack:x", "details": {}})");
  EXPECT_EQ(describe_audit_action(unknown, "en"), "pack.deleted pack:x");
  EXPECT_FALSE(audit_record_from(nlohmann::json::parse(R"({"id": "1"})")));
  EXPECT_EQ(url_query_escape("0781 000+é"), "0781%20000%2B%C3%A9");
}

}  // namespace
}  // namespace umuhanda
