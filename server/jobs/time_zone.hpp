// TimeZone: a named zone of the tz database ("Africa/Kigali"), read from the system's tzdata
// through Howard Hinnant's date library (GCC 12's <chrono> has no zone database), and the instant
// a recurring rule is next due in it.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include "jobs/cron_rule.hpp"
#include "umuhanda/expected.hpp"

namespace date {
class time_zone;
}

namespace umuhanda {

using SysSeconds = std::chrono::sys_seconds;

class TimeZone {
public:
  // The zone, or why not ("no time zone named ..."; tzdata missing).
  static Expected<TimeZone> locate(std::string_view name);

  // The wall-clock minute `instant` falls in.
  LocalMinutes local_minute(SysSeconds instant) const;
  // When the wall clock shows `minute`: the earlier instant where it shows twice (the hour a clock
  // goes back), nullopt where it never shows (the hour a clock skips).
  std::optional<SysSeconds> instant_of(LocalMinutes minute) const;
  const std::string& name() const { return m_name; }

private:
  TimeZone(const date::time_zone* zone, std::string name) : m_zone(zone), m_name(std::move(name)) {}
  const date::time_zone* m_zone;
  std::string m_name;
};

// The first instant strictly after `after` at which `rule` is due in `zone`; nullopt if never.
std::optional<SysSeconds> next_occurrence(const CronRule& rule, const TimeZone& zone, SysSeconds after);

}  // namespace umuhanda
