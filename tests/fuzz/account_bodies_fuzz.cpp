// Fuzzes the account and class bodies of server/request_bodies.cpp, from anyone on the network:
// sign-in, sign-up, password reset, account deletion, class name, class code action, class join.
// Beyond "no crash": a refusal says why; an accepted body has a normalised login (E.164 +2507...,
// or an email with an @), a device of at most 100 bytes, for sign-up a password of 8 to 128 code
// points and a non-empty name; the password is never changed; a reset code is 8 digits and a join
// code 8 characters of Crockford's alphabet (both canonical: normalising them again changes
// nothing); a class name is its own normal form.
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
  if (auto reset = parse_password_reset_body(text)) {
    check_sign_in(SignInBody{reset->login, reset->password, reset->device}, json);
    FUZZ_CHECK(reset->code.size() == 8 && reset->code.find_first_not_of("0123456789") == std::string::npos, "reset code " + reset->code);
  } else {
    fuzz::check_refusal(reset.errors());
  }
  if (auto password = parse_account_deletion_body(text)) {
    FUZZ_CHECK(
        json.is_object() && json.contains("password") && json["password"].is_string() && json["password"].get<std::string>() == password.value(),
        "the deletion password was changed");
  } else {
    fuzz::check_refusal(password.errors());
  }
  if (auto name = parse_class_name_body(text)) {
    auto again = normalize_display_name(name.value());
    FUZZ_CHECK(again.ok() && again.value() == name.value(), "a class name that is not its own normal form: " + name.value());
  } else {
    fuzz::check_refusal(name.errors());
  }
  if (auto action = parse_class_code_body(text); !action) fuzz::check_refusal(action.errors());
  if (auto code = parse_class_join_body(text)) {
    auto again = normalize_code(CodeKind::join, code.value());
    FUZZ_CHECK(code->size() == kJoinCodeLength && again.ok() && again.value() == code.value(), "join code " + code.value());
  } else {
    fuzz::check_refusal(code.errors());
  }
  return 0;
}
