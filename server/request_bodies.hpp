// The JSON bodies the server accepts, parsed into values (errors as located values, never an
// exception): one function per body, fuzzed by tests/fuzz/rollback_body_fuzz.cpp.
#pragma once

#include <string>
#include <string_view>

#include "umuhanda/account_rules.hpp"
#include "umuhanda/expected.hpp"

namespace umuhanda {

// POST /api/v1/packs/{id}/rollback: {"version": N}, N a pack version (1 to 2^31-1). Other keys are
// ignored.
Expected<int> parse_rollback_body(std::string_view body);

// POST /api/v1/sessions: {"login": phone or email, "password": "...", "device": "..."}; device
// optional (what the client calls itself, for the session list, cut to 100 bytes).
struct SignInBody {
  LoginIdentifier login;
  std::string password;
  std::string device;
};
Expected<SignInBody> parse_sign_in_body(std::string_view body);

// POST /api/v1/accounts: the sign-in fields plus "name". The password's length is checked here
// (account_rules.hpp); the common-password check is the server's.
struct SignUpBody {
  std::string name;
  SignInBody sign_in;
};
Expected<SignUpBody> parse_sign_up_body(std::string_view body);

}  // namespace umuhanda
