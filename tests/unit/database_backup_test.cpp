// The nightly backup's copy (server/jobs/database_backup.cpp) on real SQLite files: the copy holds
// every row, taken while a writer holds the database open in WAL mode; it passes the integrity check
// and replaces that day's copy; only the newest `keep` stay; a `.partial` left by a run that died
// is replaced, never kept; a database that cannot be read is an error naming it, and leaves nothing.
#include <gtest/gtest.h>

#include <unistd.h>
#include <filesystem>
#include <fstream>

#include "jobs/database_backup.hpp"
#include "sqlite_database.hpp"

namespace umuhanda {
namespace {

class DatabaseBackup : public ::testing::Test {
protected:
  void SetUp() override {
    dir = std::filesystem::temp_directory_path() /
          ("umuhanda-backup-" + std::to_string(::getpid()) + "-" + ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
    auto opened = Database::open((dir / "live.db").string());
    ASSERT_TRUE(opened.ok()) << to_string(opened.errors());
    db.emplace(std::move(opened).value());
    ASSERT_TRUE(db->exec("PRAGMA journal_mode = WAL; CREATE TABLE answers (id INTEGER PRIMARY KEY, text TEXT NOT NULL)").ok());
    for (int i = 0; i < 500; ++i) ASSERT_TRUE(db->exec("INSERT INTO answers (text) VALUES ('an answer')").ok());
  }
  void TearDown() override {
    db.reset();
    std::filesystem::remove_all(dir);
  }
  BackupSettings settings(int keep = 7) const { return {dir / "live.db", dir / "backups", keep}; }
  static std::int64_t rows(const std::filesystem::path& file) {
    auto copy = Database::open_reader(file.string());
    EXPECT_TRUE(copy.ok());
    auto count = copy->prepare("SELECT COUNT(*) FROM answers");
    EXPECT_TRUE(count->step().value());
    return count->column_int(0);
  }
  std::vector<std::string> names() const {
    std::vector<std::string> out;
    for (const auto& entry : std::filesystem::directory_iterator(dir / "backups")) out.push_back(entry.path().filename().string());
    std::sort(out.begin(), out.end());
    return out;
  }

  std::filesystem::path dir;
  std::optional<Database> db;
};

TEST_F(DatabaseBackup, TheCopyHoldsEveryRowWhileTheWriterKeepsItOpenAndReplacesThatDaysCopy) {
  auto written = back_up_database(settings(), "2026-12-07");
  ASSERT_TRUE(written.ok()) << to_string(written.errors());
  EXPECT_EQ(written->written, dir / "backups" / "umuhanda-2026-12-07.db");
  EXPECT_GT(written->bytes, 0u);
  EXPECT_EQ(rows(written->written), 500);
  // A second run the same day (after a crash, or by hand) replaces it with what is there now.
  ASSERT_TRUE(db->exec("INSERT INTO answers (text) VALUES ('one more')").ok());
  written = back_up_database(settings(), "2026-12-07");
  ASSERT_TRUE(written.ok()) << to_string(written.errors());
  EXPECT_EQ(rows(written->written), 501);
  EXPECT_EQ(names(), std::vector<std::string>{"umuhanda-2026-12-07.db"});
}

TEST_F(DatabaseBackup, OnlyTheNewestCopiesAreKeptAndAPartialOneIsNeverKept) {
  std::filesystem::create_directories(dir / "backups");
  std::ofstream(dir / "backups" / "umuhanda-2026-12-04.db.partial") << "a run that died half-way";
  std::ofstream(dir / "backups" / "notes.txt") << "the owner's own file";
  for (const char* day : {"2026-12-01", "2026-12-02", "2026-12-03", "2026-12-04"}) {
    auto written = back_up_database(settings(2), day);
    ASSERT_TRUE(written.ok()) << day << ": " << to_string(written.errors());
  }
  EXPECT_EQ(names(), (std::vector<std::string>{"notes.txt", "umuhanda-2026-12-03.db", "umuhanda-2026-12-04.db"}));
  EXPECT_EQ(rows(dir / "backups" / "umuhanda-2026-12-04.db"), 500);
}

TEST_F(DatabaseBackup, ADatabaseThatCannotBeReadIsAnErrorNamingItAndLeavesNothing) {
  BackupSettings missing = settings();
  missing.database = dir / "no-such.db";
  auto written = back_up_database(missing, "2026-12-07");
  ASSERT_FALSE(written.ok());
  EXPECT_NE(to_string(written.errors()).find("no-such.db"), std::string::npos) << to_string(written.errors());
  EXPECT_TRUE(names().empty());
}

}  // namespace
}  // namespace umuhanda
