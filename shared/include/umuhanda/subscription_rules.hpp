// The rules of plans and payments that the browser's form and the server both apply: what a
// transaction id from an operator's SMS may look like, which operators the school takes, and when
// an approved payment's subscription starts and ends. Pure: times are Unix seconds passed in.
//
// Refusals are one Diagnostic each, the message shown as it is in the payment form; the path names
// the field ("transaction_id", "operator").
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "umuhanda/expected.hpp"

namespace umuhanda {

// The operator's reference for a payment, as the student copies it from the SMS: spaces and
// dashes between characters dropped, letters upper-cased, then 6 to 40 characters of A-Z, 0-9 and
// '.'. MTN MoMo's are digits, Airtel Money's mix letters, digits and dots; a longer or shorter one
// is a mistake in copying. Two requests with the same normalised id are the same payment.
Expected<std::string> normalize_transaction_id(std::string_view text);

// The operators a payment may name: "mtn" (MTN MoMo) and "airtel" (Airtel Money), the two that
// carry mobile money in Rwanda.
bool is_known_operator(std::string_view name);

// What a plan may be (docs/payments.md), checked by the server on every save (the plans file and
// the admin's editor) and by the editor before it sends. A slug names the plan in files, the audit
// log and the app's tap targets: 1 to 40 of a-z, 0-9 and '-'. The price is whole Rwandan francs,
// at least 1 (the database refuses a free plan: a scholarship is a grant) and at most 10 million,
// far above any school's price, so that a slip of the finger (an extra 0 or two) is caught.
inline constexpr std::size_t kMaxPlanSlugBytes = 40;
inline constexpr std::size_t kMaxPlanNameBytes = 80;
inline constexpr std::int64_t kMaxPlanPriceRwf = 10'000'000;
inline constexpr std::int64_t kMaxPlanDurationSeconds = 3660LL * 86'400;  // ten years
bool is_plan_slug(std::string_view slug);

// When a subscription bought now runs: from now, or, when the student still has time left on an
// active one (`current_end` in the future), from its end, so that renewing early loses nothing.
struct SubscriptionPeriod {
  std::int64_t starts_at = 0;
  std::int64_t ends_at = 0;

  bool operator==(const SubscriptionPeriod&) const = default;
};
SubscriptionPeriod period_after_approval(std::int64_t now, std::optional<std::int64_t> current_end, std::int64_t duration_seconds);

// The reminder the origin sent: 3 days before the end. Returns when it is due (never before
// `starts_at`: a plan shorter than 3 days gets none).
inline constexpr std::int64_t kReminderBeforeEndSeconds = 3 * 24 * 3600;
std::optional<std::int64_t> reminder_time(const SubscriptionPeriod& period);

}  // namespace umuhanda
