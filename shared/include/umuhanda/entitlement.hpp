// The offline entitlement: what the server signs while a student's subscription runs, so that the
// client can open restricted packs with no network until it expires (docs/payments.md).
//
// The token is a compact JWS (RFC 7515) signed with Ed25519, "EdDSA" in RFC 8037's terms:
//   base64url(header) "." base64url(payload) "." base64url(signature)
// header {"alg":"EdDSA","kid":KEY_ID,"typ":"umuhanda-entitlement"}, payload {"sub": user id,
// "plan": slug, "packs": [ids] or null (every restricted pack), "iat": issued, "exp": expiry}
// (Unix seconds). The signature covers the first two parts as they are sent, so the client checks
// the bytes it received and never re-serialises them. Signing and checking the signature are the
// platforms' (libsodium on the server, WebCrypto in the browser); everything else is here.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "umuhanda/expected.hpp"

namespace umuhanda {

inline constexpr std::string_view kEntitlementType = "umuhanda-entitlement";
inline constexpr std::size_t kEd25519PublicKeyBytes = 32;
inline constexpr std::size_t kEd25519SignatureBytes = 64;

struct Entitlement {
  std::string key_id;
  std::int64_t user_id = 0;
  std::string plan;
  std::optional<std::vector<std::string>> packs;  // nullopt: every restricted pack
  std::int64_t issued_at = 0;                     // Unix seconds
  std::int64_t expires_at = 0;

  bool opens(std::string_view pack_id) const;
  bool operator==(const Entitlement&) const = default;
};

// RFC 4648 §5, without padding. Decoding refuses padding, other characters and impossible lengths.
std::string base64url_encode(std::string_view bytes);
std::optional<std::string> base64url_decode(std::string_view text);

// header "." payload, base64url: what the signature covers.
std::string entitlement_signing_input(const Entitlement& entitlement);
// The whole token, from the signing input and the 64-byte signature over it.
std::string entitlement_token(std::string_view signing_input, std::string_view signature);

// A token taken apart: what it says, the bytes its signature covers, and the signature. Parsing
// checks the form only (three parts, EdDSA, the fields and their types); nothing is trusted until
// the signature has been checked against the server's key.
struct EntitlementToken {
  Entitlement entitlement;
  std::string signing_input;
  std::string signature;  // 64 bytes
};
Expected<EntitlementToken> parse_entitlement_token(std::string_view token);

// Why a verified entitlement does or does not open a pack now.
enum class EntitlementVerdict {
  opens,
  expired,          // its time is up
  other_account,    // signed for someone else than the student signed in on this device
  pack_not_in_plan  // the plan does not open this pack
};
std::string_view to_string(EntitlementVerdict verdict);

// A phone's clock can be set back to stretch an entitlement: the client keeps the latest time it
// ever knew (its own clock's readings, and each entitlement's issue time, which is the server's)
// and takes whichever is later as "now".
std::int64_t entitlement_now(std::int64_t device_now, std::int64_t highest_seen);

// For a signature already checked: does it open `pack_id` for `user_id` at `now` (entitlement_now)?
EntitlementVerdict check_entitlement(const Entitlement& entitlement, std::int64_t user_id, std::string_view pack_id, std::int64_t now);

}  // namespace umuhanda
