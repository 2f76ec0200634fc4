// The server's Ed25519 key for offline entitlements (umuhanda/entitlement.hpp): made at the first
// start and kept in the database (so every node of a school signs with the same key, and a backup
// keeps it); its public half is published in the catalog for clients to check tokens with.
#pragma once

#include <string>

#include "sqlite_database.hpp"
#include "umuhanda/entitlement.hpp"

namespace umuhanda {

class EntitlementSigner {
public:
  // The newest key in `db`, or a new one stored there first.
  static Expected<EntitlementSigner> load_or_create(Database& db, std::int64_t now);

  const std::string& key_id() const { return m_key_id; }
  const std::string& public_key() const { return m_public_key; }  // 32 bytes
  // The token for `entitlement` (its key_id is set to this key's).
  std::string sign(Entitlement entitlement) const;

private:
  std::string m_key_id;
  std::string m_public_key;
  std::string m_secret_key;  // 64 bytes
};

// Whether `signature` is `message`'s Ed25519 signature by `public_key` (libsodium).
bool verify_ed25519(std::string_view public_key, std::string_view message, std::string_view signature);

}  // namespace umuhanda
