// A class's pooled topics and weakest topics on hand-written student statistics: the figures
// below are added up by hand in the comments.
#include <gtest/gtest.h>

#include "umuhanda/class_statistics.hpp"

namespace umuhanda {
namespace {

// One student's statistics with recent (answered, right) per topic, in the order signs, lights,
// rules, numbers (the "pack order").
Statistics student(std::initializer_list<std::pair<std::size_t, std::size_t>> recent) {
  static const char* kTopics[] = {"signs", "lights", "rules", "numbers"};
  Statistics stats;
  std::size_t i = 0;
  for (const auto& [answered, right] : recent) stats.topics.push_back(TopicStatistics{kTopics[i++], Accuracy{answered, right}, answered, 0, 40});
  return stats;
}

// signs:   30/24 + 20/14 + 0/0   = 50 answers, 38 right (76 %), 2 students
// lights:  10/4  + 10/5  + 5/1   = 25 answers, 10 right (40 %), 3 students
// rules:   12/6  + 0/0   + 0/0   = 12 answers,  6 right (50 %, under the threshold), 1 student
// numbers: 20/10 + 20/10 + 10/5  = 50 answers, 25 right (50 %), 3 students
const std::vector<Statistics> kClass = {
    student({{30, 24}, {10, 4}, {12, 6}, {20, 10}}),
    student({{20, 14}, {10, 5}, {0, 0}, {20, 10}}),
    student({{0, 0}, {5, 1}, {0, 0}, {10, 5}}),
};

TEST(ClassStatistics, PoolsEachTopicsRecentAnswersOverTheStudentsInPackOrder) {
  EXPECT_EQ(pool_class_topics(kClass),
            (std::vector<ClassTopic>{{"signs", {50, 38}, 2}, {"lights", {25, 10}, 3}, {"rules", {12, 6}, 1}, {"numbers", {50, 25}, 3}}));
  EXPECT_TRUE(pool_class_topics({}).empty());
}

TEST(ClassStatistics, WeakestTopicsRankByPooledAccuracyAndLeaveOutTopicsWithTooFewAnswers) {
  // rules (50 % of 12) is left out; lights 40 % < numbers 50 % < signs 76 %.
  EXPECT_EQ(weakest_topics(kClass), (std::vector<ClassTopic>{{"lights", {25, 10}, 3}, {"numbers", {50, 25}, 3}, {"signs", {50, 38}, 2}}));
  EXPECT_EQ(weakest_topics(kClass, 2), (std::vector<ClassTopic>{{"lights", {25, 10}, 3}, {"numbers", {50, 25}, 3}}));
  // With a threshold of 12, rules joins; at 50 % like numbers, numbers (50 answers) comes first.
  EXPECT_EQ(weakest_topics(kClass, 5, 12),
            (std::vector<ClassTopic>{{"lights", {25, 10}, 3}, {"numbers", {50, 25}, 3}, {"rules", {12, 6}, 1}, {"signs", {50, 38}, 2}}));
  EXPECT_EQ(weakest_topics(kClass, 5, 13).size(), 3u) << "12 answers are under a threshold of 13";
  EXPECT_EQ(kMinClassTopicAnswers, 20u) << "the comment in class_statistics.hpp explains 20: change both together";
}

TEST(ClassStatistics, AClassWithoutAnswersHasNoWeakestTopic) {
  const std::vector<Statistics> fresh = {student({{0, 0}, {0, 0}}), student({{0, 0}, {0, 0}})};
  EXPECT_TRUE(weakest_topics(fresh).empty());
  EXPECT_TRUE(weakest_topics(fresh, 5, 0).empty()) << "a topic nobody answered has no accuracy, whatever the threshold";
  EXPECT_TRUE(weakest_topics({}).empty());
}

TEST(ClassStatistics, EqualAccuraciesCompareAsFractionsNotRoundedDoubles) {
  // 1/3 of 21 (7) and 2/6 of 42 (14) are equal: the one with more answers first; 6 of 20 (30 %) is below both.
  const std::vector<Statistics> students = {student({{21, 7}, {42, 14}, {20, 6}})};
  EXPECT_EQ(weakest_topics(students), (std::vector<ClassTopic>{{"rules", {20, 6}, 1}, {"lights", {42, 14}, 1}, {"signs", {21, 7}, 1}}));
}

}  // namespace
}  // namespace umuhanda
