// The rules of accounts (umuhanda/account_rules.hpp): phone numbers, email addresses, the login
// field, passwords, display names and short codes.
#include "umuhanda/account_rules.hpp"

#include <algorithm>
#include <cassert>

#include "umuhanda/text_rules.hpp"
#include "umuhanda/utf8.hpp"

namespace umuhanda {
namespace {

// [SECTION] Characters

bool is_ascii_digit(char32_t c) { return c >= '0' && c <= '9'; }
bool is_ascii_letter(char32_t c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
char ascii_upper(char32_t c) { return static_cast<char>(c >= 'a' && c <= 'z' ? c - 'a' + 'A' : c); }

// ASCII white space and Unicode's space separators (no-break spaces come with copied text).
bool is_space(char32_t c) {
  return c == ' ' || (c >= '\t' && c <= '\r') || c == 0xA0 || c == 0x1680 || (c >= 0x2000 && c <= 0x200A) || c == 0x202F || c == 0x205F ||
         c == 0x3000;
}

// Hyphen, non-breaking hyphen, figure dash, en and em dash, horizontal bar, minus: what a phone's
// keyboard or a chat app may turn a typed '-' into.
bool is_dash(char32_t c) { return c == '-' || (c >= 0x2010 && c <= 0x2015) || c == 0x2212; }

// C0 and C1 controls, DEL, the line and paragraph separators, and the bidirectional embeddings,
// overrides and isolates, which reorder the text around them when displayed.
bool is_control(char32_t c) {
  return c < 0x20 || (c >= 0x7F && c <= 0x9F) || c == 0x2028 || c == 0x2029 || (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069);
}

std::string hex_code_point(char32_t c) {
  constexpr std::string_view kHex = "0123456789ABCDEF";
  std::string digits;
  for (; c != 0 || digits.size() < 4; c >>= 4) digits.insert(digits.begin(), kHex[c & 0xF]);
  return "U+" + digits;
}

// How a message names a character: quoted when it can be seen, by its code point when not.
std::string describe(char32_t c, std::string_view bytes) {
  if (is_control(c) || (is_space(c) && c != ' ')) return "an invisible character (" + hex_code_point(c) + ")";
  return "'" + std::string(bytes) + "'";
}

std::string invalid_utf8_reason(std::size_t offset) {
  return "contains bytes that are not text (invalid UTF-8 at byte " + std::to_string(offset) + "); type it again";
}

// Where `part`, a view into `text`, starts in it.
std::size_t offset_in(std::string_view text, std::string_view part) { return static_cast<std::size_t>(part.data() - text.data()); }

std::string_view trim_spaces(std::string_view text) {
  std::size_t begin = 0;
  while (begin < text.size()) {
    const DecodedCodePoint decoded = decode_utf8(text, begin);
    if (!decoded.valid || !is_space(decoded.code)) break;
    begin += decoded.length;
  }
  std::size_t end = text.size();
  while (end > begin) {
    const std::size_t start = previous_code_point_start(text, end);
    const DecodedCodePoint decoded = decode_utf8(text, start);
    if (!decoded.valid || start + decoded.length != end || !is_space(decoded.code)) break;
    end = start;
  }
  return text.substr(begin, end - begin);
}

// [SECTION] Phone numbers

constexpr std::string_view kPhoneRule = "a Rwandan mobile number has 10 digits starting 07, e.g. 078 123 4567";
constexpr std::string_view kInternationalPhoneRule = "after +250 a Rwandan mobile number has 9 digits starting 7, e.g. +250 78 123 4567";

// The digit after "07" in the mobile prefixes in use: 078 and 079 (MTN), 072 and 073 (Airtel).
// This list must be updated when the regulator (RURA) opens new mobile ranges: until then a number
// in a new range is refused as "not a mobile prefix in use".
constexpr std::string_view kMobilePrefixDigits = "2389";
constexpr std::string_view kMobilePrefixesInUse = "078, 079 (MTN), 072 or 073 (Airtel)";

Expected<std::string> phone_failure(std::string message) { return Expected<std::string>::failure("phone", std::move(message)); }

std::string count_of(std::size_t count, std::string_view what) { return std::to_string(count) + " " + std::string(what) + (count == 1 ? "" : "s"); }

}  // namespace

Expected<std::string> normalize_phone(std::string_view text) {
  const std::string_view typed = trim_spaces(text);
  if (typed.empty()) return phone_failure("enter a mobile number, e.g. 078 123 4567");

  std::string digits;
  bool plus = false;
  for (std::size_t i = 0; i < typed.size();) {
    const DecodedCodePoint decoded = decode_utf8(typed, i);
    const char32_t c = decoded.code;
    if (!decoded.valid) return phone_failure(invalid_utf8_reason(offset_in(text, typed) + i));
    if (is_ascii_digit(c)) {
      digits += static_cast<char>(c);
    } else if (c == '+') {
      if (plus || !digits.empty()) return phone_failure("'+' can only come first, before the country code: +250 78 123 4567");
      plus = true;
    } else if (is_ascii_letter(c)) {
      return phone_failure("a phone number has no letters, this one has '" + std::string(1, static_cast<char>(c)) + "'; " + std::string(kPhoneRule));
    } else if (!is_space(c) && !is_dash(c) && c != '.' && c != '(' && c != ')') {
      return phone_failure(describe(c, typed.substr(i, decoded.length)) +
                           " cannot be part of a phone number: type digits, with spaces, dashes, dots or parentheses between them if you like");
    }
    i += decoded.length;
  }
  if (digits.empty()) return phone_failure("enter a mobile number, e.g. 078 123 4567");

  std::string_view rest = digits;
  // Without a +, "00" is the international call prefix, and "250" can only be the country code:
  // national numbers start with 0.
  const bool international = plus || rest.starts_with("00") || rest.starts_with("250");
  if (international) {
    if (!plus && rest.starts_with("00")) rest.remove_prefix(2);
    if (!rest.starts_with("250")) {
      return phone_failure(
          "only Rwandan mobile numbers can be used, and this one does not start with Rwanda's country code +250, e.g. +250 78 123 4567");
    }
    rest.remove_prefix(3);
    // "+250 (0)78 123 4567": the national 0 written after the country code is dropped.
    if (rest.starts_with("07")) rest.remove_prefix(1);
    if (rest.empty()) return phone_failure("the country code must be followed by the number: " + std::string(kInternationalPhoneRule));
    if (rest.front() != '7') return phone_failure(std::string(kInternationalPhoneRule) + "; this one starts " + rest.front());
    if (rest.size() != 9) return phone_failure(std::string(kInternationalPhoneRule) + "; this one has " + count_of(rest.size(), "digit"));
  } else {
    if (rest.size() == 9 && rest.starts_with('7')) return phone_failure("the first 0 is missing: " + std::string(kPhoneRule));
    if (!rest.starts_with("07")) return phone_failure(std::string(kPhoneRule) + "; this one starts " + std::string(rest.substr(0, 2)));
    if (rest.size() != 10) return phone_failure(std::string(kPhoneRule) + "; this one has " + count_of(rest.size(), "digit"));
    rest.remove_prefix(1);
  }
  // rest is now the 9 digits after the country code, "7XXXXXXXX".
  if (kMobilePrefixDigits.find(rest[1]) == std::string_view::npos) {
    return phone_failure("0" + std::string(rest.substr(0, 2)) + " is not a Rwandan mobile prefix in use; mobile numbers start " +
                         std::string(kMobilePrefixesInUse));
  }
  return "+250" + std::string(rest);
}

namespace {

// [SECTION] Email addresses

Expected<std::string> email_failure(std::string message) { return Expected<std::string>::failure("email", std::move(message)); }

}  // namespace

Expected<std::string> normalize_email(std::string_view text) {
  const std::string_view email = trim_spaces(text);
  if (email.empty()) return email_failure("enter an email address, e.g. name@example.com");
  if (email.size() > kMaxEmailBytes) {
    return email_failure("an email address has at most " + std::to_string(kMaxEmailBytes) + " characters (bytes), this one has " +
                         std::to_string(email.size()));
  }
  for (std::size_t i = 0; i < email.size();) {
    const DecodedCodePoint decoded = decode_utf8(email, i);
    if (!decoded.valid) return email_failure(invalid_utf8_reason(offset_in(text, email) + i));
    if (is_space(decoded.code)) return email_failure("an email address has no spaces, e.g. name@example.com");
    if (is_control(decoded.code)) return email_failure("an email address cannot contain " + describe(decoded.code, email.substr(i, decoded.length)));
    i += decoded.length;
  }
  const std::size_t ats = static_cast<std::size_t>(std::count(email.begin(), email.end(), '@'));
  if (ats == 0) return email_failure("an email address has an @, e.g. name@example.com");
  if (ats > 1) return email_failure("an email address has one @, this one has " + std::to_string(ats));

  const std::size_t at = email.find('@');
  const std::string_view local = email.substr(0, at);
  const std::string_view domain = email.substr(at + 1);
  if (local.empty()) return email_failure("a name must come before the @, e.g. name@example.com");
  if (domain.empty()) return email_failure("a domain must come after the @, e.g. name@example.com");
  if (domain.find('.') == std::string_view::npos || domain.front() == '.' || domain.back() == '.' || domain.find("..") != std::string_view::npos) {
    return email_failure("after the @ comes a domain with a dot, such as example.com; '" + std::string(domain) + "' is not one");
  }

  std::string normalized(local);
  normalized += '@';
  for (char c : domain) normalized += (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
  return normalized;
}

// [SECTION] Login identifier

namespace {

// The same refusal, under the login field's path.
Diagnostics as_login(Diagnostics errors) {
  for (Diagnostic& e : errors) e.path = "login";
  return errors;
}

}  // namespace

Expected<LoginIdentifier> parse_login_identifier(std::string_view text) {
  const std::string_view typed = trim_spaces(text);
  if (typed.empty()) return Expected<LoginIdentifier>::failure("login", "enter your phone number (e.g. 078 123 4567) or your email address");
  if (typed.find('@') != std::string_view::npos) {
    Expected<std::string> email = normalize_email(typed);
    if (!email) return as_login(email.errors());
    return LoginIdentifier{LoginKind::email, std::move(email).value()};
  }
  if (std::any_of(typed.begin(), typed.end(), [](char c) { return is_ascii_letter(static_cast<unsigned char>(c)); })) {
    return Expected<LoginIdentifier>::failure(
        "login",
        "is neither a phone number nor an email address: an email address has an @ (name@example.com), a phone number only digits (078 123 4567)");
  }
  Expected<std::string> phone = normalize_phone(typed);
  if (!phone) return as_login(phone.errors());
  return LoginIdentifier{LoginKind::phone, std::move(phone).value()};
}

// [SECTION] Passwords

Expected<void> check_password(std::string_view password) {
  if (const auto bad = first_invalid_utf8(password)) return Expected<void>::failure("password", invalid_utf8_reason(*bad));
  const std::size_t length = count_code_points(password);
  if (length == 0) return Expected<void>::failure("password", "enter a password of at least " + std::to_string(kMinPasswordLength) + " characters");
  if (length < kMinPasswordLength) {
    return Expected<void>::failure(
        "password", "a password needs at least " + std::to_string(kMinPasswordLength) + " characters, this one has " + std::to_string(length));
  }
  if (length > kMaxPasswordLength) {
    return Expected<void>::failure(
        "password", "a password can have at most " + std::to_string(kMaxPasswordLength) + " characters, this one has " + std::to_string(length));
  }
  return {};
}

// [SECTION] Display names

Expected<std::string> normalize_display_name(std::string_view text) {
  auto failure = [](std::string message) { return Expected<std::string>::failure("name", std::move(message)); };
  if (const auto bad = first_invalid_utf8(text)) return failure(invalid_utf8_reason(*bad));
  const std::string_view name = trim_spaces(text);
  if (name.empty()) return failure("enter your name");
  for (std::size_t i = 0; i < name.size();) {
    const DecodedCodePoint decoded = decode_utf8(name, i);
    if (is_control(decoded.code)) return failure("a name cannot contain " + describe(decoded.code, name.substr(i, decoded.length)));
    i += decoded.length;
  }
  const std::size_t length = count_code_points(name);
  if (length > kMaxDisplayNameLength) {
    return failure("a name can have at most " + std::to_string(kMaxDisplayNameLength) + " characters, this one has " + std::to_string(length));
  }
  return std::string(name);
}

// [SECTION] Short codes

namespace {

std::string_view code_name(CodeKind kind) { return kind == CodeKind::join ? "class code" : "reset code"; }
std::string_view code_example(CodeKind kind) { return kind == CodeKind::join ? "7KQ4-MX2P" : "4821 0937"; }

// The canonical character a typed one stands for: upper case, and Crockford's readings of the
// look-alikes, O as 0 and I or L as 1 (in reset codes too, where no letter is ever valid).
char canonical_code_character(char32_t c) {
  const char upper = ascii_upper(c);
  if (upper == 'O') return '0';
  if (upper == 'I' || upper == 'L') return '1';
  return upper;
}

}  // namespace

Expected<std::string> format_code(CodeKind kind, std::span<const std::uint8_t> random_bytes, std::size_t length) {
  assert(length > 0 && "format_code: a code has at least one character");
  const std::string_view alphabet = code_alphabet(kind);
  // The largest multiple of the alphabet's size that a byte can hold: below it every character is
  // the value of exactly 256 / size bytes, so each is equally likely; bytes at or above it are skipped.
  const std::size_t usable_below = 256 / alphabet.size() * alphabet.size();
  std::string code;
  code.reserve(length);
  for (std::uint8_t byte : random_bytes) {
    if (code.size() == length) break;
    if (byte < usable_below) code += alphabet[byte % alphabet.size()];
  }
  if (code.size() < length) {
    return Expected<std::string>::failure("code", "ran out of random bytes: the " + std::to_string(random_bytes.size()) + " bytes given made " +
                                                      std::to_string(code.size()) + " of the " + std::to_string(length) + " characters of a " +
                                                      std::string(code_name(kind)) + "; draw more");
  }
  return code;
}

Expected<std::string> normalize_code(CodeKind kind, std::string_view text) {
  const std::string name(code_name(kind));
  const std::string example(code_example(kind));
  auto failure = [](std::string message) { return Expected<std::string>::failure("code", std::move(message)); };
  const std::string_view alphabet = code_alphabet(kind);
  std::string code;
  for (std::size_t i = 0; i < text.size();) {
    const DecodedCodePoint decoded = decode_utf8(text, i);
    const char32_t c = decoded.code;
    if (!decoded.valid) return failure(invalid_utf8_reason(i));
    if (is_ascii_digit(c) || is_ascii_letter(c)) {
      const char canonical = canonical_code_character(c);
      if (alphabet.find(canonical) == std::string_view::npos) {
        if (kind == CodeKind::reset) {
          return failure("a reset code has only digits, e.g. " + example + "; '" + std::string(1, static_cast<char>(c)) + "' is a letter");
        }
        // In join codes only U is left: every other letter is in the alphabet or read as 0 or 1.
        return failure("the letter U is never used in class codes: check the code (is it a V?)");
      }
      code += canonical;
    } else if (!is_space(c) && !is_dash(c)) {
      return failure(describe(c, text.substr(i, decoded.length)) + " cannot be part of a " + name + ", e.g. " + example);
    }
    i += decoded.length;
  }
  if (code.empty()) return failure("enter the " + name + ", e.g. " + example);
  const std::size_t length = code_length(kind);
  const std::string_view unit = kind == CodeKind::join ? "character" : "digit";
  if (code.size() != length) {
    return failure("a " + name + " has " + count_of(length, unit) + ", e.g. " + example + "; this one has " + count_of(code.size(), unit));
  }
  return code;
}

std::string display_code(CodeKind kind, std::string_view code) {
  const char separator = kind == CodeKind::join ? '-' : ' ';
  std::string shown;
  for (std::size_t i = 0; i < code.size(); ++i) {
    if (i > 0 && i % 4 == 0) shown += separator;
    shown += code[i];
  }
  return shown;
}

}  // namespace umuhanda
