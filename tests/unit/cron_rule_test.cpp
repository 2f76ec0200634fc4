// CronRule and TimeZone: crontab fields read as cron reads them, the next due minute, and the
// instant it falls at in a zone (Kigali has no daylight saving; Europe/Paris shows the gaps).
#include <gtest/gtest.h>

#include "jobs/cron_rule.hpp"
#include "jobs/time_zone.hpp"

namespace umuhanda {
namespace {

using namespace std::chrono;

LocalMinutes local(int y, unsigned m, unsigned d, int hh, int mm) {
  return LocalMinutes(local_days(year(y) / month(m) / day(d)).time_since_epoch() + hours(hh) + minutes(mm));
}
SysSeconds utc(int y, unsigned m, unsigned d, int hh, int mm) { return SysSeconds(sys_days(year(y) / month(m) / day(d)) + hours(hh) + minutes(mm)); }

CronRule rule(std::string_view text) {
  auto parsed = CronRule::parse(text);
  EXPECT_TRUE(parsed.ok()) << text << ": " << (parsed.ok() ? "" : to_string(parsed.errors()));
  return parsed.ok() ? parsed.value() : CronRule::parse("* * * * *").value();
}

TEST(CronRule, TheOriginsPublishingHoursRunFrom0820To1520HourlyAndSkipSundays) {
  const CronRule publish = rule("20 8-15 * * MON-SAT");
  // Saturday 5 December 2026, 15:20 is the day's last; the next is Monday 08:20.
  EXPECT_TRUE(publish.matches(local(2026, 12, 5, 15, 20)));
  EXPECT_FALSE(publish.matches(local(2026, 12, 6, 10, 20))) << "a Sunday";
  EXPECT_EQ(publish.next_after(local(2026, 12, 5, 15, 20)), local(2026, 12, 7, 8, 20));
  EXPECT_EQ(publish.next_after(local(2026, 12, 7, 8, 20)), local(2026, 12, 7, 9, 20));
  EXPECT_EQ(publish.next_after(local(2026, 12, 7, 6, 0)), local(2026, 12, 7, 8, 20));
  int per_week = 0;
  LocalMinutes at = local(2026, 12, 6, 23, 59);  // the Sunday before
  while (auto next = publish.next_after(at)) {
    if (*next >= local(2026, 12, 13, 23, 59)) break;
    ++per_week;
    at = *next;
  }
  EXPECT_EQ(per_week, 6 * 8);
}

TEST(CronRule, StepsListsNamesAndSevenForSunday) {
  EXPECT_EQ(rule("*/15 * * * *").next_after(local(2026, 1, 1, 10, 44)), local(2026, 1, 1, 10, 45));
  EXPECT_EQ(rule("5/20 * * * *").next_after(local(2026, 1, 1, 10, 26)), local(2026, 1, 1, 10, 45));
  EXPECT_EQ(rule("0 0 1,15 * *").next_after(local(2026, 1, 2, 0, 0)), local(2026, 1, 15, 0, 0));
  EXPECT_EQ(rule("0 3 * feb *").next_after(local(2026, 3, 1, 0, 0)), local(2027, 2, 1, 3, 0));
  EXPECT_EQ(rule("0 0 * * 7").next_after(local(2026, 12, 1, 0, 0)), local(2026, 12, 6, 0, 0)) << "7 is Sunday";
  EXPECT_EQ(rule("0 0 29 2 *").next_after(local(2026, 3, 1, 0, 0)), local(2028, 2, 29, 0, 0)) << "the next leap day";
  EXPECT_FALSE(rule("0 0 31 2 *").next_after(local(2026, 1, 1, 0, 0)).has_value()) << "a date that never comes";
}

TEST(CronRule, DayOfMonthAndDayOfWeekBothRestrictedMeansEither) {
  // The 1st of the month, or any Monday (Vixie cron).
  const CronRule either = rule("0 9 1 * MON");
  EXPECT_TRUE(either.matches(local(2026, 12, 1, 9, 0)));   // a Tuesday, the 1st
  EXPECT_TRUE(either.matches(local(2026, 12, 7, 9, 0)));   // a Monday
  EXPECT_FALSE(either.matches(local(2026, 12, 8, 9, 0)));  // neither
}

TEST(CronRule, EveryMistakeIsReportedWithItsField) {
  auto parsed = CronRule::parse("61 25 0 13 8");
  ASSERT_FALSE(parsed.ok());
  ASSERT_EQ(parsed.errors().size(), 5u) << to_string(parsed.errors());
  EXPECT_EQ(parsed.errors()[0].path, "field 1 (minute)");
  EXPECT_NE(parsed.errors()[0].message.find("outside 0-59"), std::string::npos);
  EXPECT_EQ(parsed.errors()[1].path, "field 2 (hour)");
  EXPECT_EQ(parsed.errors()[4].path, "field 5 (day of week)");
  auto short_rule = CronRule::parse("0 8 * *");
  ASSERT_FALSE(short_rule.ok());
  EXPECT_NE(short_rule.errors()[0].message.find("has 4"), std::string::npos);
  for (const char* bad : {"*/0 * * * *", "10-5 * * * *", "x * * * *", "1,,2 * * * *", "* * * * FUNDAY"}) {
    EXPECT_FALSE(CronRule::parse(bad).ok()) << bad;
  }
}

TEST(TimeZone, KigaliIsTwoHoursAheadOfUtcAllYear) {
  auto kigali = TimeZone::locate("Africa/Kigali");
  ASSERT_TRUE(kigali.ok()) << to_string(kigali.errors());
  EXPECT_EQ(kigali->local_minute(utc(2026, 12, 7, 6, 20)), local(2026, 12, 7, 8, 20));
  EXPECT_EQ(kigali->instant_of(local(2026, 7, 1, 8, 20)), utc(2026, 7, 1, 6, 20));
  // 08:20 Kigali on Monday is 06:20 UTC.
  EXPECT_EQ(next_occurrence(rule("20 8-15 * * MON-SAT"), kigali.value(), utc(2026, 12, 5, 13, 20)), utc(2026, 12, 7, 6, 20));
}

TEST(TimeZone, AMinuteTheClockSkipsIsPassedOverAndARepeatedOneRunsOnce) {
  auto paris = TimeZone::locate("Europe/Paris");
  ASSERT_TRUE(paris.ok()) << to_string(paris.errors());
  // 29 March 2026: 02:00 -> 03:00. 02:30 never shows; the rule runs next on the 30th.
  EXPECT_FALSE(paris->instant_of(local(2026, 3, 29, 2, 30)).has_value());
  EXPECT_EQ(next_occurrence(rule("30 2 * * *"), paris.value(), utc(2026, 3, 28, 12, 0)), utc(2026, 3, 30, 0, 30));
  // 25 October 2026: 03:00 -> 02:00. 02:30 shows twice; it runs at the first, not again an hour later.
  const auto first = next_occurrence(rule("30 2 * * *"), paris.value(), utc(2026, 10, 24, 12, 0));
  EXPECT_EQ(first, utc(2026, 10, 25, 0, 30));
  EXPECT_EQ(next_occurrence(rule("30 2 * * *"), paris.value(), *first), utc(2026, 10, 26, 1, 30));
}

TEST(TimeZone, AnUnknownZoneIsAnErrorThatSaysSo) {
  auto nowhere = TimeZone::locate("Africa/Nowhere");
  ASSERT_FALSE(nowhere.ok());
  EXPECT_NE(to_string(nowhere.errors()).find("Africa/Nowhere"), std::string::npos);
}

}  // namespace
}  // namespace umuhanda
