// CSV import and export: the spreadsheet fixture, stable ids, the round trip, and located errors.
#include <gtest/gtest.h>

#include "format_test_support.hpp"

namespace umuhanda {
namespace {

using namespace umuhanda::testing;

Expected<ImportResult> import_csv_text(std::string_view text, const std::string& source = "questions.csv") {
  ImportOptions options = options_for(source);
  options.read_media = fixture_media("csv/media");
  return import_pack(ExchangeFormat::csv, text, options);
}

TEST(CsvImport, ReadsTheSpreadsheetFixture) {
  auto imported = import_csv_text(read_fixture("csv/questions.csv"));
  ASSERT_TRUE(imported.ok()) << to_string(imported.errors());
  expect_usable(imported.value());
  const Pack& pack = imported->pack;

  EXPECT_EQ(pack.id, "imported");
  EXPECT_EQ(pack.version, 1);
  EXPECT_EQ(pack.title.in("en"), "Imported from questions.csv");
  EXPECT_EQ(pack.languages, (std::vector<LanguageCode>{"en", "fr"}));
  ASSERT_EQ(pack.questions.size(), 3u);
  ASSERT_EQ(pack.topics.size(), 2u);

  // Two rows per id became one question in two languages; the topic carries both names.
  EXPECT_EQ(pack.topics[0].id, "road-signs");
  EXPECT_EQ(pack.topics[0].name.in("fr"), "Panneaux");
  EXPECT_EQ(pack.topics[1].id, "traffic-lights");
  EXPECT_EQ(pack.topics[1].order, 2);

  const Question& stop = pack.questions[0];
  EXPECT_EQ(stop.id, "stop-sign");
  EXPECT_EQ(stop.prompt.in("en"), "What does a red, octagonal sign mean?");  // quoted comma
  EXPECT_EQ(stop.choices.size(), 3u);
  EXPECT_EQ(stop.choices[1].text.in("fr"), "Cédez le passage");
  EXPECT_EQ(stop.correct, std::vector<std::size_t>{0});
  EXPECT_EQ(stop.explanation.in("en"), "The \"STOP\" sign: stop completely, then go on.");  // doubled quotes
  EXPECT_EQ(stop.image, "media/signs/stop.png");
  EXPECT_TRUE(imported->media.count("media/signs/stop.png"));

  const Question& amber = pack.questions[1];
  EXPECT_EQ(amber.prompt.in("en"), "At a steady amber light\nyou should:");  // a line break inside a cell, CRLF in the file
  EXPECT_EQ(amber.choices[1].text.in("en"), "Stop, if you safely can");
  EXPECT_EQ(amber.correct, std::vector<std::size_t>{1});
  EXPECT_TRUE(amber.explanation.empty());

  const Question& overtake = pack.questions[2];
  EXPECT_EQ(overtake.choices.size(), 2u);                    // an empty choice3 cell is no choice
  EXPECT_EQ(overtake.correct, std::vector<std::size_t>{1});  // "B" and "2" agree
}

TEST(CsvImport, DerivesStableIdsForRowsWithoutId) {
  const std::string a = "topic,question,choice1,choice2,correct\nSigns,What is red?,Stop,Go,1\nSigns,What is green?,Go,Stop,1\n";
  const std::string b = "topic,question,choice1,choice2,correct\nSigns,What is green?,Go,Stop,1\nSigns,What is red?,Stop,Go,1\n";
  auto first = import_csv_text(a);
  auto reordered = import_csv_text(b);
  ASSERT_TRUE(first.ok()) << to_string(first.errors());
  ASSERT_TRUE(reordered.ok());
  const std::string red = first->pack.questions[0].id;
  EXPECT_EQ(red.rfind("signs-", 0), 0u) << red;
  EXPECT_EQ(red.size(), std::string("signs-").size() + 8);
  EXPECT_EQ(reordered->pack.questions[1].id, red) << "the id follows the text, not the row number";
  EXPECT_NE(first->pack.questions[1].id, red);
}

TEST(CsvImport, ReadsSemicolonsLfAndLanguageDefault) {
  const std::string text = "Question;Topic;Choice1;Choice2;Correct\n\"Vrai; ou faux ?\";Règles;Vrai;Faux;B\n";
  ImportOptions options = options_for("fr.csv", "fr");
  auto imported = import_pack(ExchangeFormat::csv, text, options);
  ASSERT_TRUE(imported.ok()) << to_string(imported.errors());
  EXPECT_EQ(imported->pack.languages, std::vector<LanguageCode>{"fr"});
  EXPECT_EQ(imported->pack.questions[0].prompt.in("fr"), "Vrai; ou faux ?");
  EXPECT_EQ(imported->pack.topics[0].id, "regles");
}

TEST(CsvImport, WarnsAboutUnknownColumnsAndMissingPictures) {
  const std::string text = "topic,question,choice1,choice2,correct,notes,image\nSigns,What is red?,Stop,Go,1,check this,signs/none.png\n";
  auto imported = import_csv_text(text);
  ASSERT_TRUE(imported.ok()) << to_string(imported.errors());
  EXPECT_TRUE(has_message(imported->warnings, "questions.csv:1:40", "is not one the importer reads"));
  EXPECT_TRUE(has_message(imported->warnings, "questions.csv:2:41", "is not in the media folder"));
  EXPECT_TRUE(imported->pack.questions[0].image.empty());
  expect_usable(imported.value());
}

TEST(CsvRoundTrip, ExportThenImportGivesAnEqualPack) {
  Pack pack;
  pack.id = "imported";
  pack.version = 1;
  pack.languages = {"rw", "en"};
  pack.title.by_language = {{"rw", "Imported from questions.csv"}, {"en", "Imported from questions.csv"}};
  pack.topics = {Topic{"signs", LocalizedText{{{"rw", "Ibyapa"}, {"en", "Signs, all of them"}}}, 1},
                 Topic{"rules", LocalizedText{{{"rw", "Amategeko"}, {"en", "Rules"}}}, 2}};
  Question first;
  first.id = "q-1";
  first.topic = "signs";
  first.prompt.by_language = {{"rw", "Iki cyapa gisobanura iki?"}, {"en", "What does this sign mean?\nPick one, \"carefully\"."}};
  first.choices = {Choice{LocalizedText{{{"rw", "Hagarara"}, {"en", "Stop"}}}, "", ""},
                   Choice{LocalizedText{{{"rw", "Komeza"}, {"en", "Go on"}}}, "", ""},
                   Choice{LocalizedText{{{"rw", "Tanga inzira"}, {"en", "Give way"}}}, "", ""}};
  first.correct = {2};
  first.explanation.by_language = {{"en", "Because, well; it says so."}};
  first.image = "media/signs/stop.png";
  Question second;
  second.id = "rules.2";
  second.topic = "rules";
  second.prompt.by_language = {{"rw", "Umukandara?"}, {"en", "Seat belt?"}};
  second.choices = {Choice{LocalizedText{{{"rw", "Yego"}, {"en", "Yes"}}}, "", ""}, Choice{LocalizedText{{{"rw", "Oya"}, {"en", "No"}}}, "", ""}};
  second.correct = {0};
  second.explanation.by_language = {{"rw", "Buri gihe."}, {"en", "Always."}};
  pack.questions = {first, second};

  ExportResult exported = export_pack(ExchangeFormat::csv, pack);
  EXPECT_TRUE(exported.lost.empty()) << to_string(exported.lost);
  ImportOptions options = options_for("questions.csv");
  options.read_media = any_png();
  auto imported = import_pack(ExchangeFormat::csv, exported.text, options);
  ASSERT_TRUE(imported.ok()) << to_string(imported.errors()) << exported.text;
  EXPECT_EQ(imported->pack, pack) << exported.text;
}

TEST(CsvRoundTrip, TheFixtureSurvivesExportAndImport) {
  auto first = import_csv_text(read_fixture("csv/questions.csv"));
  ASSERT_TRUE(first.ok());
  ExportResult exported = export_pack(ExchangeFormat::csv, first->pack);
  EXPECT_TRUE(exported.lost.empty()) << to_string(exported.lost);
  auto again = import_csv_text(exported.text);
  ASSERT_TRUE(again.ok()) << to_string(again.errors());
  EXPECT_EQ(again->pack, first->pack);
}

TEST(CsvExport, ReportsWhatItCannotHold) {
  Pack pack;
  pack.id = "p";
  pack.languages = {"en"};
  pack.topics = {Topic{"signs", text("en", "Signs"), 1}, Topic{"unused", text("en", "Unused"), 2}};
  pack.signs = {Sign{"stop", "C-1", SignCategory::prohibitory, text("en", "Stop"), text("en", "Stop"), "media/stop.png", ""}};
  Question several;
  several.id = "several";
  several.topic = "signs";
  several.prompt = text("en", "Pick two");
  several.choices = {text_choice("en", "a"), text_choice("en", "b"), text_choice("en", "c")};
  several.correct = {0, 1};
  several.multiple_answers = true;
  Question signs_only = several;
  signs_only.id = "signs-only";
  signs_only.multiple_answers = false;
  signs_only.correct = {0};
  signs_only.choices = {Choice{{}, "stop", ""}, text_choice("en", "b")};
  Question tagged = signs_only;
  tagged.id = "tagged";
  tagged.choices = {text_choice("en", "a"), text_choice("en", "b")};
  tagged.sign = "stop";
  tagged.difficulty = 2;
  tagged.tags = {"hard"};
  pack.questions = {several, signs_only, tagged};

  ExportResult exported = export_pack(ExchangeFormat::csv, pack);
  EXPECT_TRUE(mentions(exported.lost, "signs", "has no place for signs"));
  EXPECT_TRUE(mentions(exported.lost, "questions[0]", "several right answers"));
  EXPECT_TRUE(mentions(exported.lost, "questions[1].choices[0]", "without text"));
  EXPECT_TRUE(mentions(exported.lost, "questions[2].sign"));
  EXPECT_TRUE(mentions(exported.lost, "questions[2].difficulty"));
  EXPECT_TRUE(mentions(exported.lost, "questions[2].tags"));
  EXPECT_TRUE(mentions(exported.lost, "topics[1]", "no exported question"));
  EXPECT_NE(exported.text.find("tagged,en,signs,Signs,Pick two,a,b,1,,"), std::string::npos) << exported.text;
  EXPECT_EQ(exported.text.find("several"), std::string::npos);
}

// [SECTION] Errors: each names FILE:LINE:COLUMN

const std::string kHeader = "id,topic,question,choice1,choice2,choice3,correct\n";

TEST(CsvErrors, WrongCellCountIsLocated) {
  auto errors = import_errors(ExchangeFormat::csv, kHeader + "q1,Signs,Red?,Stop,Go,Wait,1,extra\n", options_for("questions.csv"));
  ASSERT_EQ(errors.size(), 1u) << to_string(errors);
  EXPECT_EQ(errors[0].path, "questions.csv:2:30");
  EXPECT_NE(errors[0].message.find("8 cells, the header has 7"), std::string::npos);
}

TEST(CsvErrors, UnknownCorrectChoiceIsLocated) {
  auto errors = import_errors(ExchangeFormat::csv, kHeader + "q1,Signs,Red?,Stop,Go,,G\nq2,Signs,Blue?,Stop,Go,,3\n", options_for("questions.csv"));
  ASSERT_EQ(errors.size(), 2u) << to_string(errors);
  EXPECT_TRUE(has_message(errors, "questions.csv:2:24", "\"G\" is not a choice number (1-6) or letter (A-F)"));
  EXPECT_TRUE(has_message(errors, "questions.csv:3:25", "names choice 3, this row has 2"));
}

TEST(CsvErrors, EmptyQuestionIsLocated) {
  auto errors = import_errors(ExchangeFormat::csv, kHeader + "q1,Signs,  ,Stop,Go,,1\n", options_for("questions.csv"));
  ASSERT_EQ(errors.size(), 1u) << to_string(errors);
  EXPECT_EQ(to_string(errors[0]), "questions.csv:2:10: the question is empty");
}

TEST(CsvErrors, UnclosedQuoteIsLocatedAtItsQuote) {
  auto errors = import_errors(ExchangeFormat::csv, kHeader + "q1,Signs,\"Red?,Stop,Go,,1\nq2,Signs,Blue,Stop,Go,,1\n", options_for("questions.csv"));
  ASSERT_FALSE(errors.empty());
  EXPECT_TRUE(has_message(errors, "questions.csv:2:10", "never closed"));
}

TEST(CsvErrors, MissingColumnsAreNamed) {
  auto errors = import_errors(ExchangeFormat::csv, "topic,question,choice1\nSigns,Red?,Stop\n", options_for("questions.csv"));
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_TRUE(has_message(errors, "questions.csv:1:1", "lacks column(s) choice2, correct"));
}

TEST(CsvErrors, TranslationsMustAgreeOnTheChoices) {
  const std::string text =
      "id,lang,topic,question,choice1,choice2,choice3,correct\n"
      "q1,en,Signs,Red?,Stop,Go,Wait,1\n"
      "q1,fr,Panneaux,Rouge ?,Stop,Va,,1\n"
      "q1,fr,Panneaux,Rouge ?,Stop,Va,Attends,2\n";
  auto errors = import_errors(ExchangeFormat::csv, text, options_for("questions.csv"));
  EXPECT_TRUE(has_message(errors, "questions.csv:3:1", "this row has 2 choices, the \"en\" row of \"q1\" (line 2) has 3")) << to_string(errors);
  EXPECT_TRUE(has_message(errors, "questions.csv:4:4", "already has a row in \"fr\" (line 3)")) << to_string(errors);
  EXPECT_TRUE(has_message(errors, "questions.csv:4:40", "correct is choice 2 here but choice 1")) << to_string(errors);
}

TEST(CsvErrors, EveryBadRowIsReportedAtOnce) {
  const std::string text = kHeader + "q1,Signs,,Stop,Go,,1\n" + "q2,Signs,Blue?,Stop,,Wait,1\n" + "q3,Signs,Green?,Stop,Go,,Z\n" +
                           "q4,Signs,Fine,Stop,Go,,1\n" + "Q 5,Signs,Bad id,Stop,Go,,1\n";
  auto errors = import_errors(ExchangeFormat::csv, text, options_for("questions.csv"));
  EXPECT_TRUE(mentions(errors, "questions.csv:2:", "the question is empty")) << to_string(errors);
  EXPECT_TRUE(mentions(errors, "questions.csv:3:", "choice3 is filled but choice2 is empty")) << to_string(errors);
  EXPECT_TRUE(mentions(errors, "questions.csv:4:", "\"Z\" is not a choice number")) << to_string(errors);
  EXPECT_TRUE(mentions(errors, "questions.csv:6:1", "is not valid")) << to_string(errors);
  EXPECT_FALSE(mentions(errors, "questions.csv:5:")) << to_string(errors);
}

TEST(CsvErrors, ContentRulesComeBackAtTheRow) {
  // Two identical choices break a pack rule; the message names the row, not a JSON path alone.
  auto errors = import_errors(ExchangeFormat::csv, kHeader + "q1,Signs,Red?,Stop,Go,,1\nq2,Signs,Blue?,Stop,Stop,,1\n", options_for("questions.csv"));
  ASSERT_EQ(errors.size(), 1u) << to_string(errors);
  EXPECT_EQ(errors[0].path, "questions.csv:3:1");
  EXPECT_NE(errors[0].message.find("repeats choices[0]"), std::string::npos);
}

TEST(CsvErrors, NonUtf8TextIsLocated) {
  auto errors = import_errors(ExchangeFormat::csv, kHeader + "q1,Signs,Arr\xEAt?,Stop,Go,,1\n", options_for("questions.csv"));
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_TRUE(has_message(errors, "questions.csv:2:13", "is not UTF-8"));
}

TEST(CsvErrors, OnlyOneLanguageShared) {
  auto errors =
      import_errors(ExchangeFormat::csv, "lang,topic,question,choice1,choice2,correct\nen,Signs,Red?,Stop,Go,1\nfr,Panneaux,Rouge ?,Stop,Va,1\n",
                    options_for("questions.csv"));
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].path, "questions.csv");
  EXPECT_NE(errors[0].message.find("no language is shared"), std::string::npos);
}

}  // namespace
}  // namespace umuhanda
