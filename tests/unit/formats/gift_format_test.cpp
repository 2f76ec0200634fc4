// GIFT import and export: categories, escapes, true/false, feedback, skipped types, located errors.
#include <gtest/gtest.h>

#include "format_test_support.hpp"

namespace umuhanda {
namespace {

using namespace umuhanda::testing;

Expected<ImportResult> import_gift_text(std::string_view text, const LanguageCode& language = "en") {
  return import_pack(ExchangeFormat::gift, text, options_for("questions.gift", language));
}

TEST(GiftImport, ReadsTheMoodleFixture) {
  auto imported = import_gift_text(read_fixture("gift/questions.gift"));
  ASSERT_TRUE(imported.ok()) << to_string(imported.errors());
  expect_usable(imported.value());
  const Pack& pack = imported->pack;
  EXPECT_EQ(pack.languages, std::vector<LanguageCode>{"en"});
  EXPECT_EQ(pack.title.in("en"), "Imported from questions.gift");

  ASSERT_EQ(pack.topics.size(), 2u);
  EXPECT_EQ(pack.topics[0], (Topic{"road-signs", text("en", "Road signs"), 1}));  // "$course$/top/" dropped
  EXPECT_EQ(pack.topics[1], (Topic{"rules", text("en", "Rules"), 2}));

  ASSERT_EQ(pack.questions.size(), 5u) << "the essay question is skipped";
  const Question& stop = pack.questions[0];
  EXPECT_EQ(stop.id, "stop-sign");
  EXPECT_EQ(stop.topic, "road-signs");
  EXPECT_EQ(stop.prompt.in("en"), "What does a red, octagonal sign mean?");
  ASSERT_EQ(stop.choices.size(), 3u);
  EXPECT_EQ(stop.choices[0].text.in("en"), "Stop");
  EXPECT_EQ(stop.correct, std::vector<std::size_t>{0});
  EXPECT_EQ(stop.explanation.in("en"), "Right: stop completely, then go on.") << "the right answer's feedback";

  const Question& priority = pack.questions[1];
  EXPECT_EQ(priority.id, "priority-rule") << "the title, slugged";
  EXPECT_EQ(priority.correct, std::vector<std::size_t>{1});
  EXPECT_EQ(priority.explanation.in("en"), "Priority to the right applies when nothing else says otherwise.");

  const Question& seatbelt = pack.questions[2];
  EXPECT_EQ(seatbelt.topic, "rules");
  EXPECT_EQ(seatbelt.choices, (std::vector<Choice>{text_choice("en", "True"), text_choice("en", "False")}));
  EXPECT_EQ(seatbelt.correct, std::vector<std::size_t>{0});
  EXPECT_EQ(seatbelt.explanation.in("en"), "Every occupant must wear one.");

  const Question& children = pack.questions[3];
  EXPECT_EQ(children.id, derived_question_id("rules", "Children may sit in the front seat at any age."));
  EXPECT_EQ(children.correct, std::vector<std::size_t>{1});
  EXPECT_EQ(children.explanation.in("en"), "Right: young children sit in the back.");

  const Question& escapes = pack.questions[4];
  EXPECT_EQ(escapes.prompt.in("en"), "Which sign reads { 50 } : a limit? Note the = and ~ and # characters.");
  EXPECT_EQ(escapes.choices[0].text.in("en"), "Speed limit 50 = maximum");
  EXPECT_EQ(escapes.choices[1].text.in("en"), "Minimum speed ~ 50");
  EXPECT_EQ(escapes.choices[2].text.in("en"), "Recommended # speed");

  EXPECT_TRUE(has_message(imported->warnings, "questions.gift:32:44", "essay question")) << to_string(imported->warnings);
  EXPECT_TRUE(has_message(imported->warnings, "questions.gift:6:53", "feedback on individual answers")) << to_string(imported->warnings);
  EXPECT_TRUE(has_message(imported->warnings, "questions.gift:24:48", "feedback other than the general one")) << to_string(imported->warnings);
}

TEST(GiftImport, MultipleAnswersFromWeights) {
  auto imported = import_gift_text("Pick the two: {~%50%A ~%50%B ~%-100%C}\n");
  ASSERT_TRUE(imported.ok()) << to_string(imported.errors());
  const Question& q = imported->pack.questions[0];
  EXPECT_TRUE(q.multiple_answers);
  EXPECT_EQ(q.correct, (std::vector<std::size_t>{0, 1}));
  EXPECT_EQ(q.topic, "general");
}

TEST(GiftImport, SkipsOtherQuestionTypesWithLocatedWarnings) {
  const std::string text =
      "::m:: Match {=a -> 1 =b -> 2}\n\n::n:: How many? {#3}\n\n::s:: Name it {=stop =halt}\n\nJust a description.\n\n"
      "::ok:: Fine? {=yes ~no}\n";
  auto imported = import_gift_text(text);
  ASSERT_TRUE(imported.ok()) << to_string(imported.errors());
  EXPECT_EQ(imported->pack.questions.size(), 1u);
  EXPECT_TRUE(has_message(imported->warnings, "questions.gift:1:13", "matching question"));
  EXPECT_TRUE(has_message(imported->warnings, "questions.gift:3:17", "numerical question"));
  EXPECT_TRUE(has_message(imported->warnings, "questions.gift:5:15", "short-answer question"));
  EXPECT_TRUE(has_message(imported->warnings, "questions.gift:7:1", "a description"));
}

TEST(GiftRoundTrip, ExportThenImportGivesAnEqualPack) {
  Pack pack;
  pack.id = "imported";
  pack.version = 1;
  pack.languages = {"fr"};
  pack.title = text("fr", "Imported from questions.gift");
  pack.topics = {Topic{"panneaux", text("fr", "Panneaux"), 1}, Topic{"regles-de-priorite", text("fr", "Règles de priorité"), 2}};
  Question stop;
  stop.id = "stop";
  stop.topic = "panneaux";
  stop.prompt = text("fr", "Que signifie { ce panneau } : \"STOP\" ?\nRéfléchissez = bien, ~ # \\ fin.");
  stop.choices = {text_choice("fr", "Arrêt"), text_choice("fr", "Cédez = le passage"), text_choice("fr", "Sens # interdit")};
  stop.correct = {0};
  stop.explanation = text("fr", "Arrêt : complet ; puis repartir.");
  Question true_false;
  true_false.id = "q.2";
  true_false.topic = "regles-de-priorite";
  true_false.prompt = text("fr", "La priorité à droite s'applique partout.");
  true_false.choices = {text_choice("fr", "Vrai"), text_choice("fr", "Faux")};
  true_false.correct = {1};
  Question several;
  several.id = "plusieurs";
  several.topic = "regles-de-priorite";
  several.prompt = text("fr", "Lesquels sont prioritaires ?");
  several.choices = {text_choice("fr", "Ambulance"), text_choice("fr", "Pompiers"), text_choice("fr", "Taxi"), text_choice("fr", "Police")};
  several.correct = {0, 1, 3};
  several.multiple_answers = true;
  several.explanation = text("fr", "Les véhicules d'urgence.");
  pack.questions = {stop, true_false, several};

  ExportResult exported = export_pack(ExchangeFormat::gift, pack);
  EXPECT_TRUE(exported.lost.empty()) << to_string(exported.lost);
  EXPECT_NE(exported.text.find("{FALSE}"), std::string::npos) << exported.text;
  auto imported = import_gift_text(exported.text, "fr");
  ASSERT_TRUE(imported.ok()) << to_string(imported.errors()) << exported.text;
  EXPECT_EQ(imported->pack, pack) << exported.text;
}

TEST(GiftRoundTrip, TheFixtureSurvivesExportAndImport) {
  auto first = import_gift_text(read_fixture("gift/questions.gift"));
  ASSERT_TRUE(first.ok());
  ExportResult exported = export_pack(ExchangeFormat::gift, first->pack);
  EXPECT_TRUE(exported.lost.empty()) << to_string(exported.lost);
  auto again = import_gift_text(exported.text);
  ASSERT_TRUE(again.ok()) << to_string(again.errors()) << exported.text;
  EXPECT_EQ(again->pack, first->pack) << exported.text;
}

TEST(GiftExport, ReportsOtherLanguagesAndPictures) {
  Pack pack;
  pack.id = "p";
  pack.languages = {"en", "fr"};
  pack.topics = {Topic{"signs", LocalizedText{{{"en", "Signs"}, {"fr", "Panneaux"}}}, 1}};
  Question q;
  q.id = "q1";
  q.topic = "signs";
  q.prompt.by_language = {{"en", "Red?"}, {"fr", "Rouge ?"}};
  q.choices = {Choice{LocalizedText{{{"en", "Stop"}, {"fr", "Stop"}}}, "", "media/a.png"},
               Choice{LocalizedText{{{"en", "Go"}, {"fr", "Va"}}}, "", ""}};
  q.correct = {0};
  q.image = "media/red.png";
  pack.questions = {q};
  ExportResult exported = export_pack(ExchangeFormat::gift, pack);
  EXPECT_TRUE(mentions(exported.lost, "languages", "only \"en\""));
  EXPECT_TRUE(mentions(exported.lost, "questions[0].image"));
  EXPECT_TRUE(mentions(exported.lost, "questions[0].choices[0]", "picture"));
  EXPECT_NE(exported.text.find("::q1:: Red? {\n\t=Stop\n\t~Go\n}"), std::string::npos) << exported.text;
}

// [SECTION] Errors: each names FILE:LINE:COLUMN

TEST(GiftErrors, UnclosedAnswerBlockIsLocated) {
  auto errors = import_errors(ExchangeFormat::gift, "// header\n\n::q1:: Red means? {=stop ~go\n", options_for("q.gift"));
  ASSERT_EQ(errors.size(), 1u) << to_string(errors);
  EXPECT_EQ(to_string(errors[0]), "q.gift:3:19: the answer block opened here is never closed with '}'");
}

TEST(GiftErrors, NoRightAnswerIsLocated) {
  auto errors = import_errors(ExchangeFormat::gift, "::q1:: Red means? {~stop ~go}\n", options_for("q.gift"));
  ASSERT_EQ(errors.size(), 1u) << to_string(errors);
  EXPECT_TRUE(has_message(errors, "q.gift:1:19", "no answer is marked right"));
}

TEST(GiftErrors, UnclosedTitleIsLocated) {
  auto errors = import_errors(ExchangeFormat::gift, "\n  ::q1 Red means? {=stop ~go}\n", options_for("q.gift"));
  ASSERT_EQ(errors.size(), 1u) << to_string(errors);
  EXPECT_TRUE(has_message(errors, "q.gift:2:3", "title opened with '::' is never closed"));
}

TEST(GiftErrors, StrayTextInAnswersIsLocated) {
  auto errors = import_errors(ExchangeFormat::gift, "Red means? {\n  stop =halt ~go\n}\n", options_for("q.gift"));
  ASSERT_EQ(errors.size(), 1u) << to_string(errors);
  EXPECT_TRUE(has_message(errors, "q.gift:2:3", "expected '=' (a right answer) or '~'"));
}

TEST(GiftErrors, EmptyAnswerAndMissingTextAreLocated) {
  auto errors = import_errors(ExchangeFormat::gift, "Red? {= ~go}\n\n{=a ~b}\n\nBad weight {~%x%a =b}\n", options_for("q.gift"));
  EXPECT_TRUE(has_message(errors, "q.gift:1:7", "answer 1 has no text")) << to_string(errors);
  EXPECT_TRUE(has_message(errors, "q.gift:3:1", "no text before its answers")) << to_string(errors);
  EXPECT_TRUE(has_message(errors, "q.gift:5:15", "\"x\" is not a percentage")) << to_string(errors);
}

TEST(GiftErrors, TooFewAnswersAndEmptyFile) {
  auto one = import_errors(ExchangeFormat::gift, "Only one? {~%100%yes}\n", options_for("q.gift"));
  EXPECT_TRUE(has_message(one, "q.gift:1:11", "at least 2 answers")) << to_string(one);
  auto empty = import_errors(ExchangeFormat::gift, "// nothing but comments\n", options_for("q.gift"));
  EXPECT_TRUE(has_message(empty, "q.gift", "holds no question")) << to_string(empty);
}

}  // namespace
}  // namespace umuhanda
