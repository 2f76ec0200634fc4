// Schedule days and times (see exam_times.hpp).
#include "exams/exam_times.hpp"

#include <algorithm>
#include <array>
#include <cstdio>
#include <nlohmann/json.hpp>
#include <set>

namespace umuhanda {
namespace {

constexpr std::array<const char*, 7> kDays = {"MON", "TUE", "WED", "THU", "FRI", "SAT", "SUN"};

int day_index(const std::string& name) {
  for (std::size_t i = 0; i < kDays.size(); ++i) {
    if (name == kDays[i]) return static_cast<int>(i);
  }
  return -1;
}

}  // namespace

Expected<ExamTimes> parse_exam_times(const nlohmann::json& days, const nlohmann::json& times) {
  Diagnostics problems;
  std::set<int> day_set;
  if (!days.is_array() || days.empty()) problems.push_back(error("days", "list the days exams run, e.g. [\"MON\", \"TUE\", ...]"));
  else {
    for (std::size_t i = 0; i < days.size(); ++i) {
      const int index = days[i].is_string() ? day_index(days[i].get<std::string>()) : -1;
      if (index < 0) problems.push_back(error("days[" + std::to_string(i) + "]", "is not one of MON, TUE, WED, THU, FRI, SAT, SUN"));
      else day_set.insert(index);
    }
  }
  std::set<int> minute_set;
  if (!times.is_array() || times.empty()) problems.push_back(error("times", "list the times exams start, e.g. [\"08:20\", \"09:20\"]"));
  else {
    for (std::size_t i = 0; i < times.size(); ++i) {
      int hours = -1, minutes = -1;
      char extra = 0;
      const std::string text = times[i].is_string() ? times[i].get<std::string>() : "";
      const bool read = text.size() == 5 && std::sscanf(text.c_str(), "%2d:%2d%c", &hours, &minutes, &extra) == 2;
      if (!read || hours < 0 || hours > 23 || minutes < 0 || minutes > 59)
        problems.push_back(error("times[" + std::to_string(i) + "]", "is not a time of day written HH:MM (00:00 to 23:59)"));
      else minute_set.insert(hours * 60 + minutes);
    }
  }
  if (!problems.empty()) return problems;
  ExamTimes parsed;
  for (int day : day_set) parsed.days.push_back(kDays[static_cast<std::size_t>(day)]);
  parsed.minutes.assign(minute_set.begin(), minute_set.end());
  return parsed;
}

nlohmann::json days_json(const ExamTimes& times) { return times.days; }

nlohmann::json times_json(const ExamTimes& times) {
  nlohmann::json out = nlohmann::json::array();
  for (int minute : times.minutes) {
    char text[32];
    std::snprintf(text, sizeof text, "%02d:%02d", minute / 60, minute % 60);
    out.push_back(text);
  }
  return out;
}

std::vector<SysSeconds> exam_starts(const ExamTimes& times, const TimeZone& zone, SysSeconds from, SysSeconds to) {
  using namespace std::chrono;
  std::vector<SysSeconds> starts;
  if (to <= from) return starts;
  // Local days from the one `from` falls in to the one `to` falls in.
  const auto first_day = floor<days>(zone.local_minute(from));
  const auto last_day = floor<days>(zone.local_minute(to));
  for (auto day = first_day; day <= last_day; day += days(1)) {
    const unsigned iso = weekday(sys_days(day.time_since_epoch())).iso_encoding();  // 1 = Monday
    if (std::find(times.days.begin(), times.days.end(), kDays[iso - 1]) == times.days.end()) continue;
    for (int minute : times.minutes) {
      const auto instant = zone.instant_of(LocalMinutes(day.time_since_epoch() + minutes(minute)));
      if (instant && *instant >= from && *instant < to) starts.push_back(*instant);
    }
  }
  std::sort(starts.begin(), starts.end());
  return starts;
}

}  // namespace umuhanda
