// Scheduled exams in SQLite (server/store/sqlite_exam_store.cpp) with the default pack imported:
// the nightly generation makes each exam once however often it runs
// and keeps what it made: a later run changes no exam already generated.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "server_app.hpp"  // import_pack_path
#include "store/sqlite_exam_store.hpp"
#include "store_fixture.hpp"

namespace umuhanda {
namespace {

using namespace std::chrono;

constexpr std::int64_t kMondayMidnightKigali = 1796594400;  // 2026-12-06T22:00:00Z

class ExamStoreTest : public testing::StoreFixture {
protected:
  void SetUp() override {
    auto imported = import_pack_path(writer(), std::filesystem::path(UMUHANDA_SOURCE_DIR) / "assets/packs/umuhanda-default");
    ASSERT_TRUE(imported.ok()) << to_string(imported.errors());
    store = make_store<SqliteExamStore>(zone);
  }
  ExamScheduleInput hourly() {
    ExamScheduleInput rule;
    rule.name = "hourly";
    rule.times =
        parse_exam_times({"MON", "TUE", "WED", "THU", "FRI", "SAT"}, {"08:20", "09:20", "10:20", "11:20", "12:20", "13:20", "14:20", "15:20"})
            .value();
    rule.pack_id = "umuhanda-default";
    rule.blueprint = "provisional-licence";
    return rule;
  }
  std::vector<std::pair<std::int64_t, std::string>> exams() {
    std::vector<std::pair<std::int64_t, std::string>> out;
    auto query = writer().prepare("SELECT starts_at, paper FROM scheduled_exams ORDER BY starts_at");
    while (query->step().value()) out.emplace_back(query->column_int(0), query->column_text(1));
    return out;
  }

  TimeZone zone = TimeZone::locate("Africa/Kigali").value();
  std::unique_ptr<SqliteExamStore> store;
};

TEST_F(ExamStoreTest, GenerationMakesEachExamOnceWithItsOwnFrozenPaper) {
  ASSERT_TRUE(store->save_schedule(std::nullopt, hourly(), kMondayMidnightKigali).ok());
  const auto first = exams();
  ASSERT_EQ(first.size(), 8u) << "Monday's eight; Tuesday's first starts after the 26 hours";
  for (int run = 0; run < 3; ++run) {
    std::lock_guard lock(writer_mutex());
    auto made = generate_scheduled_exams(writer(), zone, kMondayMidnightKigali + run * 60, kExamHorizonSeconds);
    ASSERT_TRUE(made.ok()) << to_string(made.errors());
    EXPECT_EQ(made.value(), 0u) << "nothing new within the same window";
  }
  EXPECT_EQ(exams(), first);
  // The next night: Tuesday's eight join; Monday's stay as they were.
  {
    std::lock_guard lock(writer_mutex());
    auto made = generate_scheduled_exams(writer(), zone, kMondayMidnightKigali + 24 * 3600, kExamHorizonSeconds);
    ASSERT_TRUE(made.ok());
    EXPECT_EQ(made.value(), 8u);
  }
  const auto later = exams();
  ASSERT_EQ(later.size(), 16u);
  for (std::size_t i = 0; i < 8; ++i) EXPECT_EQ(later[i], first[i]);
  // Each exam its own draw: papers of different hours differ.
  EXPECT_NE(first[0].second, first[1].second);
  const auto paper = nlohmann::json::parse(first[0].second);
  EXPECT_EQ(paper["questions"].size(), 20u);
  EXPECT_FALSE(paper.contains("lessons") && !paper["lessons"].empty());
}

TEST_F(ExamStoreTest, ARuleThatCannotDrawAPaperIsRefusedAndNothingIsSaved) {
  ExamScheduleInput rule = hourly();
  rule.pack_id = "no-such-pack";
  auto refused = store->save_schedule(std::nullopt, rule, kMondayMidnightKigali);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.errors()[0].path, "pack");
  rule = hourly();
  rule.exam_set = "no-such-set";
  rule.blueprint.clear();
  EXPECT_FALSE(store->save_schedule(std::nullopt, rule, kMondayMidnightKigali).ok());
  EXPECT_TRUE(store->schedules().value().empty());
  EXPECT_TRUE(exams().empty());
}

}  // namespace
}  // namespace umuhanda
