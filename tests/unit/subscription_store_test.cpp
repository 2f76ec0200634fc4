// Plans, payment requests and subscriptions on a real SQLite file: a transaction id is claimed
// once, an approval starts or extends a subscription and enqueues its end, decisions are final,
// and every one of them is in the audit log.
#include <gtest/gtest.h>

#include "jobs/sqlite_job_store.hpp"
#include "store/sqlite_notification_store.hpp"
#include "store/sqlite_subscription_store.hpp"
#include "store_fixture.hpp"

namespace umuhanda {
namespace {

constexpr UnixSeconds kNow = 1796623200;  // 2026-12-07T06:00:00Z
constexpr std::int64_t kDay = 24 * 3600;

class SubscriptionStoreTest : public testing::StoreFixture {
protected:
  void SetUp() override {
    store = make_store<SqliteSubscriptionStore>();
    ASSERT_TRUE(store);
    student = add_user("Aline Uwase", "+250785550101", "student");
    other = add_user("Eric Habimana", "+250785550202", "student");
    staff = add_user("Jean Mugisha", "+250785550303", "admin");
    auto saved = store->save_plan(Plan{0, "weekly", {{"en", "Weekly"}, {"rw", "Icyumweru"}}, 7 * kDay, 3000, std::nullopt, true, 0}, staff, kNow);
    ASSERT_TRUE(saved.ok()) << to_string(saved.errors());
    weekly = saved.value();
  }
  std::int64_t add_user(const std::string& name, const std::string& phone, const std::string& role) {
    auto insert = writer().prepare("INSERT INTO users (name, phone, role, password_hash, created_at) VALUES (?1, ?2, ?3, 'x', 0) RETURNING id");
    EXPECT_TRUE(insert.ok());
    insert->bind(1, name).bind(2, phone).bind(3, role);
    EXPECT_TRUE(insert->step().value());
    const std::int64_t id = insert->column_int(0);
    EXPECT_TRUE(insert->step().ok());
    return id;
  }
  PaymentOutcome pay(std::int64_t user, const std::string& transaction_id, UnixSeconds at = kNow) {
    auto outcome = store->request_payment(NewPaymentRequest{user, weekly.id, "mtn", "+250785550101", transaction_id, at});
    EXPECT_TRUE(outcome.ok()) << to_string(outcome.errors());
    return outcome.ok() ? outcome.value() : PaymentOutcome{};
  }
  std::unique_ptr<SqliteSubscriptionStore> store;
  std::int64_t student = 0, other = 0, staff = 0;
  Plan weekly;
};

TEST_F(SubscriptionStoreTest, APlanIsSavedByItsSlugAndListedWhenOffered) {
  EXPECT_EQ(weekly.names.at("rw"), "Icyumweru");
  weekly.price_rwf = 3500;
  weekly.active = false;
  auto saved = store->save_plan(weekly, staff, kNow + 10);
  ASSERT_TRUE(saved.ok());
  EXPECT_EQ(saved->id, weekly.id) << "the same slug is the same plan";
  EXPECT_EQ(store->plans(true)->size(), 0u);
  ASSERT_EQ(store->plans(false)->size(), 1u);
  EXPECT_EQ(store->plans(false)->front().price_rwf, 3500);
  EXPECT_EQ(store->audit("plan:weekly", 10)->size(), 2u);
}

TEST_F(SubscriptionStoreTest, ATransactionIdIsClaimedOnceWhoeverAsks) {
  auto first = pay(student, "1234567890");
  ASSERT_EQ(first.refusal, PaymentRefusal::none);
  EXPECT_EQ(first.payment->amount_rwf, 3000);
  EXPECT_EQ(first.payment->state, PaymentState::pending);
  EXPECT_EQ(pay(student, "1234567890").refusal, PaymentRefusal::transaction_id_used);
  EXPECT_EQ(pay(other, "1234567890").refusal, PaymentRefusal::transaction_id_used);
  EXPECT_EQ(store->payments(std::nullopt, std::nullopt, 10)->size(), 1u);
}

TEST_F(SubscriptionStoreTest, APlanNotOfferedCannotBeAskedFor) {
  weekly.active = false;
  ASSERT_TRUE(store->save_plan(weekly, staff, kNow).ok());
  EXPECT_EQ(pay(student, "1234567890").refusal, PaymentRefusal::no_such_plan);
}

TEST_F(SubscriptionStoreTest, ApprovalStartsTheSubscriptionEnqueuesItsEndAndIsAudited) {
  const auto paid = pay(student, "1234567890");
  auto approved = store->approve(paid.payment->id, staff, kNow + 60);
  ASSERT_TRUE(approved.ok()) << to_string(approved.errors());
  ASSERT_EQ(approved->refusal, PaymentRefusal::none);
  EXPECT_EQ(approved->payment->state, PaymentState::approved);
  EXPECT_EQ(approved->payment->decided_by, staff);
  ASSERT_TRUE(approved->subscription);
  EXPECT_EQ(approved->subscription->starts_at, kNow + 60);
  EXPECT_EQ(approved->subscription->ends_at, kNow + 60 + 7 * kDay);
  EXPECT_EQ(store->active_subscription(student, kNow + 61).value()->id, approved->subscription->id);
  EXPECT_FALSE(store->active_subscription(other, kNow + 61).value().has_value());
  SqliteJobStore jobs(writer(), writer_mutex(), readers());
  auto all_queued = jobs.list(JobState::available, 10).value();  // newest first
  // Each notification (the staff told of the request, the student of the approval) enqueued its
  // delivery by email and webhook in the same transaction.
  std::vector<Job> queued;
  std::size_t deliveries = 0;
  for (const Job& job : all_queued) {
    if (job.kind == kDeliverNotificationJob) ++deliveries;
    else queued.push_back(job);
  }
  EXPECT_EQ(deliveries, 2u);
  ASSERT_EQ(queued.size(), 2u);
  EXPECT_EQ(queued[1].kind, kEndSubscriptionsJob);
  EXPECT_EQ(queued[1].run_at_ms, (kNow + 60 + 7 * kDay) * 1000);
  EXPECT_EQ(queued[0].kind, kRemindSubscriptionJob);
  EXPECT_EQ(queued[0].run_at_ms, (kNow + 60 + 4 * kDay) * 1000) << "3 days before the end";
  const auto audit = store->audit("payment:" + std::to_string(paid.payment->id), 10).value();
  ASSERT_EQ(audit.size(), 2u);
  EXPECT_EQ(audit[0].action, "payment.approved");
  EXPECT_EQ(audit[0].actor_id, staff);
  EXPECT_EQ(audit[1].action, "payment.requested");
}

TEST_F(SubscriptionStoreTest, ARenewalBeforeTheEndExtendsFromTheEnd) {
  ASSERT_TRUE(store->approve(pay(student, "1111111111").payment->id, staff, kNow).ok());
  auto renewed = store->approve(pay(student, "2222222222", kNow + 2 * kDay).payment->id, staff, kNow + 2 * kDay);
  ASSERT_TRUE(renewed.ok());
  EXPECT_EQ(renewed->subscription->starts_at, kNow + 7 * kDay);
  EXPECT_EQ(renewed->subscription->ends_at, kNow + 14 * kDay);
  EXPECT_EQ(store->active_subscription(student, kNow + 10 * kDay).value()->id, renewed->subscription->id);
}

TEST_F(SubscriptionStoreTest, ADecisionIsFinalAndARejectionKeepsItsReason) {
  const auto paid = pay(student, "1234567890");
  auto rejected = store->reject(paid.payment->id, staff, "No payment with this id reached our MTN account", kNow + 5);
  ASSERT_TRUE(rejected.ok());
  EXPECT_EQ(rejected->payment->state, PaymentState::rejected);
  EXPECT_EQ(rejected->payment->reason, "No payment with this id reached our MTN account");
  EXPECT_EQ(store->approve(paid.payment->id, staff, kNow + 6)->refusal, PaymentRefusal::already_decided);
  EXPECT_EQ(store->reject(paid.payment->id, staff, "again", kNow + 6)->refusal, PaymentRefusal::already_decided);
  EXPECT_EQ(store->approve(999, staff, kNow)->refusal, PaymentRefusal::no_such_payment);
  EXPECT_FALSE(store->active_subscription(student, kNow + 10).value().has_value());
  EXPECT_EQ(store->payments(PaymentState::rejected, student, 10)->size(), 1u);
  EXPECT_EQ(store->payments(PaymentState::pending, std::nullopt, 10)->size(), 0u);
}

TEST_F(SubscriptionStoreTest, SubscriptionsEndAtTheirTimeOnceEachAudited) {
  ASSERT_TRUE(store->approve(pay(student, "1111111111").payment->id, staff, kNow).ok());
  EXPECT_TRUE(store->end_expired(kNow + 7 * kDay - 1)->empty());
  auto ended = store->end_expired(kNow + 7 * kDay);
  ASSERT_TRUE(ended.ok());
  ASSERT_EQ(ended->size(), 1u);
  EXPECT_TRUE(store->end_expired(kNow + 8 * kDay)->empty()) << "recorded once";
  EXPECT_FALSE(store->active_subscription(student, kNow + 7 * kDay).value().has_value());
  EXPECT_EQ(store->audit("user:" + std::to_string(student), 10)->front().action, "subscription.ended");
}

TEST_F(SubscriptionStoreTest, TheEndIsToldOnlyWhenNoRenewalFollowsIt) {
  ASSERT_TRUE(store->approve(pay(student, "1111111111").payment->id, staff, kNow).ok());
  ASSERT_TRUE(store->approve(pay(student, "2222222222").payment->id, staff, kNow + kDay).ok());  // runs on from the first's end
  ASSERT_TRUE(store->approve(pay(other, "3333333333").payment->id, staff, kNow).ok());
  SqliteNotificationStore inbox(writer(), writer_mutex(), readers());
  ASSERT_EQ(store->end_expired(kNow + 7 * kDay)->size(), 2u);
  auto kinds = [&](std::int64_t user) {
    std::vector<std::string> seen;
    auto read = inbox.inbox(user, 10);
    EXPECT_TRUE(read.ok());
    if (read.ok()) {
      for (const Notification& n : read.value().notifications) seen.push_back(n.kind);
    }
    return seen;
  };
  EXPECT_EQ(kinds(student), (std::vector<std::string>{"payment.approved", "payment.approved"})) << "renewed: no end to tell";
  EXPECT_EQ(kinds(other), (std::vector<std::string>{"subscription.ended", "payment.approved"}));
  ASSERT_EQ(store->end_expired(kNow + 14 * kDay)->size(), 1u);
  EXPECT_EQ(kinds(student).front(), "subscription.ended");
}

TEST_F(SubscriptionStoreTest, TheThreeDayReminderIsToldOnceAndNotAfterARenewal) {
  auto first = store->approve(pay(student, "1111111111").payment->id, staff, kNow);
  auto others = store->approve(pay(other, "2222222222").payment->id, staff, kNow);
  ASSERT_TRUE(first.ok() && others.ok());
  ASSERT_TRUE(store->approve(pay(other, "3333333333").payment->id, staff, kNow + kDay).ok());  // the other student renewed
  auto remind = [&](std::int64_t subscription, UnixSeconds at) {
    std::lock_guard lock(writer_mutex());
    auto told = remind_subscription_end(writer(), subscription, at);
    EXPECT_TRUE(told.ok());
    return told.ok() && told.value();
  };
  EXPECT_TRUE(remind(first->subscription->id, kNow + 4 * kDay));
  EXPECT_FALSE(remind(first->subscription->id, kNow + 4 * kDay)) << "once per subscription";
  EXPECT_FALSE(remind(others->subscription->id, kNow + 4 * kDay)) << "renewed: nothing ends";
  EXPECT_FALSE(remind(first->subscription->id, kNow + 8 * kDay)) << "over already";
  SqliteNotificationStore inbox(writer(), writer_mutex(), readers());
  EXPECT_EQ(inbox.inbox(student, 10).value().notifications.front().kind, "subscription.ending");
}

}  // namespace
}  // namespace umuhanda
