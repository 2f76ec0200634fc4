// MockExam (web/app/mock_exam.cpp) over the memory KeyValueStore and a real ProgressStore: begin,
// save after every change, restore after a reload with the clock still running, submit when the
// time is up (also while the page was closed), and record the attempt exactly once.
#include <gtest/gtest.h>

#include <memory>
#include <vector>

#include "../client_logic/client_fixtures.hpp"
#include "app/mock_exam.hpp"
#include "app/progress_store.hpp"
#include "platform/memory/memory_key_value_store.hpp"
#include "umuhanda/exam_session.hpp"

namespace umuhanda {
namespace {

using namespace umuhanda::testing;
using Event = MockExam::Event;
using Phase = MockExam::Phase;

// One page: a ProgressStore and a MockExam over the storage the pages share, and the events seen.
struct Page {
  Page(MemoryKeyValueStore& storage, const Clock& clock) : progress(storage, clock, [] { return 7u; }), exam(storage, progress, clock, random) {
    exam.on_event = [this](Event event) { events.push_back(event); };
  }
  RandomSource random{42};
  ProgressStore progress;
  MockExam exam;
  std::vector<Event> events;

  bool saw(Event event) const { return std::find(events.begin(), events.end(), event) != events.end(); }
};

class MockExamTest : public ::testing::Test {
protected:
  MockExamTest() {
    storage.open([](std::optional<StorageError>) {});
    storage.run_pending();
  }

  // A page opening: storage is open, the progress log and the saved exam are read, then the pack arrives.
  std::unique_ptr<Page> open_page() {
    auto page = std::make_unique<Page>(storage, clock);
    page->progress.load(true);
    page->exam.load_saved(true);
    storage.run_pending();
    page->exam.use_pack(&pack);
    storage.run_pending();
    return page;
  }

  std::optional<ExamSession> saved_exam() const {
    const auto text = storage.value(stores::kMeta, MockExam::kStorageKey);
    if (!text) return std::nullopt;
    auto session = ExamSession::from_json(*text);
    if (!session) return std::nullopt;
    return std::move(session).value();
  }

  Pack pack = make_client_pack();
  MemoryKeyValueStore storage;
  ManualClock clock{kStart};
};

TEST_F(MockExamTest, BeginsWithTheIntroThenStartsFromTheBlueprint) {
  auto page = open_page();
  page->exam.begin(std::nullopt);
  EXPECT_EQ(page->exam.phase(), Phase::intro);
  EXPECT_FALSE(page->exam.session().has_value());

  page->exam.start(std::nullopt);
  ASSERT_EQ(page->exam.phase(), Phase::running);
  EXPECT_EQ(page->exam.session()->size(), 8u);
  EXPECT_TRUE(page->saw(Event::started));
  EXPECT_TRUE(page->exam.holds_pack());
  storage.run_pending();
  ASSERT_TRUE(saved_exam().has_value()) << "an exam is saved as soon as it starts";
  EXPECT_EQ(saved_exam()->ends_at_ms(), kStart + 10 * kMinute);
}

TEST_F(MockExamTest, AnExamSetStartsAtOnceAndEveryChangeIsSaved) {
  auto page = open_page();
  page->exam.begin(std::string("set-1"));
  ASSERT_EQ(page->exam.phase(), Phase::running);
  EXPECT_EQ(page->exam.session()->question(0).id, "rules-5");

  EXPECT_TRUE(page->exam.answer(1));
  EXPECT_TRUE(page->exam.toggle_flag());
  EXPECT_TRUE(page->exam.go_to(2));
  EXPECT_FALSE(page->exam.go_to(2)) << "already there";
  storage.run_pending();
  const auto saved = saved_exam();
  ASSERT_TRUE(saved.has_value());
  EXPECT_EQ(saved->current_index(), 2u);
  EXPECT_TRUE(saved->is_answered(0));
  EXPECT_TRUE(saved->is_flagged(0));
  EXPECT_EQ(page->exam.saves_pending(), 0u);
  EXPECT_EQ(page->exam.saves_done(), 4u);
}

TEST_F(MockExamTest, AnUnknownExamSetSaysWhy) {
  auto page = open_page();
  page->exam.begin(std::string("no-such-set"));
  EXPECT_EQ(page->exam.phase(), Phase::intro);
  EXPECT_NE(page->exam.start_error().find("no exam set \"no-such-set\""), std::string::npos) << page->exam.start_error();
}

TEST_F(MockExamTest, AReloadRestoresTheExamWithItsClockStillRunning) {
  {
    auto page = open_page();
    page->exam.begin(std::string("set-1"));
    ASSERT_TRUE(page->exam.answer(1));
    ASSERT_TRUE(page->exam.go_to(1));
    storage.run_pending();
  }
  clock.advance(2 * kMinute);
  auto page = open_page();
  ASSERT_EQ(page->exam.phase(), Phase::running);
  EXPECT_TRUE(page->exam.restored());
  EXPECT_TRUE(page->saw(Event::restored));
  EXPECT_EQ(page->exam.session()->current_index(), 1u);
  EXPECT_TRUE(page->exam.session()->is_answered(0));
  EXPECT_EQ(page->exam.session()->remaining_ms(clock.now_ms()), 3 * kMinute);

  page->exam.begin(std::nullopt);  // "Start" while one is under way resumes it
  EXPECT_EQ(page->exam.phase(), Phase::running);
  EXPECT_EQ(page->exam.session()->current_index(), 1u);
}

TEST_F(MockExamTest, TimeUpWhileRunningSubmitsAndRecordsOnce) {
  auto page = open_page();
  page->exam.begin(std::string("set-1"));
  ASSERT_TRUE(page->exam.answer(1));
  clock.advance(5 * kMinute - 1);
  EXPECT_FALSE(page->exam.submit_if_time_up());
  clock.advance(1);
  EXPECT_TRUE(page->exam.submit_if_time_up());
  EXPECT_FALSE(page->exam.submit_if_time_up()) << "submitted once";
  EXPECT_EQ(page->exam.phase(), Phase::result);
  EXPECT_TRUE(page->saw(Event::submitted));
  EXPECT_FALSE(page->exam.holds_pack());
  storage.run_pending();
  ASSERT_EQ(page->progress.log().exam_attempts().size(), 1u);
  EXPECT_EQ(page->progress.log().exam_attempts()[0]->exam_set_id, "set-1");
  EXPECT_FALSE(saved_exam().has_value()) << "a recorded exam is no longer saved";
  page->exam.record_if_due();
  storage.run_pending();
  EXPECT_EQ(page->progress.log().exam_attempts().size(), 1u);
}

TEST_F(MockExamTest, TimeUpWhileThePageWasClosedSubmitsOnRestore) {
  {
    auto page = open_page();
    page->exam.begin(std::string("set-1"));
    ASSERT_TRUE(page->exam.answer(1));
    storage.run_pending();
  }
  clock.advance(6 * kMinute);
  auto page = open_page();
  EXPECT_EQ(page->exam.phase(), Phase::result);
  EXPECT_TRUE(page->exam.restored());
  ASSERT_TRUE(page->exam.session()->is_submitted());
  storage.run_pending();
  ASSERT_EQ(page->progress.log().exam_attempts().size(), 1u);
  EXPECT_FALSE(saved_exam().has_value());
}

// The page closed after the attempt was stored but before the saved exam was deleted: the next page
// finds the attempt in the log and does not record it again.
TEST_F(MockExamTest, ASubmittedExamLeftInStorageIsNotRecordedTwice) {
  std::string submitted_json;
  {
    auto page = open_page();
    page->exam.begin(std::string("set-1"));
    page->exam.submit();
    submitted_json = page->exam.session()->to_json();
    storage.run_pending();
    ASSERT_EQ(page->progress.log().exam_attempts().size(), 1u);
  }
  storage.seed(stores::kMeta, MockExam::kStorageKey, submitted_json);
  auto page = open_page();
  EXPECT_EQ(page->exam.phase(), Phase::result);
  storage.run_pending();
  EXPECT_EQ(page->progress.log().exam_attempts().size(), 1u);
  EXPECT_FALSE(saved_exam().has_value());
}

TEST_F(MockExamTest, ASavedExamOfAnotherPackIsForgotten) {
  {
    auto page = open_page();
    page->exam.begin(std::string("set-1"));
    storage.run_pending();
  }
  pack.id = "another-pack";
  auto page = open_page();
  EXPECT_EQ(page->exam.phase(), Phase::intro);
  EXPECT_FALSE(page->exam.session().has_value());
  EXPECT_FALSE(saved_exam().has_value());
  EXPECT_FALSE(page->exam.holds_pack());
}

TEST_F(MockExamTest, WithoutStorageTheExamLivesInMemory) {
  Page page(storage, clock);
  page.progress.load(false);
  page.exam.load_saved(false);
  page.exam.use_pack(&pack);
  page.exam.begin(std::string("set-1"));
  ASSERT_EQ(page.exam.phase(), Phase::running);
  EXPECT_TRUE(page.exam.answer(1));
  EXPECT_EQ(storage.pending(), 0u);
  EXPECT_FALSE(saved_exam().has_value());
}

}  // namespace
}  // namespace umuhanda
