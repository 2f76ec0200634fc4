// Plans, payment requests, subscriptions and the audit log as the server stores them, behind an
// interface free of SQLite types, like the account store. Every method is one transaction; every
// decision a person makes (a plan saved, a payment approved or rejected) and every end the server
// records is written to the audit log in that same transaction.
#pragma once

#include <algorithm>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "store/account_store.hpp"  // UnixSeconds
#include "umuhanda/expected.hpp"

namespace umuhanda {

struct Plan {
  std::int64_t id = 0;
  std::string slug;                          // "weekly"
  std::map<std::string, std::string> names;  // language -> name ("en", "fr", "rw")
  std::int64_t duration_seconds = 0;
  std::int64_t price_rwf = 0;
  std::optional<std::vector<std::string>> packs;  // the packs it opens; nullopt: every restricted pack
  bool active = true;                             // offered to students
  UnixSeconds updated_at = 0;

  bool operator==(const Plan&) const = default;
};

enum class PaymentState { pending, approved, rejected };
std::string_view to_string(PaymentState state);
std::optional<PaymentState> payment_state_from(std::string_view name);

struct NewPaymentRequest {
  std::int64_t user_id = 0;
  std::int64_t plan_id = 0;
  std::string operator_name;   // is_known_operator
  std::string payer_phone;     // E.164
  std::string transaction_id;  // normalize_transaction_id
  UnixSeconds now = 0;
};

struct PaymentRequest {
  std::int64_t id = 0;
  std::int64_t user_id = 0;
  std::string user_name;
  std::int64_t plan_id = 0;
  std::string plan_slug;
  std::int64_t amount_rwf = 0;
  std::string operator_name;
  std::string payer_phone;
  std::string transaction_id;
  PaymentState state = PaymentState::pending;
  std::optional<std::string> reason;
  std::optional<std::int64_t> decided_by;
  std::optional<UnixSeconds> decided_at;
  UnixSeconds created_at = 0;
};

struct Subscription {
  std::int64_t id = 0;
  std::int64_t user_id = 0;
  std::int64_t plan_id = 0;
  std::string plan_slug;
  std::optional<std::int64_t> payment_id;
  UnixSeconds starts_at = 0;
  UnixSeconds ends_at = 0;
  bool ended = false;
};

// What a student's running subscription opens now: its plan's packs.
struct PackGrant {
  Subscription subscription;
  std::int64_t plan_id = 0;
  std::optional<std::vector<std::string>> packs;  // nullopt: every restricted pack

  bool opens(std::string_view pack_id) const { return !packs || std::find(packs->begin(), packs->end(), pack_id) != packs->end(); }
};

struct AuditEntry {
  std::int64_t id = 0;
  UnixSeconds at = 0;
  std::optional<std::int64_t> actor_id;   // nullopt: the server itself
  std::string action;                     // "payment.approved", ...
  std::string subject;                    // "payment:12"
  std::string details;                    // JSON object
  std::optional<std::string> actor_name;  // as the account is named now; nullopt: the server, or a deleted account
};

// What a request or a decision came to: done, or refused for a reason the API names.
enum class PaymentRefusal {
  none,
  no_such_plan,         // unknown, or not offered any more
  transaction_id_used,  // another request (anyone's) claimed this transaction id
  no_such_payment,
  already_decided,  // approved or rejected before
};

struct PaymentOutcome {
  PaymentRefusal refusal = PaymentRefusal::none;
  std::optional<PaymentRequest> payment;
  std::optional<Subscription> subscription;  // approvals: the subscription it started or extended
};

class SubscriptionStore {
public:
  virtual ~SubscriptionStore() = default;

  // By slug, cheapest first among equals of duration.
  virtual Expected<std::vector<Plan>> plans(bool offered_only) = 0;
  virtual Expected<std::optional<Plan>> find_plan(std::int64_t plan_id) = 0;
  // Creates the plan, or updates the one with its slug; audited as "plan.saved".
  virtual Expected<Plan> save_plan(const Plan& plan, std::optional<std::int64_t> actor_id, UnixSeconds now) = 0;

  // A student's "I have paid": pending until staff decide. The amount is the plan's price now.
  virtual Expected<PaymentOutcome> request_payment(const NewPaymentRequest& request) = 0;
  // Newest first; of one state and/or one user.
  virtual Expected<std::vector<PaymentRequest>> payments(std::optional<PaymentState> state, std::optional<std::int64_t> user_id,
                                                         std::size_t limit) = 0;
  // Approval starts the plan's subscription, or extends the student's running one from its end
  // (period_after_approval), and enqueues its end at that time; rejection keeps the reason.
  virtual Expected<PaymentOutcome> approve(std::int64_t payment_id, std::int64_t staff_id, UnixSeconds now) = 0;
  virtual Expected<PaymentOutcome> reject(std::int64_t payment_id, std::int64_t staff_id, const std::string& reason, UnixSeconds now) = 0;
  // Staff give a student a plan without a payment (a scholarship, a school's own student): the
  // subscription starts or extends as an approval's would, audited as "subscription.granted".
  // nullopt when the plan or the student does not exist.
  virtual Expected<std::optional<Subscription>> grant(std::int64_t user_id, std::int64_t plan_id, std::int64_t staff_id, const std::string& note,
                                                      UnixSeconds now) = 0;

  // Staff end a student's access now (a refund, a mistake): the running subscription and any
  // renewal queued after it end at `now`, each audited as "subscription.ended_early" with the note,
  // and the student is told. Returns those ended (empty: nothing was running or queued).
  virtual Expected<std::vector<Subscription>> end_running(std::int64_t user_id, std::int64_t staff_id, const std::string& note, UnixSeconds now) = 0;

  // The student's subscription running at `now` that ends last, if any.
  virtual Expected<std::optional<Subscription>> active_subscription(std::int64_t user_id, UnixSeconds now) = 0;
  virtual Expected<std::vector<Subscription>> subscriptions_of(std::int64_t user_id) = 0;
  // What the subscription running at `now` opens (the plan as it is now); nullopt when none runs.
  virtual Expected<std::optional<PackGrant>> running_grant(std::int64_t user_id, UnixSeconds now) = 0;
  // Records the end of every subscription whose time is up and not yet recorded (audited as
  // "subscription.ended"); returns them.
  virtual Expected<std::vector<Subscription>> end_expired(UnixSeconds now) = 0;

  // Newest first; of one subject ("payment:12") or all.
  virtual Expected<std::vector<AuditEntry>> audit(std::optional<std::string> subject, std::size_t limit) = 0;
};

}  // namespace umuhanda
