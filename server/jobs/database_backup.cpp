// The nightly backup (see database_backup.hpp).
#include "jobs/database_backup.hpp"

#include <algorithm>
#include <system_error>

#include "sqlite_database.hpp"

namespace umuhanda {
namespace {

constexpr const char* kPrefix = "umuhanda-";
constexpr const char* kSuffix = ".db";

bool is_backup_name(const std::string& name) {
  return name.size() > std::char_traits<char>::length(kPrefix) + std::char_traits<char>::length(kSuffix) && name.starts_with(kPrefix) &&
         name.ends_with(kSuffix);
}

}  // namespace

Expected<BackupOutcome> back_up_database(const BackupSettings& settings, const std::string& day) {
  const std::string where = settings.directory.string();
  std::error_code error;
  std::filesystem::create_directories(settings.directory, error);
  if (error) return Expected<BackupOutcome>::failure(where, "cannot be made: " + error.message());
  const std::filesystem::path final_path = settings.directory / (kPrefix + day + kSuffix);
  const std::filesystem::path partial = final_path.string() + ".partial";
  std::filesystem::remove(partial, error);  // left by a run that died: VACUUM INTO needs a new file

  {
    auto reader = Database::open_reader(settings.database.string());
    if (!reader) return reader.errors();
    auto vacuum = reader->prepare("VACUUM INTO ?1");
    if (!vacuum) return vacuum.errors();
    vacuum->bind(1, partial.string());
    if (auto copied = vacuum->run(); !copied) {
      std::filesystem::remove(partial, error);
      return copied.errors();
    }
  }
  {
    auto copy = Database::open_reader(partial.string());
    if (!copy) return copy.errors();
    auto check = copy->prepare("PRAGMA integrity_check");
    if (!check) return check.errors();
    auto row = check->step();
    if (!row) return row.errors();
    const std::string verdict = row.value() ? check->column_text(0) : std::string("no answer");
    if (verdict != "ok") {
      std::filesystem::remove(partial, error);
      return Expected<BackupOutcome>::failure(partial.string(), "the copy failed its integrity check: " + verdict);
    }
  }
  std::filesystem::rename(partial, final_path, error);
  if (error) return Expected<BackupOutcome>::failure(final_path.string(), "cannot take its place: " + error.message());

  BackupOutcome outcome;
  outcome.written = final_path;
  outcome.bytes = std::filesystem::file_size(final_path, error);
  // The day sorts as text ("2026-12-07"), so the newest copies are the last names.
  std::vector<std::filesystem::path> copies;
  for (const auto& entry : std::filesystem::directory_iterator(settings.directory, error)) {
    if (entry.is_regular_file() && is_backup_name(entry.path().filename().string())) copies.push_back(entry.path());
  }
  std::sort(copies.begin(), copies.end());
  const std::size_t keep = static_cast<std::size_t>(std::max(settings.keep, 1));
  for (std::size_t i = 0; i + keep < copies.size(); ++i) {
    if (std::filesystem::remove(copies[i], error)) outcome.removed.push_back(copies[i]);
  }
  return outcome;
}

}  // namespace umuhanda
