// diff_packs(): hand-made versions of a small pack, each changing one thing, and the real default
// pack against itself and against a copy with one question edited. Every test states the whole diff.
#include <gtest/gtest.h>

#include <ostream>
#include <utility>

#include "test_packs.hpp"
#include "umuhanda/pack_diff.hpp"
#include "umuhanda/pack_json.hpp"

namespace umuhanda {

// Failures print the diffs as describe() writes them, not as bytes.
void PrintTo(const PackDiff& diff, std::ostream* out) {
  *out << "\n" << describe(diff) << "(versions " << diff.from_version << " -> " << diff.to_version << ")";
}

namespace {

using testing::en_fr;
using testing::make_question;
using testing::make_rich_pack;

// The diff of two versions 3 of the rich pack that differ in nothing; tests fill in what they change.
PackDiff no_change() {
  PackDiff diff;
  diff.from_version = 3;
  diff.to_version = 3;
  return diff;
}

PackDiff question_changed(const std::string& id, std::vector<std::string> fields, bool answer_key_changed) {
  PackDiff diff = no_change();
  diff.questions.changed = {QuestionChange{id, std::move(fields), answer_key_changed}};
  return diff;
}

Question& question(Pack& pack, std::string_view id) {
  for (auto& q : pack.questions) {
    if (q.id == id) return q;
  }
  ADD_FAILURE() << "the test pack has no question " << id;
  return pack.questions.front();
}

TEST(PackDiff, IdenticalPacksGiveAnEmptyDiff) {
  const Pack pack = make_rich_pack();
  const PackDiff diff = diff_packs(pack, pack);
  EXPECT_EQ(diff, no_change());
  EXPECT_TRUE(diff.empty());
  EXPECT_EQ(diff.summary(), PackDiffSummary{});
  EXPECT_EQ(describe(diff), "");
}

TEST(PackDiff, OnlyTheVersionChangedIsAnEmptyDiffThatCarriesBothVersions) {
  const Pack from = make_rich_pack();
  Pack to = from;
  to.version = 4;
  const PackDiff diff = diff_packs(from, to);
  EXPECT_TRUE(diff.empty());
  EXPECT_EQ(diff.from_version, 3);
  EXPECT_EQ(diff.to_version, 4);
}

// make_question(): choices Yes / No / Maybe in en and fr, correct {1}, an explanation, no difficulty.
TEST(PackDiff, EachQuestionFieldChangedAloneIsNamedAlone) {
  struct Case {
    std::string expected_field;
    bool answer_key_changed;
    void (*edit)(Question&);
  };
  const Case cases[] = {
      {"topic", false, [](Question& q) { q.topic = "numbers"; }},
      {"prompt.en", false, [](Question& q) { q.prompt.by_language["en"] = "Edited"; }},
      {"prompt.fr", false, [](Question& q) { q.prompt.by_language["fr"] = "Modifiée"; }},
      {"prompt.rw", false, [](Question& q) { q.prompt.by_language["rw"] = "Ikibazo"; }},  // a translation added
      {"explanation.fr", false, [](Question& q) { q.explanation.by_language.erase("fr"); }},
      {"sign", false, [](Question& q) { q.sign = "p-give-way"; }},
      {"image", false, [](Question& q) { q.image = "media/signs/p-stop.png"; }},
      {"choices[0].text.en", false, [](Question& q) { q.choices[0].text.by_language["en"] = "Yes, always"; }},
      {"choices[2].sign", false, [](Question& q) { q.choices[2].sign = "p-stop"; }},
      {"choices[2].image", false, [](Question& q) { q.choices[2].image = "media/signs/p-stop.png"; }},
      {"choices", false, [](Question& q) { q.choices.pop_back(); }},               // the correct choice 1 stays as it was
      {"choices", true, [](Question& q) { q.choices.erase(q.choices.begin()); }},  // "Maybe" moves under correct index 1
      {"multiple_answers", true, [](Question& q) { q.multiple_answers = true; }},
      {"correct", true, [](Question& q) { q.correct = {2}; }},
      {"difficulty", false, [](Question& q) { q.difficulty = 2; }},
      {"tags", false, [](Question& q) { q.tags = {"priority"}; }},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.expected_field);
    const Pack from = make_rich_pack();
    Pack to = from;
    c.edit(question(to, "q2"));
    EXPECT_EQ(diff_packs(from, to), question_changed("q2", {c.expected_field}, c.answer_key_changed));
  }
}

TEST(PackDiff, SeveralFieldsOfOneQuestionAreNamedInPackJsonOrder) {
  const Pack from = make_rich_pack();
  Pack to = from;
  Question& q = question(to, "q1");
  q.tags = {"new"};
  q.correct = {0};
  q.prompt.by_language["fr"] = "Autre";
  q.prompt.by_language["en"] = "Other";
  q.topic = "lights";
  EXPECT_EQ(diff_packs(from, to), question_changed("q1", {"topic", "prompt.en", "prompt.fr", "correct", "tags"}, true));
}

TEST(PackDiff, AChoiceTextChangedInOneLanguageNamesTheChoiceAndTheLanguage) {
  const Pack from = make_rich_pack();
  Pack to = from;
  question(to, "q1").choices[1].text.by_language["fr"] = "Non, jamais";
  // Choice 1 is the correct one: what a student must pick now reads differently.
  EXPECT_EQ(diff_packs(from, to), question_changed("q1", {"choices[1].text.fr"}, true));
}

TEST(PackDiff, ChoicesSwappedUnderAnUnchangedCorrectIndexChangeTheAnswerKey) {
  const Pack from = make_rich_pack();
  Pack to = from;
  std::swap(question(to, "q1").choices[0], question(to, "q1").choices[1]);
  EXPECT_EQ(diff_packs(from, to),
            question_changed("q1", {"choices[0].text.en", "choices[0].text.fr", "choices[1].text.en", "choices[1].text.fr"}, true));
}

TEST(PackDiff, QuestionsAddedAndRemovedFollowTheirPacksOrderAndAMoveIsNoChange) {
  Pack from = make_rich_pack();  // q1 q2 q3
  from.questions.push_back(make_question("q4"));
  Pack to = from;
  to.questions = {question(from, "q3"), make_question("q9"), question(from, "q1"), make_question("q8")};
  question(to, "q3").difficulty = 3;
  question(to, "q1").difficulty = 1;
  PackDiff expected = no_change();
  expected.questions.added = {"q9", "q8"};
  expected.questions.removed = {"q2", "q4"};
  expected.questions.changed = {QuestionChange{"q3", {"difficulty"}, false}, QuestionChange{"q1", {"difficulty"}, false}};
  EXPECT_EQ(diff_packs(from, to), expected);

  Pack reordered = from;
  std::swap(reordered.questions[0], reordered.questions[3]);
  EXPECT_EQ(diff_packs(from, reordered), no_change());
}

TEST(PackDiff, AMediaFileWithAnotherSha256IsChanged) {
  const Pack from = make_rich_pack();
  Pack to = from;
  to.media[0].sha256 = std::string(64, 'c');
  to.media.erase(to.media.begin() + 1);
  to.media.push_back(MediaItem{"media/pictures/crossing.jpg", std::string(64, 'd'), "image/jpeg", 640, 480, 30000});
  to.media.push_back(MediaItem{"media/pictures/roundabout.webp", std::string(64, 'e'), "image/webp", 640, 480, 20000});
  PackDiff expected = no_change();
  expected.media.added = {"media/pictures/crossing.jpg", "media/pictures/roundabout.webp"};
  expected.media.removed = {"media/signs/p-give-way.png"};
  expected.media.changed = {ItemChange{"media/signs/p-stop.png", {"sha256"}}};
  EXPECT_EQ(diff_packs(from, to), expected);
}

TEST(PackDiff, SignsAddedRemovedAndChanged) {
  const Pack from = make_rich_pack();  // p-stop, p-give-way
  Pack to = from;
  Sign no_entry = to.signs[0];
  no_entry.id = "r-no-entry";
  to.signs[0].category = SignCategory::mandatory;
  to.signs[0].meaning.by_language["en"] = "Stop.";
  to.signs[0].thumbnail = "media/signs/p-stop-128.png";
  to.signs.erase(to.signs.begin() + 1);
  to.signs.push_back(no_entry);
  PackDiff expected = no_change();
  expected.signs.added = {"r-no-entry"};
  expected.signs.removed = {"p-give-way"};
  expected.signs.changed = {ItemChange{"p-stop", {"category", "meaning.en", "thumbnail"}}};
  EXPECT_EQ(diff_packs(from, to), expected);
}

TEST(PackDiff, LessonsAddedRemovedAndChangedByTheirSlug) {
  Pack from = make_rich_pack();
  Lesson lights = from.lessons[0];
  lights.slug = "lights";
  from.lessons.push_back(lights);  // priority, lights
  Pack to = from;
  to.lessons[0].body.by_language["fr"] += "\n- trois";
  to.lessons[0].images = {"media/signs/p-stop.png"};
  to.lessons.erase(to.lessons.begin() + 1);
  Lesson markings = lights;
  markings.slug = "markings";
  to.lessons.insert(to.lessons.begin(), markings);
  PackDiff expected = no_change();
  expected.lessons.added = {"markings"};
  expected.lessons.removed = {"lights"};
  expected.lessons.changed = {ItemChange{"priority", {"body.fr", "images"}}};
  EXPECT_EQ(diff_packs(from, to), expected);
}

TEST(PackDiff, TopicsAddedRemovedAndChanged) {
  const Pack from = make_rich_pack();  // signs, lights
  Pack to = from;
  to.topics[0].order = 5;
  to.topics[0].name.by_language["rw"] = "Ibyapa";
  to.topics[1] = Topic{"numbers", en_fr("Numbers", "Chiffres"), 2};
  PackDiff expected = no_change();
  expected.topics.added = {"numbers"};
  expected.topics.removed = {"lights"};
  expected.topics.changed = {ItemChange{"signs", {"name.rw", "order"}}};
  EXPECT_EQ(diff_packs(from, to), expected);
}

TEST(PackDiff, ExamBlueprintsAddedRemovedAndChanged) {
  Pack from = make_rich_pack();
  ExamBlueprint short_mock = from.blueprints[0];
  short_mock.id = "short";
  from.blueprints.push_back(short_mock);  // mock, short
  Pack to = from;
  to.blueprints[0].pass_mark = 3;
  to.blueprints[0].time_limit_minutes = 6;
  to.blueprints[0].quotas[1].count = 2;
  to.blueprints[1].id = "long";
  PackDiff expected = no_change();
  expected.blueprints.added = {"long"};
  expected.blueprints.removed = {"short"};
  expected.blueprints.changed = {ItemChange{"mock", {"time_limit_minutes", "pass_mark", "quotas"}}};
  EXPECT_EQ(diff_packs(from, to), expected);
}

TEST(PackDiff, ExamSetsAddedRemovedAndChanged) {
  Pack from = make_rich_pack();
  from.exam_sets.push_back(ExamSet{"set-2", en_fr("Set 2", "Série 2"), "mock", {"q2"}});  // set-1, set-2
  Pack to = from;
  to.exam_sets[0].questions = {"q3", "q2", "q1"};  // the same questions in another order: a change
  to.exam_sets[0].name.by_language["en"] = "First set";
  to.exam_sets[1].id = "set-3";
  PackDiff expected = no_change();
  expected.exam_sets.added = {"set-3"};
  expected.exam_sets.removed = {"set-2"};
  expected.exam_sets.changed = {ItemChange{"set-1", {"name.en", "questions"}}};
  EXPECT_EQ(diff_packs(from, to), expected);
}

TEST(PackDiff, PackTitleLanguagesAndAccessAreNamedAsPackJsonNamesThem) {
  const Pack from = make_rich_pack();
  Pack to = from;
  to.title.by_language["fr"] = "Paquet d’essai";
  to.languages = {"en"};
  to.access = PackAccess{true, {"set-1"}, {}};
  PackDiff expected = no_change();
  expected.pack_fields = {"title.fr", "languages", "access.kind", "access.free_sample.exam_sets"};
  EXPECT_EQ(diff_packs(from, to), expected);

  Pack sample_changed = to;
  sample_changed.access.free_questions = {"q1"};
  sample_changed.id = "test-pack-2";
  expected.pack_fields = {"id", "access.free_sample.questions"};
  EXPECT_EQ(diff_packs(to, sample_changed), expected);
}

TEST(PackDiff, TheSummaryCountsEachKindAndTheAnswerKeysChanged) {
  const Pack from = make_rich_pack();
  Pack to = from;
  question(to, "q1").correct = {2};
  question(to, "q2").explanation.by_language["en"] = "Because it is so.";
  to.questions.push_back(make_question("q4"));
  to.media.push_back(MediaItem{"media/pictures/crossing.jpg", std::string(64, 'd'), "image/jpeg", 640, 480, 30000});
  to.media.push_back(MediaItem{"media/pictures/roundabout.webp", std::string(64, 'e'), "image/webp", 640, 480, 20000});
  to.lessons.clear();
  to.title.by_language["en"] = "Test pack, second edition";

  const PackDiff diff = diff_packs(from, to);
  EXPECT_FALSE(diff.empty());
  PackDiffSummary expected;
  expected.pack_fields_changed = 1;
  expected.questions = ItemCounts{1, 0, 2};
  expected.answer_keys_changed = 1;
  expected.lessons = ItemCounts{0, 1, 0};
  expected.media = ItemCounts{2, 0, 0};
  EXPECT_EQ(diff.summary(), expected);
  EXPECT_EQ(diff.summary().questions.total(), 3u);
  EXPECT_EQ(describe(diff),
            "pack: title.en\n"
            "questions: 1 added, 0 removed, 2 changed\n"
            "  + q4\n"
            "  ~ q1: correct [answer key changed]\n"
            "  ~ q2: explanation.en\n"
            "lessons: 0 added, 1 removed, 0 changed\n"
            "  - priority\n"
            "media: 2 added, 0 removed, 0 changed\n"
            "  + media/pictures/crossing.jpg\n"
            "  + media/pictures/roundabout.webp\n");
}

TEST(PackDiff, ADuplicatedKeyIsComparedByItsFirstItem) {
  Pack from = make_rich_pack();
  from.questions.push_back(make_question("q1"));
  from.questions.back().difficulty = 3;  // the second q1, which validation rejects
  Pack to = make_rich_pack();
  EXPECT_EQ(diff_packs(from, to), no_change());
  EXPECT_EQ(diff_packs(to, from), no_change());
}

Pack read_default_pack() {
  auto pack = parse_pack_json(testing::read_source_file("assets/packs/umuhanda-default/pack.json"));
  EXPECT_TRUE(pack.ok()) << to_string(pack.errors());
  return pack.ok() ? pack.value() : Pack{};
}

TEST(PackDiff, TheDefaultPackAgainstItselfIsEmptyAndAgainstOneEditedQuestionHasThatOneChange) {
  const Pack from = read_default_pack();
  ASSERT_GT(from.questions.size(), 100u);
  PackDiff unchanged;
  unchanged.from_version = from.version;
  unchanged.to_version = from.version;
  EXPECT_EQ(diff_packs(from, from), unchanged);

  Pack to = from;
  to.version = from.version + 1;
  Question& edited = to.questions[42];
  edited.prompt.by_language["fr"] += " (révisée)";
  PackDiff expected;
  expected.from_version = from.version;
  expected.to_version = from.version + 1;
  expected.questions.changed = {QuestionChange{edited.id, {"prompt.fr"}, false}};
  EXPECT_EQ(diff_packs(from, to), expected);
}

}  // namespace
}  // namespace umuhanda
