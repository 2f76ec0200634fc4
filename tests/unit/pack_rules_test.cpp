// One test per content rule of the full model (signs, media, lessons, blueprints, exam sets,
// multiple answers, references): each breaks the rule in an otherwise valid pack and checks the
// path and reason. The basic rules are in pack_validation_test.cpp.
#include <gtest/gtest.h>

#include "test_packs.hpp"
#include "umuhanda/pack_json.hpp"
#include "umuhanda/pack_validation.hpp"

namespace umuhanda {
namespace {

using testing::en_fr;
using testing::make_rich_pack;

// Expects exactly one error at `path` whose message contains `words`.
void expect_error(const Pack& pack, const std::string& path, const std::string& words) {
  Diagnostics found = validate_pack(pack);
  int matches = 0;
  for (const auto& d : found) {
    if (d.severity == Severity::error && d.path == path && d.message.find(words) != std::string::npos) ++matches;
  }
  EXPECT_EQ(matches, 1) << "wanted one error at " << path << " containing \"" << words << "\"; found:\n" << to_string(found);
}

TEST(PackRules, TheRichPackIsValidAndRoundTrips) {
  Pack pack = make_rich_pack();
  Diagnostics found = validate_pack(pack);
  EXPECT_FALSE(has_errors(found)) << to_string(found);
  auto parsed = parse_pack_json(to_json(pack));
  ASSERT_TRUE(parsed.ok()) << to_string(parsed.errors());
  EXPECT_EQ(parsed.value(), pack);
}

TEST(PackRules, QuestionSignMustExist) {
  Pack pack = make_rich_pack();
  pack.questions[2].sign = "p-nowhere";
  expect_error(pack, "questions[2].sign", "\"p-nowhere\", which the pack does not define");
}

TEST(PackRules, ChoiceSignMustExist) {
  Pack pack = make_rich_pack();
  pack.questions[2].choices[1].sign = "c-nowhere";
  expect_error(pack, "questions[2].choices[1].sign", "which the pack does not define");
}

TEST(PackRules, AChoiceMustShowSomething) {
  Pack pack = make_rich_pack();
  pack.questions[2].choices[1] = Choice{};
  expect_error(pack, "questions[2].choices[1]", "shows nothing");
}

TEST(PackRules, SeveralRightChoicesNeedTheFlag) {
  Pack pack = make_rich_pack();
  pack.questions[0].correct = {0, 2};
  expect_error(pack, "questions[0].correct", "set \"multiple_answers\": true");
  pack.questions[0].multiple_answers = true;
  EXPECT_FALSE(has_errors(validate_pack(pack)));
}

TEST(PackRules, ARightChoiceCannotBeNamedTwice) {
  Pack pack = make_rich_pack();
  pack.questions[0].multiple_answers = true;
  pack.questions[0].correct = {1, 1};
  expect_error(pack, "questions[0].correct[1]", "names choice 1 twice");
}

TEST(PackRules, NotEveryChoiceCanBeRight) {
  Pack pack = make_rich_pack();
  pack.questions[0].multiple_answers = true;
  pack.questions[0].correct = {0, 1, 2};
  expect_error(pack, "questions[0].correct", "marks every choice right");
}

TEST(PackRules, AQuestionNeedsARightChoice) {
  Pack pack = make_rich_pack();
  pack.questions[0].correct = {};
  expect_error(pack, "questions[0].correct", "names no right choice");
}

TEST(PackRules, DifficultyIsOneToThree) {
  Pack pack = make_rich_pack();
  pack.questions[1].difficulty = 4;
  expect_error(pack, "questions[1].difficulty", "use 1 (easy), 2 or 3 (hard)");
}

TEST(PackRules, TagsAreIdentifiers) {
  Pack pack = make_rich_pack();
  pack.questions[1].tags = {"ok", "Not OK"};
  expect_error(pack, "questions[1].tags[1]", "not a valid tag");
}

TEST(PackRules, TextsUseKnownLanguages) {
  Pack pack = make_rich_pack();
  pack.questions[0].prompt.by_language["de"] = "Frage";
  expect_error(pack, "questions[0].prompt.de", "not a supported language");
}

TEST(PackRules, MediaReferencesMustBeInTheMediaList) {
  Pack pack = make_rich_pack();
  pack.questions[0].image = "media/photos/junction.jpg";
  expect_error(pack, "questions[0].image", "not in the pack's media list");
}

TEST(PackRules, MediaPathsStayInsideThePack) {
  Pack pack = make_rich_pack();
  pack.questions[0].image = "../secret.png";
  expect_error(pack, "questions[0].image", "relative path inside the pack folder");
  pack.questions[0].image = "/etc/passwd.png";
  expect_error(pack, "questions[0].image", "relative path inside the pack folder");
}

TEST(PackRules, MediaEntriesAreWellFormed) {
  Pack pack = make_rich_pack();
  pack.media[0].sha256 = "XYZ";
  pack.media[0].mime = "image/gif";
  pack.media[0].width = 0;
  pack.media[0].bytes = 0;
  expect_error(pack, "media[0].sha256", "64 lower-case hexadecimal digits");
  expect_error(pack, "media[0].mime", "\"image/gif\" is not accepted");
  expect_error(pack, "media[0].width", "positive pixel counts");
  expect_error(pack, "media[0].bytes", "more than 0");
}

TEST(PackRules, MediaPathsAreListedOnce) {
  Pack pack = make_rich_pack();
  pack.media.push_back(pack.media[0]);
  expect_error(pack, "media[2].path", "already listed at media[0]");
}

TEST(PackRules, UnusedMediaIsAWarning) {
  Pack pack = make_rich_pack();
  pack.media.push_back(MediaItem{"media/unused.png", std::string(64, 'c'), "image/png", 8, 8, 100});
  Diagnostics found = validate_pack(pack);
  EXPECT_FALSE(has_errors(found));
  ASSERT_EQ(found.size(), 1u) << to_string(found);
  EXPECT_EQ(found[0].path, "media[2].path");
  EXPECT_EQ(found[0].severity, Severity::warning);
}

TEST(PackRules, SignIdsAndCodesAreUnique) {
  Pack pack = make_rich_pack();
  pack.signs[1].id = "p-stop";
  pack.signs[1].code = "B-02";
  expect_error(pack, "signs[1].id", "already used by signs[0].id");
  expect_error(pack, "signs[1].code", "already used by signs[0]");
}

TEST(PackRules, ASignNeedsACodeNameMeaningAndPicture) {
  Pack pack = make_rich_pack();
  pack.signs[0].code = "";
  pack.signs[0].meaning.by_language.erase("fr");
  pack.signs[0].image = "";
  expect_error(pack, "signs[0].code", "is empty");
  expect_error(pack, "signs[0].meaning.fr", "is missing");
  expect_error(pack, "signs[0].image", "every sign needs a picture");
}

TEST(PackRules, SignCategoryMustBeKnown) {
  std::string text = to_json(make_rich_pack());
  const std::string category = "\"category\":\"priority\"";
  auto at = text.find(category);
  ASSERT_NE(at, std::string::npos);
  text.replace(at, category.size(), "\"category\":\"priorty\"");
  auto parsed = parse_pack_json(text);
  ASSERT_FALSE(parsed.ok());
  EXPECT_EQ(parsed.errors()[0].path, "signs[0].category");
  EXPECT_NE(parsed.errors()[0].message.find("is not a sign category"), std::string::npos);
}

TEST(PackRules, LessonSlugsAreUniqueAndTopicsExist) {
  Pack pack = make_rich_pack();
  pack.lessons.push_back(pack.lessons[0]);
  pack.lessons[1].topic = "parking";
  expect_error(pack, "lessons[1].slug", "already used by lessons[0].slug");
  expect_error(pack, "lessons[1].topic", "\"parking\", which the pack does not define");
}

TEST(PackRules, LessonMarkupProblemsAreLocatedByLine) {
  Pack pack = make_rich_pack();
  pack.lessons[0].body.by_language["en"] = "# Title\n\nThis is **not closed\n### Too deep";
  expect_error(pack, "lessons[0].body.en", "line 3: \"**\" opens bold text that is not closed");
  expect_error(pack, "lessons[0].body.en", "line 4: only \"# \" and \"## \" headings exist");
}

TEST(PackRules, LessonSignReferencesMustExist) {
  Pack pack = make_rich_pack();
  pack.lessons[0].body.by_language["fr"] = "Voir [sign:w-nowhere].";
  expect_error(pack, "lessons[0].body.fr", "sign \"w-nowhere\"");
}

TEST(PackRules, LessonImagesMustBeListed) {
  Pack pack = make_rich_pack();
  pack.lessons[0].body.by_language["en"] = "See [image:media/signs/p-stop.png].";
  expect_error(pack, "lessons[0].body.en", "not in the lesson's \"images\" list");
  pack.lessons[0].images = {"media/signs/p-stop.png"};
  EXPECT_FALSE(has_errors(validate_pack(pack)));
}

TEST(PackRules, BlueprintFiguresAreConsistent) {
  Pack pack = make_rich_pack();
  pack.blueprints[0].question_count = 9;
  pack.blueprints[0].time_limit_minutes = 0;
  pack.blueprints[0].pass_mark = 10;
  expect_error(pack, "exam_blueprints[0].question_count", "asks for 9 questions, the pack has 3");
  expect_error(pack, "exam_blueprints[0].time_limit_minutes", "must be 1 or more");
  expect_error(pack, "exam_blueprints[0].pass_mark", "between 1 and question_count (9)");
}

TEST(PackRules, BlueprintQuotasNameTopicsOnceAndCanBeFilled) {
  Pack pack = make_rich_pack();
  pack.blueprints[0].quotas = {TopicQuota{"signs", 1}, TopicQuota{"signs", 1}, TopicQuota{"parking", 1}, TopicQuota{"lights", 2}};
  expect_error(pack, "exam_blueprints[0].quotas[1].topic", "has two quotas");
  expect_error(pack, "exam_blueprints[0].quotas[2].topic", "\"parking\", which the pack does not define");
  expect_error(pack, "exam_blueprints[0].quotas[3].count", "asks for 2 questions of topic \"lights\", the pack has 1");
  expect_error(pack, "exam_blueprints[0].quotas", "add up to 5 questions, more than question_count (3)");
}

TEST(PackRules, ExamSetsReferToRealQuestionsOnce) {
  Pack pack = make_rich_pack();
  pack.exam_sets[0].questions = {"q1", "q1", "q9"};
  expect_error(pack, "exam_sets[0].questions[1]", "appears twice");
  expect_error(pack, "exam_sets[0].questions[2]", "\"q9\", which the pack does not have");
}

TEST(PackRules, ExamSetsNeedABlueprint) {
  Pack pack = make_rich_pack();
  pack.exam_sets[0].blueprint = "final";
  expect_error(pack, "exam_sets[0].blueprint", "\"final\", which the pack does not define");
  pack.exam_sets[0].blueprint = "";
  pack.blueprints.clear();
  expect_error(pack, "exam_sets[0].blueprint", "no blueprint gives this set");
}

}  // namespace
}  // namespace umuhanda
