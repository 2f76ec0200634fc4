// WalCheckpointer on a real SQLite file: commits past the wake size are checkpointed by its thread
// (the database file grows with what the log held), and a log past the inline size is
// checkpointed by the commit itself.
#include "wal_checkpointer.hpp"

#include <gtest/gtest.h>

#include <unistd.h>
#include <chrono>
#include <filesystem>
#include <thread>

namespace umuhanda {
namespace {

class WalCheckpointerTest : public ::testing::Test {
protected:
  void SetUp() override {
    m_dir = std::filesystem::temp_directory_path() /
            ("umuhanda-checkpointer-" + std::to_string(::getpid()) + "-" + ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(m_dir);
    std::filesystem::create_directories(m_dir);
    auto db = Database::open((m_dir / "test.db").string());
    ASSERT_TRUE(db.ok()) << to_string(db.errors());
    writer = std::make_unique<Database>(std::move(db).value());
    ASSERT_TRUE(writer->exec("CREATE TABLE rows (id INTEGER PRIMARY KEY, body TEXT NOT NULL)").ok());
    ASSERT_TRUE(writer->exec("PRAGMA wal_checkpoint(TRUNCATE)").ok());
  }
  void TearDown() override {
    writer.reset();
    std::filesystem::remove_all(m_dir);
  }
  // One transaction of `rows` rows of 3500 bytes: a 4 KiB page each.
  void write_rows(int rows) {
    ASSERT_TRUE(writer->run("BEGIN IMMEDIATE").ok());
    for (int i = 0; i < rows; ++i) {
      auto insert = writer->prepare("INSERT INTO rows (body) VALUES (?1)");
      ASSERT_TRUE(insert.ok());
      insert->bind(1, std::string(3500, 'x'));
      ASSERT_TRUE(insert->run().ok());
    }
    ASSERT_TRUE(writer->run("COMMIT").ok());
  }
  std::uintmax_t database_bytes() const { return std::filesystem::file_size(m_dir / "test.db"); }

  std::unique_ptr<Database> writer;

private:
  std::filesystem::path m_dir;
};

TEST_F(WalCheckpointerTest, ACommitPastTheWakeSizeIsCheckpointedByTheThreadNotTheCommit) {
  auto checkpointer = WalCheckpointer::start(*writer, 50, 100000);
  ASSERT_TRUE(checkpointer.ok()) << to_string(checkpointer.errors());
  const auto before = database_bytes();
  write_rows(20);  // below the wake size: nothing to do
  EXPECT_EQ(checkpointer.value()->stats().background, 0u);
  EXPECT_EQ(database_bytes(), before) << "the rows are still only in the log";
  write_rows(100);
  EXPECT_EQ(checkpointer.value()->stats().in_commit, 0u) << "the commit itself did not checkpoint";
  // The thread runs when it runs: wait for its count (bounded), not for a guessed time.
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  while (checkpointer.value()->stats().background == 0 && std::chrono::steady_clock::now() < deadline) std::this_thread::yield();
  ASSERT_GE(checkpointer.value()->stats().background, 1u);
  EXPECT_GT(database_bytes(), before + 100 * 3500) << "the log's pages were copied into the database file";
}

TEST_F(WalCheckpointerTest, ALogPastTheInlineSizeIsCheckpointedByTheCommitItself) {
  auto checkpointer = WalCheckpointer::start(*writer, 1000000, 50);
  ASSERT_TRUE(checkpointer.ok()) << to_string(checkpointer.errors());
  const auto before = database_bytes();
  write_rows(100);
  EXPECT_EQ(checkpointer.value()->stats().in_commit, 1u);
  EXPECT_EQ(checkpointer.value()->stats().background, 0u);
  EXPECT_GT(database_bytes(), before + 100 * 3500);
}

TEST_F(WalCheckpointerTest, OnceStoppedTheWriterCheckpointsAsSqliteDoesByDefault) {
  { ASSERT_TRUE(WalCheckpointer::start(*writer, 1000000, 1000000).ok()); }
  const auto before = database_bytes();
  write_rows(1100);  // past SQLite's 1000-page default
  EXPECT_GT(database_bytes(), before + 1000 * 3500);
}

}  // namespace
}  // namespace umuhanda
