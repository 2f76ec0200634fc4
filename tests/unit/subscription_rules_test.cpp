// The payment form's rules, shared by the browser and the server: transaction ids as students copy
// them from an SMS, the operators, and when a renewal starts.
#include <gtest/gtest.h>

#include "umuhanda/subscription_rules.hpp"

namespace umuhanda {
namespace {

TEST(TransactionId, CopiedWithSpacesDashesAndLowerCaseIsOneId) {
  EXPECT_EQ(normalize_transaction_id("  1234 5678 90 ").value(), "1234567890");
  EXPECT_EQ(normalize_transaction_id("mp210101.1234.a12345").value(), "MP210101.1234.A12345");
  EXPECT_EQ(normalize_transaction_id("MP-2101-01").value(), "MP210101");
  EXPECT_EQ(normalize_transaction_id("mp210101.1234.a12345").value(), normalize_transaction_id("MP210101.1234.A12345 ").value());
}

TEST(TransactionId, OtherSignsAndWrongLengthsAreRefusedWithTheReason) {
  auto sign = normalize_transaction_id("1234#5678");
  ASSERT_FALSE(sign.ok());
  EXPECT_EQ(sign.errors()[0].path, "transaction_id");
  EXPECT_NE(sign.errors()[0].message.find("\"#\""), std::string::npos);
  auto short_id = normalize_transaction_id("12 34");
  ASSERT_FALSE(short_id.ok());
  EXPECT_NE(short_id.errors()[0].message.find("this one has 4"), std::string::npos);
  EXPECT_FALSE(normalize_transaction_id(std::string(41, '7')).ok());
  EXPECT_FALSE(normalize_transaction_id("...").ok());
  EXPECT_FALSE(normalize_transaction_id("").ok());
}

TEST(Operators, MtnAndAirtel) {
  EXPECT_TRUE(is_known_operator("mtn"));
  EXPECT_TRUE(is_known_operator("airtel"));
  EXPECT_FALSE(is_known_operator("MTN"));
  EXPECT_FALSE(is_known_operator("tigo"));
}

TEST(SubscriptionPeriod, StartsNowOrWhenTheActiveOneEndsSoAnEarlyRenewalLosesNothing) {
  constexpr std::int64_t day = 24 * 3600;
  EXPECT_EQ(period_after_approval(1000, std::nullopt, 7 * day), (SubscriptionPeriod{1000, 1000 + 7 * day}));
  EXPECT_EQ(period_after_approval(1000, 500, 7 * day), (SubscriptionPeriod{1000, 1000 + 7 * day})) << "an ended one";
  EXPECT_EQ(period_after_approval(1000, 1000 + 2 * day, 7 * day), (SubscriptionPeriod{1000 + 2 * day, 1000 + 9 * day}));
}

TEST(SubscriptionPeriod, TheReminderIsThreeDaysBeforeTheEndAndNoneForShortPlans) {
  constexpr std::int64_t day = 24 * 3600;
  EXPECT_EQ(reminder_time(SubscriptionPeriod{0, 30 * day}), 27 * day);
  EXPECT_EQ(reminder_time(SubscriptionPeriod{0, 3 * day}), 0);
  EXPECT_FALSE(reminder_time(SubscriptionPeriod{0, day}).has_value());
}

}  // namespace
}  // namespace umuhanda
