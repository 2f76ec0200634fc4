// Drawing exam papers: quotas, the rest from any topic, shuffling, errors, and fixed exam sets.
#include <gtest/gtest.h>

#include <map>
#include <set>

#include "client_fixtures.hpp"
#include "umuhanda/question_selection.hpp"

namespace umuhanda {
namespace {

std::map<std::string, int> per_topic(const Pack& pack, const ExamPaper& paper) {
  std::map<std::string, int> counts;
  for (const std::string& id : paper.question_ids) ++counts[pack.find_question(id)->topic];
  return counts;
}

TEST(DrawExam, QuotasAreHonouredWithoutRepeatsForEverySeed) {
  const Pack pack = testing::make_client_pack();
  const ExamBlueprint& blueprint = pack.blueprints.front();  // 8 questions: signs >= 3, lights >= 2
  std::set<std::string> ever_drawn;
  for (std::uint64_t seed = 0; seed < 500; ++seed) {
    RandomSource random(seed);
    Expected<ExamPaper> paper = draw_exam(pack, blueprint, random);
    ASSERT_TRUE(paper.ok()) << to_string(paper.errors());
    ASSERT_EQ(paper->question_ids.size(), 8u) << "seed " << seed;
    const std::set<std::string> unique(paper->question_ids.begin(), paper->question_ids.end());
    ASSERT_EQ(unique.size(), 8u) << "seed " << seed;
    for (const std::string& id : paper->question_ids) ASSERT_NE(pack.find_question(id), nullptr) << id;
    auto counts = per_topic(pack, paper.value());
    ASSERT_GE(counts["signs"], 3) << "seed " << seed;
    ASSERT_GE(counts["lights"], 2) << "seed " << seed;
    ever_drawn.insert(unique.begin(), unique.end());
  }
  EXPECT_EQ(ever_drawn.size(), pack.questions.size());  // every question can come up
}

TEST(DrawExam, CarriesTheBlueprintsRules) {
  const Pack pack = testing::make_client_pack();
  RandomSource random(1);
  Expected<ExamPaper> paper = draw_exam(pack, pack.blueprints.front(), random);
  ASSERT_TRUE(paper.ok());
  EXPECT_EQ(paper->pack_id, "client-pack");
  EXPECT_EQ(paper->blueprint_id, "mock");
  EXPECT_FALSE(paper->exam_set_id.has_value());
  EXPECT_EQ(paper->time_limit_ms, 10 * testing::kMinute);
  EXPECT_EQ(paper->pass_mark, 6);
}

TEST(DrawExam, TheSameSeedDrawsTheSamePaperAndOtherSeedsOthers) {
  const Pack pack = testing::make_client_pack();
  RandomSource a(77), b(77);
  Expected<ExamPaper> first = draw_exam(pack, pack.blueprints.front(), a);
  Expected<ExamPaper> again = draw_exam(pack, pack.blueprints.front(), b);
  ASSERT_TRUE(first.ok() && again.ok());
  EXPECT_EQ(first.value(), again.value());
  std::set<std::vector<std::string>> papers;
  for (std::uint64_t seed = 0; seed < 20; ++seed) {
    RandomSource random(seed);
    papers.insert(draw_exam(pack, pack.blueprints.front(), random)->question_ids);
  }
  EXPECT_GT(papers.size(), 15u);
}

TEST(DrawExam, TheRestComesFromAnyTopicAndTheOrderIsShuffled) {
  const Pack pack = testing::make_client_pack();
  std::map<std::string, int> first_topic;
  std::map<std::string, int> rest_topics;
  for (std::uint64_t seed = 0; seed < 300; ++seed) {
    RandomSource random(seed);
    Expected<ExamPaper> paper = draw_exam(pack, pack.blueprints.front(), random);
    ASSERT_TRUE(paper.ok());
    ++first_topic[pack.find_question(paper->question_ids.front())->topic];
    for (const auto& [topic, count] : per_topic(pack, paper.value())) {
      const int quota = topic == "signs" ? 3 : topic == "lights" ? 2 : 0;
      rest_topics[topic] += count - quota;
    }
  }
  // The three free places went to every topic, quota topics included.
  EXPECT_GT(rest_topics["signs"], 0);
  EXPECT_GT(rest_topics["lights"], 0);
  EXPECT_GT(rest_topics["rules"], 0);
  // Quota questions are not always first: every topic opens some paper.
  EXPECT_EQ(first_topic.size(), 3u);
}

TEST(DrawExam, AQuotaThePackCannotFillIsAnErrorNamingIt) {
  Pack pack = testing::make_client_pack();
  ExamBlueprint blueprint = pack.blueprints.front();
  blueprint.quotas = {TopicQuota{"signs", 2}, TopicQuota{"lights", 5}, TopicQuota{"parking", 1}};
  RandomSource random(3);
  Expected<ExamPaper> paper = draw_exam(pack, blueprint, random);
  ASSERT_FALSE(paper.ok());
  const std::string report = to_string(paper.errors());
  EXPECT_NE(report.find("exam_blueprints.mock.quotas[1]: asks for 5 questions of topic \"lights\", the pack has 4"), std::string::npos)
      << report;
  EXPECT_NE(report.find("exam_blueprints.mock.quotas[2]: asks for 1 questions of unknown topic \"parking\", the pack has 0"),
            std::string::npos)
      << report;
  EXPECT_EQ(paper.errors().size(), 2u) << report;
}

TEST(DrawExam, FiguresThatCannotAddUpAreErrors) {
  const Pack pack = testing::make_client_pack();
  ExamBlueprint blueprint = pack.blueprints.front();
  blueprint.question_count = 4;  // quotas ask for 5
  blueprint.pass_mark = 4;
  RandomSource random(3);
  Expected<ExamPaper> too_small = draw_exam(pack, blueprint, random);
  ASSERT_FALSE(too_small.ok());
  EXPECT_NE(to_string(too_small.errors()).find("quotas: add up to 5 questions, more than question_count (4)"), std::string::npos);

  blueprint.question_count = 16;  // the pack has 15
  Expected<ExamPaper> too_big = draw_exam(pack, blueprint, random);
  ASSERT_FALSE(too_big.ok());
  EXPECT_NE(to_string(too_big.errors()).find("question_count: asks for 16 questions, the pack has 15"), std::string::npos);

  blueprint.question_count = 15;  // the whole pack is fine
  Expected<ExamPaper> whole = draw_exam(pack, blueprint, random);
  ASSERT_TRUE(whole.ok());
  EXPECT_EQ(whole->question_ids.size(), 15u);
}

TEST(ExamFromSet, KeepsTheSetsOrderAndItsBlueprintsRules) {
  const Pack pack = testing::make_client_pack();
  Expected<ExamPaper> paper = exam_from_set(pack, pack.exam_sets.front());
  ASSERT_TRUE(paper.ok()) << to_string(paper.errors());
  EXPECT_EQ(paper->question_ids, (std::vector<std::string>{"rules-5", "signs-2", "lights-1", "signs-1"}));
  EXPECT_EQ(paper->pack_id, "client-pack");
  EXPECT_EQ(paper->exam_set_id, "set-1");
  EXPECT_EQ(paper->blueprint_id, "short");
  EXPECT_EQ(paper->time_limit_ms, 5 * testing::kMinute);
  EXPECT_EQ(paper->pass_mark, 3);
}

TEST(ExamFromSet, ASetNamingNoBlueprintUsesThePacksFirst) {
  const Pack pack = testing::make_client_pack();
  ExamSet set{"long", testing::en_fr("Long", "Long"), "", {"signs-1", "signs-2", "signs-3", "lights-1", "lights-2", "rules-1", "rules-2"}};
  Expected<ExamPaper> paper = exam_from_set(pack, set);
  ASSERT_TRUE(paper.ok()) << to_string(paper.errors());
  EXPECT_EQ(paper->blueprint_id, "mock");
  EXPECT_EQ(paper->time_limit_ms, 10 * testing::kMinute);
  EXPECT_EQ(paper->pass_mark, 6);

  set.questions.resize(5);  // shorter than mock's pass mark of 6: it could never be passed
  Expected<ExamPaper> too_short = exam_from_set(pack, set);
  ASSERT_FALSE(too_short.ok());
  EXPECT_NE(to_string(too_short.errors()).find("exam_sets.long.questions: has 5 questions, the pass mark of blueprint \"mock\" is 6"),
            std::string::npos)
      << to_string(too_short.errors());
}

TEST(ExamFromSet, ReportsUnknownQuestionsRepeatsAndBlueprints) {
  const Pack pack = testing::make_client_pack();
  ExamSet set{"broken", testing::en_fr("Broken", "Cassé"), "final", {"signs-1", "signs-9", "signs-1"}};
  Expected<ExamPaper> paper = exam_from_set(pack, set);
  ASSERT_FALSE(paper.ok());
  const std::string report = to_string(paper.errors());
  EXPECT_NE(report.find("exam_sets.broken.blueprint: refers to blueprint \"final\""), std::string::npos) << report;
  EXPECT_NE(report.find("exam_sets.broken.questions[1]: refers to question \"signs-9\""), std::string::npos) << report;
  EXPECT_NE(report.find("exam_sets.broken.questions[2]: repeats question \"signs-1\""), std::string::npos) << report;
}

}  // namespace
}  // namespace umuhanda
