// The staff's item statistics (web/app/item_statistics.cpp) over the memory HTTP client: the
// server's answer read into the core's types (an unknown flag of a newer server left out), the
// first/all switch asking again, sorting with questions lacking the figure last, the flagged
// filter, the histogram's tenths, and an answer that arrives after a sign-out dropped.
#include <gtest/gtest.h>

#include "app/item_statistics.hpp"
#include "platform/memory/memory_http_client.hpp"

namespace umuhanda {
namespace {

constexpr const char* kPath = "/api/v1/packs/umuhanda-default/item-statistics?attempts=";

// q-easy: 95 % right; q-key: negative discrimination; q-new: seen once, no discrimination.
constexpr const char* kAnswer = R"({"pack": "umuhanda-default", "version": 2, "selection": "first", "attempts": 24, "students": 12,
  "questions": [
    {"id": "q-easy", "attempts": 20, "facility": 95.0, "sd": 22.36, "discrimination": 12.5, "efficiency": 30.0,
     "choices": [{"picked": 19, "percent": 95.0, "correct": true}, {"picked": 1, "percent": 5.0, "correct": false}, {"picked": 0, "percent": 0.0, "correct": false}],
     "unanswered": 0,
     "flags": [{"kind": "easy", "reason": "facility 95.0 % is over 90.0 %"}, {"kind": "unused_distractor", "choice": 2, "reason": "choice 3"},
               {"kind": "from_a_newer_server", "reason": "?"}]},
    {"id": "q-key", "attempts": 20, "facility": 40.0, "sd": 50.26, "discrimination": -31.0, "efficiency": -40.0,
     "choices": [{"picked": 8, "percent": 40.0, "correct": true}, {"picked": 12, "percent": 60.0, "correct": false}], "unanswered": 0,
     "flags": [{"kind": "negative_discrimination", "reason": "check the answer key"}]},
    {"id": "q-new", "attempts": 1, "facility": 100.0, "sd": 0, "discrimination": null, "efficiency": null,
     "choices": [], "unanswered": 0, "flags": []},
    {"id": "q-fine", "attempts": 20, "facility": 55.0, "sd": 51.04, "discrimination": 48.0, "efficiency": 70.0,
     "choices": [], "unanswered": 2, "flags": []}],
  "exams": [{"exam": "set:exam-01", "attempts": 12, "items": 20, "mean": 61.0, "sd": 18.0, "alpha": 71.3, "error_ratio": 53.57, "standard_error": 9.64},
            {"exam": "scheduled:7", "name": "Hourly", "attempts": 3, "items": 20, "mean": 50.0, "sd": 10.0, "alpha": null}]})";

std::vector<std::string> ids(const std::vector<const ItemStatistic*>& items) {
  std::vector<std::string> out;
  for (const ItemStatistic* item : items) out.push_back(item->question_id);
  return out;
}

TEST(ItemStatisticsReport, TheServersAnswerIsReadIntoTheCoresTypes) {
  MemoryHttpClient http;
  http.reply(std::string(kPath) + "first", MemoryHttpReply::ok(kAnswer));
  ItemStatisticsReport report(http);
  report.load("umuhanda-default", AttemptSelection::first);
  EXPECT_TRUE(report.busy());
  http.run_pending();
  ASSERT_TRUE(report.loaded());
  EXPECT_EQ(report.attempts(), 24u);
  EXPECT_EQ(report.students(), 12u);
  ASSERT_EQ(report.items().size(), 4u);
  const ItemStatistic* easy = report.find("q-easy");
  ASSERT_NE(easy, nullptr);
  EXPECT_DOUBLE_EQ(easy->facility, 95.0);
  EXPECT_EQ(easy->choices[0], (ChoiceShare{19, 95.0, true}));
  ASSERT_EQ(easy->flags.size(), 2u) << "the unknown flag is left out";
  EXPECT_EQ(easy->flags[1].kind, ItemFlagKind::unused_distractor);
  EXPECT_EQ(easy->flags[1].choice, 2u);
  EXPECT_FALSE(report.find("q-new")->discrimination.has_value());
  EXPECT_EQ(report.flagged(), 2u);
  ASSERT_EQ(report.exams().size(), 2u);
  EXPECT_NEAR(*report.exams()[0].statistic.alpha, 71.3, 1e-9);
  EXPECT_EQ(report.exams()[1].name, "Hourly");
  EXPECT_FALSE(report.exams()[1].statistic.alpha.has_value());
}

TEST(ItemStatisticsReport, SortingPutsQuestionsWithoutTheFigureLastAndTheFilterKeepsFlagged) {
  MemoryHttpClient http;
  http.reply(std::string(kPath) + "first", MemoryHttpReply::ok(kAnswer));
  ItemStatisticsReport report(http);
  report.load("umuhanda-default", AttemptSelection::first);
  http.run_pending();
  EXPECT_EQ(ids(report.view(ItemSort::discrimination, false, false)), (std::vector<std::string>{"q-key", "q-easy", "q-fine", "q-new"}));
  EXPECT_EQ(ids(report.view(ItemSort::discrimination, true, false)), (std::vector<std::string>{"q-fine", "q-easy", "q-key", "q-new"}));
  EXPECT_EQ(ids(report.view(ItemSort::facility, false, false)), (std::vector<std::string>{"q-key", "q-fine", "q-easy", "q-new"}));
  // Equal figures go by id.
  EXPECT_EQ(ids(report.view(ItemSort::attempts, true, false)), (std::vector<std::string>{"q-easy", "q-fine", "q-key", "q-new"}));
  EXPECT_EQ(ids(report.view(ItemSort::flags, true, true)), (std::vector<std::string>{"q-easy", "q-key"}));
  EXPECT_EQ(ids(report.view(ItemSort::question, false, false)), (std::vector<std::string>{"q-easy", "q-fine", "q-key", "q-new"}));
  const auto bins = report.facility_histogram();
  EXPECT_EQ(bins[4], 1u);  // 40 %
  EXPECT_EQ(bins[5], 1u);  // 55 %
  EXPECT_EQ(bins[9], 2u);  // 95 % and 100 %
  EXPECT_EQ(bins[0] + bins[1] + bins[2] + bins[3] + bins[6] + bins[7] + bins[8], 0u);
}

TEST(ItemStatisticsReport, AllAttemptsAskAgainAndAnAnswerAfterASignOutIsDropped) {
  MemoryHttpClient http;
  http.reply(std::string(kPath) + "first", MemoryHttpReply::ok(kAnswer));
  http.reply(std::string(kPath) + "all", MemoryHttpReply::error(403, R"({"error": {"code": "forbidden", "message": "staff only"}})"));
  ItemStatisticsReport report(http);
  report.load("umuhanda-default", AttemptSelection::all);
  EXPECT_EQ(report.selection(), AttemptSelection::all);
  http.run_pending();
  EXPECT_FALSE(report.loaded());
  EXPECT_EQ(report.problem(), "staff only");

  report.load("umuhanda-default", AttemptSelection::first);
  report.forget();
  http.run_pending();
  EXPECT_FALSE(report.loaded()) << "the answer to a signed-out session is not shown";
  EXPECT_TRUE(report.items().empty());
}

}  // namespace
}  // namespace umuhanda
