// Item statistics against fixtures computed by hand (the working is in the comments): facility,
// standard deviation, discrimination (item against the rest of the paper), discriminative
// efficiency, choice shares, the flags, first attempts or all, and a fixed paper's Cronbach's
// alpha, error ratio and standard error.
#include "umuhanda/item_statistics.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

namespace umuhanda {
namespace {

ItemResponse right(const std::string& question) { return {question, {0}, true}; }
ItemResponse wrong(const std::string& question, std::vector<std::size_t> chosen) { return {question, std::move(chosen), false}; }

// Exam set "a" of three questions with three choices each, choice 0 right. Four students:
//   A: q1 right, q2 right, q3 right   total 3
//   B: q1 right, q2 right, q3 [1]     total 2
//   C: q1 right, q2 [2],   q3 [2]     total 1
//   D: q1 [1],   q2 (none), q3 right  total 1
std::vector<ScoredAttempt> class_of_four() {
  return {
      {"A", "set:a", 1000, "A:1", {right("q1"), right("q2"), right("q3")}},
      {"B", "set:a", 2000, "B:1", {right("q1"), right("q2"), wrong("q3", {1})}},
      {"C", "set:a", 3000, "C:1", {right("q1"), wrong("q2", {2}), wrong("q3", {2})}},
      {"D", "set:a", 4000, "D:1", {wrong("q1", {1}), wrong("q2", {}), right("q3")}},
  };
}

std::map<std::string, QuestionKey, std::less<>> three_choice_keys() { return {{"q1", {3, {0}}}, {"q2", {3, {0}}}, {"q3", {3, {0}}}}; }

const ItemStatistic& item(const ItemStatistics& stats, const std::string& id) {
  auto found = std::find_if(stats.items.begin(), stats.items.end(), [&](const ItemStatistic& i) { return i.question_id == id; });
  EXPECT_NE(found, stats.items.end()) << id;
  return *found;
}

std::vector<ItemFlagKind> kinds(const ItemStatistic& item) {
  std::vector<ItemFlagKind> out;
  for (const ItemFlag& flag : item.flags) out.push_back(flag.kind);
  return out;
}

constexpr double kTolerance = 1e-3;

TEST(ItemStatistics, FacilityAndStandardDeviationAreTheMeanAndSampleSpreadOfTheScore) {
  const auto attempts = class_of_four();
  const ItemStatistics stats = compute_item_statistics(attempts, AttemptSelection::first, three_choice_keys());
  EXPECT_EQ(stats.attempts, 4u);
  EXPECT_EQ(stats.students, 4u);
  ASSERT_EQ(stats.items.size(), 3u);
  // q1: 1 1 1 0, mean 0.75; squared deviations 3 x 0.0625 + 0.5625 = 0.75, / 3 = 0.25, sd 0.5.
  EXPECT_NEAR(item(stats, "q1").facility, 75.0, kTolerance);
  EXPECT_NEAR(item(stats, "q1").sd, 50.0, kTolerance);
  // q2: 1 1 0 0, mean 0.5; 4 x 0.25 / 3 = 1/3, sd 0.57735.
  EXPECT_NEAR(item(stats, "q2").facility, 50.0, kTolerance);
  EXPECT_NEAR(item(stats, "q2").sd, 57.735, kTolerance);
  EXPECT_EQ(item(stats, "q2").attempts, 4u);
}

TEST(ItemStatistics, DiscriminationCorrelatesTheItemWithTheRestOfThePaper) {
  const auto attempts = class_of_four();
  const ItemStatistics stats = compute_item_statistics(attempts, AttemptSelection::first, three_choice_keys());
  // q1: rest shares (total - item) / 2 = 1, 0.5, 0, 0.5 (mean 0.5); item deviations 0.25 0.25
  // 0.25 -0.75 against rest deviations 0.5 0 -0.5 0: covariance 0. Sorted (0 1 1 1 against 0 0.5
  // 0.5 1) the covariance could be 0.5 / 3: efficiency 0.
  EXPECT_NEAR(*item(stats, "q1").discrimination, 0.0, kTolerance);
  EXPECT_NEAR(*item(stats, "q1").efficiency, 0.0, kTolerance);
  // q2: rest 1 0.5 0.5 0.5 (mean 0.625): covariance 0.25 / 3, rest variance 0.0625, item
  // variance 1/3: r = 0.08333 / sqrt(0.02083) = 0.57735. Sorted, the same pairs: efficiency 100.
  EXPECT_NEAR(*item(stats, "q2").discrimination, 57.735, kTolerance);
  EXPECT_NEAR(*item(stats, "q2").efficiency, 100.0, kTolerance);
  // q3: 1 0 0 1 against rest 1 1 0.5 0 (mean 0.625): covariance -0.25 / 3, rest variance
  // 0.6875 / 3: r = -0.08333 / sqrt(0.07639) = -0.30151. Sorted (0 0 1 1 against 0 0.5 1 1)
  // the covariance is 0.75 / 3: efficiency -0.08333 / 0.25 = -33.333.
  EXPECT_NEAR(*item(stats, "q3").discrimination, -30.151, kTolerance);
  EXPECT_NEAR(*item(stats, "q3").efficiency, -33.333, kTolerance);
}

TEST(ItemStatistics, ChoiceSharesCountEachPickOverTheQuestionsAttempts) {
  const auto attempts = class_of_four();
  const ItemStatistics stats = compute_item_statistics(attempts, AttemptSelection::first, three_choice_keys());
  const ItemStatistic& q2 = item(stats, "q2");
  ASSERT_EQ(q2.choices.size(), 3u);
  EXPECT_EQ(q2.choices[0], (ChoiceShare{2, 50.0, true}));
  EXPECT_EQ(q2.choices[1], (ChoiceShare{0, 0.0, false}));
  EXPECT_EQ(q2.choices[2], (ChoiceShare{1, 25.0, false}));
  EXPECT_EQ(q2.unanswered, 1u);
  const ItemStatistic& q3 = item(stats, "q3");
  EXPECT_EQ(q3.choices[1], (ChoiceShare{1, 25.0, false}));
  EXPECT_EQ(q3.unanswered, 0u);
}

TEST(ItemStatistics, FlagsSayWhatIsWrongWithTheFigureAndTheThreshold) {
  const auto attempts = class_of_four();
  const ItemStatistics stats = compute_item_statistics(attempts, AttemptSelection::first, three_choice_keys());
  // q1: discrimination 0 is weak; choice 3 picked by nobody.
  EXPECT_EQ(kinds(item(stats, "q1")), (std::vector{ItemFlagKind::weak_discrimination, ItemFlagKind::unused_distractor}));
  EXPECT_EQ(item(stats, "q1").flags[1].choice, 2u);
  EXPECT_EQ(item(stats, "q1").flags[1].reason, "choice 3 was picked by 0.0 % (under 2.0 %): a distractor nobody believes");
  // q2: discriminates well; choice 2 picked by nobody.
  EXPECT_EQ(kinds(item(stats, "q2")), (std::vector{ItemFlagKind::unused_distractor}));
  EXPECT_EQ(item(stats, "q2").flags[0].choice, 1u);
  // q3: the stronger students get it wrong.
  ASSERT_EQ(kinds(item(stats, "q3")), (std::vector{ItemFlagKind::negative_discrimination}));
  EXPECT_NE(item(stats, "q3").flags[0].reason.find("-30.2 %"), std::string::npos) << item(stats, "q3").flags[0].reason;
  EXPECT_NE(item(stats, "q3").flags[0].reason.find("check the answer key"), std::string::npos);

  // Facility: everyone right (over 90 %), nobody right (under 30 %).
  std::vector<ScoredAttempt> extremes;
  for (int i = 0; i < 10; ++i) {
    const std::string who = "s" + std::to_string(i);
    extremes.push_back({who, "set:b", i, who, {right("easy"), wrong("hard", {1}), i < 5 ? right("mid") : wrong("mid", {2})}});
  }
  const ItemStatistics flagged = compute_item_statistics(extremes, AttemptSelection::all, {});
  EXPECT_EQ(kinds(item(flagged, "easy")), (std::vector{ItemFlagKind::easy}));
  EXPECT_EQ(item(flagged, "easy").flags[0].reason, "facility 100.0 % is over 90.0 %: it tells the class little");
  EXPECT_EQ(kinds(item(flagged, "hard")), (std::vector{ItemFlagKind::hard}));
  // No spread in the item: no discrimination to judge, and no key: no choice shares.
  EXPECT_FALSE(item(flagged, "easy").discrimination.has_value());
  EXPECT_TRUE(item(flagged, "easy").choices.empty());
}

TEST(ItemStatistics, AFixedPapersAlphaErrorRatioAndStandardError) {
  // Exam set "b", two questions, three students: E right right (2), F right wrong (1), G wrong
  // wrong (0). Item variances 1/3 and 1/3, total variance (1 + 0 + 1) / 2 = 1:
  // alpha = 2 / 1 x (1 - 2/3) = 2/3. Error ratio sqrt(1/3) = 57.735 %. Shares 1 0.5 0: mean 50 %,
  // sd 50 %, standard error 0.57735 x 50 = 28.868 %.
  const std::vector<ScoredAttempt> attempts = {
      {"E", "set:b", 1, "E", {right("p1"), right("p2")}},
      {"F", "set:b", 2, "F", {right("p1"), wrong("p2", {1})}},
      {"G", "set:b", 3, "G", {wrong("p1", {1}), wrong("p2", {1})}},
  };
  const ItemStatistics stats = compute_item_statistics(attempts, AttemptSelection::first, {});
  ASSERT_EQ(stats.exams.size(), 1u);
  const ExamStatistic& exam = stats.exams[0];
  EXPECT_EQ(exam.exam, "set:b");
  EXPECT_EQ(exam.attempts, 3u);
  EXPECT_EQ(exam.items, 2u);
  EXPECT_NEAR(exam.mean, 50.0, kTolerance);
  EXPECT_NEAR(exam.sd, 50.0, kTolerance);
  EXPECT_NEAR(*exam.alpha, 66.667, kTolerance);
  EXPECT_NEAR(*exam.error_ratio, 57.735, kTolerance);
  EXPECT_NEAR(*exam.standard_error, 28.868, kTolerance);

  // The class of four: item variances 0.25 + 1/3 + 1/3 = 11/12 equal the total's (2.75 / 3):
  // alpha 0, error ratio 100 %; shares 1 2/3 1/3 1/3: mean 58.333 %, sd 31.914 %.
  const auto four = class_of_four();
  const ExamStatistic a = compute_item_statistics(four, AttemptSelection::first, {}).exams.at(0);
  EXPECT_NEAR(a.mean, 58.333, kTolerance);
  EXPECT_NEAR(a.sd, 31.914, kTolerance);
  EXPECT_NEAR(*a.alpha, 0.0, kTolerance);
  EXPECT_NEAR(*a.error_ratio, 100.0, kTolerance);
}

TEST(ItemStatistics, APaperDrawnAnewForEachAttemptHasNoAlpha) {
  const std::vector<ScoredAttempt> attempts = {
      {"E", "blueprint:full", 1, "E", {right("p1"), right("p2")}},
      {"F", "blueprint:full", 2, "F", {right("p1"), wrong("p3", {1})}},
      {"G", "blueprint:full", 3, "G", {wrong("p2", {1}), wrong("p3", {1})}},
  };
  const ExamStatistic exam = compute_item_statistics(attempts, AttemptSelection::first, {}).exams.at(0);
  EXPECT_EQ(exam.attempts, 3u);
  EXPECT_NEAR(exam.mean, 50.0, kTolerance);
  EXPECT_FALSE(exam.alpha.has_value());
  EXPECT_FALSE(exam.standard_error.has_value());
}

TEST(ItemStatistics, FirstAttemptsKeepEachStudentsEarliestAtEachExam) {
  auto attempts = class_of_four();
  // A sits exam set "a" again (all wrong) and another exam; B's retry came first by the clock
  // though it was listed last, so it is B's first.
  attempts.push_back({"A", "set:a", 5000, "A:2", {wrong("q1", {1}), wrong("q2", {1}), wrong("q3", {1})}});
  attempts.push_back({"A", "set:other", 6000, "A:3", {right("q1")}});
  attempts.push_back({"B", "set:a", 500, "B:0", {wrong("q1", {2}), right("q2"), right("q3")}});

  const auto first = select_attempts(attempts, AttemptSelection::first);
  std::vector<std::string> ids;
  for (const ScoredAttempt* attempt : first) ids.push_back(attempt->id);
  EXPECT_EQ(ids, (std::vector<std::string>{"B:0", "A:1", "C:1", "D:1", "A:3"}));
  EXPECT_EQ(select_attempts(attempts, AttemptSelection::all).size(), 7u);

  const ItemStatistics all = compute_item_statistics(attempts, AttemptSelection::all, three_choice_keys());
  EXPECT_EQ(all.attempts, 7u);
  EXPECT_EQ(all.students, 4u);
  // q1 in all seven: right in A:1, B:1, C:1, A:3 = 4 of 7.
  EXPECT_NEAR(item(all, "q1").facility, 100.0 * 4 / 7, kTolerance);
  EXPECT_EQ(item(all, "q1").attempts, 7u);
  // A paper of one question has no rest: q1 of A:3 counts for facility, not discrimination.
  const ItemStatistics first_stats = compute_item_statistics(attempts, AttemptSelection::first, three_choice_keys());
  EXPECT_EQ(item(first_stats, "q1").attempts, 5u);
  EXPECT_EQ(first_stats.exams.size(), 2u);
}

TEST(ItemStatistics, NoAttemptsGiveNothingAndNoDivisionByZero) {
  const ItemStatistics stats = compute_item_statistics({}, AttemptSelection::first, three_choice_keys());
  EXPECT_EQ(stats.attempts, 0u);
  EXPECT_TRUE(stats.items.empty());
  EXPECT_TRUE(stats.exams.empty());
  const std::vector<ScoredAttempt> one = {{"A", "set:a", 1, "A", {right("q1"), wrong("q2", {1})}}};
  const ItemStatistics single = compute_item_statistics(one, AttemptSelection::first, three_choice_keys());
  EXPECT_EQ(item(single, "q1").sd, 0.0);
  EXPECT_FALSE(item(single, "q1").discrimination.has_value());
  EXPECT_FALSE(single.exams.at(0).alpha.has_value());
  EXPECT_TRUE(std::isfinite(single.exams.at(0).sd));
}

}  // namespace
}  // namespace umuhanda
