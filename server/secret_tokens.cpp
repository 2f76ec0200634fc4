#include "secret_tokens.hpp"

#include <sodium.h>

#include <array>
#include <cstdlib>

#include "umuhanda/account_rules.hpp"

namespace umuhanda {

std::string new_secret(std::string_view prefix) {
  // sodium_init is idempotent and thread-safe; failing, randombytes would be unsafe to use.
  if (sodium_init() < 0) std::abort();
  unsigned char random[32];
  randombytes_buf(random, sizeof random);
  char encoded[sodium_base64_ENCODED_LEN(32, sodium_base64_VARIANT_URLSAFE_NO_PADDING)];
  sodium_bin2base64(encoded, sizeof encoded, random, sizeof random, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  return std::string(prefix) + encoded;
}

std::string secret_hash(std::string_view secret) {
  unsigned char hash[crypto_generichash_BYTES];
  crypto_generichash(hash, sizeof hash, reinterpret_cast<const unsigned char*>(secret.data()), secret.size(), nullptr, 0);
  char hex[crypto_generichash_BYTES * 2 + 1];
  sodium_bin2hex(hex, sizeof hex, hash, sizeof hash);
  return hex;
}

std::string new_join_code() {
  if (sodium_init() < 0) std::abort();
  std::array<std::uint8_t, code_random_bytes(CodeKind::join)> random{};
  randombytes_buf(random.data(), random.size());
  // Join codes skip no byte (the alphabet's 32 divides 256): enough bytes always make a code.
  return format_code(CodeKind::join, random, kJoinCodeLength).value();
}

std::string new_reset_code() {
  if (sodium_init() < 0) std::abort();
  // Bytes 250-255 are skipped (no modulo bias): 16 bytes run out before 8 digits in about one
  // draw of 10^10, and then another is made.
  for (;;) {
    std::array<std::uint8_t, code_random_bytes(CodeKind::reset)> random{};
    randombytes_buf(random.data(), random.size());
    if (auto code = format_code(CodeKind::reset, random, kResetCodeLength)) return code.value();
  }
}

HashKey new_hash_key() {
  if (sodium_init() < 0) std::abort();
  HashKey key{};
  randombytes_buf(key.data(), key.size());
  return key;
}

std::string keyed_hash(const HashKey& key, std::string_view message) {
  unsigned char hash[crypto_generichash_BYTES];
  crypto_generichash(hash, sizeof hash, reinterpret_cast<const unsigned char*>(message.data()), message.size(), key.data(), key.size());
  char hex[crypto_generichash_BYTES * 2 + 1];
  sodium_bin2hex(hex, sizeof hex, hash, sizeof hash);
  return hex;
}

bool same_hash(std::string_view a, std::string_view b) { return a.size() == b.size() && sodium_memcmp(a.data(), b.data(), a.size()) == 0; }

}  // namespace umuhanda
