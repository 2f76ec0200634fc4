// ExamSession: answering, flags and navigation, the countdown across a reload, auto-submission,
// marking (multiple answers included), and the records it leaves in the log.
#include <gtest/gtest.h>

#include "client_fixtures.hpp"
#include "umuhanda/exam_session.hpp"

namespace umuhanda {
namespace {

using testing::kMinute;
using testing::kStart;

// The "short" exam set: rules-5 (multiple: 0 and 2), signs-2, lights-1, signs-1 (each: 1);
// 5 minutes, pass mark 3.
ExamSession start_set_exam(const ManualClock& clock) {
  const Pack pack = testing::make_client_pack();
  Expected<ExamPaper> paper = exam_from_set(pack, pack.exam_sets.front());
  EXPECT_TRUE(paper.ok());
  Expected<ExamSession> session = ExamSession::start(pack, paper.value(), clock);
  EXPECT_TRUE(session.ok()) << to_string(session.errors());
  return std::move(session).value();
}

TEST(ExamSession, StartsFromTheClockWithAFixedEndTime) {
  ManualClock clock(kStart);
  ExamSession exam = start_set_exam(clock);
  EXPECT_EQ(exam.size(), 4u);
  EXPECT_EQ(exam.started_at_ms(), kStart);
  EXPECT_EQ(exam.ends_at_ms(), kStart + 5 * kMinute);
  EXPECT_EQ(exam.current_index(), 0u);
  EXPECT_EQ(exam.question(0).id, "rules-5");
  EXPECT_TRUE(exam.question(0).multiple_answers);
  EXPECT_EQ(exam.question(0).correct, (std::vector<std::size_t>{0, 2}));
  EXPECT_EQ(exam.remaining_ms(kStart), 5 * kMinute);
  EXPECT_EQ(exam.remaining_ms(kStart + 90'000), 5 * kMinute - 90'000);
  EXPECT_EQ(exam.remaining_ms(kStart + 99 * kMinute), 0);
  EXPECT_FALSE(exam.is_time_up(kStart + 5 * kMinute - 1));
  EXPECT_TRUE(exam.is_time_up(kStart + 5 * kMinute));
  EXPECT_EQ(exam.unanswered_indexes(), (std::vector<std::size_t>{0, 1, 2, 3}));
}

TEST(ExamSession, RefusesAPaperThePackCannotServe) {
  const Pack pack = testing::make_client_pack();
  ManualClock clock(kStart);
  ExamPaper paper{"client-pack", "mock", std::nullopt, {"signs-1", "signs-99", "signs-1"}, kMinute, 2};
  Expected<ExamSession> bad = ExamSession::start(pack, paper, clock);
  ASSERT_FALSE(bad.ok());
  const std::string report = to_string(bad.errors());
  EXPECT_NE(report.find("question_ids[1]: question \"signs-99\" is not in pack"), std::string::npos) << report;
  EXPECT_NE(report.find("question_ids[2]: question \"signs-1\" appears twice"), std::string::npos) << report;
  paper = ExamPaper{"other-pack", "mock", std::nullopt, {"signs-1"}, 0, 3};
  const std::string other = to_string(ExamSession::start(pack, paper, clock).errors());
  EXPECT_NE(other.find("pack_id:"), std::string::npos) << other;
  EXPECT_NE(other.find("time_limit_ms:"), std::string::npos) << other;
  EXPECT_NE(other.find("pass_mark:"), std::string::npos) << other;
}

TEST(ExamSession, ASingleAnswerIsReplacedAndCanBeCleared) {
  ManualClock clock(kStart);
  ExamSession exam = start_set_exam(clock);
  EXPECT_TRUE(exam.answer(1, 0, kStart + 1000));
  EXPECT_TRUE(exam.answer(1, 2, kStart + 2000));
  EXPECT_EQ(exam.chosen(1), (std::vector<std::size_t>{2}));
  EXPECT_FALSE(exam.answer(1, 3, kStart + 3000));  // the question has three choices
  EXPECT_FALSE(exam.answer(4, 0, kStart + 3000));  // and the exam four questions
  EXPECT_EQ(exam.answered_count(), 1u);
  EXPECT_TRUE(exam.clear(1, kStart + 4000));
  EXPECT_FALSE(exam.is_answered(1));
  EXPECT_EQ(exam.answered_count(), 0u);
}

TEST(ExamSession, AMultipleAnswerQuestionTogglesChoices) {
  ManualClock clock(kStart);
  ExamSession exam = start_set_exam(clock);
  EXPECT_TRUE(exam.answer(0, 2, kStart + 1));
  EXPECT_TRUE(exam.answer(0, 0, kStart + 2));
  EXPECT_EQ(exam.chosen(0), (std::vector<std::size_t>{0, 2}));
  EXPECT_TRUE(exam.answer(0, 2, kStart + 3));
  EXPECT_EQ(exam.chosen(0), (std::vector<std::size_t>{0}));
  EXPECT_TRUE(exam.answer(0, 0, kStart + 4));
  EXPECT_FALSE(exam.is_answered(0));  // nothing ticked is not answered
}

TEST(ExamSession, MultipleAnswersScoreOnlyWhenTheSetIsExact) {
  for (const auto& [ticks, right] : std::vector<std::pair<std::vector<std::size_t>, bool>>{
           {{0, 2}, true}, {{2, 0}, true}, {{0}, false}, {{2}, false}, {{0, 1, 2}, false}, {{1}, false}}) {
    ManualClock clock(kStart);
    ExamSession exam = start_set_exam(clock);
    for (std::size_t choice : ticks) ASSERT_TRUE(exam.answer(0, choice, kStart + 1));
    ExamResult result = exam.submit(kStart + 2);
    EXPECT_EQ(result.review[0].right, right) << "ticked " << ::testing::PrintToString(ticks);
    EXPECT_EQ(result.score, right ? 1 : 0);
  }
}

TEST(ExamSession, FlagsMarkQuestionsToComeBackTo) {
  ManualClock clock(kStart);
  ExamSession exam = start_set_exam(clock);
  EXPECT_TRUE(exam.flag(1));
  EXPECT_TRUE(exam.flag(3));
  EXPECT_TRUE(exam.toggle_flag(2));
  EXPECT_TRUE(exam.toggle_flag(3));
  EXPECT_EQ(exam.flagged_indexes(), (std::vector<std::size_t>{1, 2}));
  EXPECT_TRUE(exam.unflag(1));
  EXPECT_FALSE(exam.is_flagged(1));
  EXPECT_FALSE(exam.flag(4));
  EXPECT_FALSE(exam.toggle_flag(4));
  EXPECT_EQ(exam.flagged_indexes(), (std::vector<std::size_t>{2}));
}

TEST(ExamSession, JumpsNextAndPreviousStayInsideTheExam) {
  ManualClock clock(kStart);
  ExamSession exam = start_set_exam(clock);
  EXPECT_FALSE(exam.previous(kStart));
  EXPECT_TRUE(exam.next(kStart + 1));
  EXPECT_EQ(exam.current_index(), 1u);
  EXPECT_TRUE(exam.jump(3, kStart + 2));
  EXPECT_FALSE(exam.next(kStart + 3));
  EXPECT_EQ(exam.current_index(), 3u);
  EXPECT_FALSE(exam.jump(4, kStart + 3));
  EXPECT_TRUE(exam.previous(kStart + 4));
  EXPECT_EQ(exam.current_index(), 2u);
}

TEST(ExamSession, SubmittingMarksEveryQuestion) {
  ManualClock clock(kStart);
  ExamSession exam = start_set_exam(clock);
  exam.answer(0, 0, kStart + 1);
  exam.answer(0, 2, kStart + 2);  // right
  exam.answer(1, 1, kStart + 3);  // right
  exam.answer(2, 0, kStart + 4);  // wrong; question 3 unanswered
  exam.flag(2);
  EXPECT_FALSE(exam.result().has_value());
  ExamResult result = exam.submit(kStart + 60'000);
  EXPECT_EQ(result.score, 2);
  EXPECT_EQ(result.question_count, 4);
  EXPECT_EQ(result.pass_mark, 3);
  EXPECT_FALSE(result.passed);
  EXPECT_FALSE(result.timed_out);
  EXPECT_EQ(result.started_at_ms, kStart);
  EXPECT_EQ(result.submitted_at_ms, kStart + 60'000);
  ASSERT_EQ(result.review.size(), 4u);
  EXPECT_EQ(result.review[2], (QuestionReview{"lights-1", std::vector<std::size_t>{0}, {1}, false, true}));
  EXPECT_EQ(result.review[3], (QuestionReview{"signs-1", std::nullopt, {1}, false, false}));
  EXPECT_EQ(exam.result(), result);
}

TEST(ExamSession, TheScoreEqualToThePassMarkPasses) {
  ManualClock clock(kStart);
  ExamSession exam = start_set_exam(clock);
  exam.answer(1, 1, kStart + 1);
  exam.answer(2, 1, kStart + 2);
  exam.answer(3, 1, kStart + 3);
  ExamResult result = exam.submit(kStart + 10);
  EXPECT_EQ(result.score, 3);
  EXPECT_TRUE(result.passed);
}

TEST(ExamSession, NothingChangesOnceSubmitted) {
  ManualClock clock(kStart);
  ExamSession exam = start_set_exam(clock);
  exam.answer(1, 1, kStart + 1);
  const ExamResult first = exam.submit(kStart + 100);
  EXPECT_FALSE(exam.answer(2, 1, kStart + 101));
  EXPECT_FALSE(exam.clear(1, kStart + 101));
  EXPECT_FALSE(exam.flag(0));
  EXPECT_FALSE(exam.jump(2, kStart + 101));
  EXPECT_FALSE(exam.tick(kStart + 99 * kMinute));
  EXPECT_EQ(exam.submit(kStart + 200), first);
  EXPECT_EQ(exam.remaining_ms(kStart + 200), 0);
}

TEST(ExamSession, TickSubmitsExactlyWhenTheTimeIsUp) {
  ManualClock clock(kStart);
  ExamSession exam = start_set_exam(clock);
  exam.answer(1, 1, kStart + 1000);
  const std::int64_t end = kStart + 5 * kMinute;
  EXPECT_FALSE(exam.tick(end - 1));
  EXPECT_TRUE(exam.answer(2, 1, end - 1));  // the last millisecond still counts
  EXPECT_FALSE(exam.is_submitted());
  EXPECT_FALSE(exam.answer(3, 1, end));     // at the end it no longer does
  EXPECT_TRUE(exam.tick(end));
  EXPECT_TRUE(exam.is_submitted());
  EXPECT_FALSE(exam.tick(end + 1));  // only once
  ExamResult result = *exam.result();
  EXPECT_TRUE(result.timed_out);
  EXPECT_EQ(result.submitted_at_ms, end);
  EXPECT_EQ(result.score, 2);
}

TEST(ExamSession, ALateSubmissionCountsAsMadeAtTheEnd) {
  ManualClock clock(kStart);
  ExamSession exam = start_set_exam(clock);
  ExamResult result = exam.submit(kStart + 60 * kMinute);
  EXPECT_TRUE(result.timed_out);
  EXPECT_EQ(result.submitted_at_ms, kStart + 5 * kMinute);
}

TEST(ExamSession, TheCountdownContinuesAcrossAReload) {
  ManualClock clock(kStart);
  ExamSession exam = start_set_exam(clock);
  exam.answer(0, 2, kStart + 10'000);
  exam.flag(0);
  exam.next(kStart + 20'000);
  exam.answer(1, 1, kStart + 30'000);
  const std::string saved = exam.to_json();

  // The tab is closed at +30 s and opened again two minutes later.
  clock.set(kStart + 150'000);
  Expected<ExamSession> restored = ExamSession::from_json(saved);
  ASSERT_TRUE(restored.ok()) << to_string(restored.errors());
  EXPECT_EQ(restored.value(), exam);
  EXPECT_EQ(restored->ends_at_ms(), kStart + 5 * kMinute);
  EXPECT_EQ(restored->remaining_ms(clock.now_ms()), 5 * kMinute - 150'000);
  EXPECT_FALSE(restored->tick(clock.now_ms()));
  EXPECT_EQ(restored->chosen(0), (std::vector<std::size_t>{2}));
  EXPECT_TRUE(restored->is_flagged(0));
  EXPECT_EQ(restored->current_index(), 1u);
  EXPECT_TRUE(restored->answer(2, 1, clock.now_ms()));
  EXPECT_EQ(restored->to_json(), ExamSession::from_json(restored->to_json())->to_json());
}

TEST(ExamSession, ARestoredExamWhoseTimeRanOutSubmitsOnTheFirstTick) {
  ManualClock clock(kStart);
  ExamSession exam = start_set_exam(clock);
  exam.answer(1, 1, kStart + 5000);
  const std::string saved = exam.to_json();
  Expected<ExamSession> restored = ExamSession::from_json(saved);  // the student comes back the next day
  ASSERT_TRUE(restored.ok());
  const std::int64_t next_day = kStart + testing::kDay;
  EXPECT_EQ(restored->remaining_ms(next_day), 0);
  EXPECT_FALSE(restored->answer(2, 1, next_day));
  EXPECT_TRUE(restored->tick(next_day));
  EXPECT_TRUE(restored->result()->timed_out);
  EXPECT_EQ(restored->result()->submitted_at_ms, kStart + 5 * kMinute);
  EXPECT_EQ(restored->result()->score, 1);
}

TEST(ExamSession, ASubmittedSessionRestoresSubmitted) {
  ManualClock clock(kStart);
  ExamSession exam = start_set_exam(clock);
  exam.answer(1, 1, kStart + 5000);
  exam.submit(kStart + 6000);
  Expected<ExamSession> restored = ExamSession::from_json(exam.to_json());
  ASSERT_TRUE(restored.ok());
  EXPECT_TRUE(restored->is_submitted());
  EXPECT_EQ(restored->result(), exam.result());
}

TEST(ExamSession, ABrokenSaveIsRefusedWithReasons) {
  EXPECT_FALSE(ExamSession::from_json("{").ok());
  EXPECT_FALSE(ExamSession::from_json("[]").ok());
  ManualClock clock(kStart);
  const std::string saved = start_set_exam(clock).to_json();
  auto broken = [&](const std::string& from, const std::string& to) {
    std::string text = saved;
    const std::size_t at = text.find(from);
    EXPECT_NE(at, std::string::npos) << from;
    text.replace(at, from.size(), to);
    Expected<ExamSession> session = ExamSession::from_json(text);
    EXPECT_FALSE(session.ok()) << text;
    return session.ok() ? std::string() : to_string(session.errors());
  };
  EXPECT_NE(broken("\"format\":1", "\"format\":2").find("format: is 2"), std::string::npos);
  EXPECT_NE(broken("\"current\":0", "\"current\":9").find("current: is past the last question"), std::string::npos);
  EXPECT_NE(broken("\"chosen\":null", "\"chosen\":[7]").find("slots[0].chosen: names no choice"), std::string::npos);
  EXPECT_NE(broken("\"pass_mark\":3", "\"pass_mark\":\"3\"").find("pass_mark: must be an integer"), std::string::npos);
  EXPECT_NE(broken("\"choice_count\":3", "\"choice_count\":-3").find("questions[0].choice_count: must be a non-negative integer"),
            std::string::npos);
}

TEST(ExamSession, SubmissionLeavesAnAttemptAndOneAnswerPerAnsweredQuestion) {
  ManualClock clock(kStart);
  ExamSession exam = start_set_exam(clock);
  RecordIdGenerator ids("dev", 40);
  EXPECT_FALSE(exam.records(ids).has_value());  // nothing to log before submission

  exam.answer(0, 0, kStart + 5'000);
  exam.answer(0, 2, kStart + 8'000);   // right
  exam.next(kStart + 10'000);          // 10 s on question 0
  exam.answer(1, 0, kStart + 14'000);  // wrong
  exam.jump(3, kStart + 20'000);       // 10 s on question 1
  exam.flag(3);
  exam.jump(0, kStart + 21'000);       // 1 s on question 3
  exam.submit(kStart + 25'000);        // 4 more on question 0

  std::optional<ExamRecords> records = exam.records(ids);
  ASSERT_TRUE(records.has_value());
  const ExamAttemptRecord& attempt = records->attempt;
  EXPECT_EQ(attempt.id, "dev:40");
  EXPECT_EQ(attempt.pack_id, "client-pack");
  EXPECT_EQ(attempt.blueprint_id, "short");
  EXPECT_EQ(attempt.exam_set_id, "set-1");
  EXPECT_EQ(attempt.started_at_ms, kStart);
  EXPECT_EQ(attempt.submitted_at_ms, kStart + 25'000);
  EXPECT_EQ(attempt.question_ids, (std::vector<std::string>{"rules-5", "signs-2", "lights-1", "signs-1"}));
  EXPECT_EQ(attempt.chosen, (std::vector<std::optional<std::vector<std::size_t>>>{
                                std::vector<std::size_t>{0, 2}, std::vector<std::size_t>{0}, std::nullopt, std::nullopt}));
  EXPECT_EQ(attempt.flagged, (std::vector<bool>{false, false, false, true}));
  EXPECT_EQ(attempt.score, 1);
  EXPECT_EQ(attempt.question_count, 4);
  EXPECT_EQ(attempt.pass_mark, 3);
  EXPECT_FALSE(attempt.passed);
  EXPECT_FALSE(attempt.timed_out);

  ASSERT_EQ(records->answers.size(), 2u);
  EXPECT_EQ(records->answers[0], (AnswerRecord{"dev:41", "client-pack", "rules-5", {0, 2}, true, kStart + 8'000, 14'000, AnswerMode::exam}));
  EXPECT_EQ(records->answers[1], (AnswerRecord{"dev:42", "client-pack", "signs-2", {0}, false, kStart + 14'000, 10'000, AnswerMode::exam}));

  ProgressLog log;
  EXPECT_TRUE(log.append(records->attempt));
  for (const AnswerRecord& answer : records->answers) EXPECT_TRUE(log.append(answer));
  LoadedProgressLog loaded = read_progress_log(to_json_lines(log));
  EXPECT_TRUE(loaded.problems.empty());
  EXPECT_EQ(loaded.log.records(), log.records());
}

TEST(ExamSession, TimeSpentStopsAtTheEndOfTheExam) {
  ManualClock clock(kStart);
  ExamSession exam = start_set_exam(clock);
  exam.answer(0, 0, kStart + 1000);
  exam.answer(0, 2, kStart + 2000);
  EXPECT_TRUE(exam.tick(kStart + 60 * kMinute));  // the student walked away
  RecordIdGenerator ids("dev");
  std::optional<ExamRecords> records = exam.records(ids);
  ASSERT_TRUE(records.has_value());
  ASSERT_EQ(records->answers.size(), 1u);
  EXPECT_EQ(records->answers[0].time_spent_ms, 5 * kMinute);
  EXPECT_TRUE(records->attempt.timed_out);
}

}  // namespace
}  // namespace umuhanda
