// Zone lookups and conversions through date/tz.h (see time_zone.hpp).
#include "jobs/time_zone.hpp"

#include <date/tz.h>

#include <stdexcept>

namespace umuhanda {

Expected<TimeZone> TimeZone::locate(std::string_view name) {
  try {
    return TimeZone(date::locate_zone(name), std::string(name));
  } catch (const std::exception& failure) {
    // The library reports an unknown name or unreadable tzdata only by throwing.
    return Expected<TimeZone>::failure("time zone", "no time zone named \"" + std::string(name) + "\" in the tz database (" + failure.what() +
                                                        "; on Debian the tzdata package holds it)");
  }
}

LocalMinutes TimeZone::local_minute(SysSeconds instant) const {
  const date::local_seconds local = m_zone->to_local(date::sys_seconds(instant.time_since_epoch()));
  return std::chrono::floor<std::chrono::minutes>(std::chrono::local_seconds(local.time_since_epoch()));
}

std::optional<SysSeconds> TimeZone::instant_of(LocalMinutes minute) const {
  const date::local_seconds local(std::chrono::duration_cast<std::chrono::seconds>(minute.time_since_epoch()));
  const date::local_info info = m_zone->get_info(local);
  if (info.result == date::local_info::nonexistent) return std::nullopt;
  // unique, or the first of two (ambiguous): the offset in force before the change.
  return SysSeconds(local.time_since_epoch() - info.first.offset);
}

std::optional<SysSeconds> next_occurrence(const CronRule& rule, const TimeZone& zone, SysSeconds after) {
  LocalMinutes local = zone.local_minute(after);
  // A handful of rounds at most: a skipped minute, or the second showing of a repeated hour.
  for (int round = 0; round < 1000; ++round) {
    const auto due = rule.next_after(local);
    if (!due) return std::nullopt;
    local = *due;
    const auto instant = zone.instant_of(*due);
    if (instant && *instant > after) return instant;
  }
  return std::nullopt;
}

}  // namespace umuhanda
