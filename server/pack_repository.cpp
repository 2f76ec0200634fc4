// Importing, listing and loading packs and media.
#include "pack_repository.hpp"

#include <nlohmann/json.hpp>

#include "compression.hpp"
#include "sha256.hpp"
#include "store/sqlite_notification_store.hpp"
#include "system_clock.hpp"
#include "umuhanda/pack_json.hpp"

namespace umuhanda {

Expected<std::optional<int>> newest_version(Database& db, const std::string& pack_id) {
  auto query = db.prepare("SELECT MAX(version) FROM pack_versions WHERE pack_id = ?1");
  if (!query) return query.errors();
  query->bind(1, pack_id);
  auto row = query->step();
  if (!row) return row.errors();
  // MAX() of no rows is NULL, read as 0; stored versions start at 1.
  const auto newest = row.value() ? query->column_int(0) : 0;
  return newest > 0 ? std::optional<int>(static_cast<int>(newest)) : std::nullopt;
}

std::optional<Diagnostic> version_conflict(const Pack& pack, std::optional<int> newest) {
  if (!newest || *newest < pack.version) return std::nullopt;
  return error("version", "is " + std::to_string(pack.version) + ", but pack \"" + pack.id + "\" already has version " + std::to_string(*newest) +
                              ": raise the version to publish a change");
}

PreparedImport prepare_import(const LoadedPack& loaded) {
  PreparedImport prepared;
  prepared.loaded = &loaded;
  prepared.body = to_json(loaded.pack);
  prepared.gzip = gzip_compress(prepared.body);
  prepared.br = brotli_compress(prepared.body);
  prepared.sha256 = sha256_hex(prepared.body);
  return prepared;
}

Expected<ImportOutcome> import_loaded_pack(Database& db, const LoadedPack& loaded) {
  // Checked before compressing (seconds for a large pack), and again inside the transaction.
  auto newest = newest_version(db, loaded.pack.id);
  if (!newest) return newest.errors();
  if (auto conflict = version_conflict(loaded.pack, newest.value())) return Diagnostics{*conflict};
  return store_import(db, prepare_import(loaded));
}

Expected<ImportOutcome> store_import(Database& db, const PreparedImport& prepared) {
  const LoadedPack& loaded = *prepared.loaded;
  const Pack& pack = loaded.pack;
  const std::string& body = prepared.body;
  ImportOutcome outcome;
  outcome.warnings = loaded.warnings;
  outcome.stored = StoredVersion{pack.id, pack.version, prepared.sha256, body.size(), "", true, pack.access.restricted};

  auto transaction = Transaction::begin(db);
  if (!transaction) return transaction.errors();
  // Another process (the `import` command) may have stored a version meanwhile.
  auto newest = newest_version(db, pack.id);
  if (!newest) return newest.errors();
  if (auto conflict = version_conflict(pack, newest.value())) return Diagnostics{*conflict};

  auto insert_media = db.prepare("INSERT OR IGNORE INTO media (sha256, mime, width, height, body) VALUES (?1, ?2, ?3, ?4, ?5)");
  if (!insert_media) return insert_media.errors();
  for (const MediaItem& item : pack.media) {
    auto bytes = loaded.media.find(item.path);
    if (bytes == loaded.media.end()) return Expected<ImportOutcome>::failure(item.path, "the loaded pack lacks this media file's bytes");
    insert_media->reset();
    insert_media->bind(1, item.sha256)
        .bind(2, item.mime)
        .bind(3, std::int64_t{item.width})
        .bind(4, std::int64_t{item.height})
        .bind_blob(5, bytes->second);
    if (auto done = insert_media->run(); !done) return done.errors();
    outcome.new_media += sqlite3_changes(db.handle());
  }

  auto insert = db.prepare(
      "INSERT INTO pack_versions (pack_id, version, body, sha256, body_gzip, body_br, restricted) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)"
      " RETURNING imported_at");
  if (!insert) return insert.errors();
  insert->bind(1, pack.id)
      .bind(2, std::int64_t{pack.version})
      .bind_blob(3, body)
      .bind(4, outcome.stored.sha256)
      .bind_blob(5, prepared.gzip)
      .bind_blob(6, prepared.br)
      .bind(7, std::int64_t{pack.access.restricted ? 1 : 0});
  auto inserted = insert->step();
  if (!inserted) return inserted.errors();
  outcome.stored.imported_at = insert->column_text(0);
  if (auto done = insert->run(); !done) return done.errors();

  auto make_current = db.prepare(
      "INSERT INTO packs (pack_id, current_version) VALUES (?1, ?2)"
      " ON CONFLICT (pack_id) DO UPDATE SET current_version = excluded.current_version");
  if (!make_current) return make_current.errors();
  make_current->bind(1, pack.id).bind(2, std::int64_t{pack.version});
  if (auto done = make_current->run(); !done) return done.errors();

  // A new version of a pack students already have is news to each of them, told in the same
  // transaction (in the app only: in_app_only()). A pack's first version is not: nobody holds it.
  if (newest.value()) {
    nlohmann::json titles = nlohmann::json::object();
    for (const auto& [language, text] : pack.title.by_language) titles[language] = text;
    const nlohmann::json data = {{"pack", pack.id}, {"version", pack.version}, {"titles", std::move(titles)}};
    const std::string event = "pack:" + pack.id + ":" + std::to_string(pack.version);
    if (auto told = notify_students(db, "pack.new_version", event, data, unix_now()); !told) return told.errors();
  }

  if (auto committed = transaction->commit(); !committed) return committed.errors();
  return outcome;
}

Expected<std::vector<StoredVersion>> list_versions(Database& db) {
  auto query = db.prepare(
      "SELECT v.pack_id, v.version, v.sha256, length(v.body), v.imported_at, v.version = p.current_version, v.restricted"
      " FROM pack_versions v JOIN packs p ON p.pack_id = v.pack_id ORDER BY v.pack_id, v.version");
  if (!query) return query.errors();
  std::vector<StoredVersion> versions;
  for (;;) {
    auto row = query->step();
    if (!row) return row.errors();
    if (!row.value()) break;
    versions.push_back({query->column_text(0), static_cast<int>(query->column_int(1)), query->column_text(2),
                        static_cast<std::uint64_t>(query->column_int(3)), query->column_text(4), query->column_int(5) != 0,
                        query->column_int(6) != 0});
  }
  return versions;
}

Expected<std::optional<VersionBodies>> load_version_bodies(Database& db, const std::string& pack_id, int version) {
  auto query = db.prepare("SELECT body, body_gzip, body_br, imported_at FROM pack_versions WHERE pack_id = ?1 AND version = ?2");
  if (!query) return query.errors();
  query->bind(1, pack_id).bind(2, std::int64_t{version});
  auto row = query->step();
  if (!row) return row.errors();
  if (!row.value()) return std::optional<VersionBodies>();
  return std::optional<VersionBodies>(VersionBodies{query->column_text(0), query->column_text(1), query->column_text(2), query->column_text(3)});
}

Expected<std::optional<StoredMedia>> load_media(Database& db, const std::string& sha256) {
  auto query = db.prepare("SELECT mime, body, imported_at FROM media WHERE sha256 = ?1");
  if (!query) return query.errors();
  query->bind(1, sha256);
  auto row = query->step();
  if (!row) return row.errors();
  if (!row.value()) return std::optional<StoredMedia>();
  return std::optional<StoredMedia>(StoredMedia{query->column_text(0), query->column_text(1), query->column_text(2)});
}

Expected<std::vector<std::string>> list_media_hashes(Database& db) {
  auto query = db.prepare("SELECT sha256 FROM media ORDER BY sha256");
  if (!query) return query.errors();
  std::vector<std::string> hashes;
  for (;;) {
    auto row = query->step();
    if (!row) return row.errors();
    if (!row.value()) break;
    hashes.push_back(query->column_text(0));
  }
  return hashes;
}

Expected<void> set_current_version(Database& db, const std::string& pack_id, int version) {
  auto transaction = Transaction::begin(db);
  if (!transaction) return transaction.errors();
  auto exists = db.prepare("SELECT 1 FROM pack_versions WHERE pack_id = ?1 AND version = ?2");
  if (!exists) return exists.errors();
  exists->bind(1, pack_id).bind(2, std::int64_t{version});
  auto row = exists->step();
  if (!row) return row.errors();
  if (!row.value()) {
    return Expected<void>::failure("version", "pack \"" + pack_id + "\" has no version " + std::to_string(version));
  }
  auto update = db.prepare("UPDATE packs SET current_version = ?2 WHERE pack_id = ?1");
  if (!update) return update.errors();
  update->bind(1, pack_id).bind(2, std::int64_t{version});
  if (auto done = update->run(); !done) return done.errors();
  if (auto committed = transaction->commit(); !committed) return committed.errors();
  return {};
}

Expected<int> backfill_encodings(Database& db) {
  auto query = db.prepare("SELECT pack_id, version, body FROM pack_versions WHERE body_gzip IS NULL OR body_br IS NULL");
  if (!query) return query.errors();
  std::vector<std::tuple<std::string, int, std::string>> missing;
  for (;;) {
    auto row = query->step();
    if (!row) return row.errors();
    if (!row.value()) break;
    missing.emplace_back(query->column_text(0), static_cast<int>(query->column_int(1)), query->column_text(2));
  }
  for (const auto& [pack_id, version, body] : missing) {
    auto update = db.prepare("UPDATE pack_versions SET body_gzip = ?3, body_br = ?4 WHERE pack_id = ?1 AND version = ?2");
    if (!update) return update.errors();
    update->bind(1, pack_id).bind(2, std::int64_t{version}).bind_blob(3, gzip_compress(body)).bind_blob(4, brotli_compress(body));
    if (auto done = update->run(); !done) return done.errors();
  }
  return static_cast<int>(missing.size());
}

Expected<bool> has_no_packs(Database& db) {
  auto query = db.prepare("SELECT NOT EXISTS (SELECT 1 FROM packs)");
  if (!query) return query.errors();
  auto row = query->step();
  if (!row) return row.errors();
  return query->column_int(0) != 0;
}

}  // namespace umuhanda
