// Fuzzes parse_sign_in_body and parse_sign_up_body (server/request_bodies.cpp): the JSON bodies of
// POST /api/v1/sessions and POST /api/v1/accounts, from anyone on the network. Beyond "no crash":
// a refusal says why; an accepted body has a normalised login (E.164 +2507..., or an email with an
// @), a device of at most 100 bytes that is still valid UTF-8 where the input was, and for sign-up
// a password of 8 to 128 code points and a non-empty name; the password is never changed.
#include <cstddef>
#include <cstdint>
#include <nlohmann/json.hpp>

#include "fuzz_check.hpp"
#include "request_bodies.hpp"
#include "umuhanda/utf8.hpp"

using namespace umuhanda;

namespace {

void check_sign_in(const SignInBody& body, const nlohmann::json& json) {
  if (body.login.kind == LoginKind::phone) {
    FUZZ_CHECK(body.login.value.size() == 13 && body.login.value.rfind("+2507", 0) == 0, "phone " + body.login.value);
  } else {
    FUZZ_CHECK(body.login.value.find('@') != std::string::npos, "email " + body.login.value);
  }
  FUZZ_CHECK(body.device.size() <= 100, "device of " + std::to_string(body.device.size()) + " bytes");
  FUZZ_CHECK(json.contains("password") && json["password"].is_string() && json["password"].get<std::string>() == body.password,
             "the password was changed");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text = fuzz::as_text(data, size);
  const auto json = nlohmann::json::parse(text, nullptr, false);
  if (auto sign_in = parse_sign_in_body(text)) {
    check_sign_in(sign_in.value(), json);
  } else {
    fuzz::check_refusal(sign_in.errors());
  }
  if (auto sign_up = parse_sign_up_body(text)) {
    check_sign_in(sign_up->sign_in, json);
    FUZZ_CHECK(!sign_up->name.empty(), "an empty name was accepted");
    FUZZ_CHECK(check_password(sign_up->sign_in.password).ok(), "a password the rules refuse was accepted");
  } else {
    fuzz::check_refusal(sign_up.errors());
  }
  return 0;
}
