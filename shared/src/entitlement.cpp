// The offline entitlement's token (see entitlement.hpp).
#include "umuhanda/entitlement.hpp"

#include <algorithm>
#include <array>
#include <nlohmann/json.hpp>

#include "umuhanda/json_reader.hpp"

namespace umuhanda {
namespace {

constexpr std::string_view kAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

constexpr std::array<int, 256> decoding_table() {
  std::array<int, 256> table{};
  for (int& value : table) value = -1;
  for (std::size_t i = 0; i < kAlphabet.size(); ++i) table[static_cast<unsigned char>(kAlphabet[i])] = static_cast<int>(i);
  return table;
}
constexpr std::array<int, 256> kDecoding = decoding_table();

Diagnostics token_error(std::string message) { return {error("entitlement", std::move(message))}; }

}  // namespace

bool Entitlement::opens(std::string_view pack_id) const { return !packs || std::find(packs->begin(), packs->end(), pack_id) != packs->end(); }

std::string base64url_encode(std::string_view bytes) {
  std::string text;
  text.reserve((bytes.size() * 4 + 2) / 3);
  std::size_t i = 0;
  for (; i + 3 <= bytes.size(); i += 3) {
    const std::uint32_t group =
        (static_cast<unsigned char>(bytes[i]) << 16) | (static_cast<unsigned char>(bytes[i + 1]) << 8) | static_cast<unsigned char>(bytes[i + 2]);
    for (int shift : {18, 12, 6, 0}) text.push_back(kAlphabet[(group >> shift) & 63]);
  }
  const std::size_t rest = bytes.size() - i;
  if (rest > 0) {
    std::uint32_t group = static_cast<std::uint32_t>(static_cast<unsigned char>(bytes[i])) << 16;
    if (rest == 2) group |= static_cast<std::uint32_t>(static_cast<unsigned char>(bytes[i + 1])) << 8;
    text.push_back(kAlphabet[(group >> 18) & 63]);
    text.push_back(kAlphabet[(group >> 12) & 63]);
    if (rest == 2) text.push_back(kAlphabet[(group >> 6) & 63]);
  }
  return text;
}

std::optional<std::string> base64url_decode(std::string_view text) {
  if (text.size() % 4 == 1) return std::nullopt;  // no byte count encodes to this length
  std::string bytes;
  bytes.reserve(text.size() * 3 / 4);
  std::uint32_t group = 0;
  int bits = 0;
  for (char c : text) {
    const int value = kDecoding[static_cast<unsigned char>(c)];
    if (value < 0) return std::nullopt;
    group = (group << 6) | static_cast<std::uint32_t>(value);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      bytes.push_back(static_cast<char>((group >> bits) & 0xff));
    }
  }
  // The bits left over must be zero: one text per byte string (RFC 4648 §3.5).
  if (bits > 0 && (group & ((1u << bits) - 1)) != 0) return std::nullopt;
  return bytes;
}

std::string entitlement_signing_input(const Entitlement& entitlement) {
  const nlohmann::ordered_json header = {{"alg", "EdDSA"}, {"kid", entitlement.key_id}, {"typ", kEntitlementType}};
  nlohmann::ordered_json payload = {{"sub", entitlement.user_id}, {"plan", entitlement.plan}};
  payload["packs"] = entitlement.packs ? nlohmann::ordered_json(*entitlement.packs) : nlohmann::ordered_json();
  payload["iat"] = entitlement.issued_at;
  payload["exp"] = entitlement.expires_at;
  return base64url_encode(header.dump()) + "." + base64url_encode(payload.dump());
}

std::string entitlement_token(std::string_view signing_input, std::string_view signature) {
  return std::string(signing_input) + "." + base64url_encode(signature);
}

Expected<EntitlementToken> parse_entitlement_token(std::string_view token) {
  const std::size_t first = token.find('.');
  const std::size_t second = first == std::string_view::npos ? first : token.find('.', first + 1);
  if (second == std::string_view::npos || token.find('.', second + 1) != std::string_view::npos) {
    return token_error("is not a signed token (three parts separated by dots)");
  }
  const auto header_text = base64url_decode(token.substr(0, first));
  const auto payload_text = base64url_decode(token.substr(first + 1, second - first - 1));
  auto signature = base64url_decode(token.substr(second + 1));
  if (!header_text || !payload_text || !signature) return token_error("has a part that is not base64url");
  if (signature->size() != kEd25519SignatureBytes) {
    return token_error("has a signature of " + std::to_string(signature->size()) + " bytes, not " + std::to_string(kEd25519SignatureBytes));
  }
  const auto header = nlohmann::json::parse(*header_text, nullptr, false);
  const auto payload = nlohmann::json::parse(*payload_text, nullptr, false);
  if (!header.is_object() || !payload.is_object()) return token_error("has a header or payload that is not a JSON object");

  Diagnostics errors;
  JsonReader head(header, "entitlement.header", errors);
  if (head.string("alg") != "EdDSA") head.report("alg", "must be \"EdDSA\" (Ed25519)");
  if (head.string("typ") != kEntitlementType) head.report("typ", "must be \"" + std::string(kEntitlementType) + "\"");
  EntitlementToken parsed;
  parsed.entitlement.key_id = head.string("kid");
  JsonReader body(payload, "entitlement.payload", errors);
  parsed.entitlement.user_id = body.int64("sub");
  parsed.entitlement.plan = body.string("plan");
  if (auto packs = body.find_array("packs", Field::optional_or_null)) {
    parsed.entitlement.packs = packs->as_strings().value_or(std::vector<std::string>{});
  } else if (!body.value().contains("packs")) {
    body.report("packs", "is missing (null for every restricted pack)");
  }
  parsed.entitlement.issued_at = body.int64("iat");
  parsed.entitlement.expires_at = body.int64("exp");
  if (!errors.empty()) return errors;
  parsed.signing_input = std::string(token.substr(0, second));
  parsed.signature = std::move(*signature);
  return parsed;
}

std::string_view to_string(EntitlementVerdict verdict) {
  switch (verdict) {
    case EntitlementVerdict::opens: return "opens";
    case EntitlementVerdict::expired: return "expired";
    case EntitlementVerdict::other_account: return "other_account";
    case EntitlementVerdict::pack_not_in_plan: return "pack_not_in_plan";
  }
  return "expired";
}

std::int64_t entitlement_now(std::int64_t device_now, std::int64_t highest_seen) { return std::max(device_now, highest_seen); }

EntitlementVerdict check_entitlement(const Entitlement& entitlement, std::int64_t user_id, std::string_view pack_id, std::int64_t now) {
  if (entitlement.user_id != user_id) return EntitlementVerdict::other_account;
  if (now >= entitlement.expires_at) return EntitlementVerdict::expired;
  if (!entitlement.opens(pack_id)) return EntitlementVerdict::pack_not_in_plan;
  return EntitlementVerdict::opens;
}

}  // namespace umuhanda
