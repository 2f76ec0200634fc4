// The nightly backup (the `maintenance.backup` job, docs/jobs.md): a consistent copy of the whole
// database, taken with SQLite's `VACUUM INTO` on a reader connection, so writers go on meanwhile;
// checked with `PRAGMA integrity_check` before it takes the place of that day's copy; the oldest
// beyond `keep` removed. A copy is written to a `.partial` file and renamed only once checked, so
// a crash or a full disk never leaves a file that looks like a backup and is not one.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "umuhanda/expected.hpp"

namespace umuhanda {

struct BackupSettings {
  std::filesystem::path database;   // the live database file
  std::filesystem::path directory;  // where the copies go (made when missing)
  int keep = 7;                     // copies kept, newest first; 0: no backups
};

struct BackupOutcome {
  std::filesystem::path written;
  std::uintmax_t bytes = 0;
  std::vector<std::filesystem::path> removed;  // older copies beyond `keep`
};

// Writes `directory/umuhanda-<day>.db` (`day` as "2026-12-07": one copy a day, a second run that
// day replaces it), then keeps the newest `keep` copies.
Expected<BackupOutcome> back_up_database(const BackupSettings& settings, const std::string& day);

}  // namespace umuhanda
