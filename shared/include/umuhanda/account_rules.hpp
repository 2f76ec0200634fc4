// The rules of accounts: what sign-up and login accept (Rwandan mobile numbers, email addresses,
// passwords, display names) and the short codes people type (class join codes, reset codes).
// Pure, like the rest of the core: no I/O, no random source (the caller passes random bytes), so
// the browser's form and the server refuse exactly the same input with the same words.
//
// Every refusal is one Diagnostic whose message is shown as it is in the sign-up and login forms:
// plain English that says what is wrong and what is expected ("a Rwandan mobile number has 10
// digits starting 07, e.g. 078 123 4567; this one has 9"). Its path names the form field:
// "phone", "email", "login", "password", "name" or "code".
#pragma once

#include <bit>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "umuhanda/expected.hpp"

namespace umuhanda {

// [SECTION] Phone numbers

// A Rwandan mobile number as E.164, "+2507XXXXXXXX" (12 digits after the +), from what a person
// types: "078 123 4567", "+250 78 123 4567", "250781234567", "00250 78 123 4567", also
// "+250 (0)78 123 4567" (the national 0 kept after the country code), with any spaces, dashes,
// dots or parentheses between the digits and spaces around. Only the mobile prefixes in use are
// accepted (072, 073, 078, 079: the list and why it is short are in account_rules.cpp). Refused,
// with the reason: letters, other signs, too few or too many digits, another country's code, the
// national 0 left out ("78 123 4567").
Expected<std::string> normalize_phone(std::string_view text);

// [SECTION] Email addresses

// A light sanity check, deliberately not an RFC 5322 parser (the address is proven only by a mail
// that arrives): surrounding spaces trimmed, then at most 254 bytes, exactly one @, something
// before it, a domain after it with a dot between non-empty parts ("example.rw"), no spaces or
// control characters anywhere, valid UTF-8. Returns the address with its domain's ASCII letters in
// lower case; the part before the @ keeps its case, since RFC 5321 lets the receiving mail server
// treat it case-sensitively (whether logins match it without case is the store's decision).
inline constexpr std::size_t kMaxEmailBytes = 254;
Expected<std::string> normalize_email(std::string_view text);

// [SECTION] Login identifier

// What a person typed in the single "phone or email" field, sorted and normalised: text with an
// @ is an email address (normalize_email), text without letters a phone number (normalize_phone),
// anything else neither. Refusals carry the path "login" and the reason of the rule that applied.
enum class LoginKind { phone, email };
struct LoginIdentifier {
  LoginKind kind = LoginKind::phone;
  std::string value;  // E.164 for a phone, normalize_email's result for an email

  bool operator==(const LoginIdentifier&) const = default;
};
Expected<LoginIdentifier> parse_login_identifier(std::string_view text);

// [SECTION] Passwords

// Length only, after NIST SP 800-63B (2017) section 5.1.1.2, "Memorized Secret Verifiers": at
// least 8 characters, any characters (spaces, emoji, every script), no composition rules, never
// truncated, each Unicode code point counted as one character. NIST asks to permit at least 64;
// the upper bound of 128 only keeps requests small (argon2id's cost does not grow with the
// length). The password is not trimmed: spaces are characters. Invalid UTF-8 is refused, since its
// length cannot be counted. The common-password dictionary check (cracklib) is the server's, on
// top of this.
//
// FIXME: 800-63B also asks verifiers to apply Unicode normalisation (NFKC or NFKD) before hashing,
// so that "é" typed as one code point or as e + accent is one password; the core has no
// normaliser (utf8.hpp says why). Revision 4 (SP 800-63B-4) requires 15 characters for a password
// that is the only factor; issue 12 chose 8.
inline constexpr std::size_t kMinPasswordLength = 8;    // code points
inline constexpr std::size_t kMaxPasswordLength = 128;  // code points
Expected<void> check_password(std::string_view password);

// [SECTION] Display names

// The name others see (on an instructor's roster): trimmed of spaces at both ends, then 1-80 code
// points, valid UTF-8, no control characters (tabs and line breaks included) and none of the
// invisible characters that reverse the direction of the text around them (U+202A-U+202E,
// U+2066-U+2069), which could make a name display as another. Returns the trimmed name.
inline constexpr std::size_t kMaxDisplayNameLength = 80;  // code points
Expected<std::string> normalize_display_name(std::string_view text);

// [SECTION] Short codes

// Codes people read, dictate and type: class join codes (an instructor writes one on the board or
// shares a link; students type it) and one-time password-reset codes (a staff member reads one to
// a student in person or over the phone; issue 12: valid 10 minutes, 5 tries).
//
// Join codes use Douglas Crockford's base32 alphabet: digits and upper-case letters without I, L,
// O (the look-alikes of 1 and 0) and U (so no code spells an English obscenity). 0 and 1 stand for
// O and I/L: normalize_code reads a typed O as 0 and I or L as 1, so a misread code still works.
// 32 characters is a power of two, so a random byte's low 5 bits pick one without bias.
// 8 characters, shown as two groups of four ("7KQ4-MX2P"): 40 bits of entropy, short enough to
// read aloud, and far beyond online guessing of a code that can be rotated or switched off.
//
// Reset codes are digits only, because they are dictated over the phone: digits are said the same
// way in every language a staff member and a student may share, and a phone types them from its
// number pad. 8 digits, shown as "4821 0937": log2(10^8) = 26.6 bits (issue 12 asks at least 20);
// with 5 tries a guess succeeds with probability 5 in 10^8. Ten is not a power of two, so the
// bytes 250-255 are skipped (rejection sampling) and each digit is byte % 10 of a byte below 250.
// In reset codes too, O is read as 0 and I or L as 1.
enum class CodeKind { join, reset };

inline constexpr std::string_view kJoinCodeAlphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
inline constexpr std::size_t kJoinCodeLength = 8;
inline constexpr std::string_view kResetCodeAlphabet = "0123456789";
inline constexpr std::size_t kResetCodeLength = 8;

constexpr std::string_view code_alphabet(CodeKind kind) { return kind == CodeKind::join ? kJoinCodeAlphabet : kResetCodeAlphabet; }
constexpr std::size_t code_length(CodeKind kind) { return kind == CodeKind::join ? kJoinCodeLength : kResetCodeLength; }

// How many different codes of a kind there are, and their entropy in whole bits, rounded down
// (floor(log2(count))): join codes 32^8 = 2^40, 40 bits; reset codes 10^8, 26 bits (26.6).
constexpr std::uint64_t code_count(CodeKind kind) {
  std::uint64_t count = 1;
  for (std::size_t i = 0; i < code_length(kind); ++i) count *= code_alphabet(kind).size();
  return count;
}
constexpr int code_entropy_bits(CodeKind kind) { return static_cast<int>(std::bit_width(code_count(kind))) - 1; }
inline constexpr int kJoinCodeEntropyBits = code_entropy_bits(CodeKind::join);
inline constexpr int kResetCodeEntropyBits = code_entropy_bits(CodeKind::reset);
static_assert(kJoinCodeEntropyBits == 40);
static_assert(kResetCodeEntropyBits >= 20, "issue 12: a reset code needs at least 20 bits of entropy");

// Random bytes to draw for one code of the kind's length: one per character for join codes (none
// is ever skipped); twice the length for reset codes, so that running out because too many bytes
// were 250-255 has a probability of about 2e-11.
constexpr std::size_t code_random_bytes(CodeKind kind) { return kind == CodeKind::join ? kJoinCodeLength : 2 * kResetCodeLength; }

// A code of `length` characters (code_length(kind) for real codes; other lengths for tests) from
// random bytes the caller drew from a cryptographic source (libsodium's randombytes_buf on the
// server, crypto.getRandomValues in the browser), without modulo bias: each byte below the largest
// multiple of the alphabet's size (256 for join codes, 250 for reset codes) gives the character
// byte % size, the others are skipped. The same bytes always give the same code. Fails only when
// the bytes run out before the code is complete (reset codes, rarely): draw again.
Expected<std::string> format_code(CodeKind kind, std::span<const std::uint8_t> random_bytes, std::size_t length);

// The canonical code (upper case, no separators, code_length(kind) characters) from what a person
// typed: lower case, spaces and dashes anywhere, O for 0, I or L for 1. Anything else is refused
// with the reason (path "code").
Expected<std::string> normalize_code(CodeKind kind, std::string_view text);

// A canonical code as people see it: groups of four, joined by '-' for join codes ("7KQ4-MX2P")
// and by a space for reset codes ("4821 0937"), as a phone number is said.
std::string display_code(CodeKind kind, std::string_view code);

}  // namespace umuhanda
