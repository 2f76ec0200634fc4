// ProgressStore (web/app/progress_store.cpp) over the memory KeyValueStore and TabChannel: record
// ids "<device>.<instance>:<counter>", the log across reloads, two tabs writing to one storage,
// answers given before loading finished, unreadable records, resets, and storage failures as values.
#include <gtest/gtest.h>

#include <memory>
#include <set>

#include "../client_logic/client_fixtures.hpp"
#include "app/progress_store.hpp"
#include "platform/memory/memory_key_value_store.hpp"
#include "platform/memory/memory_tab_channel.hpp"
#include "umuhanda/clock.hpp"
#include "umuhanda/exam_session.hpp"
#include "umuhanda/question_selection.hpp"

namespace umuhanda {
namespace {

using namespace umuhanda::testing;

constexpr std::uint64_t kSeed = 42;

std::string device_id_for(std::uint64_t seed) {
  RandomSource random(seed);
  return make_device_id(random);
}

class ProgressStoreTest : public ::testing::Test {
protected:
  ProgressStoreTest() {
    storage.open([](std::optional<StorageError>) {});
    storage.run_pending();
  }

  // A new page over the same storage: `seed` makes its instance id (and the device id of a device
  // without one yet). Two tabs open at once need two seeds, as two pages get two random draws.
  std::unique_ptr<ProgressStore> reload(std::uint64_t seed = kSeed, TabChannel* tabs = nullptr) {
    auto store = std::make_unique<ProgressStore>(
        storage, clock, [seed] { return seed; }, tabs);
    store->load(true);
    storage.run_pending();
    return store;
  }

  void answer(ProgressStore& store, std::size_t question, std::size_t choice = 1) {
    store.record_answer(pack.id, pack.questions.at(question), {choice}, 4000);
    clock.advance(kMinute);
  }

  static std::vector<std::string> answer_ids(const ProgressStore& store) {
    std::vector<std::string> ids;
    for (const AnswerRecord* answer : store.log().answers()) ids.push_back(answer->id);
    return ids;
  }

  std::optional<nlohmann::json> stored_device() const {
    auto text = storage.value(stores::kMeta, "device");
    if (!text) return std::nullopt;
    return nlohmann::json::parse(*text);
  }

  MemoryKeyValueStore storage;
  ManualClock clock{kStart};
  const Pack pack = make_client_pack();
};

// "<device>.<12 hex digits>"
void expect_writer_of(const ProgressStore& store, const std::string& device) {
  const std::string writer = store.writer_id();
  ASSERT_EQ(writer.size(), device.size() + 13) << writer;
  EXPECT_EQ(writer.substr(0, device.size() + 1), device + ".") << writer;
  EXPECT_EQ(writer.find_first_not_of("0123456789abcdef", device.size() + 1), std::string::npos) << writer;
}

TEST_F(ProgressStoreTest, AnswersGetWriterCounterIdsAndEachIsStoredInOneWrite) {
  auto store = reload();
  ASSERT_TRUE(store->loaded());
  const std::string device = device_id_for(kSeed);
  expect_writer_of(*store, device);
  const std::string writer = store->writer_id();
  // A first start saves the new device id before any record uses it.
  ASSERT_FALSE(storage.write_log().empty());
  EXPECT_EQ(storage.write_log()[0].keys, std::vector<std::string>{"meta/device"});

  answer(*store, 0);
  answer(*store, 1, 0);
  storage.run_pending();
  EXPECT_EQ(answer_ids(*store), (std::vector<std::string>{writer + ":1", writer + ":2"}));
  EXPECT_EQ(storage.stored_keys(stores::kProgress), (std::vector<std::string>{writer + ":1", writer + ":2"}));
  ASSERT_EQ(storage.write_log().size(), 3u);
  EXPECT_EQ(storage.write_log()[2].keys, (std::vector<std::string>{"progress/" + writer + ":2"}));
  EXPECT_EQ(storage.write_log()[2].durability, WriteDurability::strict);
  EXPECT_EQ((*stored_device())["device_id"], device);

  const auto stored = read_progress_log(*storage.value(stores::kProgress, writer + ":2") + "\n");
  ASSERT_TRUE(stored.problems.empty());
  ASSERT_EQ(stored.log.answers().size(), 1u);
  const AnswerRecord& second = *stored.log.answers()[0];
  EXPECT_EQ(second.question_id, pack.questions[1].id);
  EXPECT_FALSE(second.correct);
  EXPECT_EQ(second.answered_at_ms, kStart + kMinute);
  EXPECT_EQ(store->state()["saved"], 2);
  EXPECT_EQ(store->state()["writer_id"], writer);
  EXPECT_FALSE(store->storage_problem().has_value());
}

TEST_F(ProgressStoreTest, AnswersSurviveAReloadInTimeOrderAndEachStartWritesAsANewInstance) {
  const std::string device = device_id_for(kSeed);
  std::string first_writer;
  {
    auto first = reload();
    first_writer = first->writer_id();
    for (std::size_t i = 0; i < 11; ++i) answer(*first, i);
    storage.run_pending();
  }
  auto second = reload(/*seed=*/7);  // the stored device id wins over a new seed
  ASSERT_TRUE(second->loaded());
  const auto ids = answer_ids(*second);
  ASSERT_EQ(ids.size(), 11u);
  EXPECT_EQ(ids[1], first_writer + ":2");
  EXPECT_EQ(ids[9], first_writer + ":10");  // by time (and counter as a number): ":10" after ":9", not after ":1"
  EXPECT_EQ(second->log().answers()[9]->question_id, pack.questions[9].id);
  EXPECT_EQ(second->state()["loaded_records"], 11);

  expect_writer_of(*second, device);
  EXPECT_NE(second->writer_id(), first_writer);
  answer(*second, 12);
  storage.run_pending();
  EXPECT_EQ(answer_ids(*second).back(), second->writer_id() + ":1");
  EXPECT_EQ(storage.count(stores::kProgress), 12u);
}

TEST_F(ProgressStoreTest, TwoTabsOnOneStorageKeepEveryAnswerAndEachShowsTheOthers) {
  MemoryTabHub hub;
  auto channel_a = hub.open();
  auto channel_b = hub.open();
  auto tab_a = reload(1, channel_a.get());
  auto tab_b = reload(2, channel_b.get());
  ASSERT_EQ(tab_a->writer_id().substr(0, 33), tab_b->writer_id().substr(0, 33)) << "one device";
  ASSERT_NE(tab_a->writer_id(), tab_b->writer_id()) << "two writers";
  // 8 answers in each tab, in turn: before, each tab counted "<device>:N" from the same number
  // and the later write replaced the earlier one.
  for (std::size_t i = 0; i < 8; ++i) {
    answer(*tab_a, i);
    answer(*tab_b, i + 7);  // the client pack has 15 questions
  }
  EXPECT_EQ(tab_b->log().answers().size(), 8u) << "a tab hears of another's records only once they are stored";
  storage.run_pending();
  EXPECT_EQ(hub.deliver_pending(), 16u);
  EXPECT_EQ(tab_a->log().answers().size(), 16u);
  EXPECT_EQ(tab_b->log().answers().size(), 16u);
  EXPECT_EQ(tab_a->state()["from_other_tabs"], 8);
  EXPECT_EQ(storage.count(stores::kProgress), 16u);
  auto fresh = reload(3);
  EXPECT_EQ(fresh->log().answers().size(), 16u) << "a tab opened afterwards finds all of them";
  const auto ids = answer_ids(*fresh);
  EXPECT_EQ(std::set<std::string>(ids.begin(), ids.end()).size(), 16u);

  // A reset in one tab clears the other's screen too, and stays cleared after a reload.
  const auto revision = tab_b->revision();
  std::optional<std::optional<StorageError>> outcome;
  tab_a->reset([&](std::optional<StorageError> error) { outcome = std::move(error); });
  storage.run_pending();
  ASSERT_TRUE(outcome.has_value() && !outcome->has_value());
  hub.deliver_pending();
  EXPECT_TRUE(tab_a->log().answers().empty());
  EXPECT_TRUE(tab_b->log().answers().empty());
  EXPECT_GT(tab_b->revision(), revision);
  EXPECT_TRUE(reload(4)->log().answers().empty());
}

TEST_F(ProgressStoreTest, WhatAnotherTabSaysBeforeTheLogIsReadIsKeptUntilItIs) {
  MemoryTabHub hub;
  auto sender = hub.open();
  auto channel = hub.open();
  ProgressStore store(
      storage, clock, [] { return kSeed; }, channel.get());
  store.load(true);
  sender->post(to_json_line(answer_at("other.000000000001:1", "signs-1", true, kStart)) + "\n");
  hub.deliver_pending();
  EXPECT_FALSE(store.loaded());
  storage.run_pending();
  ASSERT_TRUE(store.loaded());
  EXPECT_EQ(answer_ids(store), std::vector<std::string>{"other.000000000001:1"});
  sender->post(to_json_line(answer_at("other.000000000001:1", "signs-1", true, kStart)) + "\n");
  hub.deliver_pending();
  EXPECT_EQ(store.log().size(), 1u) << "a record heard twice is one record";
}

TEST_F(ProgressStoreTest, AnswersBeforeLoadingFinishedAreRecordedOnce) {
  ProgressStore store(storage, clock, [] { return kSeed; });
  store.load(true);
  answer(store, 0);  // storage has not answered yet
  answer(store, 1);
  EXPECT_FALSE(store.loaded());
  EXPECT_TRUE(store.log().empty());
  storage.run_pending();
  ASSERT_TRUE(store.loaded());
  const std::string writer = store.writer_id();
  EXPECT_EQ(answer_ids(store), (std::vector<std::string>{writer + ":1", writer + ":2"}));
  EXPECT_EQ(store.log().answers()[0]->answered_at_ms, kStart);  // when it was given, not when stored
  EXPECT_EQ(storage.count(stores::kProgress), 2u);
  answer(store, 2);
  storage.run_pending();
  EXPECT_EQ(store.log().size(), 3u);
  EXPECT_EQ(storage.count(stores::kProgress), 3u);
}

TEST_F(ProgressStoreTest, UnreadableRecordsAreSkippedAndCounted) {
  const std::string device = "d0d0d0d0d0d0d0d0d0d0d0d0d0d0d0d0";
  storage.seed(stores::kMeta, "device", R"({"device_id":")" + device + R"(","next_counter":6})");
  storage.seed(stores::kProgress, device + ":1", to_json_line(answer_at(device + ":1", "signs-1", true, kStart)));
  storage.seed(stores::kProgress, device + ":2", "{\"type\":\"answer\",\"id\":\"torn");
  storage.seed(stores::kProgress, device + ":3", to_json_line(answer_at(device + ":3", "signs-2", false, kStart + kMinute)));
  storage.seed(stores::kProgress, device + ":5", R"({"type":"from-a-newer-client","id":")" + device + R"(:5"})");
  auto store = reload();
  EXPECT_EQ(answer_ids(*store), (std::vector<std::string>{device + ":1", device + ":3"}));
  EXPECT_EQ(store->state()["bad_lines"], 2);
  EXPECT_EQ(store->state()["loaded_records"], 2);
  EXPECT_FALSE(store->storage_problem().has_value());
  expect_writer_of(*store, device);
  answer(*store, 0);
  storage.run_pending();
  EXPECT_EQ(answer_ids(*store).back(), store->writer_id() + ":1");  // records of the older form are never overwritten
  EXPECT_EQ(storage.value(stores::kProgress, device + ":5"), R"({"type":"from-a-newer-client","id":")" + device + R"(:5"})");
}

TEST_F(ProgressStoreTest, AFailedWriteIsReportedAndTheAnswerKeptForThisVisit) {
  MemoryTabHub hub;
  auto channel = hub.open();
  auto listener = hub.open();
  auto store = reload(kSeed, channel.get());
  storage.fail_next_writes(StorageError{StorageErrorKind::quota_exceeded, "QuotaExceededError"});
  answer(*store, 0);
  storage.run_pending();
  ASSERT_TRUE(store->storage_problem().has_value());
  EXPECT_EQ(store->storage_problem()->kind, StorageErrorKind::quota_exceeded);
  EXPECT_EQ(store->state()["saved"], 0);
  EXPECT_EQ(store->state()["saving"], 0);
  EXPECT_EQ(store->log().size(), 1u);
  EXPECT_EQ(storage.count(stores::kProgress), 0u);
  EXPECT_EQ(hub.posted(), 0u) << "other tabs hear only of stored records";
  EXPECT_EQ(store->state()["storage_problem"], store->storage_problem()->message);
}

TEST_F(ProgressStoreTest, AnUnreadableLogIsReportedAndAnswersStillRecorded) {
  storage.fail_next_reads(StorageError{StorageErrorKind::failed, "UnknownError"}, 2);  // the device entry and the log
  auto store = reload();
  ASSERT_TRUE(store->loaded());
  ASSERT_TRUE(store->storage_problem().has_value());
  EXPECT_EQ(store->storage_problem()->kind, StorageErrorKind::failed);
  answer(*store, 0);
  storage.run_pending();
  EXPECT_EQ(store->log().size(), 1u);
}

TEST_F(ProgressStoreTest, WithoutStorageTheLogLivesInMemory) {
  ProgressStore store(storage, clock, [] { return kSeed; });
  store.load(false);
  ASSERT_TRUE(store.loaded());
  expect_writer_of(store, device_id_for(kSeed));
  answer(store, 0);
  storage.run_pending();
  EXPECT_EQ(answer_ids(store), std::vector<std::string>{store.writer_id() + ":1"});
  EXPECT_TRUE(storage.write_log().empty());
}

TEST_F(ProgressStoreTest, ASubmittedExamIsStoredAsOneAttemptAndItsAnswersInOneWrite) {
  auto store = reload();
  RandomSource random(7);
  auto paper = draw_exam(pack, pack.blueprints.at(0), random);
  ASSERT_TRUE(paper) << to_string(paper.errors());
  auto session = ExamSession::start(pack, paper.value(), clock);
  ASSERT_TRUE(session);
  ExamSession exam = std::move(session).value();
  clock.advance(kMinute);
  ASSERT_TRUE(exam.answer(0, 0, clock.now_ms()));
  ASSERT_TRUE(exam.answer(1, 1, clock.now_ms()));
  exam.submit(clock.now_ms());
  const std::size_t writes_before = storage.write_log().size();

  store->record_exam(exam);
  storage.run_pending();
  ASSERT_EQ(store->log().exam_attempts().size(), 1u);
  EXPECT_EQ(store->log().exam_attempts()[0]->question_ids.size(), exam.size());
  EXPECT_EQ(store->log().answers().size(), 2u);  // the answered questions only
  for (const AnswerRecord* answer : store->log().answers()) EXPECT_EQ(answer->mode, AnswerMode::exam);
  ASSERT_EQ(storage.write_log().size(), writes_before + 1) << "attempt and answers in one transaction";
  EXPECT_EQ(storage.write_log().back().keys.size(), 3u);  // 1 attempt + 2 answers
  EXPECT_EQ(storage.count(stores::kProgress), 3u);

  auto reloaded = reload();
  EXPECT_EQ(reloaded->log().exam_attempts().size(), 1u);
  EXPECT_EQ(reloaded->log().exam_attempts()[0]->score, exam.result()->score);
}

TEST_F(ProgressStoreTest, AResetIsARecordThatClearsTheProgressAndDeletesNothing) {
  const std::string device = "d1d1d1d1d1d1d1d1d1d1d1d1d1d1d1d1";
  storage.seed(stores::kMeta, "device", R"({"device_id":")" + device + R"(","next_counter":4})");
  storage.seed(stores::kProgress, device + ":1", to_json_line(answer_at(device + ":1", "signs-1", true, kStart - kMinute)));
  storage.seed(stores::kProgress, device + ":2", "{\"type\":\"answer\",\"id\":\"torn");
  storage.seed(stores::kProgress, device + ":3", to_json_line(answer_at(device + ":3", "signs-2", false, kStart - kMinute)));
  auto store = reload();
  ASSERT_EQ(store->log().answers().size(), 2u);
  const auto revision = store->revision();

  std::optional<std::optional<StorageError>> outcome;
  store->reset([&](std::optional<StorageError> error) { outcome = std::move(error); });
  EXPECT_EQ(store->log().answers().size(), 2u) << "the progress clears only once storage confirmed";
  storage.run_pending();
  ASSERT_TRUE(outcome.has_value());
  EXPECT_FALSE(outcome->has_value());
  EXPECT_TRUE(store->log().answers().empty());
  EXPECT_EQ(store->log().size(), 3u) << "two answers and the reset";
  EXPECT_EQ(store->log().last_reset_ms(), kStart);
  EXPECT_GT(store->revision(), revision);
  EXPECT_EQ(storage.count(stores::kProgress), 4u) << "nothing deleted: the reset syncs to other devices";

  clock.advance(kMinute);
  answer(*store, 0);
  storage.run_pending();
  EXPECT_EQ(answer_ids(*store), std::vector<std::string>{store->writer_id() + ":2"}) << "ids are never reused";
  auto reloaded = reload(9);
  EXPECT_EQ(reloaded->log().answers().size(), 1u);
  EXPECT_EQ(reloaded->log().last_reset_ms(), kStart);
}

TEST_F(ProgressStoreTest, AResetThatStorageRefusesKeepsEverything) {
  auto store = reload();
  answer(*store, 0);
  storage.run_pending();
  storage.fail_next_writes(StorageError{StorageErrorKind::failed, "disk error"});
  std::optional<std::optional<StorageError>> outcome;
  store->reset([&](std::optional<StorageError> error) { outcome = std::move(error); });
  storage.run_pending();
  ASSERT_TRUE(outcome.has_value() && outcome->has_value());
  EXPECT_EQ(store->log().size(), 1u);
  EXPECT_EQ(store->log().answers().size(), 1u);
  EXPECT_EQ(storage.count(stores::kProgress), 1u);
}

TEST_F(ProgressStoreTest, ADeviceEntryWithACounterOfTheWrongTypeDoesNotStopTheStart) {
  const std::string device = "d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2";
  storage.seed(stores::kMeta, "device", R"({"device_id":")" + device + R"(","next_counter":"seven"})");
  storage.seed(stores::kProgress, device + ":3", to_json_line(answer_at(device + ":3", "signs-1", true, kStart)));
  auto store = reload();
  ASSERT_TRUE(store->loaded());
  expect_writer_of(*store, device);
  answer(*store, 0);
  storage.run_pending();
  EXPECT_EQ(answer_ids(*store).back(), store->writer_id() + ":1");
  EXPECT_EQ(store->log().size(), 2u);
}

}  // namespace
}  // namespace umuhanda
