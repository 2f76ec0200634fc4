// Import and export of the origin site's Django dumpdata: the fixture (with a missing picture, a
// dangling key and unanswerable questions), the round trip, and located errors.
#include <gtest/gtest.h>

#include "format_test_support.hpp"

namespace umuhanda {
namespace {

using namespace umuhanda::testing;

Expected<ImportResult> import_dump(std::string_view text, MediaReader media = fixture_media("django/media")) {
  ImportOptions options = options_for("dumpdata.json");
  options.read_media = std::move(media);
  return import_pack(ExchangeFormat::django, text, options);
}

TEST(DjangoImport, ReadsTheFixture) {
  auto imported = import_dump(read_fixture("django/dumpdata.json"));
  ASSERT_TRUE(imported.ok()) << to_string(imported.errors());
  expect_usable(imported.value());
  const Pack& pack = imported->pack;
  const Diagnostics& warnings = imported->warnings;
  EXPECT_EQ(pack.languages, std::vector<LanguageCode>{"rw"});
  EXPECT_EQ(pack.title.in("rw"), "Imported from dumpdata.json");

  // Exam types become topics; a question whose type is missing goes to "rusange".
  ASSERT_EQ(pack.topics.size(), 3u);
  EXPECT_EQ(pack.topics[0], (Topic{"ibyapa", text("rw", "Ibyapa"), 1}));
  EXPECT_EQ(pack.topics[1], (Topic{"amategeko-yumuhanda", text("rw", "Amategeko y'umuhanda"), 2}));
  EXPECT_EQ(pack.topics[2].id, "rusange");

  // Road sign 3's picture is missing: the sign is left out, as is what cannot do without it.
  ASSERT_EQ(pack.signs.size(), 3u);
  const Sign& danger = pack.signs[0];
  EXPECT_EQ(danger.id, "sign-1");
  EXPECT_EQ(danger.code, "S-1");
  EXPECT_EQ(danger.category, SignCategory::warning);
  EXPECT_EQ(danger.name.in("rw"), "Ahantu hateye akaga");
  EXPECT_EQ(danger.meaning, danger.name);
  EXPECT_EQ(danger.image, "media/signs/danger.png");
  EXPECT_EQ(pack.signs[1].category, SignCategory::prohibitory);
  EXPECT_EQ(pack.signs[2].id, "sign-4");
  EXPECT_EQ(pack.signs[2].category, SignCategory::information) << "\"Ibindi byapa\" is not recognised";
  EXPECT_EQ(imported->media.size(), 3u);
  EXPECT_TRUE(
      has_message(warnings, "dumpdata.json: [7].fields.sign_image", "\"signs/missing.png\" is not in the media folder; road sign 3 is left out"));
  EXPECT_TRUE(has_message(warnings, "dumpdata.json: [4].fields.name", "\"Ibindi byapa\" is not a category the importer recognises"));
  EXPECT_TRUE(has_message(warnings, "dumpdata.json: [2].fields.name", "is read as category \"warning\""));
  EXPECT_TRUE(has_message(warnings, "dumpdata.json: [8].fields.is_active", "inactive"));

  ASSERT_EQ(pack.questions.size(), 4u);
  const Question& meaning = pack.questions[0];
  EXPECT_EQ(meaning.id, "q-1");
  EXPECT_EQ(meaning.topic, "ibyapa");
  EXPECT_EQ(meaning.sign, "sign-1");
  EXPECT_EQ(meaning.choices.size(), 3u) << "the empty choice4 is no choice";
  EXPECT_EQ(meaning.correct, std::vector<std::size_t>{0});
  const Question& which = pack.questions[1];
  EXPECT_EQ(which.choices, (std::vector<Choice>{Choice{{}, "sign-1", ""}, Choice{{}, "sign-2", ""}, Choice{{}, "sign-4", ""}}));
  EXPECT_EQ(which.correct, std::vector<std::size_t>{1});
  const Question& dangling = pack.questions[2];
  EXPECT_EQ(dangling.id, "q-3");
  EXPECT_EQ(dangling.topic, "rusange");
  EXPECT_TRUE(dangling.sign.empty());
  EXPECT_TRUE(has_message(warnings, "dumpdata.json: [11].fields.question_type", "no exam type has pk 99"));
  EXPECT_TRUE(has_message(warnings, "dumpdata.json: [11].fields.question_sign", "road sign 3 was left out"));
  EXPECT_TRUE(has_message(warnings, "dumpdata.json: [12].fields.choice1_sign", "cannot be answered and is left out"));
  EXPECT_TRUE(has_message(warnings, "dumpdata.json: [13].fields.correct_choice", "correct_choice 3 is an empty choice"));
  EXPECT_EQ(pack.questions[3].id, "q-6");

  ASSERT_EQ(pack.exam_sets.size(), 3u);
  EXPECT_EQ(pack.exam_sets[0], (ExamSet{"exam-1", text("rw", "Amategeko y'umuhanda #1"), "default", {"q-6", "q-1", "q-2"}}));
  EXPECT_EQ(pack.exam_sets[1].questions, (std::vector<std::string>{"q-1", "q-2"}));
  EXPECT_EQ(pack.exam_sets[2].name.in("rw"), "Ibyapa #3");
  EXPECT_TRUE(has_message(warnings, "dumpdata.json: [16].fields.questions[2]", "question 5 was left out"));
  EXPECT_TRUE(has_message(warnings, "dumpdata.json: [16].fields.questions[3]", "no question has pk 42"));
  EXPECT_TRUE(has_message(warnings, "dumpdata.json: [16].fields.is_active", "inactive"));

  // Lengths 3, 2, 3 and durations 20, 20, 25: the most common; pass mark 60% of 3, rounded up.
  ASSERT_EQ(pack.blueprints.size(), 1u);
  EXPECT_EQ(pack.blueprints[0], (ExamBlueprint{"default", text("rw", "Ikizamini"), 3, 20, 2, {}}));
  EXPECT_TRUE(has_message(warnings, "dumpdata.json: [15]", "60% pass rule"));
  EXPECT_TRUE(has_message(warnings, "dumpdata.json: [18].model", "\"auth.user\" is not part of a pack"));
}

Pack django_shaped_pack() {
  Pack pack;
  pack.id = "imported";
  pack.version = 1;
  pack.languages = {"rw"};
  pack.title = text("rw", "Imported from dumpdata.json");
  pack.topics = {Topic{"ibyapa", text("rw", "Ibyapa"), 1}, Topic{"amategeko", text("rw", "Amategeko"), 2}};
  pack.signs = {Sign{"sign-3", "S-3", SignCategory::warning, text("rw", "Akaga"), text("rw", "Akaga"), "media/signs/danger.png", ""},
                Sign{"sign-7", "S-7", SignCategory::mandatory, text("rw", "Itegeko"), text("rw", "Itegeko"), "media/signs/must.png", ""},
                Sign{"sign-8", "S-8", SignCategory::light_signal, text("rw", "Itara"), text("rw", "Itara"), "media/signs/light.png", ""}};
  Question with_sign;
  with_sign.id = "q-10";
  with_sign.topic = "ibyapa";
  with_sign.prompt = text("rw", "Iki cyapa gisobanura iki?");
  with_sign.sign = "sign-3";
  with_sign.choices = {text_choice("rw", "Akaga"), text_choice("rw", "Itegeko"), text_choice("rw", "Itara"), text_choice("rw", "Nta na kimwe")};
  with_sign.correct = {0};
  Question sign_choices;
  sign_choices.id = "q-11";
  sign_choices.topic = "ibyapa";
  sign_choices.prompt = text("rw", "Ni ikihe cyapa cy'itegeko?");
  sign_choices.choices = {Choice{{}, "sign-3", ""}, Choice{text("rw", "Iki"), "sign-7", ""}};
  sign_choices.correct = {1};
  Question rules;
  rules.id = "q-2";
  rules.topic = "amategeko";
  rules.prompt = text("rw", "Ugomba gukora iki?");
  rules.choices = {text_choice("rw", "Guhagarara"), text_choice("rw", "Gukomeza")};
  rules.correct = {0};
  pack.questions = {with_sign, sign_choices, rules};
  pack.blueprints = {ExamBlueprint{"default", text("rw", "Ikizamini"), 2, 20, 2, {}}};
  pack.exam_sets = {ExamSet{"exam-4", text("rw", "Ibyapa #4"), "default", {"q-10", "q-11"}},
                    ExamSet{"exam-5", text("rw", "Amategeko #5"), "default", {"q-2", "q-10"}}};
  return pack;
}

TEST(DjangoRoundTrip, ExportThenImportGivesAnEqualPack) {
  const Pack pack = django_shaped_pack();
  ExportResult exported = export_pack(ExchangeFormat::django, pack);
  EXPECT_TRUE(exported.lost.empty()) << to_string(exported.lost);
  auto imported = import_dump(exported.text, any_png());
  ASSERT_TRUE(imported.ok()) << to_string(imported.errors()) << exported.text;
  EXPECT_EQ(imported->pack, pack) << exported.text;
  EXPECT_EQ(imported->media.size(), 3u);
}

TEST(DjangoRoundTrip, TheFixtureSurvivesExportAndImport) {
  auto first = import_dump(read_fixture("django/dumpdata.json"));
  ASSERT_TRUE(first.ok());
  ExportResult exported = export_pack(ExchangeFormat::django, first->pack);
  EXPECT_TRUE(exported.lost.empty()) << to_string(exported.lost);
  // The media folder of the export is the pack's media/ folder.
  PackFiles files = first->media;
  auto again = import_dump(exported.text, [&files](std::string_view relative) -> std::optional<std::string> {
    auto it = files.find("media/" + std::string(relative));
    return it == files.end() ? std::nullopt : std::optional<std::string>(it->second);
  });
  ASSERT_TRUE(again.ok()) << to_string(again.errors());
  EXPECT_EQ(again->pack, first->pack) << exported.text;
  EXPECT_EQ(again->media, first->media);
}

TEST(DjangoExport, ReportsWhatTheOriginSiteCannotHold) {
  Pack pack = django_shaped_pack();
  pack.languages = {"rw", "en"};
  pack.questions[0].explanation = text("rw", "Kubera ko.");
  pack.questions[0].image = "media/photo.png";
  pack.questions[1].id = "which-sign";
  pack.questions[2].choices.push_back(text_choice("rw", "a"));
  pack.questions[2].choices.push_back(text_choice("rw", "b"));
  pack.questions[2].choices.push_back(text_choice("rw", "c"));
  pack.signs[0].code = "C-01";
  pack.blueprints[0].pass_mark = 1;
  ExportResult exported = export_pack(ExchangeFormat::django, pack);
  EXPECT_TRUE(mentions(exported.lost, "languages", "only \"rw\""));
  EXPECT_TRUE(mentions(exported.lost, "questions[0].explanation"));
  EXPECT_TRUE(mentions(exported.lost, "questions[0].image"));
  EXPECT_TRUE(mentions(exported.lost, "questions", "\"which-sign\" is exported as pk 11 and comes back as \"q-11\""));
  EXPECT_TRUE(mentions(exported.lost, "questions[2]", "5 choices, the origin site holds 4"));
  EXPECT_TRUE(mentions(exported.lost, "exam_sets[1].questions", "\"q-2\" is not exported"));
  EXPECT_TRUE(mentions(exported.lost, "signs[0].code", "\"C-01\" comes back as \"S-3\""));
  EXPECT_TRUE(mentions(exported.lost, "exam_blueprints", "this pack's blueprints differ"));
}

// [SECTION] Errors: each names "FILE: [index].fields.name", or FILE:LINE:COLUMN for bad JSON

TEST(DjangoErrors, InvalidJsonIsLocated) {
  auto errors = import_errors(ExchangeFormat::django, "[\n  {\"model\": \"app.exam\", \"pk\": 1,,}\n]", options_for("dumpdata.json"));
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].path, "dumpdata.json:2:33");
  EXPECT_NE(errors[0].message.find("invalid JSON: syntax error"), std::string::npos) << errors[0].message;
}

TEST(DjangoErrors, NotAListIsReported) {
  auto errors = import_errors(ExchangeFormat::django, "{\"model\": \"app.question\"}", options_for("dumpdata.json"));
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].path, "dumpdata.json");
  EXPECT_NE(errors[0].message.find("is not a dumpdata list"), std::string::npos);
}

TEST(DjangoErrors, WrongFieldTypesAreLocated) {
  const std::string dump = R"([
    {"model": "app.examtype", "pk": 1, "fields": {"name": "Ibyapa", "order": "first"}},
    {"model": "app.question", "pk": 1, "fields": {"question_text": 12, "question_type": 1, "choice1_text": "a", "choice2_text": "b", "correct_choice": "1"}},
    {"model": "app.exam", "pk": 1, "fields": {"exam_type": 1, "duration": 20, "questions": [1, "two"]}},
    {"model": "app.roadsign", "pk": 1, "fields": {"sign_image": "a.png", "definition": "A", "is_active": "yes"}}
  ])";
  auto errors = import_errors(ExchangeFormat::django, dump, options_for("dumpdata.json"));
  EXPECT_TRUE(has_message(errors, "dumpdata.json: [0].fields.order", "must be an integer, found a string")) << to_string(errors);
  EXPECT_TRUE(has_message(errors, "dumpdata.json: [1].fields.question_text", "must be a string, found an integer")) << to_string(errors);
  EXPECT_TRUE(has_message(errors, "dumpdata.json: [1].fields.correct_choice", "must be an integer, found a string")) << to_string(errors);
  EXPECT_TRUE(has_message(errors, "dumpdata.json: [3].fields.is_active", "must be true or false")) << to_string(errors);
}

TEST(DjangoErrors, BadRecordsAreLocated) {
  const std::string dump = R"([
    "not a record",
    {"pk": 1, "fields": {}},
    {"model": "app.question", "pk": "1", "fields": {}},
    {"model": "app.question", "pk": 2, "fields": []},
    {"model": "app.examtype", "pk": 1, "fields": {"name": "A"}},
    {"model": "app.examtype", "pk": 1, "fields": {"name": "B"}},
    {"model": "app.question", "pk": 3, "fields": {"question_text": "Iki?", "choice1_text": "a", "choice2_text": "b"}}
  ])";
  auto errors = import_errors(ExchangeFormat::django, dump, options_for("dumpdata.json"));
  EXPECT_TRUE(has_message(errors, "dumpdata.json: [0]", "must be an object")) << to_string(errors);
  EXPECT_TRUE(has_message(errors, "dumpdata.json: [1].model", "is missing")) << to_string(errors);
  EXPECT_TRUE(has_message(errors, "dumpdata.json: [2].pk", "must be a whole number")) << to_string(errors);
  EXPECT_TRUE(has_message(errors, "dumpdata.json: [3].fields", "must be an object")) << to_string(errors);
  EXPECT_TRUE(has_message(errors, "dumpdata.json: [5].pk", "already used by the examtype at [4]")) << to_string(errors);
}

TEST(DjangoErrors, MissingRequiredFieldAndNothingUsable) {
  const std::string missing =
      R"([{"model": "app.question", "pk": 3, "fields": {"question_text": "Iki?", "choice1_text": "a", "choice2_text": "b"}}])";
  auto errors = import_errors(ExchangeFormat::django, missing, options_for("dumpdata.json"));
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(to_string(errors[0]), "dumpdata.json: [0].fields.correct_choice: is missing");

  const std::string unanswerable =
      R"([{"model": "app.question", "pk": 3, "fields": {"question_text": "Iki?", "choice1_text": "a", "correct_choice": 1}}])";
  auto imported = import_pack(ExchangeFormat::django, unanswerable, options_for("dumpdata.json"));
  ASSERT_FALSE(imported.ok());
  EXPECT_TRUE(has_message(imported.errors(), "dumpdata.json", "holds no question to import"));
}

TEST(DjangoImport, DropsQuestionsThatBreakPackRules) {
  const std::string dump = R"([
    {"model": "app.question", "pk": 1, "fields": {"question_text": "Iki?", "choice1_text": "a", "choice2_text": "a", "correct_choice": 1}},
    {"model": "app.question", "pk": 2, "fields": {"question_text": "Iki?", "choice1_text": "a", "choice2_text": "b", "choice4_text": "c", "correct_choice": 4}}
  ])";
  auto imported = import_dump(dump);
  ASSERT_TRUE(imported.ok()) << to_string(imported.errors());
  expect_usable(imported.value());
  ASSERT_EQ(imported->pack.questions.size(), 1u);
  EXPECT_EQ(imported->pack.questions[0].correct, std::vector<std::size_t>{2}) << "choice4 moves up past the empty choice3";
  EXPECT_TRUE(has_message(imported->warnings, "dumpdata.json: [0].fields.choice2_text", "repeats choices[0]"));
  EXPECT_TRUE(has_message(imported->warnings, "dumpdata.json: [1]", "empty choice between filled ones"));
}

}  // namespace
}  // namespace umuhanda
