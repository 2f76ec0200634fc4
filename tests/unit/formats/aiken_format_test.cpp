// Aiken import and export: the three-question fixture, the round trip, and located errors.
#include <gtest/gtest.h>

#include "format_test_support.hpp"

namespace umuhanda {
namespace {

using namespace umuhanda::testing;

Expected<ImportResult> import_aiken_text(std::string_view text, const LanguageCode& language = "en") {
  return import_pack(ExchangeFormat::aiken, text, options_for("questions.txt", language));
}

TEST(AikenImport, ReadsThreeQuestions) {
  auto imported = import_aiken_text(read_fixture("aiken/questions.txt"));
  ASSERT_TRUE(imported.ok()) << to_string(imported.errors());
  expect_usable(imported.value());
  const Pack& pack = imported->pack;
  EXPECT_EQ(pack.topics, std::vector<Topic>{general_topic("en")});
  ASSERT_EQ(pack.questions.size(), 3u);

  const Question& ambulance = pack.questions[0];
  EXPECT_EQ(ambulance.id, derived_question_id("general", ambulance.prompt.in("en")));
  EXPECT_EQ(ambulance.choices.size(), 3u);
  EXPECT_EQ(ambulance.choices[1].text.in("en"), "Move aside safely and let it pass");
  EXPECT_EQ(ambulance.correct, std::vector<std::size_t>{1});

  EXPECT_EQ(pack.questions[1].choices[0].text.in("en"), "Stop and wait behind the line") << "options written A)";
  EXPECT_EQ(pack.questions[2].prompt.in("en"), "Before changing lanes you must\ncheck your mirrors and:");
  EXPECT_EQ(pack.questions[2].choices.size(), 4u);
  EXPECT_EQ(pack.questions[2].correct, std::vector<std::size_t>{0});
}

TEST(AikenImport, NeedsNoBlankLineAfterAnswerAndTakesCrlf) {
  auto imported = import_aiken_text("\xEF\xBB\xBFOne?\r\nA. x\r\nB. y\r\nANSWER: b\r\nTwo?\r\nA. x\r\nB. y\r\nANSWER: A\r\n", "rw");
  ASSERT_TRUE(imported.ok()) << to_string(imported.errors());
  EXPECT_EQ(imported->pack.questions.size(), 2u);
  EXPECT_EQ(imported->pack.questions[0].correct, std::vector<std::size_t>{1});
  EXPECT_EQ(imported->pack.topics[0].name.in("rw"), "Rusange");
}

// Fuzzing found a question line "\f\f\fanswer: ..." read as question text: trimmed, it began
// "answer:", so the export left it out. Every blank trim() removes now also indents a line.
TEST(AikenImport, FormFeedsAndVerticalTabsIndentLikeSpaces) {
  auto imported = import_aiken_text("Red?\n\fA. Stop\n\vB. Go\n\f\fANSWER: A\n");
  ASSERT_TRUE(imported.ok()) << to_string(imported.errors());
  ASSERT_EQ(imported->pack.questions.size(), 1u);
  EXPECT_EQ(imported->pack.questions[0].choices.size(), 2u);
  EXPECT_EQ(imported->pack.questions[0].choices[1].text.in("en"), "Go");

  auto errors = import_errors(ExchangeFormat::aiken, "\f\f\fanswer: A\n", options_for("q.txt"));
  ASSERT_EQ(errors.size(), 1u) << to_string(errors);
  EXPECT_TRUE(has_message(errors, "q.txt:1:4", "an ANSWER: line without a question and options before it")) << to_string(errors);
}

TEST(AikenRoundTrip, ExportThenImportGivesAnEqualPack) {
  Pack pack;
  pack.id = "imported";
  pack.version = 1;
  pack.languages = {"rw"};
  pack.title = text("rw", "Imported from questions.txt");
  pack.topics = {general_topic("rw")};
  for (const std::string prompt : {"Iki cyapa gisobanura iki?", "Ugomba gukora iki ku itara ritukura?"}) {
    Question q;
    q.id = derived_question_id("general", prompt);
    q.topic = "general";
    q.prompt = text("rw", prompt);
    q.choices = {text_choice("rw", "Guhagarara"), text_choice("rw", "Gukomeza"), text_choice("rw", "A. kongera umuvuduko")};
    q.correct = {pack.questions.size()};
    pack.questions.push_back(q);
  }
  ExportResult exported = export_pack(ExchangeFormat::aiken, pack);
  EXPECT_TRUE(exported.lost.empty()) << to_string(exported.lost);
  auto imported = import_aiken_text(exported.text, "rw");
  ASSERT_TRUE(imported.ok()) << to_string(imported.errors()) << exported.text;
  EXPECT_EQ(imported->pack, pack) << exported.text;
}

TEST(AikenRoundTrip, TheFixtureSurvivesExportAndImport) {
  auto first = import_aiken_text(read_fixture("aiken/questions.txt"));
  ASSERT_TRUE(first.ok());
  ExportResult exported = export_pack(ExchangeFormat::aiken, first->pack);
  // The multi-line question is written on one line, as Moodle wants it: that one change is reported.
  ASSERT_EQ(exported.lost.size(), 1u) << to_string(exported.lost);
  EXPECT_EQ(exported.lost[0].path, "questions[2].prompt.en");
  auto again = import_aiken_text(exported.text);
  ASSERT_TRUE(again.ok()) << to_string(again.errors());
  EXPECT_EQ(again->pack.questions[0], first->pack.questions[0]);
  EXPECT_EQ(again->pack.questions[1], first->pack.questions[1]);
  EXPECT_EQ(again->pack.questions[2].prompt.in("en"), "Before changing lanes you must check your mirrors and:");
}

TEST(AikenExport, ReportsTopicsExplanationsAndIds) {
  Pack pack;
  pack.id = "p";
  pack.languages = {"en"};
  pack.topics = {Topic{"signs", text("en", "Signs"), 1}};
  Question q;
  q.id = "my-id";
  q.topic = "signs";
  q.prompt = text("en", "Red?");
  q.choices = {text_choice("en", "Stop"), text_choice("en", "Go")};
  q.correct = {0};
  q.explanation = text("en", "Red stops.");
  Question several = q;
  several.id = "several";
  several.correct = {0, 1};
  several.multiple_answers = true;
  pack.questions = {q, several};
  ExportResult exported = export_pack(ExchangeFormat::aiken, pack);
  EXPECT_TRUE(mentions(exported.lost, "topics", "no topics"));
  EXPECT_TRUE(mentions(exported.lost, "questions", "1 explanation(s)"));
  EXPECT_TRUE(mentions(exported.lost, "questions", "1 question id(s)"));
  EXPECT_TRUE(mentions(exported.lost, "questions[1]", "several right answers"));
  EXPECT_EQ(exported.text, "Red?\nA. Stop\nB. Go\nANSWER: A\n\n");
}

// [SECTION] Errors: each names FILE:LINE:COLUMN

TEST(AikenErrors, MissingAnswerIsLocated) {
  auto errors = import_errors(ExchangeFormat::aiken, "Red?\nA. Stop\nB. Go\n\nGreen?\nA. Go\nB. Stop\n", options_for("q.txt"));
  ASSERT_EQ(errors.size(), 2u) << to_string(errors);
  EXPECT_TRUE(has_message(errors, "q.txt:1:1", "no \"ANSWER:\" line after its options (the blank line on line 4 ends it)"));
  EXPECT_TRUE(has_message(errors, "q.txt:5:1", "no \"ANSWER:\" line: the file ends first"));
}

TEST(AikenErrors, AnswerNotAmongOptionsIsLocatedAtTheLetter) {
  auto errors = import_errors(ExchangeFormat::aiken, "Red?\nA. Stop\nB. Go\nANSWER:   D\n", options_for("q.txt"));
  ASSERT_EQ(errors.size(), 1u) << to_string(errors);
  EXPECT_EQ(to_string(errors[0]), "q.txt:4:11: ANSWER: D is not among the options A-B");
}

TEST(AikenErrors, FewerThanTwoOptionsIsLocated) {
  auto errors = import_errors(ExchangeFormat::aiken, "Red?\nA. Stop\nANSWER: A\n", options_for("q.txt"));
  ASSERT_EQ(errors.size(), 1u) << to_string(errors);
  EXPECT_TRUE(has_message(errors, "q.txt:3:1", "has 1 option, a question needs at least 2"));
}

TEST(AikenErrors, UnexpectedLineAndBadLetterAreLocated) {
  auto errors = import_errors(ExchangeFormat::aiken, "Red?\nA. Stop\nC. Go\nANSWER: A\n\nBlue?\nA. x\nB. y\nANSWER: AB\n\nNo options\nANSWER: A\n",
                              options_for("q.txt"));
  EXPECT_TRUE(has_message(errors, "q.txt:3:1", "expected option \"B.\" or \"ANSWER:\" here")) << to_string(errors);
  EXPECT_TRUE(has_message(errors, "q.txt:9:9", "\"AB\" is not one option letter")) << to_string(errors);
  EXPECT_TRUE(has_message(errors, "q.txt:11:1", "has no options")) << to_string(errors);
  EXPECT_EQ(errors.size(), 3u) << to_string(errors);
}

TEST(AikenErrors, EmptyOptionIsLocated) {
  auto errors = import_errors(ExchangeFormat::aiken, "Red?\nA. Stop\n  B.\nANSWER: A\n", options_for("q.txt"));
  ASSERT_EQ(errors.size(), 1u) << to_string(errors);
  EXPECT_TRUE(has_message(errors, "q.txt:3:3", "this option has no text"));
}

}  // namespace
}  // namespace umuhanda
