// The signs screen's logic, natively: the accent-folding search (web/app/sign_search.cpp) and the
// flashcard boxes in storage (web/app/flashcard_boxes.cpp) over the memory KeyValueStore.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "../test_packs.hpp"
#include "app/flashcard_boxes.hpp"
#include "app/sign_search.hpp"
#include "platform/memory/memory_key_value_store.hpp"

namespace umuhanda {
namespace {

using namespace umuhanda::testing;

std::vector<std::string> ids(const std::vector<const Sign*>& signs) {
  std::vector<std::string> result;
  for (const Sign* sign : signs) result.push_back(sign->id);
  return result;
}

// make_rich_pack() with a meaning of its own for each sign: the stop sign's French one says "Arrêt",
// only the give-way sign's name says "Cédez".
Pack make_search_pack() {
  Pack pack = make_rich_pack();
  pack.signs.at(0).meaning = en_fr("Stop at the line.", "Arrêt à la ligne.");
  pack.signs.at(1).meaning = en_fr("Let the others go first.", "Laissez passer les autres.");
  return pack;
}

TEST(SignSearch, IgnoresCaseAccentsPunctuationAndWordOrder) {
  const Pack pack = make_search_pack();
  EXPECT_EQ(ids(find_signs(pack, "CEDEZ", "fr")), std::vector<std::string>{"p-give-way"});
  EXPECT_EQ(ids(find_signs(pack, "passage cédez-le", "fr")), std::vector<std::string>{"p-give-way"});
  EXPECT_EQ(ids(find_signs(pack, "l’arret", "fr")), std::vector<std::string>{"p-stop"});  // "Arrêt à la ligne"
  EXPECT_TRUE(find_signs(pack, "cedez", "en").empty()) << "the English names and meanings do not say cédez";
}

TEST(SignSearch, FindsCodesWithOrWithoutTheDashInGridOrder) {
  const Pack pack = make_search_pack();
  EXPECT_EQ(ids(find_signs(pack, "b01", "en")), std::vector<std::string>{"p-give-way"});
  EXPECT_EQ(ids(find_signs(pack, "B-02", "en")), std::vector<std::string>{"p-stop"});
  // Both are priority signs: pack order within the category.
  EXPECT_EQ(ids(find_signs(pack, "", "en")), (std::vector<std::string>{"p-stop", "p-give-way"}));
  EXPECT_EQ(ids(find_signs(pack, "  ", "en")), (std::vector<std::string>{"p-stop", "p-give-way"}));
}

TEST(SignSearch, ListsTheQuestionsShowingASign) {
  const Pack pack = make_rich_pack();
  const auto showing_give_way = questions_showing_sign(pack, "p-give-way");  // only as a choice of q3
  ASSERT_EQ(showing_give_way.size(), 1u);
  EXPECT_EQ(showing_give_way[0]->id, "q3");
  EXPECT_TRUE(questions_showing_sign(pack, "nowhere").empty());
}

class FlashcardBoxesTest : public ::testing::Test {
protected:
  FlashcardBoxesTest() {
    storage.open([](std::optional<StorageError>) {});
    storage.run_pending();
  }

  nlohmann::json stored() const {
    const auto text = storage.value(stores::kMeta, FlashcardBoxes::kStorageKey);
    return text ? nlohmann::json::parse(*text, nullptr, false) : nlohmann::json();
  }

  MemoryKeyValueStore storage;
  ManualClock clock{1'700'000'000'000};
};

TEST_F(FlashcardBoxesTest, GradesMoveBoxesAndAreSaved) {
  FlashcardBoxes boxes;
  int loaded_calls = 0;
  boxes.load(&storage, clock, [&] { ++loaded_calls; });
  storage.run_pending();
  ASSERT_TRUE(boxes.loaded());
  EXPECT_EQ(loaded_calls, 1);

  for (int i = 0; i < FlashcardBoxes::kTopBox + 2; ++i) boxes.grade("p-stop", true);
  boxes.grade("p-give-way", false);
  storage.run_pending();
  EXPECT_EQ(boxes.box("p-stop"), FlashcardBoxes::kTopBox);
  EXPECT_EQ(boxes.box("p-give-way"), 0);
  EXPECT_EQ(boxes.box("never-graded"), std::nullopt);
  EXPECT_FALSE(boxes.saving());
  EXPECT_EQ(stored()["boxes"], (nlohmann::json{{"p-stop", FlashcardBoxes::kTopBox}, {"p-give-way", 0}}));
  EXPECT_EQ(stored()["updated_at_ms"], clock.now_ms());
  // One write at a time: the grades given while the first was under way went in one more write.
  EXPECT_EQ(storage.write_log().size(), 2u);
  EXPECT_EQ(boxes.saves_done(), 2u);

  FlashcardBoxes after_reload;
  after_reload.load(&storage, clock);
  storage.run_pending();
  EXPECT_EQ(after_reload.boxes(), boxes.boxes());
}

TEST_F(FlashcardBoxesTest, AGradeGivenWhileReadingWinsAndIsNotOverwritten) {
  storage.seed(stores::kMeta, FlashcardBoxes::kStorageKey, R"({"boxes":{"p-stop":3,"p-give-way":2,"bad":"x","high":99}})");
  FlashcardBoxes boxes;
  boxes.load(&storage, clock);
  boxes.grade("p-stop", false);  // before the stored boxes arrive: no write yet, it would replace them
  EXPECT_TRUE(storage.write_log().empty());
  storage.run_pending();
  EXPECT_EQ(boxes.box("p-stop"), 0);
  EXPECT_EQ(boxes.box("p-give-way"), 2);
  EXPECT_EQ(boxes.box("high"), FlashcardBoxes::kTopBox);
  EXPECT_EQ(boxes.box("bad"), std::nullopt);
  EXPECT_EQ(stored()["boxes"], (nlohmann::json{{"p-stop", 0}, {"p-give-way", 2}, {"high", FlashcardBoxes::kTopBox}}));
}

TEST_F(FlashcardBoxesTest, AFailedSaveIsReportedAndTheNextOneClearsIt) {
  FlashcardBoxes boxes;
  boxes.load(&storage, clock);
  storage.run_pending();
  storage.fail_next_writes(StorageError{StorageErrorKind::quota_exceeded, "the device is full"});
  boxes.grade("p-stop", true);
  storage.run_pending();
  ASSERT_TRUE(boxes.save_error().has_value());
  EXPECT_NE(boxes.save_error()->find("the device is full"), std::string::npos) << *boxes.save_error();
  EXPECT_EQ(boxes.saves_done(), 0u);
  boxes.grade("p-stop", true);
  storage.run_pending();
  EXPECT_FALSE(boxes.save_error().has_value());
  EXPECT_EQ(stored()["boxes"]["p-stop"], 2);
}

TEST_F(FlashcardBoxesTest, WithoutStorageBoxesLiveInMemory) {
  FlashcardBoxes boxes;
  bool loaded = false;
  boxes.load(nullptr, clock, [&] { loaded = true; });
  EXPECT_TRUE(loaded);
  boxes.grade("p-stop", true);
  EXPECT_EQ(boxes.box("p-stop"), 1);
  EXPECT_FALSE(boxes.saving());
  EXPECT_EQ(storage.pending(), 0u);
  EXPECT_TRUE(storage.write_log().empty());
}

}  // namespace
}  // namespace umuhanda
