// Packs in the database: every imported version is kept, one is current per pack.
#pragma once

#include <string>
#include <vector>

#include "sqlite_database.hpp"
#include "umuhanda/pack.hpp"

namespace umuhanda {

struct StoredPack {
  std::string id;
  int version = 0;
  std::string body;    // canonical pack.json bytes
  std::string sha256;  // hex digest of body
};

struct ImportOutcome {
  StoredPack stored;
  Diagnostics warnings;
};

// Validates `json_text` fully, then stores it as the new current version in one transaction.
// An invalid pack, or one whose version is not newer than the current one, changes nothing.
Expected<ImportOutcome> import_pack(Database& db, std::string_view json_text);

// The current version of every pack, ordered by id. One query.
Expected<std::vector<StoredPack>> load_current_packs(Database& db);

// Whether the database holds no pack at all (a fresh install to seed).
Expected<bool> has_no_packs(Database& db);

}  // namespace umuhanda
