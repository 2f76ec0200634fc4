// ProgressLog: record ids, append-only storage, JSON Lines round trips, bad lines and duplicates.
#include <gtest/gtest.h>

#include <set>

#include "client_fixtures.hpp"
#include "umuhanda/progress_log.hpp"

namespace umuhanda {
namespace {

using testing::answer_at;
using testing::kStart;

ExamAttemptRecord sample_attempt(std::string id, std::optional<std::string> exam_set = std::nullopt) {
  ExamAttemptRecord r;
  r.id = std::move(id);
  r.pack_id = "client-pack";
  r.blueprint_id = "mock";
  r.exam_set_id = std::move(exam_set);
  r.started_at_ms = kStart;
  r.submitted_at_ms = kStart + 300'000;
  r.question_ids = {"signs-1", "rules-5", "lights-2"};
  r.chosen = {std::vector<std::size_t>{1}, std::vector<std::size_t>{0, 2}, std::nullopt};
  r.flagged = {false, true, false};
  r.score = 2;
  r.question_count = 3;
  r.pass_mark = 2;
  r.passed = true;
  r.timed_out = false;
  return r;
}

TEST(ProgressLog, AnswerModesHaveStableNames) {
  for (AnswerMode mode : {AnswerMode::practice, AnswerMode::exam, AnswerMode::flashcard, AnswerMode::review}) {
    EXPECT_EQ(answer_mode_from(to_string(mode)), mode);
  }
  EXPECT_EQ(to_string(AnswerMode::flashcard), "flashcard");
  EXPECT_FALSE(answer_mode_from("quiz").has_value());
}

TEST(ProgressLog, ARightAnswerIsExactlyTheCorrectSetInAnyOrder) {
  const std::vector<std::size_t> correct{2, 0};
  EXPECT_TRUE(is_right_answer(correct, std::vector<std::size_t>{0, 2}));
  EXPECT_TRUE(is_right_answer(correct, std::vector<std::size_t>{2, 0, 2}));
  EXPECT_FALSE(is_right_answer(correct, std::vector<std::size_t>{0}));        // half right is wrong
  EXPECT_FALSE(is_right_answer(correct, std::vector<std::size_t>{0, 1, 2}));  // one too many is wrong
  EXPECT_FALSE(is_right_answer(correct, std::vector<std::size_t>{}));
}

TEST(ProgressLog, MakeAnswerRecordMarksAndNormalisesTheChoice) {
  const Pack pack = testing::make_client_pack();
  RecordIdGenerator ids("phone");
  const Question& multi = *pack.find_question("rules-5");
  AnswerRecord right = make_answer_record(ids, pack.id, multi, {2, 0, 0}, kStart, 5000, AnswerMode::review);
  EXPECT_EQ(right.id, "phone:1");
  EXPECT_EQ(right.chosen, (std::vector<std::size_t>{0, 2}));
  EXPECT_TRUE(right.correct);
  EXPECT_EQ(right.mode, AnswerMode::review);
  AnswerRecord wrong = make_answer_record(ids, pack.id, *pack.find_question("signs-1"), {0}, kStart + 1, -3, AnswerMode::practice);
  EXPECT_EQ(wrong.id, "phone:2");
  EXPECT_FALSE(wrong.correct);
  EXPECT_EQ(wrong.time_spent_ms, 0);  // a clock that went back never gives a negative duration
}

TEST(RecordIdGenerator, CountsUpFromOne) {
  RecordIdGenerator ids("tablet-7");
  EXPECT_EQ(ids.next(), "tablet-7:1");
  EXPECT_EQ(ids.next(), "tablet-7:2");
  EXPECT_EQ(ids.next_counter(), 3u);
}

TEST(RecordIdGenerator, ResumesAfterTheHighestCounterOfThisDeviceOnly) {
  ProgressLog log;
  log.append(answer_at("dev:3", "signs-1", true, kStart));
  log.append(answer_at("dev:12", "signs-2", true, kStart));
  log.append(answer_at("dev:5", "signs-3", true, kStart));
  log.append(answer_at("other:99", "signs-4", true, kStart));  // another device
  log.append(answer_at("dev:x7", "signs-5", true, kStart));    // not one of ours
  log.append(answer_at("dev2:500", "signs-6", true, kStart));  // a device whose id starts like ours
  EXPECT_EQ(RecordIdGenerator::resume("dev", log).next(), "dev:13");
  EXPECT_EQ(RecordIdGenerator::resume("dev", log, 40).next(), "dev:40");  // a stored counter ahead of the log
  EXPECT_EQ(RecordIdGenerator::resume("new", log).next(), "new:1");
}

TEST(RecordIdGenerator, IdsStayUniqueAcrossASaveAndRestore) {
  RecordIdGenerator ids("dev");
  ProgressLog log;
  for (int i = 0; i < 5; ++i) log.append(answer_at(ids.next(), "signs-1", true, kStart + i));
  // Reload: the page starts afresh from the stored text.
  LoadedProgressLog loaded = read_progress_log(to_json_lines(log));
  RecordIdGenerator resumed = RecordIdGenerator::resume("dev", loaded.log);
  std::set<std::string> all;
  for (const auto& record : loaded.log.records()) all.insert(record_id(record));
  for (int i = 0; i < 5; ++i) {
    const std::string id = resumed.next();
    EXPECT_FALSE(loaded.log.contains(id)) << id;
    EXPECT_TRUE(all.insert(id).second) << id;
    EXPECT_TRUE(loaded.log.append(answer_at(id, "signs-2", false, kStart + 10 + i)));
  }
  EXPECT_EQ(loaded.log.size(), 10u);
}

TEST(ProgressLog, AppendKeepsOrderAndRefusesAnIdTwice) {
  ProgressLog log;
  EXPECT_TRUE(log.append(answer_at("d:1", "signs-1", true, kStart + 50)));
  EXPECT_TRUE(log.append(sample_attempt("d:2")));
  EXPECT_TRUE(log.append(answer_at("d:3", "signs-2", false, kStart)));
  EXPECT_FALSE(log.append(answer_at("d:1", "lights-1", false, kStart + 99)));
  ASSERT_EQ(log.size(), 3u);
  EXPECT_EQ(record_id(log.records()[0]), "d:1");
  EXPECT_EQ(std::get<AnswerRecord>(log.records()[0]).question_id, "signs-1");  // untouched
  EXPECT_EQ(record_id(log.records()[2]), "d:3");
  EXPECT_EQ(log.answers().size(), 2u);
  EXPECT_EQ(log.exam_attempts().size(), 1u);
  EXPECT_NE(log.find("d:2"), nullptr);
  EXPECT_EQ(log.find("d:4"), nullptr);
}

TEST(ProgressLog, JsonLinesRoundTripEveryField) {
  ProgressLog log;
  AnswerRecord multi = answer_at("d:1", "rules-5", true, kStart, "client-pack", AnswerMode::flashcard);
  multi.chosen = {0, 2};
  multi.time_spent_ms = 12'345;
  log.append(multi);
  log.append(sample_attempt("d:2"));
  log.append(sample_attempt("d:3", "set-1"));
  log.append(answer_at("d:4", "signs-1", false, kStart + 3 * testing::kDay, "other-pack", AnswerMode::exam));

  const std::string text = to_json_lines(log);
  LoadedProgressLog loaded = read_progress_log(text);
  EXPECT_TRUE(loaded.problems.empty()) << to_string(loaded.problems);
  EXPECT_EQ(loaded.duplicates, 0u);
  ASSERT_EQ(loaded.log.size(), log.size());
  for (std::size_t i = 0; i < log.size(); ++i) EXPECT_EQ(loaded.log.records()[i], log.records()[i]) << "record " << i;
  EXPECT_EQ(to_json_lines(loaded.log), text);
}

TEST(ProgressLog, EachLineIsOneObjectThatSaysItsTypeFirst) {
  ProgressLog log;
  log.append(answer_at("d:1", "signs-1", true, kStart));
  log.append(sample_attempt("d:2"));
  const std::string text = to_json_lines(log);
  ASSERT_EQ(std::count(text.begin(), text.end(), '\n'), 2);
  EXPECT_EQ(text.back(), '\n');
  EXPECT_EQ(text.rfind(R"({"type":"answer","id":"d:1")", 0), 0u) << text;
  EXPECT_NE(text.find("\n{\"type\":\"exam_attempt\",\"id\":\"d:2\""), std::string::npos) << text;
  EXPECT_NE(text.find(R"("chosen":[[1],[0,2],null])"), std::string::npos) << text;
  EXPECT_NE(text.find(R"("exam_set_id":null)"), std::string::npos) << text;
}

TEST(ProgressLog, BadLinesAreReportedByLineNumberAndTheGoodOnesKept) {
  ProgressLog good;
  good.append(answer_at("d:1", "signs-1", true, kStart));
  good.append(answer_at("d:2", "signs-2", false, kStart + 1));
  good.append(sample_attempt("d:3"));
  const auto lines = [&](std::size_t i) { return to_json_line(good.records()[i]); };
  const std::string text = lines(0) + "\r\n" +                        // 1: CRLF is fine
                           "{\"type\":\"answer\",\"id\":\"d:9\"\n" +  // 2: torn write
                           "\n" +                                     // 3: blank, skipped
                           "[1,2]\n" +                                // 4: not an object
                           R"({"type":"badge","id":"d:10"})"
                           "\n" +  // 5: unknown type
                           R"({"type":"answer","id":"d:11","pack_id":"p","question_id":"q","chosen":[-1],"correct":"yes",)"
                           R"("answered_at_ms":1,"time_spent_ms":1,"mode":"quiz"})"
                           "\n" +  // 6: three bad fields
                           lines(1) +
                           "\n" +  // 7
                           R"({"type":"answer","id":"d:12"})"
                           "\n" +     // 8: fields missing
                           lines(2);  // 9: no final newline
  LoadedProgressLog loaded = read_progress_log(text);
  ASSERT_EQ(loaded.log.size(), 3u);
  EXPECT_EQ(loaded.log.records(), good.records());

  std::set<std::string> bad_lines;
  for (const Diagnostic& d : loaded.problems) {
    EXPECT_EQ(d.severity, Severity::error);
    bad_lines.insert(d.path.substr(0, d.path.find('.')));
  }
  EXPECT_EQ(bad_lines, (std::set<std::string>{"line 2", "line 4", "line 5", "line 6", "line 8"})) << to_string(loaded.problems);
  const std::string report = to_string(loaded.problems);
  EXPECT_NE(report.find("line 2: is not valid JSON"), std::string::npos) << report;
  EXPECT_NE(report.find("line 5.type: is \"badge\""), std::string::npos) << report;
  EXPECT_NE(report.find("line 6.chosen[0]: must be a non-negative integer"), std::string::npos) << report;
  EXPECT_NE(report.find("line 6.correct: must be true or false"), std::string::npos) << report;
  EXPECT_NE(report.find("line 6.mode: is \"quiz\""), std::string::npos) << report;
  EXPECT_NE(report.find("line 8.pack_id: is missing"), std::string::npos) << report;
}

TEST(ProgressLog, DuplicateIdsFromARetriedSyncAreIgnoredOnRead) {
  ProgressLog log;
  log.append(answer_at("d:1", "signs-1", true, kStart));
  log.append(sample_attempt("d:2"));
  const std::string once = to_json_lines(log);
  LoadedProgressLog loaded = read_progress_log(once + once + to_json_line(log.records()[0]) + "\n");
  EXPECT_TRUE(loaded.problems.empty()) << to_string(loaded.problems);
  EXPECT_EQ(loaded.duplicates, 3u);
  EXPECT_EQ(loaded.log.records(), log.records());
}

TEST(ProgressLog, ADuplicateIdWithOtherContentKeepsTheFirstAndWarns) {
  ProgressLog first;
  first.append(answer_at("d:1", "signs-1", true, kStart));
  ProgressLog clash;
  clash.append(answer_at("d:1", "lights-1", false, kStart + 5));
  LoadedProgressLog loaded = read_progress_log(to_json_lines(first) + to_json_lines(clash));
  ASSERT_EQ(loaded.log.size(), 1u);
  EXPECT_EQ(std::get<AnswerRecord>(loaded.log.records()[0]).question_id, "signs-1");
  ASSERT_EQ(loaded.problems.size(), 1u);
  EXPECT_EQ(loaded.problems[0].severity, Severity::warning);
  EXPECT_EQ(loaded.problems[0].path, "line 2");
}

TEST(ProgressLog, AppendingLinesToALogSkipsWhatItHolds) {
  ProgressLog device;
  device.append(answer_at("d:1", "signs-1", true, kStart));
  ProgressLog server;  // what a sync brings back: our own record and another device's
  server.append(answer_at("d:1", "signs-1", true, kStart));
  server.append(answer_at("laptop:1", "lights-1", false, kStart + 1));
  std::size_t duplicates = 0;
  Diagnostics problems = append_json_lines(device, to_json_lines(server), &duplicates);
  EXPECT_TRUE(problems.empty());
  EXPECT_EQ(duplicates, 1u);
  ASSERT_EQ(device.size(), 2u);
  EXPECT_EQ(record_id(device.records()[1]), "laptop:1");
}

TEST(ProgressLog, AnExamAttemptWhoseListsDisagreeIsABadLine) {
  ExamAttemptRecord attempt = sample_attempt("d:1");
  attempt.chosen.pop_back();
  attempt.flagged.push_back(true);
  LoadedProgressLog loaded = read_progress_log(to_json_line(attempt));
  EXPECT_TRUE(loaded.log.empty());
  const std::string report = to_string(loaded.problems);
  EXPECT_NE(report.find("line 1.chosen: has 2 entries for 3 questions"), std::string::npos) << report;
  EXPECT_NE(report.find("line 1.flagged: has 4 entries for 3 questions"), std::string::npos) << report;
}

// [SECTION] Resets

TEST(ProgressLog, AResetHidesEverythingAnsweredAtOrBeforeItWhateverTheOrderRecordsArrive) {
  ExamAttemptRecord before_exam = sample_attempt("a:2");  // submitted at kStart + 300 s
  const ResetRecord reset{"b:1", kStart + 300'000};
  const std::vector<ProgressRecord> records = {answer_at("a:1", "q1", true, kStart), before_exam, reset,
                                               answer_at("a:3", "q2", false, kStart + 300'001)};
  // Device A's old answers can reach device B after B's reset: the views must not depend on order.
  const std::vector<std::vector<std::size_t>> orders = {{0, 1, 2, 3}, {2, 3, 1, 0}, {3, 0, 2, 1}};
  for (const std::vector<std::size_t>& order : orders) {
    ProgressLog log;
    for (std::size_t i : order) ASSERT_TRUE(log.append(records[i]));
    EXPECT_EQ(log.size(), 4u) << "nothing is deleted";
    ASSERT_EQ(log.answers().size(), 1u);
    EXPECT_EQ(log.answers()[0]->id, "a:3");
    EXPECT_TRUE(log.exam_attempts().empty()) << "an exam submitted at the reset's millisecond is cleared too";
    EXPECT_EQ(log.last_reset_ms(), kStart + 300'000);
  }
  ProgressLog never_reset;
  never_reset.append(records[0]);
  EXPECT_FALSE(never_reset.last_reset_ms().has_value());
  EXPECT_EQ(never_reset.answers().size(), 1u);
}

TEST(ProgressLog, TheLatestOfSeveralResetsCountsAndResetsRoundTripAsJsonLines) {
  ProgressLog log;
  log.append(ResetRecord{"a:9", kStart + 50});
  log.append(answer_at("a:10", "q1", true, kStart + 40));
  log.append(ResetRecord{"b:2", kStart + 10});  // an older reset synced late changes nothing
  log.append(answer_at("a:11", "q1", true, kStart + 60));
  EXPECT_EQ(log.last_reset_ms(), kStart + 50);
  ASSERT_EQ(log.answers().size(), 1u);
  EXPECT_EQ(log.answers()[0]->id, "a:11");

  const std::string line = to_json_line(ResetRecord{"a:9", kStart + 50});
  EXPECT_EQ(line, R"({"type":"reset","id":"a:9","reset_at_ms":)" + std::to_string(kStart + 50) + "}");
  LoadedProgressLog loaded = read_progress_log(to_json_lines(log));
  EXPECT_TRUE(loaded.problems.empty()) << to_string(loaded.problems);
  EXPECT_EQ(loaded.log.records(), log.records());
  EXPECT_EQ(record_type(loaded.log.records()[0]), "reset");
  EXPECT_EQ(record_time_ms(loaded.log.records()[0]), kStart + 50);
}

TEST(ProgressLog, ReadProgressRecordLocatesWhatIsWrong) {
  auto missing = read_progress_record(R"({"type":"reset","id":"a:1"})", "events[3]");
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(to_string(missing.errors()).find("events[3].reset_at_ms"), std::string::npos) << to_string(missing.errors());
  auto unknown = read_progress_record(R"({"type":"lesson_read","id":"a:1"})", "events[0]");
  ASSERT_FALSE(unknown.ok());
  EXPECT_NE(to_string(unknown.errors()).find("events[0].type: is \"lesson_read\""), std::string::npos) << to_string(unknown.errors());
  auto answer = read_progress_record(to_json_line(answer_at("d:7", "q9", true, kStart)), "events[1]");
  ASSERT_TRUE(answer.ok()) << to_string(answer.errors());
  EXPECT_EQ(record_type(answer.value()), "answer");
  EXPECT_EQ(record_time_ms(answer.value()), kStart);
}

}  // namespace
}  // namespace umuhanda
