// SqliteSyncStore on a real SQLite file (migrated as the server migrates it): events stored once
// by (student, id), pulled in stored order in pages, each student's log apart, and a deleted
// student's events gone with them.
#include <gtest/gtest.h>

#include <mutex>
#include <thread>

#include "server_app.hpp"
#include "store/sqlite_account_store.hpp"
#include "store/sqlite_sync_store.hpp"
#include "store_fixture.hpp"

namespace umuhanda {
namespace {

SyncEvent event(const std::string& id, std::int64_t at_ms) {
  return SyncEvent{id, "reset", at_ms, R"({"type":"reset","id":")" + id + R"(","reset_at_ms":)" + std::to_string(at_ms) + "}"};
}

std::vector<SyncEvent> events(const std::string& device, int first, int count) {
  std::vector<SyncEvent> list;
  for (int i = first; i < first + count; ++i) list.push_back(event(device + ":" + std::to_string(i), 1000 + i));
  return list;
}

class SyncStoreTest : public testing::StoreFixture {
protected:
  std::int64_t student(const std::string& phone) {
    auto created = accounts->create_user(NewUser{"Aline", phone, std::nullopt, Role::student, "$argon2id$stand-in"});
    EXPECT_TRUE(created.ok()) << to_string(created.errors());
    return created.ok() ? created->id : 0;
  }

  std::vector<SyncEvent> all_of(std::int64_t user, std::size_t limit) {
    std::vector<SyncEvent> all;
    std::int64_t cursor = 0;
    for (int page = 0; page < 1000; ++page) {
      auto pulled = store->pull(user, cursor, limit);
      EXPECT_TRUE(pulled.ok()) << to_string(pulled.errors());
      if (!pulled) break;
      EXPECT_LE(pulled->events.size(), limit);
      all.insert(all.end(), pulled->events.begin(), pulled->events.end());
      cursor = pulled->cursor;
      if (!pulled->more) break;
    }
    return all;
  }

  std::unique_ptr<SqliteAccountStore> accounts = make_store<SqliteAccountStore>();
  std::unique_ptr<SqliteSyncStore> store = make_store<SqliteSyncStore>();
};

TEST_F(SyncStoreTest, APushStoresNewEventsOnceAndCountsTheRepeats) {
  const std::int64_t aline = student("+250781000001");
  auto first = store->push(aline, "phone", events("phone", 1, 10));
  ASSERT_TRUE(first.ok()) << to_string(first.errors());
  EXPECT_EQ(first->stored, 10u);
  EXPECT_EQ(first->duplicates, 0u);
  EXPECT_GT(first->cursor, 0);

  // Half old, half new; an old id with other content keeps its first copy.
  std::vector<SyncEvent> mixed = events("phone", 6, 10);
  mixed[0].body = R"({"type":"reset","id":"phone:6","reset_at_ms":1})";
  auto second = store->push(aline, "phone", mixed);
  ASSERT_TRUE(second.ok()) << to_string(second.errors());
  EXPECT_EQ(second->stored, 5u);
  EXPECT_EQ(second->duplicates, 5u);
  EXPECT_GT(second->cursor, first->cursor);

  const std::vector<SyncEvent> all = all_of(aline, 100);
  ASSERT_EQ(all.size(), 15u);
  EXPECT_EQ(all, events("phone", 1, 15)) << "in push order, the first copy of phone:6 kept";

  auto empty = store->push(aline, "phone", {});
  ASSERT_TRUE(empty.ok());
  EXPECT_EQ(empty->cursor, second->cursor) << "an empty push reports where the log is";
}

TEST_F(SyncStoreTest, PagesFollowTheCursorAndSayWhetherMoreFollow) {
  const std::int64_t aline = student("+250781000001");
  ASSERT_TRUE(store->push(aline, "a", events("a", 1, 6)).ok());
  auto page = store->pull(aline, 0, 4);
  ASSERT_TRUE(page.ok());
  EXPECT_EQ(page->events.size(), 4u);
  EXPECT_TRUE(page->more);
  auto rest = store->pull(aline, page->cursor, 4);
  ASSERT_TRUE(rest.ok());
  EXPECT_EQ(rest->events.size(), 2u);
  EXPECT_FALSE(rest->more);
  EXPECT_EQ(rest->events[0].id, "a:5");
  auto none = store->pull(aline, rest->cursor, 4);
  ASSERT_TRUE(none.ok());
  EXPECT_TRUE(none->events.empty());
  EXPECT_EQ(none->cursor, rest->cursor);
  EXPECT_FALSE(none->more);
  for (std::size_t limit : {1u, 2u, 3u, 6u, 7u}) EXPECT_EQ(all_of(aline, limit), events("a", 1, 6)) << "limit " << limit;
}

TEST_F(SyncStoreTest, EachStudentHasTheirOwnLogAndTheirOwnIds) {
  const std::int64_t aline = student("+250781000001");
  const std::int64_t eric = student("+250781000002");
  ASSERT_TRUE(store->push(aline, "phone", events("phone", 1, 3)).ok());
  auto erics = store->push(eric, "phone", events("phone", 1, 2));
  ASSERT_TRUE(erics.ok());
  EXPECT_EQ(erics->stored, 2u) << "the same ids in another student's log are other events";
  EXPECT_EQ(all_of(aline, 10).size(), 3u);
  EXPECT_EQ(all_of(eric, 10).size(), 2u);
}

TEST_F(SyncStoreTest, ADeletedStudentsEventsGoWithThemAndCursorsAreNeverReused) {
  const std::int64_t aline = student("+250781000001");
  auto pushed = store->push(aline, "phone", events("phone", 1, 3));
  ASSERT_TRUE(pushed.ok());
  ASSERT_TRUE(writer().exec("DELETE FROM users WHERE id = " + std::to_string(aline)).ok());
  EXPECT_TRUE(all_of(aline, 10).empty());
  // AUTOINCREMENT: a later event never takes a position a device may hold as its cursor.
  const std::int64_t eric = student("+250781000002");
  auto erics = store->push(eric, "laptop", events("laptop", 1, 1));
  ASSERT_TRUE(erics.ok());
  EXPECT_GT(erics->cursor, pushed->cursor);
}

}  // namespace
}  // namespace umuhanda

namespace umuhanda {
namespace {

// Group commit: pushes that queue while a transaction is written go in the next one together; a
// push that fails there (here: for an account that does not exist, which breaks the foreign key)
// sends the group back to be written push by push, and fails alone.
TEST_F(SyncStoreTest, PushesThatQueueTogetherCommitTogetherAndAFailingOneFailsAlone) {
  const std::int64_t aline = student("0781234567");
  const std::int64_t eric = student("0781234568");
  const std::int64_t nobody = 987654;
  std::unique_lock writer(writer_mutex());  // holds the first group at its transaction's door
  std::vector<Expected<PushOutcome>> outcomes(6, Expected<PushOutcome>(Diagnostics{error("", "not run")}));
  std::vector<std::thread> threads;
  threads.emplace_back([&] { outcomes[0] = store->push(aline, "a", events("a", 1, 3)); });
  while (store->group_stats().groups < 1) std::this_thread::yield();  // the first push leads a group of one
  const std::vector<std::pair<std::int64_t, std::vector<SyncEvent>>> queued = {
      {aline, events("a", 3, 3)}, {eric, events("e", 1, 2)}, {nobody, events("n", 1, 1)}, {eric, events("e", 1, 2)}, {aline, events("b", 1, 1)}};
  for (std::size_t i = 0; i < queued.size(); ++i) {
    threads.emplace_back([&, i] { outcomes[i + 1] = store->push(queued[i].first, "d", queued[i].second); });
  }
  while (store->waiting_pushes() < queued.size()) std::this_thread::yield();
  writer.unlock();
  for (auto& thread : threads) thread.join();

  const auto stats = store->group_stats();
  EXPECT_EQ(stats.groups, 2u);
  EXPECT_EQ(stats.pushes, 6u);
  EXPECT_EQ(stats.largest, 5u);
  EXPECT_EQ(stats.written_alone, 1u);
  ASSERT_TRUE(outcomes[0].ok()) << to_string(outcomes[0].errors());
  EXPECT_EQ(outcomes[0]->stored, 3u);
  EXPECT_FALSE(outcomes[3].ok()) << "a push for an account that does not exist is refused";
  for (std::size_t i : {1u, 2u, 4u, 5u}) ASSERT_TRUE(outcomes[i].ok()) << i << ": " << to_string(outcomes[i].errors());
  EXPECT_EQ(outcomes[1]->stored + outcomes[1]->duplicates, 3u);
  EXPECT_EQ(outcomes[1]->duplicates, 1u) << "a:3 was stored by the first group";
  EXPECT_EQ(outcomes[2]->stored + outcomes[4]->stored, 2u) << "Eric's two pushes repeat each other: stored once";
  EXPECT_EQ(outcomes[2]->duplicates + outcomes[4]->duplicates, 2u);
  EXPECT_EQ(outcomes[5]->stored, 1u);
  EXPECT_EQ(all_of(aline, 100).size(), 6u);
  EXPECT_EQ(all_of(eric, 100).size(), 2u);
  EXPECT_TRUE(all_of(nobody, 100).empty());
  // Pushes queue in the order their threads reached the store, so which of Aline's two went last
  // is not fixed: the later one's cursor is her last event's.
  auto pulled = store->pull(aline, 0, 100);
  ASSERT_TRUE(pulled.ok());
  EXPECT_EQ(std::max(outcomes[1]->cursor, outcomes[5]->cursor), pulled->cursor);
  EXPECT_GT(std::min(outcomes[1]->cursor, outcomes[5]->cursor), outcomes[0]->cursor);
}

}  // namespace
}  // namespace umuhanda
