// The entitlement key, in the database, and signing with libsodium (see entitlement_signer.hpp).
#include "entitlement_signer.hpp"

#include <sodium.h>

namespace umuhanda {

Expected<EntitlementSigner> EntitlementSigner::load_or_create(Database& db, std::int64_t now) {
  if (sodium_init() < 0) return Expected<EntitlementSigner>::failure("libsodium", "cannot be initialised");
  return in_transaction(db, [&](Database& writer) -> Expected<EntitlementSigner> {
    EntitlementSigner signer;
    auto newest = writer.prepare("SELECT key_id, public_key, secret_key FROM signing_keys ORDER BY created_at DESC, key_id LIMIT 1");
    if (!newest) return newest.errors();
    auto row = newest->step();
    if (!row) return row.errors();
    if (row.value()) {
      signer.m_key_id = newest->column_text(0);
      signer.m_public_key = newest->column_text(1);
      signer.m_secret_key = newest->column_text(2);
      if (signer.m_public_key.size() != crypto_sign_PUBLICKEYBYTES || signer.m_secret_key.size() != crypto_sign_SECRETKEYBYTES) {
        return Expected<EntitlementSigner>::failure("signing_keys." + signer.m_key_id, "is not an Ed25519 key pair (wrong sizes)");
      }
      return signer;
    }
    signer.m_public_key.resize(crypto_sign_PUBLICKEYBYTES);
    signer.m_secret_key.resize(crypto_sign_SECRETKEYBYTES);
    crypto_sign_keypair(reinterpret_cast<unsigned char*>(signer.m_public_key.data()), reinterpret_cast<unsigned char*>(signer.m_secret_key.data()));
    std::string digest(9, '\0');
    crypto_generichash(reinterpret_cast<unsigned char*>(digest.data()), digest.size(),
                       reinterpret_cast<const unsigned char*>(signer.m_public_key.data()), signer.m_public_key.size(), nullptr, 0);
    signer.m_key_id = base64url_encode(digest);
    auto insert = writer.prepare("INSERT INTO signing_keys (key_id, public_key, secret_key, created_at) VALUES (?1, ?2, ?3, ?4)");
    if (!insert) return insert.errors();
    insert->bind(1, signer.m_key_id).bind_blob(2, signer.m_public_key).bind_blob(3, signer.m_secret_key).bind(4, now);
    if (auto done = insert->run(); !done) return done.errors();
    return signer;
  });
}

std::string EntitlementSigner::sign(Entitlement entitlement) const {
  entitlement.key_id = m_key_id;
  const std::string input = entitlement_signing_input(entitlement);
  std::string signature(crypto_sign_BYTES, '\0');
  crypto_sign_detached(reinterpret_cast<unsigned char*>(signature.data()), nullptr, reinterpret_cast<const unsigned char*>(input.data()),
                       input.size(), reinterpret_cast<const unsigned char*>(m_secret_key.data()));
  return entitlement_token(input, signature);
}

bool verify_ed25519(std::string_view public_key, std::string_view message, std::string_view signature) {
  if (public_key.size() != crypto_sign_PUBLICKEYBYTES || signature.size() != crypto_sign_BYTES) return false;
  if (sodium_init() < 0) return false;
  return crypto_sign_verify_detached(reinterpret_cast<const unsigned char*>(signature.data()), reinterpret_cast<const unsigned char*>(message.data()),
                                     message.size(), reinterpret_cast<const unsigned char*>(public_key.data())) == 0;
}

}  // namespace umuhanda
