// Leitner boxes replayed from the log, due times, and the practice queue's modes and re-asks.
#include <gtest/gtest.h>

#include "client_fixtures.hpp"
#include "umuhanda/spaced_repetition.hpp"

namespace umuhanda {
namespace {

using testing::answer_at;
using testing::kDay;
using testing::kStart;

// Answers the queue's questions as `right_or_wrong` says, returning the ids asked, in order.
std::vector<std::string> run(PracticeQueue& queue, std::int64_t& now, const std::vector<bool>& right_or_wrong) {
  std::vector<std::string> asked;
  int counter = 1000;
  for (bool right : right_or_wrong) {
    std::optional<std::string> id = queue.next(now);
    if (!id) break;
    asked.push_back(*id);
    queue.record(answer_at("t:" + std::to_string(counter++), *id, right, now));
    now += testing::kMinute;
  }
  return asked;
}

TEST(Leitner, IntervalsFollowTheDocumentedTable) {
  EXPECT_EQ(leitner_interval_ms(1), 0);
  EXPECT_EQ(leitner_interval_ms(2), 1 * kDay);
  EXPECT_EQ(leitner_interval_ms(3), 3 * kDay);
  EXPECT_EQ(leitner_interval_ms(4), 7 * kDay);
  EXPECT_EQ(leitner_interval_ms(5), 21 * kDay);
  EXPECT_EQ(leitner_interval_ms(0), 0);          // clamped
  EXPECT_EQ(leitner_interval_ms(9), 21 * kDay);  // clamped
}

TEST(Leitner, RightAnswersPromoteOneBoxAtATimeUpToFive) {
  LeitnerBoxes boxes("client-pack");
  EXPECT_FALSE(boxes.seen("signs-1"));
  std::vector<int> seen_boxes;
  for (int i = 0; i < 6; ++i) {
    boxes.record(answer_at("d:" + std::to_string(i), "signs-1", true, kStart + i * kDay));
    seen_boxes.push_back(boxes.find("signs-1")->box);
  }
  EXPECT_EQ(seen_boxes, (std::vector<int>{2, 3, 4, 5, 5, 5}));
  EXPECT_TRUE(boxes.find("signs-1")->is_mastered());
  EXPECT_EQ(boxes.find("signs-1")->answers, 6u);
  EXPECT_EQ(boxes.find("signs-1")->right_answers, 6u);
}

TEST(Leitner, AWrongAnswerSendsAQuestionBackToBoxOne) {
  LeitnerBoxes boxes("client-pack");
  for (int i = 0; i < 3; ++i) boxes.record(answer_at("d:" + std::to_string(i), "signs-1", true, kStart + i));
  ASSERT_EQ(boxes.find("signs-1")->box, 4);
  boxes.record(answer_at("d:9", "signs-1", false, kStart + 10));
  EXPECT_EQ(boxes.find("signs-1")->box, 1);
  EXPECT_TRUE(boxes.find("signs-1")->is_mistake());
  boxes.record(answer_at("d:10", "signs-2", false, kStart + 11));  // a first answer, wrong
  EXPECT_EQ(boxes.find("signs-2")->box, 1);
}

TEST(Leitner, AQuestionIsDueItsBoxIntervalAfterItsLastAnswer) {
  LeitnerBoxes boxes("client-pack");
  boxes.record(answer_at("d:1", "signs-1", true, kStart));  // box 2
  boxes.record(answer_at("d:2", "signs-1", true, kStart + 2 * kDay));  // box 3
  const QuestionProgress& progress = *boxes.find("signs-1");
  EXPECT_EQ(progress.due_at_ms(), kStart + 2 * kDay + 3 * kDay);
  EXPECT_FALSE(progress.is_due(kStart + 5 * kDay - 1));
  EXPECT_TRUE(progress.is_due(kStart + 5 * kDay));
  boxes.record(answer_at("d:3", "signs-2", false, kStart));
  EXPECT_TRUE(boxes.find("signs-2")->is_due(kStart));  // box 1: due at once
}

TEST(Leitner, TheLogIsReplayedInTimeOrderForOnePackOnly) {
  ProgressLog log;  // as merged from two devices: not in time order
  log.append(answer_at("b:1", "signs-1", true, kStart + 30));
  log.append(answer_at("a:1", "signs-1", false, kStart + 10));
  log.append(answer_at("a:2", "signs-1", true, kStart + 20));
  log.append(answer_at("a:3", "signs-1", false, kStart + 40, "another-pack"));
  const LeitnerBoxes boxes = LeitnerBoxes::from_log(log, "client-pack");
  // Time order: wrong (1), right (2), right (3); the other pack's wrong answer does not count.
  ASSERT_NE(boxes.find("signs-1"), nullptr);
  EXPECT_EQ(boxes.find("signs-1")->box, 3);
  EXPECT_EQ(boxes.find("signs-1")->last_answered_at_ms, kStart + 30);
  EXPECT_EQ(boxes.questions().size(), 1u);
  LeitnerBoxes copy = boxes;
  copy.record(answer_at("x:1", "signs-2", true, kStart + 50, "another-pack"));
  EXPECT_FALSE(copy.seen("signs-2"));
}

TEST(PracticeQueue, TopicModeAsksDueQuestionsFirstThenUnseenThenLeastRecentlySeen) {
  const Pack pack = testing::make_client_pack();
  ProgressLog log;
  log.append(answer_at("d:1", "lights-3", true, kStart - 10 * kDay));  // box 2, due since day -9
  log.append(answer_at("d:2", "lights-1", true, kStart - 2 * kDay));   // box 2, due since day -1
  log.append(answer_at("d:3", "lights-4", true, kStart - 1000));       // box 2, not due yet
  PracticeQueue queue(pack, {PracticeMode::topic, "lights"}, LeitnerBoxes::from_log(log, pack.id));
  std::int64_t now = kStart;
  EXPECT_EQ(run(queue, now, {true, true, true, true}), (std::vector<std::string>{"lights-3", "lights-1", "lights-2", "lights-4"}));
}

TEST(PracticeQueue, TopicModeRepeatsNothingUntilTheWholeTopicWasAsked) {
  const Pack pack = testing::make_client_pack();
  PracticeQueue queue(pack, {PracticeMode::topic, "lights"}, LeitnerBoxes(pack.id));
  std::int64_t now = kStart;
  const auto asked = run(queue, now, std::vector<bool>(6, true));
  // Four unseen in pack order, then round again from the least recently seen.
  EXPECT_EQ(asked, (std::vector<std::string>{"lights-1", "lights-2", "lights-3", "lights-4", "lights-1", "lights-2"}));
}

TEST(PracticeQueue, AnEmptyTopicMeansEveryTopic) {
  const Pack pack = testing::make_client_pack();
  PracticeQueue all(pack, {PracticeMode::topic, ""}, LeitnerBoxes(pack.id));
  EXPECT_EQ(all.questions_in_scope().size(), pack.questions.size());
  PracticeQueue rules(pack, {PracticeMode::topic, "rules"}, LeitnerBoxes(pack.id));
  EXPECT_EQ(rules.questions_in_scope().size(), 5u);
  EXPECT_EQ(rules.next(kStart), "rules-1");
}

TEST(PracticeQueue, AWrongAnswerComesBackAfterThreeOtherQuestions) {
  const Pack pack = testing::make_client_pack();
  PracticeQueue queue(pack, {PracticeMode::topic, "signs"}, LeitnerBoxes(pack.id));
  std::int64_t now = kStart;
  const auto asked = run(queue, now, {false, true, true, true, true, true});
  EXPECT_EQ(asked, (std::vector<std::string>{"signs-1", "signs-2", "signs-3", "signs-4", "signs-1", "signs-5"}));
  EXPECT_EQ(queue.boxes().find("signs-1")->box, 2);  // wrong (1), then right (2)
}

TEST(PracticeQueue, TheReaskDistanceCanBeChosen) {
  const Pack pack = testing::make_client_pack();
  PracticeQueue queue(pack, {PracticeMode::topic, "signs"}, LeitnerBoxes(pack.id), 1);
  std::int64_t now = kStart;
  EXPECT_EQ(run(queue, now, {false, true, true, true}), (std::vector<std::string>{"signs-1", "signs-2", "signs-1", "signs-3"}));
}

TEST(PracticeQueue, AQuestionWrongAgainIsQueuedAgain) {
  const Pack pack = testing::make_client_pack();
  PracticeQueue queue(pack, {PracticeMode::topic, "signs"}, LeitnerBoxes(pack.id));
  std::int64_t now = kStart;
  const auto asked = run(queue, now, {false, true, true, true, false, true, true, true, true});
  // The second wait is cut short: after signs-6 every other question was already asked in this
  // session, and the one the student got wrong is worth more than one they just got right.
  EXPECT_EQ(asked, (std::vector<std::string>{"signs-1", "signs-2", "signs-3", "signs-4", "signs-1", "signs-5", "signs-6", "signs-1",
                                             "signs-2"}));
}

TEST(PracticeQueue, WithTooFewOtherQuestionsAWrongOneComesBackSooner) {
  const Pack pack = testing::make_client_pack();
  ProgressLog log;
  log.append(answer_at("d:1", "signs-1", false, kStart - 100));
  log.append(answer_at("d:2", "signs-2", false, kStart - 50));
  PracticeQueue queue(pack, {PracticeMode::mistakes, ""}, LeitnerBoxes::from_log(log, pack.id));
  std::int64_t now = kStart;
  // Only two mistakes: each wrong one waits as long as there is another to ask, no longer.
  const auto asked = run(queue, now, {false, false, true, false, true, true});
  EXPECT_EQ(asked, (std::vector<std::string>{"signs-1", "signs-2", "signs-1", "signs-2", "signs-2"}));
  EXPECT_FALSE(queue.next(now).has_value());  // no mistakes left
}

TEST(PracticeQueue, MistakesModeAsksOnlyQuestionsLastAnsweredWrongOldestFirst) {
  const Pack pack = testing::make_client_pack();
  ProgressLog log;
  log.append(answer_at("d:1", "lights-2", false, kStart - 3 * kDay));
  log.append(answer_at("d:2", "signs-4", false, kStart - 5 * kDay));
  log.append(answer_at("d:3", "signs-5", false, kStart - 4 * kDay));
  log.append(answer_at("d:4", "signs-5", true, kStart - 2 * kDay));  // corrected since: not a mistake
  log.append(answer_at("d:5", "rules-1", true, kStart - 2 * kDay));
  PracticeQueue queue(pack, {PracticeMode::mistakes, ""}, LeitnerBoxes::from_log(log, pack.id));
  std::int64_t now = kStart;
  EXPECT_EQ(run(queue, now, {true, true, true}), (std::vector<std::string>{"signs-4", "lights-2"}));
  PracticeQueue only_lights(pack, {PracticeMode::mistakes, "lights"}, LeitnerBoxes::from_log(log, pack.id));
  EXPECT_EQ(only_lights.next(kStart), "lights-2");
  PracticeQueue none(pack, {PracticeMode::mistakes, "rules"}, LeitnerBoxes::from_log(log, pack.id));
  EXPECT_FALSE(none.next(kStart).has_value());
}

TEST(PracticeQueue, UnseenModeAsksNewQuestionsInPackOrderUntilNoneIsLeft) {
  const Pack pack = testing::make_client_pack();
  ProgressLog log;
  log.append(answer_at("d:1", "lights-2", true, kStart - kDay));
  PracticeQueue queue(pack, {PracticeMode::unseen, "lights"}, LeitnerBoxes::from_log(log, pack.id));
  std::int64_t now = kStart;
  EXPECT_EQ(run(queue, now, std::vector<bool>(5, true)), (std::vector<std::string>{"lights-1", "lights-3", "lights-4"}));
  EXPECT_FALSE(queue.next(now).has_value());
}

TEST(PracticeQueue, UnseenModeStillBringsBackWhatWasAnsweredWrong) {
  const Pack pack = testing::make_client_pack();
  PracticeQueue queue(pack, {PracticeMode::unseen, "lights"}, LeitnerBoxes(pack.id));
  std::int64_t now = kStart;
  EXPECT_EQ(run(queue, now, {true, false, true, true, true, true}),
            (std::vector<std::string>{"lights-1", "lights-2", "lights-3", "lights-4", "lights-2"}));
}

TEST(PracticeQueue, AnswersOfAnotherPackAreIgnored) {
  const Pack pack = testing::make_client_pack();
  PracticeQueue queue(pack, {PracticeMode::topic, "signs"}, LeitnerBoxes(pack.id));
  queue.record(answer_at("d:1", "signs-1", false, kStart, "another-pack"));
  EXPECT_EQ(queue.answered_in_session(), 0u);
  EXPECT_FALSE(queue.boxes().seen("signs-1"));
  EXPECT_EQ(queue.next(kStart), "signs-1");
}

}  // namespace
}  // namespace umuhanda
