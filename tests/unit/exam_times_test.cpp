// When scheduled exams start (server/exams/exam_times.cpp): the origin's hours in Kigali, no
// Sundays, mistakes named by field, and a day a zone's clock skips or repeats an hour.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "exams/exam_times.hpp"

namespace umuhanda {
namespace {

using namespace std::chrono;

SysSeconds at(year_month_day day, int hour, int minute) { return sys_days(day) + hours(hour) + minutes(minute); }

TEST(ExamTimes, TheOriginsHoursRunEightTimesADayMondayToSaturdayInKigali) {
  auto times =
      parse_exam_times({"SAT", "MON", "TUE", "WED", "THU", "FRI", "MON"}, {"15:20", "08:20", "09:20", "10:20", "11:20", "12:20", "13:20", "14:20"});
  ASSERT_TRUE(times.ok()) << to_string(times.errors());
  EXPECT_EQ(times->days, (std::vector<std::string>{"MON", "TUE", "WED", "THU", "FRI", "SAT"})) << "in week order, each once";
  EXPECT_EQ(times_json(times.value()).front(), "08:20");
  const auto kigali = TimeZone::locate("Africa/Kigali").value();
  // A whole week from Monday 2026-11-30 00:00 UTC.
  const auto starts = exam_starts(times.value(), kigali, at(2026y / 11 / 30, 0, 0), at(2026y / 12 / 7, 0, 0));
  ASSERT_EQ(starts.size(), 48u);
  EXPECT_EQ(starts.front(), at(2026y / 11 / 30, 6, 20)) << "08:20 in Kigali is 06:20 UTC";
  EXPECT_EQ(starts.back(), at(2026y / 12 / 5, 13, 20)) << "Saturday 15:20, then nothing on Sunday";
  for (const auto start : starts) EXPECT_NE(weekday(floor<days>(start)), Sunday);
}

TEST(ExamTimes, TheWindowIsHalfOpen) {
  auto times = parse_exam_times({"MON"}, {"08:20"}).value();
  const auto kigali = TimeZone::locate("Africa/Kigali").value();
  EXPECT_EQ(exam_starts(times, kigali, at(2026y / 11 / 30, 6, 20), at(2026y / 11 / 30, 6, 21)).size(), 1u);
  EXPECT_TRUE(exam_starts(times, kigali, at(2026y / 11 / 30, 6, 21), at(2026y / 12 / 7, 6, 20)).empty());
}

TEST(ExamTimes, AnHourAClockSkipsIsPassedOverAndARepeatedOneCountsOnce) {
  const auto paris = TimeZone::locate("Europe/Paris").value();
  // 2027-03-28: 02:00 becomes 03:00; 2027-10-31: 02:00-03:00 shows twice.
  auto times = parse_exam_times({"SUN"}, {"02:30", "04:00"}).value();
  EXPECT_EQ(exam_starts(times, paris, at(2027y / 3 / 27, 0, 0), at(2027y / 3 / 29, 0, 0)).size(), 1u);
  const auto autumn = exam_starts(times, paris, at(2027y / 10 / 30, 0, 0), at(2027y / 11 / 1, 0, 0));
  ASSERT_EQ(autumn.size(), 2u);
  EXPECT_EQ(autumn[0], at(2027y / 10 / 31, 0, 30)) << "the earlier 02:30 (summer time, UTC+2)";
}

TEST(ExamTimes, MistakesAreNamedByTheirField) {
  auto wrong = parse_exam_times({"MON", "Sunday", 3}, {"8:20", "24:00", "12:60", "07:05"});
  ASSERT_FALSE(wrong.ok());
  std::vector<std::string> paths;
  for (const auto& problem : wrong.errors()) paths.push_back(problem.path);
  EXPECT_EQ(paths, (std::vector<std::string>{"days[1]", "days[2]", "times[0]", "times[1]", "times[2]"}));
  EXPECT_FALSE(parse_exam_times(nlohmann::json::array(), {"08:20"}).ok());
  EXPECT_FALSE(parse_exam_times({"MON"}, "08:20").ok());
}

}  // namespace
}  // namespace umuhanda
