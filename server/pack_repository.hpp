// Packs and media in the database: every imported version is kept with its precompressed bodies,
// one version is current per pack, and media are stored once by content hash.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "pack_files.hpp"
#include "sqlite_database.hpp"
#include "umuhanda/pack.hpp"

namespace umuhanda {

struct StoredVersion {
  std::string pack_id;
  int version = 0;
  std::string sha256;       // of the canonical body
  std::uint64_t bytes = 0;  // of the canonical body
  std::string imported_at;  // "2026-11-26T02:00:00Z"
  bool current = false;
  bool restricted = false;  // the pack's access: served only to subscribers and staff
};

struct VersionBodies {
  std::string identity;  // canonical pack.json
  std::string gzip;
  std::string br;
  std::string imported_at;
};

struct StoredMedia {
  std::string mime;
  std::string body;
  std::string imported_at;
};

struct ImportOutcome {
  StoredVersion stored;
  Diagnostics warnings;
  int new_media = 0;  // files not already held (same hash)
};

// A validated pack made ready to store: its canonical body, compressed and hashed. Seconds of
// CPU for a large pack, and no database: done before any lock is taken.
struct PreparedImport {
  const LoadedPack* loaded = nullptr;
  std::string body, gzip, br, sha256;
};
PreparedImport prepare_import(const LoadedPack& loaded);

// Stores a prepared pack as the new current version, its media and its gzip/brotli bodies, in one
// transaction. A version that is not newer than every stored one is refused and changes nothing.
Expected<ImportOutcome> store_import(Database& db, const PreparedImport& prepared);

// prepare_import, then store_import (the command line's import, where nothing else waits).
Expected<ImportOutcome> import_loaded_pack(Database& db, const LoadedPack& loaded);

// The highest version stored for this pack (current or not), or nullopt for a new pack. One query.
Expected<std::optional<int>> newest_version(Database& db, const std::string& pack_id);
// Why `pack` cannot be stored when `newest` is stored already (path "version"), or nullopt. A
// version number names one body forever, so it must be above every stored version, also after a
// rollback made an older one current.
std::optional<Diagnostic> version_conflict(const Pack& pack, std::optional<int> newest);

// Every version of every pack, without bodies, ordered by pack and version. One query.
Expected<std::vector<StoredVersion>> list_versions(Database& db);

// One version's bodies; nullopt when it does not exist. One query.
Expected<std::optional<VersionBodies>> load_version_bodies(Database& db, const std::string& pack_id, int version);

// A media file by SHA-256; nullopt when not held. One query.
Expected<std::optional<StoredMedia>> load_media(Database& db, const std::string& sha256);

// The hashes of every media file held. One query.
Expected<std::vector<std::string>> list_media_hashes(Database& db);

// Makes an existing version current again (rollback). Fails when the version does not exist.
Expected<void> set_current_version(Database& db, const std::string& pack_id, int version);

// Fills missing gzip/brotli bodies (rows written before they existed). Run at start-up.
Expected<int> backfill_encodings(Database& db);

// Whether the database holds no pack at all (a fresh install to seed).
Expected<bool> has_no_packs(Database& db);

}  // namespace umuhanda
