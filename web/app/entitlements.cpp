// The offline entitlement on this device (see entitlements.hpp).
#include "app/entitlements.hpp"

#include <algorithm>

#include "platform/app_window.hpp"

namespace umuhanda {

Entitlements::Entitlements(HttpClient& http, KeyValueStore& storage, SignatureVerifier& verifier, const Clock& clock)
    : m_http(http), m_storage(storage), m_verifier(verifier), m_clock(clock) {}

std::int64_t Entitlements::now() const { return entitlement_now(m_clock.now_ms() / 1000, m_highest_seen); }

void Entitlements::start(bool storage_open) {
  m_storage_open = storage_open;
  m_highest_seen = std::max(m_highest_seen, m_clock.now_ms() / 1000);
  if (!storage_open) {
    m_loaded = true;
    return;
  }
  m_storage.get(stores::kMeta, kEntitlementKey, [this](StorageResult<std::optional<std::string>> stored) {
    m_loaded = true;
    ++m_revision;
    if (!stored.ok() || !stored.value) return;
    const auto json = nlohmann::json::parse(*stored.value, nullptr, false);
    if (!json.is_object()) return;
    auto text = [&](const char* key) { return json.contains(key) && json[key].is_string() ? json[key].get<std::string>() : std::string(); };
    if (json.contains("highest_seen") && json["highest_seen"].is_number_integer()) {
      m_highest_seen = std::max(m_highest_seen, json["highest_seen"].get<std::int64_t>());
      m_highest_saved = m_highest_seen;
    }
    // A key already set from this visit's catalog wins over the stored one.
    if (m_public_key.empty()) {
      m_key_id = text("kid");
      m_public_key = base64url_decode(text("public_key")).value_or(std::string());
    }
    if (const std::string token = text("token"); !token.empty() && m_token.empty()) check(token, false);
  });
}

void Entitlements::set_server_key(const std::string& key_id, const std::string& public_key_base64url) {
  const std::string key = base64url_decode(public_key_base64url).value_or(std::string());
  if (key.size() != kEd25519PublicKeyBytes || (key_id == m_key_id && key == m_public_key)) return;
  m_key_id = key_id;
  m_public_key = key;
  // Another key: what the old one signed is checked again (and opens nothing unless it verifies).
  if (!m_token.empty()) check(m_token, true);
  else save();
}

void Entitlements::refresh() {
  if (m_refreshing) return;
  m_refreshing = true;
  m_http.get("/api/v1/me/entitlement", {}, [this](HttpResponse response) {
    m_refreshing = false;
    if (!response.ok()) return;  // offline, signed out (the account sees to it) or a server error: keep what is held
    const auto json = nlohmann::json::parse(response.body, nullptr, false);
    if (!json.is_object() || !json.contains("entitlement")) return;
    if (json["entitlement"].is_null()) return forget();
    if (json["entitlement"].is_string()) check(json["entitlement"].get<std::string>(), true);
  });
}

void Entitlements::forget() {
  const bool held = !m_token.empty() || m_verified;
  m_token.clear();
  m_verified.reset();
  m_checking = false;
  if (held) {
    ++m_revision;
    save();
  }
}

void Entitlements::check(std::string token, bool store_when_valid) {
  m_token = token;
  auto parsed = parse_entitlement_token(token);
  auto refuse = [this](std::string why) {
    m_last_problem = std::move(why);
    m_checking = false;
    if (m_verified) {
      m_verified.reset();
      ++m_revision;
    }
  };
  if (!parsed) return refuse(to_string(parsed.errors()));
  if (m_public_key.empty()) return refuse("no server key yet (the catalog publishes it)");
  if (parsed->entitlement.key_id != m_key_id) return refuse("signed by key " + parsed->entitlement.key_id + ", not the server's " + m_key_id);
  m_checking = true;
  const std::string signing_input = parsed->signing_input;
  const std::string signature = parsed->signature;
  m_verifier.verify_ed25519(m_public_key, signing_input, signature, [this, token, store_when_valid, entitlement = parsed->entitlement](bool valid) {
    if (token != m_token) return;  // another token arrived meanwhile
    m_checking = false;
    if (!valid) {
      m_last_problem = "the signature does not verify with the server's key";
      if (m_verified) {
        m_verified.reset();
        ++m_revision;
      }
      return;
    }
    m_last_problem.clear();
    m_verified = entitlement;
    // The issue time is the server's: the device's "now" is never earlier.
    m_highest_seen = std::max(m_highest_seen, entitlement.issued_at);
    m_expired_noted = now() >= entitlement.expires_at;
    ++m_revision;
    if (store_when_valid) save();
    request_redraw();
  });
}

void Entitlements::save() {
  if (!m_storage_open) return;
  nlohmann::json stored = {{"token", m_token}, {"kid", m_key_id}, {"public_key", base64url_encode(m_public_key)}, {"highest_seen", m_highest_seen}};
  m_highest_saved = m_highest_seen;
  m_storage.put(stores::kMeta, kEntitlementKey, stored.dump(), WriteDurability::strict, [](std::optional<StorageError>) {});
}

void Entitlements::observe_clock() {
  const std::int64_t device_now = m_clock.now_ms() / 1000;
  if (device_now > m_highest_seen) m_highest_seen = device_now;
  if (m_highest_seen - m_highest_saved >= 60 && (m_verified || !m_token.empty())) save();
  // The moment the held token runs out, whoever shows restricted content hears of it.
  if (m_verified && !m_expired_noted && now() >= m_verified->expires_at) {
    m_expired_noted = true;
    ++m_revision;
  }
}

std::optional<EntitlementVerdict> Entitlements::verdict(std::int64_t user_id, std::string_view pack_id) const {
  if (!m_verified) return std::nullopt;
  return check_entitlement(*m_verified, user_id, pack_id, now());
}

nlohmann::json Entitlements::state_json() const {
  nlohmann::json state = {{"held", !m_token.empty()}, {"verified", m_verified.has_value()}, {"checking", m_checking},
                          {"key_id", m_key_id},       {"highest_seen", m_highest_seen},     {"problem", m_last_problem}};
  if (m_verified) {
    state["user"] = m_verified->user_id;
    state["plan"] = m_verified->plan;
    state["expires_at"] = m_verified->expires_at;
    state["packs"] = m_verified->packs ? nlohmann::json(*m_verified->packs) : nlohmann::json();
  }
  return state;
}

}  // namespace umuhanda
