// When a schedule's exams start: days of the week and times of day in the school's zone (the
// origin's: 08:20 to 15:20 hourly, Monday to Saturday, Africa/Kigali). Pure but for the zone.
#pragma once

#include <cstdint>
#include <nlohmann/json_fwd.hpp>
#include <string>
#include <vector>

#include "jobs/time_zone.hpp"
#include "umuhanda/expected.hpp"

namespace umuhanda {

struct ExamTimes {
  std::vector<std::string> days;  // "MON" ... "SUN", in week order, each once
  std::vector<int> minutes;       // after local midnight, ascending, each once

  bool operator==(const ExamTimes&) const = default;
};

// From {"days": ["MON", ...], "times": ["08:20", ...]}: every mistake named by its field
// ("days[2]", "times[0]").
Expected<ExamTimes> parse_exam_times(const nlohmann::json& days, const nlohmann::json& times);
nlohmann::json days_json(const ExamTimes& times);
nlohmann::json times_json(const ExamTimes& times);  // ["08:20", ...]

// Every start in [from, to): each listed day and time as the zone's wall clock shows it (a time the
// clock skips that day is passed over; one it shows twice counts once, the earlier).
std::vector<SysSeconds> exam_starts(const ExamTimes& times, const TimeZone& zone, SysSeconds from, SysSeconds to);

}  // namespace umuhanda
