// Importing and loading packs.
#include "pack_repository.hpp"

#include "sha256.hpp"
#include "umuhanda/pack_json.hpp"
#include "umuhanda/pack_validation.hpp"

namespace umuhanda {

Expected<ImportOutcome> import_pack(Database& db, std::string_view json_text) {
  ImportOutcome outcome;
  auto pack = load_pack(json_text, &outcome.warnings);
  if (!pack) return pack.errors();

  outcome.stored.id = pack->id;
  outcome.stored.version = pack->version;
  outcome.stored.body = to_json(pack.value());
  outcome.stored.sha256 = sha256_hex(outcome.stored.body);

  auto transaction = Transaction::begin(db);
  if (!transaction) return transaction.errors();

  auto current = db.prepare("SELECT current_version FROM packs WHERE pack_id = ?1");
  if (!current) return current.errors();
  current->bind(1, pack->id);
  auto row = current->step();
  if (!row) return row.errors();
  if (row.value() && current->column_int(0) >= pack->version) {
    return Expected<ImportOutcome>::failure(
        "version", "is " + std::to_string(pack->version) + ", but pack \"" + pack->id + "\" is already at version " +
                       std::to_string(current->column_int(0)) + ": raise the version to publish a change");
  }

  auto insert = db.prepare("INSERT INTO pack_versions (pack_id, version, body, sha256) VALUES (?1, ?2, ?3, ?4)");
  if (!insert) return insert.errors();
  insert->bind(1, outcome.stored.id).bind(2, std::int64_t{outcome.stored.version}).bind_blob(3, outcome.stored.body).bind(4, outcome.stored.sha256);
  if (auto done = insert->run(); !done) return done.errors();

  auto make_current = db.prepare(
      "INSERT INTO packs (pack_id, current_version) VALUES (?1, ?2)"
      " ON CONFLICT (pack_id) DO UPDATE SET current_version = excluded.current_version");
  if (!make_current) return make_current.errors();
  make_current->bind(1, outcome.stored.id).bind(2, std::int64_t{outcome.stored.version});
  if (auto done = make_current->run(); !done) return done.errors();

  if (auto committed = transaction->commit(); !committed) return committed.errors();
  return outcome;
}

Expected<std::vector<StoredPack>> load_current_packs(Database& db) {
  auto query = db.prepare(
      "SELECT v.pack_id, v.version, v.body, v.sha256 FROM packs p"
      " JOIN pack_versions v ON v.pack_id = p.pack_id AND v.version = p.current_version ORDER BY p.pack_id");
  if (!query) return query.errors();
  std::vector<StoredPack> packs;
  for (;;) {
    auto row = query->step();
    if (!row) return row.errors();
    if (!row.value()) break;
    packs.push_back({query->column_text(0), static_cast<int>(query->column_int(1)), query->column_text(2), query->column_text(3)});
  }
  return packs;
}

Expected<bool> has_no_packs(Database& db) {
  auto query = db.prepare("SELECT NOT EXISTS (SELECT 1 FROM packs)");
  if (!query) return query.errors();
  auto row = query->step();
  if (!row) return row.errors();
  return query->column_int(0) != 0;
}

}  // namespace umuhanda
