// Bearer secrets (API tokens, session cookies): 256 random bits, shown to their holder once and
// stored only as a BLAKE2b hash, so a copy of the database lets no one sign in.
#pragma once

#include <array>
#include <string>
#include <string_view>

namespace umuhanda {

// `prefix` + 43 base64url characters of 32 random bytes (libsodium's randombytes).
std::string new_secret(std::string_view prefix);
// Hex BLAKE2b-256 of the secret: what the database keeps and looks up.
std::string secret_hash(std::string_view secret);

// A class join code (account_rules.hpp) in canonical form, from libsodium's randombytes. Not a
// bearer secret: it is shown to everyone in the class and stored as it is.
std::string new_join_code();

// A password reset code (account_rules.hpp: 8 digits) in canonical form, from libsodium's randombytes.
std::string new_reset_code();

// 32 random bytes: the key of keyed_hash.
using HashKey = std::array<unsigned char, 32>;
HashKey new_hash_key();
// Hex BLAKE2b-256 of `message` keyed with `key`. For short secrets such as reset codes (10^8 of
// them), which an unkeyed hash in a copy of the database would give away in a second: without the
// key, the hash says nothing.
std::string keyed_hash(const HashKey& key, std::string_view message);
// Whether two hashes are equal, in a time that depends on their length only (sodium_memcmp).
bool same_hash(std::string_view a, std::string_view b);

}  // namespace umuhanda
