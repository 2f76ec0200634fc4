// The default pack shipped in assets/: loads with no error and meets the content targets
// (counts per topic, sign pictures, signs per category, lessons per topic, the default blueprint).
#include <gtest/gtest.h>

#include <map>
#include <set>

#include "pack_files.hpp"
#include "umuhanda/lesson_markup.hpp"

namespace umuhanda {
namespace {

const std::string kPackDir = std::string(UMUHANDA_SOURCE_DIR) + "/assets/packs/umuhanda-default";

class DefaultPack : public ::testing::Test {
protected:
  static void SetUpTestSuite() {
    auto files = read_pack_folder(kPackDir);
    ASSERT_TRUE(files.ok()) << to_string(files.errors());
    auto result = load_pack_files(files.value());
    ASSERT_TRUE(result.ok()) << to_string(result.errors());
    loaded = new LoadedPack(std::move(result).value());
  }
  static void TearDownTestSuite() { delete loaded; }
  void SetUp() override { ASSERT_NE(loaded, nullptr) << "the default pack did not load"; }
  static LoadedPack* loaded;
};
LoadedPack* DefaultPack::loaded = nullptr;

TEST_F(DefaultPack, LoadsWithoutWarnings) { EXPECT_TRUE(loaded->warnings.empty()) << to_string(loaded->warnings); }

TEST_F(DefaultPack, HasAtLeast250QuestionsOverTheSixTopicsAllExplainedInEnglishAndFrench) {
  const Pack& pack = loaded->pack;
  EXPECT_GE(pack.questions.size(), 250u);
  std::map<std::string, int> per_topic;
  for (const auto& question : pack.questions) {
    ++per_topic[question.topic];
    EXPECT_TRUE(question.explanation.has("en") && question.explanation.has("fr")) << question.id;
  }
  for (const char* topic : {"signs", "numbers", "lights", "long", "pictures", "mixed"}) {
    EXPECT_GE(per_topic[topic], 20) << "topic " << topic;
  }
  EXPECT_EQ(pack.languages, (std::vector<LanguageCode>{"en", "fr"}));
}

TEST_F(DefaultPack, HasAtLeast40QuestionsShowingSignPictures) {
  int with_pictures = 0;
  for (const auto& question : loaded->pack.questions) {
    bool picture = !question.sign.empty() || !question.image.empty();
    for (const auto& choice : question.choices) picture = picture || !choice.sign.empty();
    with_pictures += picture;
  }
  EXPECT_GE(with_pictures, 40);
}

TEST_F(DefaultPack, HasAtLeast90SignsInEveryCategoryEachWithTwoPictureSizes) {
  const Pack& pack = loaded->pack;
  EXPECT_GE(pack.signs.size(), 90u);
  std::set<SignCategory> categories;
  for (const auto& sign : pack.signs) {
    categories.insert(sign.category);
    const MediaItem* large = pack.find_media(sign.image);
    const MediaItem* small = pack.find_media(sign.thumbnail);
    ASSERT_TRUE(large && small) << sign.id;
    EXPECT_EQ(large->mime, "image/png") << sign.id;
    EXPECT_EQ(large->width, 256) << sign.id;
    EXPECT_EQ(small->width, 128) << sign.id;
  }
  EXPECT_EQ(categories.size(), std::size(kSignCategoryNames));
}

TEST_F(DefaultPack, HasAtLeast12LessonsCoveringEveryTopic) {
  const Pack& pack = loaded->pack;
  EXPECT_GE(pack.lessons.size(), 12u);
  std::set<std::string> topics;
  for (const auto& lesson : pack.lessons) {
    topics.insert(lesson.topic);
    for (const char* language : {"en", "fr"}) {
      EXPECT_GE(parse_lesson_markup(lesson.body.in(language)).blocks.size(), 3u) << lesson.slug << " " << language;
    }
  }
  EXPECT_EQ(topics.size(), pack.topics.size());
}

TEST_F(DefaultPack, TheDefaultBlueprintIs20Questions20MinutesPassAt12) {
  const Pack& pack = loaded->pack;
  ASSERT_FALSE(pack.blueprints.empty());
  const ExamBlueprint& blueprint = pack.blueprints.front();
  EXPECT_EQ(blueprint.question_count, 20);
  EXPECT_EQ(blueprint.time_limit_minutes, 20);
  EXPECT_EQ(blueprint.pass_mark, 12);
  EXPECT_GE(pack.exam_sets.size(), 3u);
  for (const auto& set : pack.exam_sets) EXPECT_EQ(set.questions.size(), 20u) << set.id;
}

TEST_F(DefaultPack, CorrectAnswersAreSpreadOverPositions) {
  // A pack whose right answer is usually "A" teaches students to guess.
  std::map<std::size_t, int> positions;
  for (const auto& question : loaded->pack.questions) ++positions[question.correct.front()];
  const double share_first = static_cast<double>(positions[0]) / static_cast<double>(loaded->pack.questions.size());
  EXPECT_LT(share_first, 0.4);
  EXPECT_GE(positions.size(), 3u);
}

}  // namespace
}  // namespace umuhanda
