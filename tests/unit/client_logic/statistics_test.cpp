// Statistics on a small hand-made log: accuracy windows, seen and mastered, exams, readiness.
#include <gtest/gtest.h>

#include "client_fixtures.hpp"
#include "umuhanda/statistics.hpp"

namespace umuhanda {
namespace {

using testing::answer_at;
using testing::kDay;
using testing::kStart;

// signs-1 right three times (box 4), signs-2 right then wrong, signs-3 right once; lights-1
// wrong, lights-2 right four times (box 5); rules never. Plus noise that must not count.
ProgressLog hand_made_log() {
  ProgressLog log;
  int n = 0;
  auto add = [&](const std::string& question, bool right, std::int64_t minute, const std::string& pack = "client-pack") {
    log.append(answer_at("d:" + std::to_string(++n), question, right, kStart + minute * testing::kMinute, pack));
  };
  add("signs-1", true, 1);
  add("signs-1", true, 2);
  add("signs-1", true, 3);
  add("signs-2", true, 4);
  add("signs-2", false, 5);
  add("signs-3", true, 6);
  add("lights-1", false, 10);
  add("lights-2", true, 11);
  add("lights-2", true, 12);
  add("lights-2", true, 13);
  add("lights-2", true, 14);
  add("signs-99", false, 20);                 // a question the pack no longer has
  add("signs-4", false, 21, "another-pack");  // another pack's question
  return log;
}

ExamAttemptRecord attempt(std::string id, std::int64_t submitted_at, int score, int question_count = 8, int pass_mark = 6,
                          std::string pack = "client-pack") {
  ExamAttemptRecord r;
  r.id = std::move(id);
  r.pack_id = std::move(pack);
  r.blueprint_id = "mock";
  r.started_at_ms = submitted_at - 5 * testing::kMinute;
  r.submitted_at_ms = submitted_at;
  r.score = score;
  r.question_count = question_count;
  r.pass_mark = pass_mark;
  r.passed = score >= pass_mark;
  return r;
}

TEST(Statistics, CountsPerTopicOnAHandMadeLog) {
  const Pack pack = testing::make_client_pack();
  const Statistics stats = compute_statistics(hand_made_log(), pack);
  ASSERT_EQ(stats.topics.size(), 3u);
  EXPECT_EQ(stats.topics[0], (TopicStatistics{"signs", Accuracy{6, 5}, 3, 1, 6}));
  EXPECT_EQ(stats.topics[1], (TopicStatistics{"lights", Accuracy{5, 4}, 2, 1, 4}));
  EXPECT_EQ(stats.topics[2], (TopicStatistics{"rules", Accuracy{0, 0}, 0, 0, 5}));
  EXPECT_EQ(stats.recent, (Accuracy{11, 9}));
  EXPECT_DOUBLE_EQ(stats.recent.ratio(), 9.0 / 11.0);
  EXPECT_DOUBLE_EQ(stats.topics[2].recent.ratio(), 0.0);
  EXPECT_EQ(stats.seen, 5u);
  EXPECT_EQ(stats.mastered, 2u);
  EXPECT_EQ(stats.total, 15u);
}

TEST(Statistics, AccuracyCountsOnlyEachTopicsLatestAnswers) {
  const Pack pack = testing::make_client_pack();
  const Statistics stats = compute_statistics(hand_made_log(), pack, 3);
  // signs: minutes 6 (right), 5 (wrong), 4 (right); lights: minutes 14, 13, 12, all right.
  EXPECT_EQ(stats.topics[0].recent, (Accuracy{3, 2}));
  EXPECT_EQ(stats.topics[1].recent, (Accuracy{3, 3}));
  EXPECT_EQ(stats.recent, (Accuracy{6, 5}));
  EXPECT_EQ(stats.topics[0].seen, 3u);  // the window limits accuracy, not what was seen
}

TEST(Statistics, TopicsFollowThePacksTopicOrder) {
  Pack pack = testing::make_client_pack();
  pack.topics[0].order = 9;  // signs last
  const Statistics stats = compute_statistics(ProgressLog{}, pack);
  ASSERT_EQ(stats.topics.size(), 3u);
  EXPECT_EQ(stats.topics[0].topic, "lights");
  EXPECT_EQ(stats.topics[2].topic, "signs");
  EXPECT_EQ(stats.recent, (Accuracy{0, 0}));
  EXPECT_FALSE(stats.readiness.ready);
}

TEST(Statistics, ExamHistoryIsOrderedBySubmissionTime) {
  const Pack pack = testing::make_client_pack();
  ProgressLog log = hand_made_log();
  log.append(attempt("e:2", kStart + 2 * kDay, 7));
  log.append(attempt("e:1", kStart + 1 * kDay, 4));
  log.append(attempt("e:9", kStart + 5 * kDay, 8, 8, 6, "another-pack"));
  log.append(attempt("e:3", kStart + 3 * kDay, 6));
  const Statistics stats = compute_statistics(log, pack);
  ASSERT_EQ(stats.exams.size(), 3u);
  EXPECT_EQ(stats.exams[0], (ExamScore{"e:1", "mock", kStart + kDay - 5 * testing::kMinute, kStart + kDay, 4, 8, 6, false}));
  EXPECT_EQ(stats.exams[1].attempt_id, "e:2");
  EXPECT_EQ(stats.exams[2].attempt_id, "e:3");
  EXPECT_EQ(stats.readiness.last_exams, stats.exams);
}

TEST(Statistics, ReadyWhenTheLastThreeExamsPassedAndRecentAccuracyReachesThePassRatio) {
  const Pack pack = testing::make_client_pack();
  ProgressLog log = hand_made_log();                 // recent accuracy 9/11 = 82 %
  log.append(attempt("e:1", kStart + 1 * kDay, 2));  // an old failure does not count against
  log.append(attempt("e:2", kStart + 2 * kDay, 6));
  log.append(attempt("e:3", kStart + 3 * kDay, 7));
  EXPECT_FALSE(compute_statistics(log, pack).readiness.ready);  // two passes of the last three
  log.append(attempt("e:4", kStart + 4 * kDay, 8));             // pass ratio 6/8 = 75 %
  const Readiness readiness = compute_statistics(log, pack).readiness;
  EXPECT_TRUE(readiness.ready);
  ASSERT_EQ(readiness.last_exams.size(), 3u);
  EXPECT_EQ(readiness.last_exams.front().attempt_id, "e:2");
  EXPECT_EQ(readiness.recent, (Accuracy{11, 9}));
}

TEST(Statistics, NotReadyWhenOneOfTheLastThreeFailedOrAccuracyIsBelowThePassRatio) {
  const Pack pack = testing::make_client_pack();
  ProgressLog failed_last = hand_made_log();
  failed_last.append(attempt("e:1", kStart + 1 * kDay, 8));
  failed_last.append(attempt("e:2", kStart + 2 * kDay, 8));
  failed_last.append(attempt("e:3", kStart + 3 * kDay, 5));
  EXPECT_FALSE(compute_statistics(failed_last, pack).readiness.ready);

  ProgressLog strict = hand_made_log();  // 9/11 = 82 % is below one exam's 9/10
  strict.append(attempt("e:1", kStart + 1 * kDay, 8));
  strict.append(attempt("e:2", kStart + 2 * kDay, 10, 10, 9));
  strict.append(attempt("e:3", kStart + 3 * kDay, 8));
  EXPECT_FALSE(compute_statistics(strict, pack).readiness.ready);

  ProgressLog exact = hand_made_log();  // 9/11 exactly: the pass ratio reached counts as ready
  exact.append(attempt("e:1", kStart + 1 * kDay, 10, 11, 9));
  exact.append(attempt("e:2", kStart + 2 * kDay, 10, 11, 9));
  exact.append(attempt("e:3", kStart + 3 * kDay, 10, 11, 9));
  EXPECT_TRUE(compute_statistics(exact, pack).readiness.ready);
}

// On hand_made_log: signs-2 (right, then wrong at minute 5) and lights-1 (wrong at minute 10) are
// the mistakes; signs-99 (not in the pack) still counts, as mistakes are by id; the other pack's
// signs-4 does not.
TEST(Statistics, MistakesAreQuestionsWhoseLatestAnswerWasWrongNewestFirst) {
  const std::vector<Mistake> mistakes = current_mistakes(hand_made_log(), "client-pack");
  ASSERT_EQ(mistakes.size(), 3u);
  EXPECT_EQ(mistakes[0], (Mistake{"signs-99", 1, 1, kStart + 20 * testing::kMinute}));
  EXPECT_EQ(mistakes[1], (Mistake{"lights-1", 1, 1, kStart + 10 * testing::kMinute}));
  EXPECT_EQ(mistakes[2], (Mistake{"signs-2", 1, 2, kStart + 5 * testing::kMinute}));
  EXPECT_EQ(current_mistakes(hand_made_log(), "another-pack"), (std::vector<Mistake>{Mistake{"signs-4", 1, 1, kStart + 21 * testing::kMinute}}));
}

TEST(Statistics, AMistakeCorrectedSinceIsNoLongerOneAndTimeNotLogOrderDecides) {
  ProgressLog log;
  // lights-1: wrong twice, then right: corrected. signs-1: right, then wrong on another device
  // whose record reached the log first (it is later by time): still a mistake, wrong once of two.
  log.append(testing::answer_at("a:1", "lights-1", false, kStart + 1 * testing::kMinute));
  log.append(testing::answer_at("a:2", "lights-1", false, kStart + 2 * testing::kMinute));
  log.append(testing::answer_at("b:1", "signs-1", false, kStart + 9 * testing::kMinute));
  log.append(testing::answer_at("a:3", "lights-1", true, kStart + 3 * testing::kMinute));
  log.append(testing::answer_at("a:4", "signs-1", true, kStart + 4 * testing::kMinute));
  // rules-1: right then wrong in the same millisecond: the later in the log (wrong) decides.
  log.append(testing::answer_at("a:5", "rules-1", true, kStart + 5 * testing::kMinute));
  log.append(testing::answer_at("a:6", "rules-1", false, kStart + 5 * testing::kMinute));
  EXPECT_EQ(current_mistakes(log, "client-pack"),
            (std::vector<Mistake>{Mistake{"signs-1", 1, 2, kStart + 9 * testing::kMinute}, Mistake{"rules-1", 1, 2, kStart + 5 * testing::kMinute}}));

  // After "start again", nothing before the reset counts.
  log.append(ResetRecord{"a:7", kStart + 10 * testing::kMinute});
  EXPECT_TRUE(current_mistakes(log, "client-pack").empty());
  log.append(testing::answer_at("a:8", "rules-1", false, kStart + 11 * testing::kMinute));
  EXPECT_EQ(current_mistakes(log, "client-pack"), (std::vector<Mistake>{Mistake{"rules-1", 1, 1, kStart + 11 * testing::kMinute}}));
}

}  // namespace
}  // namespace umuhanda
