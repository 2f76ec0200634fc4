// SqliteSyncStore on a real SQLite file (migrated as the server migrates it): events stored once
// by (student, id), pulled in stored order in pages, each student's log apart, and a deleted
// student's events gone with them.
#include <gtest/gtest.h>

#include <unistd.h>
#include <filesystem>
#include <mutex>

#include "server_app.hpp"
#include "store/sqlite_account_store.hpp"
#include "store/sqlite_sync_store.hpp"

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

class SyncStoreTest : public ::testing::Test {
protected:
  void SetUp() override {
    m_dir = std::filesystem::temp_directory_path() /
            ("umuhanda-sync-store-" + std::to_string(::getpid()) + "-" + ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(m_dir);
    auto db = open_database(m_dir);
    ASSERT_TRUE(db.ok()) << to_string(db.errors());
    m_writer = std::make_unique<Database>(std::move(db.value()));
    auto readers = ReadConnections::open((m_dir / "umuhanda.db").string(), 2);
    ASSERT_TRUE(readers.ok()) << to_string(readers.errors());
    m_readers = std::move(readers.value());
    accounts = std::make_unique<SqliteAccountStore>(*m_writer, m_mutex, *m_readers);
    store = std::make_unique<SqliteSyncStore>(*m_writer, m_mutex, *m_readers);
  }
  void TearDown() override {
    store.reset();
    accounts.reset();
    m_readers.reset();
    m_writer.reset();
    std::filesystem::remove_all(m_dir);
  }

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

  std::unique_ptr<SqliteAccountStore> accounts;
  std::unique_ptr<SqliteSyncStore> store;
  Database& writer() { return *m_writer; }

private:
  std::filesystem::path m_dir;
  std::mutex m_mutex;
  std::unique_ptr<Database> m_writer;
  std::unique_ptr<ReadConnections> m_readers;
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
