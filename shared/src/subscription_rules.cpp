// Transaction ids, operators and subscription periods (see subscription_rules.hpp).
#include "umuhanda/subscription_rules.hpp"

#include <algorithm>

namespace umuhanda {

Expected<std::string> normalize_transaction_id(std::string_view text) {
  std::string id;
  for (char c : text) {
    if (c == ' ' || c == '-' || c == '\t') continue;
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    const bool allowed = (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.';
    if (!allowed) {
      return Expected<std::string>::failure(
          "transaction_id",
          "a transaction id has only letters, digits and dots (copy it from the operator's SMS); this one has \"" + std::string(1, c) + "\"");
    }
    id += c;
  }
  while (!id.empty() && id.front() == '.') id.erase(id.begin());
  while (!id.empty() && id.back() == '.') id.pop_back();
  if (id.size() < 6 || id.size() > 40) {
    return Expected<std::string>::failure(
        "transaction_id", "a transaction id from the operator's SMS has 6 to 40 letters and digits; this one has " + std::to_string(id.size()));
  }
  return id;
}

bool is_known_operator(std::string_view name) { return name == "mtn" || name == "airtel"; }

bool is_plan_slug(std::string_view slug) {
  return !slug.empty() && slug.size() <= kMaxPlanSlugBytes &&
         slug.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789-") == std::string_view::npos;
}

SubscriptionPeriod period_after_approval(std::int64_t now, std::optional<std::int64_t> current_end, std::int64_t duration_seconds) {
  const std::int64_t start = current_end && *current_end > now ? *current_end : now;
  return SubscriptionPeriod{start, start + duration_seconds};
}

std::optional<std::int64_t> reminder_time(const SubscriptionPeriod& period) {
  const std::int64_t at = period.ends_at - kReminderBeforeEndSeconds;
  if (at < period.starts_at) return std::nullopt;
  return at;
}

}  // namespace umuhanda
