// Parsing and matching crontab fields (see cron_rule.hpp).
#include "jobs/cron_rule.hpp"

#include <array>
#include <charconv>
#include <vector>

namespace umuhanda {
namespace {

using namespace std::chrono;

struct Field {
  const char* name;
  int low;
  int high;
  std::array<std::string_view, 13> names;  // index = value; empty where a value has no name
};

constexpr Field kFields[] = {
    {"minute", 0, 59, {}},
    {"hour", 0, 23, {}},
    {"day of month", 1, 31, {}},
    {"month", 1, 12, {"", "JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"}},
    {"day of week", 0, 7, {"SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT", "SUN"}},
};

std::optional<int> value_of(std::string_view text, const Field& field) {
  int value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error == std::errc() && end == text.data() + text.size() && !text.empty()) return value;
  for (std::size_t i = 0; i < field.names.size(); ++i) {
    const std::string_view name = field.names[i];
    if (name.empty() || text.size() != name.size()) continue;
    bool same = true;
    for (std::size_t c = 0; c < name.size(); ++c) same = same && (text[c] & ~0x20) == name[c];
    if (same) return static_cast<int>(i);
  }
  return std::nullopt;
}

std::vector<std::string_view> split(std::string_view text, char separator) {
  std::vector<std::string_view> parts;
  for (;;) {
    const std::size_t at = text.find(separator);
    parts.push_back(text.substr(0, at));
    if (at == std::string_view::npos) return parts;
    text.remove_prefix(at + 1);
  }
}

// The values one field allows, as bits; mistakes are added to `errors`.
std::vector<bool> read_field(std::string_view text, const Field& field, std::size_t index, Diagnostics& errors) {
  std::vector<bool> allowed(static_cast<std::size_t>(field.high) + 1, false);
  const std::string where = "field " + std::to_string(index + 1) + " (" + field.name + ")";
  auto fail = [&](const std::string& why) { errors.push_back(error(where, why)); };
  for (std::string_view item : split(text, ',')) {
    int step = 1;
    std::string_view range = item;
    if (const std::size_t slash = item.find('/'); slash != std::string_view::npos) {
      range = item.substr(0, slash);
      const std::string_view step_text = item.substr(slash + 1);
      const auto [end, error_code] = std::from_chars(step_text.data(), step_text.data() + step_text.size(), step);
      if (error_code != std::errc() || end != step_text.data() + step_text.size() || step < 1) {
        fail("the step \"" + std::string(step_text) + "\" is not a whole number of at least 1");
        continue;
      }
    }
    int low = field.low, high = field.high;
    if (range != "*") {
      const std::size_t dash = range.find('-');
      const auto first = value_of(range.substr(0, dash), field);
      const auto last = dash == std::string_view::npos ? first : value_of(range.substr(dash + 1), field);
      if (!first || !last) {
        fail("\"" + std::string(item) + "\" is not a number, a range a-b, * or a name");
        continue;
      }
      if (*first < field.low || *first > field.high || *last < field.low || *last > field.high) {
        fail("\"" + std::string(item) + "\" is outside " + std::to_string(field.low) + "-" + std::to_string(field.high));
        continue;
      }
      if (*first > *last) {
        fail("the range \"" + std::string(range) + "\" runs backwards");
        continue;
      }
      low = *first;
      // "5/15" means from 5 to the end in steps of 15, as cron reads it.
      high = dash == std::string_view::npos && item.find('/') != std::string_view::npos ? field.high : *last;
    }
    for (int value = low; value <= high; value += step) allowed[static_cast<std::size_t>(value)] = true;
  }
  return allowed;
}

template <std::size_t N>
std::bitset<N> bits(const std::vector<bool>& allowed) {
  std::bitset<N> out;
  for (std::size_t i = 0; i < allowed.size() && i < N; ++i) out.set(i, allowed[i]);
  return out;
}

}  // namespace

Expected<CronRule> CronRule::parse(std::string_view text) {
  std::vector<std::string_view> fields;
  for (std::string_view part : split(text, ' ')) {
    if (!part.empty()) fields.push_back(part);
  }
  if (fields.size() != 5) {
    return Expected<CronRule>::failure(
        "", "a rule has 5 fields (minute hour day-of-month month day-of-week), \"" + std::string(text) + "\" has " + std::to_string(fields.size()));
  }
  Diagnostics errors;
  std::array<std::vector<bool>, 5> allowed;
  for (std::size_t i = 0; i < 5; ++i) allowed[i] = read_field(fields[i], kFields[i], i, errors);
  if (!errors.empty()) return errors;
  CronRule rule;
  rule.m_text = std::string(text);
  rule.m_minutes = bits<60>(allowed[0]);
  rule.m_hours = bits<24>(allowed[1]);
  rule.m_days = bits<32>(allowed[2]);
  rule.m_months = bits<13>(allowed[3]);
  for (std::size_t day = 0; day <= 7; ++day) {
    if (allowed[4][day]) rule.m_weekdays.set(day % 7);  // 7 is Sunday too
  }
  rule.m_any_day = fields[2] == "*";
  rule.m_any_weekday = fields[4] == "*";
  return rule;
}

bool CronRule::day_matches(year_month_day day) const {
  if (!m_months.test(static_cast<unsigned>(day.month()))) return false;
  const bool by_date = m_days.test(static_cast<unsigned>(day.day()));
  const bool by_weekday = m_weekdays.test(weekday(sys_days(day)).c_encoding());
  if (m_any_day && m_any_weekday) return true;
  if (m_any_day) return by_weekday;
  if (m_any_weekday) return by_date;
  return by_date || by_weekday;
}

bool CronRule::matches(LocalMinutes minute) const {
  const local_days day = floor<days>(minute);
  const hh_mm_ss time(minute - day);
  return day_matches(year_month_day(sys_days(day.time_since_epoch()))) && m_hours.test(static_cast<std::size_t>(time.hours().count())) &&
         m_minutes.test(static_cast<std::size_t>(time.minutes().count()));
}

std::optional<LocalMinutes> CronRule::next_after(LocalMinutes after) const {
  // Day by day, then the first due hour and minute of a due day: at most 8 * 366 days looked at.
  LocalMinutes start = after + minutes(1);
  local_days day = floor<days>(start);
  for (int i = 0; i < 8 * 366; ++i, day += days(1), start = LocalMinutes(day)) {
    if (!day_matches(year_month_day(sys_days(day.time_since_epoch())))) continue;
    for (auto minute = start; minute < day + days(1); minute += minutes(1)) {
      const hh_mm_ss time(minute - day);
      const auto hour = static_cast<std::size_t>(time.hours().count());
      if (!m_hours.test(hour)) {
        minute = day + hours(hour + 1) - minutes(1);  // the next hour's first minute, after the += below
        continue;
      }
      if (m_minutes.test(static_cast<std::size_t>(time.minutes().count()))) return minute;
    }
  }
  return std::nullopt;
}

}  // namespace umuhanda
