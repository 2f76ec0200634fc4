// CronRule: when a recurring job is due, written as the five fields of a crontab line (minute,
// hour, day of month, month, day of week), read in a school's local time. Pure: it knows civil
// minutes only; time_zone.hpp turns them into instants.
//
// Each field is `*`, a number, a range `a-b`, a step `*/n` or `a-b/n`, or a comma-separated list of
// those; months and days may be named (JAN-DEC, SUN-SAT; 0 and 7 are both Sunday). As in Vixie
// cron, when both day of month and day of week are restricted, a day matching either is due.
// Example, the origin's exam publishing: "20 8-15 * * MON-SAT" (08:20 to 15:20 hourly, not on
// Sundays).
#pragma once

#include <bitset>
#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include "umuhanda/expected.hpp"

namespace umuhanda {

// A minute on a wall clock, in no particular zone.
using LocalMinutes = std::chrono::local_time<std::chrono::minutes>;

class CronRule {
public:
  // The rule, or every mistake in it ("field 2 (hour): 25 is outside 0-23").
  static Expected<CronRule> parse(std::string_view text);

  bool matches(LocalMinutes minute) const;
  // The first due minute strictly after `after`; nullopt when none comes within eight years (a
  // rule such as "0 0 31 2 *" that never matches).
  std::optional<LocalMinutes> next_after(LocalMinutes after) const;

  const std::string& text() const { return m_text; }

private:
  bool day_matches(std::chrono::year_month_day day) const;

  std::string m_text;
  std::bitset<60> m_minutes;
  std::bitset<24> m_hours;
  std::bitset<32> m_days;     // 1-31
  std::bitset<13> m_months;   // 1-12
  std::bitset<7> m_weekdays;  // 0 = Sunday
  bool m_any_day = true;      // day of month is `*`
  bool m_any_weekday = true;  // day of week is `*`
};

}  // namespace umuhanda
