// Entitlements: the signed offline entitlement on this device (umuhanda/entitlement.hpp,
// docs/payments.md). The token and the server's public key (from the catalog) are kept in
// storage; whatever is read back is checked again (signature, account, expiry) before it opens
// anything, so a token edited in storage, one of another account or one past its end opens
// nothing. "Now" is the latest time the device ever knew, so setting the clock back does not
// stretch it.
//
// What this does not stop: a student with the browser's developer tools can read a pack the
// device already holds. The entitlement keeps paid content to the account and the time paid for;
// it is not copy protection (docs/payments.md).
#pragma once

#include <cstdint>
#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "platform/http_client.hpp"
#include "platform/key_value_store.hpp"
#include "platform/signature_verifier.hpp"
#include "umuhanda/clock.hpp"
#include "umuhanda/entitlement.hpp"

namespace umuhanda {

inline constexpr const char* kEntitlementKey = "entitlement";  // in stores::kMeta

class Entitlements {
public:
  Entitlements(HttpClient& http, KeyValueStore& storage, SignatureVerifier& verifier, const Clock& clock);

  // Reads the stored token, key and latest time known, and checks the token again.
  void start(bool storage_open);
  // The server's key as the catalog publishes it (base64url); a token is checked with it.
  void set_server_key(const std::string& key_id, const std::string& public_key_base64url);
  // Asks the server for the signed-in student's token (GET /api/v1/me/entitlement): kept when it
  // verifies; a null answer (no plan running) forgets the one held.
  void refresh();
  // Signing out: the token leaves the device.
  void forget();

  // Whether `pack_id` is open to `user_id` now; nullopt when no verified token is held.
  std::optional<EntitlementVerdict> verdict(std::int64_t user_id, std::string_view pack_id) const;
  bool opens(std::int64_t user_id, std::string_view pack_id) const { return verdict(user_id, pack_id) == EntitlementVerdict::opens; }
  // The verified token's contents, if any.
  const std::optional<Entitlement>& verified() const { return m_verified; }
  // Notes the clock's reading (once a frame is enough); stores it when it moved on by a minute.
  void observe_clock();
  // Changes whenever what the held token opens may have changed (verified, forgotten, expired).
  std::uint64_t revision() const { return m_revision; }
  bool busy() const { return m_checking || m_refreshing; }
  // Until the stored token has been read and checked, what is open is not known yet.
  bool settled() const { return m_loaded && !m_checking; }
  nlohmann::json state_json() const;

private:
  void check(std::string token, bool store_when_valid);
  void save();
  std::int64_t now() const;

  HttpClient& m_http;
  KeyValueStore& m_storage;
  SignatureVerifier& m_verifier;
  const Clock& m_clock;
  bool m_storage_open = false;
  bool m_loaded = false;  // the stored token read (or no storage)

  std::string m_key_id;
  std::string m_public_key;  // 32 bytes
  std::string m_token;       // the token held (verified or being checked)
  std::optional<Entitlement> m_verified;
  std::int64_t m_highest_seen = 0;  // Unix seconds: the latest time known on this device
  std::int64_t m_highest_saved = 0;
  bool m_checking = false;
  bool m_refreshing = false;
  bool m_expired_noted = false;
  std::string m_last_problem;  // why the last token was refused, for the test hook
  std::uint64_t m_revision = 0;
};

}  // namespace umuhanda
