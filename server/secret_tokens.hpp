// Bearer secrets (API tokens, session cookies): 256 random bits, shown to their holder once and
// stored only as a BLAKE2b hash, so a copy of the database lets no one sign in.
#pragma once

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

}  // namespace umuhanda
