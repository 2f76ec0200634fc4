// The nightly backup as the running server does it (docs/jobs.md): with the server's clock set past
// 02:30 in Kigali (--test-clock), the `maintenance.backup` job writes that day's copy to the
// configured folder, and the copy is a whole database: the accounts made before are in it.
#include <gtest/gtest.h>

#include <unistd.h>
#include <chrono>
#include <filesystem>

#include "signed_in_test_support.hpp"
#include "sqlite_database.hpp"

namespace umuhanda {
namespace {

using testing::Account;

class BackupJob : public testing::SignedInTest {
protected:
  void SetUp() override {
    backups = std::filesystem::temp_directory_path() / ("umuhanda-backups-" + std::to_string(::getpid()));
    std::filesystem::remove_all(backups);
    SignedInTest::SetUp();
  }
  void TearDown() override {
    SignedInTest::TearDown();
    std::filesystem::remove_all(backups);
  }
  std::vector<std::string> extra_arguments() override { return {"--test-clock", "--backup-dir", backups.string(), "--backup-keep", "3"}; }
  std::filesystem::path backups;
};

TEST_F(BackupJob, PastTwoThirtyInKigaliTheDaysCopyIsWrittenWholeAndChecked) {
  const Account owner = staff("Owner", "0791000009", "admin");
  student("Aline", "0781000001");
  // The next 02:30 in Kigali (UTC+2) after now: the first occurrence the runner planned.
  using namespace std::chrono;
  const auto now = floor<seconds>(system_clock::now());
  const auto kigali_day = floor<days>(now + hours(2));
  auto next = kigali_day + hours(2) + minutes(30) - hours(2);
  if (next <= now) next += days(1);
  const year_month_day date{floor<days>(next + hours(2))};
  char day[16];
  std::snprintf(day, sizeof day, "%04d-%02u-%02u", static_cast<int>(date.year()), static_cast<unsigned>(date.month()),
                static_cast<unsigned>(date.day()));
  const std::filesystem::path expected = backups / (std::string("umuhanda-") + day + ".db");
  EXPECT_FALSE(std::filesystem::exists(expected));

  const std::int64_t at_ms = duration_cast<milliseconds>((next + seconds(30)).time_since_epoch()).count();
  ASSERT_EQ(post(owner, "/api/v1/test/clock", {{"now_ms", at_ms}}).status, 200);
  ASSERT_TRUE(testing::eventually([&] { return std::filesystem::exists(expected); }, std::chrono::seconds(20)))
      << expected << " was not written; the server said:\n"
      << server->log();
  EXPECT_FALSE(std::filesystem::exists(expected.string() + ".partial"));

  auto copy = Database::open_reader(expected.string());
  ASSERT_TRUE(copy.ok()) << to_string(copy.errors());
  auto integrity = copy->prepare("PRAGMA integrity_check");
  ASSERT_TRUE(integrity->step().value());
  EXPECT_EQ(integrity->column_text(0), "ok");
  auto people = copy->prepare("SELECT name FROM users ORDER BY name");
  std::vector<std::string> names;
  while (people->step().value()) names.push_back(people->column_text(0));
  EXPECT_EQ(names, (std::vector<std::string>{"Aline", "Owner"}));
  EXPECT_NE(server->log().find("backups: every night at 02:30 to " + backups.string() + ", the newest 3 kept"), std::string::npos);
}

}  // namespace
}  // namespace umuhanda
