// SubscriptionStore on the server's SQLite file: writes on the one writing connection (under its
// mutex), reads on the read-only connections, like the other stores. An approval enqueues the
// subscription's end (jobs/) in its own transaction.
#pragma once

#include <mutex>

#include "sqlite_database.hpp"
#include "store/subscription_store.hpp"

namespace umuhanda {

// The job that records a subscription's end at its time, whether or not anyone is online.
inline constexpr const char* kEndSubscriptionsJob = "subscriptions.end";

// The job that tells a student their subscription ends in 3 days (the origin's reminder), enqueued
// by each approval for its reminder time (reminder_time), args {"subscription": id}.
inline constexpr const char* kRemindSubscriptionJob = "subscriptions.remind";

// Inside the caller's transaction: the reminder of subscription `id`, unless a later one follows it
// (a renewal) or it has ended. Returns whether a notification was added.
Expected<bool> remind_subscription_end(Database& db, std::int64_t subscription_id, UnixSeconds now);

// Inside the caller's transaction on `db` (the store, and the job above): marks every running
// subscription whose time is up as ended, audits each, returns them.
Expected<std::vector<Subscription>> end_expired_subscriptions(Database& db, UnixSeconds now);

class SqliteSubscriptionStore final : public SubscriptionStore {
public:
  SqliteSubscriptionStore(Database& writer, std::mutex& writer_mutex, ReadConnections& readers);

  Expected<std::vector<Plan>> plans(bool offered_only) override;
  Expected<std::optional<Plan>> find_plan(std::int64_t plan_id) override;
  Expected<Plan> save_plan(const Plan& plan, std::optional<std::int64_t> actor_id, UnixSeconds now) override;
  Expected<PaymentOutcome> request_payment(const NewPaymentRequest& request) override;
  Expected<std::vector<PaymentRequest>> payments(std::optional<PaymentState> state, std::optional<std::int64_t> user_id, std::size_t limit) override;
  Expected<PaymentOutcome> approve(std::int64_t payment_id, std::int64_t staff_id, UnixSeconds now) override;
  Expected<PaymentOutcome> reject(std::int64_t payment_id, std::int64_t staff_id, const std::string& reason, UnixSeconds now) override;
  Expected<std::optional<Subscription>> grant(std::int64_t user_id, std::int64_t plan_id, std::int64_t staff_id, const std::string& note,
                                              UnixSeconds now) override;
  Expected<std::vector<Subscription>> end_running(std::int64_t user_id, std::int64_t staff_id, const std::string& note, UnixSeconds now) override;
  Expected<std::optional<Subscription>> active_subscription(std::int64_t user_id, UnixSeconds now) override;
  Expected<std::optional<PackGrant>> running_grant(std::int64_t user_id, UnixSeconds now) override;
  Expected<std::vector<Subscription>> subscriptions_of(std::int64_t user_id) override;
  Expected<std::vector<Subscription>> end_expired(UnixSeconds now) override;
  Expected<std::vector<AuditEntry>> audit(std::optional<std::string> subject, std::size_t limit) override;

private:
  Database& m_writer;
  std::mutex& m_writer_mutex;
  ReadConnections& m_readers;
};

}  // namespace umuhanda
