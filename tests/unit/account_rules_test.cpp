// The rules of accounts (umuhanda/account_rules.hpp): every accepted phone form, every refusal with
// its exact words, password and name lengths in code points, email checks, and short codes.
#include <gtest/gtest.h>

#include <array>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "umuhanda/account_rules.hpp"

namespace umuhanda {
namespace {

// A refusal as "path: message", so a test compares the whole reason; an acceptance shows up as
// "(accepted)" in the failed comparison.
template <class T>
std::string refusal(const Expected<T>& result) {
  if (result.ok()) return "(accepted)";
  EXPECT_EQ(result.errors().size(), 1u) << to_string(result.errors());
  return to_string(result.errors().front());
}

// The value of an acceptance; a refusal shows up with its reason in the failed comparison.
std::string accepted(const Expected<std::string>& result) { return result.ok() ? result.value() : "(refused) " + to_string(result.errors()); }

std::string repeat(std::string_view piece, std::size_t times) {
  std::string text;
  for (std::size_t i = 0; i < times; ++i) text += piece;
  return text;
}

// [SECTION] Phone numbers

TEST(PhoneRules, AcceptsEveryWrittenFormOfOneNumber) {
  for (const std::string typed : {
           "0781234567",
           "078 123 4567",
           "078-123-4567",
           "078.123.4567",
           "(078) 123 4567",
           "078 123-45.67",
           "  078 123 4567\n",
           "078\xC2\xA0"
           "123\xC2\xA0"
           "4567",  // no-break spaces, as copied from a web page
           "078\xE2\x80\x93"
           "123\xE2\x80\x93"
           "4567",  // en dashes, as a phone's keyboard makes them
           "+250781234567",
           "+250 78 123 4567",
           "+250-78-123-4567",
           "+250 (0)78 123 4567",
           "+250 0781234567",
           "(+250) 78 123 4567",
           "250781234567",
           "250 78 123 4567",
           "00250781234567",
           "00250 78 123 4567",
           "00 250 (78) 123.4567",
       }) {
    EXPECT_EQ(accepted(normalize_phone(typed)), "+250781234567") << "typed: " << typed;
  }
}

TEST(PhoneRules, AcceptsEachMobilePrefixInUse) {
  EXPECT_EQ(accepted(normalize_phone("072 000 0000")), "+250720000000");
  EXPECT_EQ(accepted(normalize_phone("073 999 9999")), "+250739999999");
  EXPECT_EQ(accepted(normalize_phone("078 555 1234")), "+250785551234");
  EXPECT_EQ(accepted(normalize_phone("+250 79 555 1234")), "+250795551234");
}

TEST(PhoneRules, RefusesOtherPrefixesNamingTheOnesInUse) {
  for (const char third : {'0', '1', '4', '5', '6', '7'}) {
    const std::string prefix = std::string("07") + third;
    EXPECT_EQ(refusal(normalize_phone(prefix + " 123 4567")),
              "phone: " + prefix + " is not a Rwandan mobile prefix in use; mobile numbers start 078, 079 (MTN), 072 or 073 (Airtel)");
    EXPECT_EQ(refusal(normalize_phone("+250 7" + std::string(1, third) + " 123 4567")),
              "phone: " + prefix + " is not a Rwandan mobile prefix in use; mobile numbers start 078, 079 (MTN), 072 or 073 (Airtel)");
  }
}

TEST(PhoneRules, RefusesWrongDigitCountsInTheNationalForm) {
  EXPECT_EQ(refusal(normalize_phone("078 123 456")),
            "phone: a Rwandan mobile number has 10 digits starting 07, e.g. 078 123 4567; this one has 9 digits");
  EXPECT_EQ(refusal(normalize_phone("078 123 45678")),
            "phone: a Rwandan mobile number has 10 digits starting 07, e.g. 078 123 4567; this one has 11 digits");
  EXPECT_EQ(refusal(normalize_phone("07")), "phone: a Rwandan mobile number has 10 digits starting 07, e.g. 078 123 4567; this one has 2 digits");
  EXPECT_EQ(refusal(normalize_phone("0")), "phone: a Rwandan mobile number has 10 digits starting 07, e.g. 078 123 4567; this one starts 0");
  EXPECT_EQ(refusal(normalize_phone("0252 123 456")),
            "phone: a Rwandan mobile number has 10 digits starting 07, e.g. 078 123 4567; this one starts 02");
  EXPECT_EQ(refusal(normalize_phone("12345")), "phone: a Rwandan mobile number has 10 digits starting 07, e.g. 078 123 4567; this one starts 12");
}

TEST(PhoneRules, RefusesTheNationalNumberWithoutItsZero) {
  EXPECT_EQ(refusal(normalize_phone("78 123 4567")),
            "phone: the first 0 is missing: a Rwandan mobile number has 10 digits starting 07, e.g. 078 123 4567");
}

TEST(PhoneRules, RefusesWrongDigitCountsAfterTheCountryCode) {
  const std::string rule = "after +250 a Rwandan mobile number has 9 digits starting 7, e.g. +250 78 123 4567";
  EXPECT_EQ(refusal(normalize_phone("+250 78 123 456")), "phone: " + rule + "; this one has 8 digits");
  EXPECT_EQ(refusal(normalize_phone("+250 78 123 45678")), "phone: " + rule + "; this one has 10 digits");
  EXPECT_EQ(refusal(normalize_phone("+250 (0)78 123 456")), "phone: " + rule + "; this one has 8 digits");
  EXPECT_EQ(refusal(normalize_phone("2507812345")), "phone: " + rule + "; this one has 7 digits");
  EXPECT_EQ(refusal(normalize_phone("00250 78 123 456")), "phone: " + rule + "; this one has 8 digits");
  EXPECT_EQ(refusal(normalize_phone("+250 58 123 4567")), "phone: " + rule + "; this one starts 5");
  EXPECT_EQ(refusal(normalize_phone("+250")), "phone: the country code must be followed by the number: " + rule);
  EXPECT_EQ(refusal(normalize_phone("+250 0")), "phone: " + rule + "; this one starts 0");
}

TEST(PhoneRules, RefusesOtherCountries) {
  const std::string reason =
      "phone: only Rwandan mobile numbers can be used, and this one does not start with Rwanda's country code +250, e.g. +250 78 123 4567";
  EXPECT_EQ(refusal(normalize_phone("+256 772 123 456")), reason);  // Uganda
  EXPECT_EQ(refusal(normalize_phone("+1 202 555 0100")), reason);
  EXPECT_EQ(refusal(normalize_phone("0044 7911 123456")), reason);
  EXPECT_EQ(refusal(normalize_phone("+25")), reason);
  EXPECT_EQ(refusal(normalize_phone("+")), "phone: enter a mobile number, e.g. 078 123 4567");
}

TEST(PhoneRules, RefusesLettersAndOtherSigns) {
  EXPECT_EQ(refusal(normalize_phone("078 ABC 4567")),
            "phone: a phone number has no letters, this one has 'A'; a Rwandan mobile number has 10 digits starting 07, e.g. 078 123 4567");
  EXPECT_EQ(refusal(normalize_phone("078 123 456O")),
            "phone: a phone number has no letters, this one has 'O'; a Rwandan mobile number has 10 digits starting 07, e.g. 078 123 4567");
  EXPECT_EQ(refusal(normalize_phone("078 123#4567")),
            "phone: '#' cannot be part of a phone number: type digits, with spaces, dashes, dots or parentheses between them if you like");
  EXPECT_EQ(refusal(normalize_phone("078/123/4567")),
            "phone: '/' cannot be part of a phone number: type digits, with spaces, dashes, dots or parentheses between them if you like");
  EXPECT_EQ(refusal(normalize_phone("\xEF\xBC\x90\xEF\xBC\x97\xEF\xBC\x98 123 4567")),  // full-width ０７８
            "phone: '\xEF\xBC\x90' cannot be part of a phone number: type digits, with spaces, dashes, dots or parentheses between them if you like");
  EXPECT_EQ(refusal(normalize_phone("078\x01"
                                    "1234567")),
            "phone: an invisible character (U+0001) cannot be part of a phone number: type digits, with spaces, dashes, dots or parentheses between "
            "them if you like");
  EXPECT_EQ(refusal(normalize_phone("078+1234567")), "phone: '+' can only come first, before the country code: +250 78 123 4567");
  EXPECT_EQ(refusal(normalize_phone("++250781234567")), "phone: '+' can only come first, before the country code: +250 78 123 4567");
}

TEST(PhoneRules, RefusesEmptyInputAndInvalidUtf8) {
  EXPECT_EQ(refusal(normalize_phone("")), "phone: enter a mobile number, e.g. 078 123 4567");
  EXPECT_EQ(refusal(normalize_phone("   ")), "phone: enter a mobile number, e.g. 078 123 4567");
  EXPECT_EQ(refusal(normalize_phone("( ) -")), "phone: enter a mobile number, e.g. 078 123 4567");
  // The byte offset is in the text as typed, spaces before the number included.
  EXPECT_EQ(refusal(normalize_phone("  078\xFF"
                                    "1234567")),
            "phone: contains bytes that are not text (invalid UTF-8 at byte 5); type it again");
}

// [SECTION] Email addresses

TEST(EmailRules, LowerCasesTheDomainOnlyAndTrims) {
  EXPECT_EQ(accepted(normalize_email("Aline.Uwase@Example.RW")), "Aline.Uwase@example.rw");
  EXPECT_EQ(accepted(normalize_email("  a@b.co\t")), "a@b.co");
  EXPECT_EQ(accepted(normalize_email("first+tag@mail.example.org")), "first+tag@mail.example.org");
  // Non-ASCII letters pass as they are; only ASCII is lower-cased.
  EXPECT_EQ(accepted(normalize_email("\xC3\x89LISE@\xC3\x89"
                                     "COLE.RW")),
            "\xC3\x89LISE@\xC3\x89"
            "cole.rw");  // ÉLISE@ÉCOLE.RW
}

TEST(EmailRules, AcceptsUpTo254Bytes) {
  const std::string domain = "@example.rw";  // 11 bytes
  EXPECT_EQ(accepted(normalize_email(repeat("a", 243) + domain)), repeat("a", 243) + domain);
  EXPECT_EQ(refusal(normalize_email(repeat("a", 244) + domain)), "email: an email address has at most 254 characters (bytes), this one has 255");
}

TEST(EmailRules, RefusesWhatCannotBeAnAddress) {
  EXPECT_EQ(refusal(normalize_email("")), "email: enter an email address, e.g. name@example.com");
  EXPECT_EQ(refusal(normalize_email("aline.example.rw")), "email: an email address has an @, e.g. name@example.com");
  EXPECT_EQ(refusal(normalize_email("a@@b.co")), "email: an email address has one @, this one has 2");
  EXPECT_EQ(refusal(normalize_email("a@b@c.co")), "email: an email address has one @, this one has 2");
  EXPECT_EQ(refusal(normalize_email("@b.co")), "email: a name must come before the @, e.g. name@example.com");
  EXPECT_EQ(refusal(normalize_email("aline@")), "email: a domain must come after the @, e.g. name@example.com");
  for (const std::string domain : {"localhost", ".rw", "example.", "example..rw"}) {
    EXPECT_EQ(refusal(normalize_email("aline@" + domain)),
              "email: after the @ comes a domain with a dot, such as example.com; '" + domain + "' is not one");
  }
  EXPECT_EQ(refusal(normalize_email("aline uwase@example.rw")), "email: an email address has no spaces, e.g. name@example.com");
  EXPECT_EQ(refusal(normalize_email("aline@example\xC2\xA0.rw")), "email: an email address has no spaces, e.g. name@example.com");
  EXPECT_EQ(refusal(normalize_email("aline\x07@example.rw")), "email: an email address cannot contain an invisible character (U+0007)");
  EXPECT_EQ(refusal(normalize_email(" al\xC3@example.rw")), "email: contains bytes that are not text (invalid UTF-8 at byte 3); type it again");
}

// [SECTION] Login identifier

TEST(LoginRules, SortsPhonesFromEmails) {
  const Expected<LoginIdentifier> phone = parse_login_identifier(" 078 123 4567 ");
  ASSERT_TRUE(phone.ok()) << to_string(phone.errors());
  EXPECT_EQ(phone.value(), (LoginIdentifier{LoginKind::phone, "+250781234567"}));

  const Expected<LoginIdentifier> international = parse_login_identifier("+250 72 000 0001");
  ASSERT_TRUE(international.ok()) << to_string(international.errors());
  EXPECT_EQ(international.value(), (LoginIdentifier{LoginKind::phone, "+250720000001"}));

  const Expected<LoginIdentifier> email = parse_login_identifier("Aline@Example.RW");
  ASSERT_TRUE(email.ok()) << to_string(email.errors());
  EXPECT_EQ(email.value(), (LoginIdentifier{LoginKind::email, "Aline@example.rw"}));
}

TEST(LoginRules, RefusesWithTheReasonOfTheRuleThatApplied) {
  EXPECT_EQ(refusal(parse_login_identifier("")), "login: enter your phone number (e.g. 078 123 4567) or your email address");
  EXPECT_EQ(refusal(parse_login_identifier("aline")),
            "login: is neither a phone number nor an email address: an email address has an @ (name@example.com), a phone number only digits (078 "
            "123 4567)");
  EXPECT_EQ(refusal(parse_login_identifier("078 123 456")),
            "login: a Rwandan mobile number has 10 digits starting 07, e.g. 078 123 4567; this one has 9 digits");
  EXPECT_EQ(refusal(parse_login_identifier("+256 772 123 456")),
            "login: only Rwandan mobile numbers can be used, and this one does not start with Rwanda's country code +250, e.g. +250 78 123 4567");
  EXPECT_EQ(refusal(parse_login_identifier("aline@localhost")),
            "login: after the @ comes a domain with a dot, such as example.com; 'localhost' is not one");
}

// [SECTION] Passwords

TEST(PasswordRules, CountsCodePointsNotBytes) {
  EXPECT_EQ(refusal(check_password(repeat("a", 7))), "password: a password needs at least 8 characters, this one has 7");
  EXPECT_TRUE(check_password(repeat("a", 8)).ok());
  EXPECT_TRUE(check_password(repeat("a", 128)).ok());
  EXPECT_EQ(refusal(check_password(repeat("a", 129))), "password: a password can have at most 128 characters, this one has 129");

  // é is 2 bytes and 🚦 4: seven of them are 14 or 28 bytes, still 7 characters.
  const std::string e_acute = "\xC3\xA9";
  const std::string traffic_light = "\xF0\x9F\x9A\xA6";
  EXPECT_EQ(refusal(check_password(repeat(e_acute, 7))), "password: a password needs at least 8 characters, this one has 7");
  EXPECT_EQ(refusal(check_password(repeat(traffic_light, 7))), "password: a password needs at least 8 characters, this one has 7");
  EXPECT_TRUE(check_password(repeat(e_acute, 8)).ok());
  EXPECT_TRUE(check_password(repeat(traffic_light, 128)).ok());  // 512 bytes
  EXPECT_EQ(refusal(check_password(repeat(traffic_light, 129))), "password: a password can have at most 128 characters, this one has 129");
  EXPECT_EQ(refusal(check_password(repeat(e_acute, 129))), "password: a password can have at most 128 characters, this one has 129");
}

TEST(PasswordRules, AcceptsAnyCharactersWithoutCompositionRulesOrTrimming) {
  EXPECT_TRUE(check_password("correct horse battery staple").ok());
  EXPECT_TRUE(check_password("        ").ok());  // 8 spaces: length is the only rule here
  EXPECT_TRUE(check_password(" abcdef ").ok());  // the spaces count: not trimmed to 6
  EXPECT_TRUE(check_password("Ndagukunda cyane!").ok());
  EXPECT_TRUE(check_password(std::string("with\0nul", 8)).ok());
}

TEST(PasswordRules, RefusesEmptyAndInvalidUtf8) {
  EXPECT_EQ(refusal(check_password("")), "password: enter a password of at least 8 characters");
  EXPECT_EQ(refusal(check_password("password\xC3")), "password: contains bytes that are not text (invalid UTF-8 at byte 8); type it again");
  EXPECT_EQ(refusal(check_password("\xC0\xAF"
                                   "abcdefgh")),  // an overlong '/'
            "password: contains bytes that are not text (invalid UTF-8 at byte 0); type it again");
}

// [SECTION] Display names

TEST(DisplayNameRules, TrimsAndKeepsEveryScript) {
  EXPECT_EQ(accepted(normalize_display_name("  Aline Uwase \n")), "Aline Uwase");
  EXPECT_EQ(accepted(normalize_display_name("\xC2\xA0J\xC3\xA9r\xC3\xB4me  Habimana\xC2\xA0")), "J\xC3\xA9r\xC3\xB4me  Habimana");
  EXPECT_EQ(accepted(normalize_display_name("A")), "A");
}

TEST(DisplayNameRules, AllowsOneToEightyCodePoints) {
  const std::string e_acute = "\xC3\xA9";
  EXPECT_EQ(accepted(normalize_display_name(repeat(e_acute, 80))), repeat(e_acute, 80));
  EXPECT_EQ(refusal(normalize_display_name(repeat(e_acute, 81))), "name: a name can have at most 80 characters, this one has 81");
  EXPECT_EQ(refusal(normalize_display_name(" " + repeat("a", 81) + " ")), "name: a name can have at most 80 characters, this one has 81");
  EXPECT_EQ(accepted(normalize_display_name(" " + repeat("a", 80) + " ")), repeat("a", 80));
  EXPECT_EQ(refusal(normalize_display_name("")), "name: enter your name");
  EXPECT_EQ(refusal(normalize_display_name(" \t\xE3\x80\x80")), "name: enter your name");  // ideographic space
}

TEST(DisplayNameRules, RefusesControlCharactersAndInvalidUtf8) {
  EXPECT_EQ(refusal(normalize_display_name("Aline\tUwase")), "name: a name cannot contain an invisible character (U+0009)");
  EXPECT_EQ(refusal(normalize_display_name("Aline\nUwase")), "name: a name cannot contain an invisible character (U+000A)");
  EXPECT_EQ(refusal(normalize_display_name("Aline\x7F")), "name: a name cannot contain an invisible character (U+007F)");
  EXPECT_EQ(refusal(normalize_display_name("Aline\xC2\x85")), "name: a name cannot contain an invisible character (U+0085)");
  EXPECT_EQ(refusal(normalize_display_name("Aline\xE2\x80\xAE"
                                           "esawU")),
            "name: a name cannot contain an invisible character (U+202E)");
  EXPECT_EQ(refusal(normalize_display_name("Aline\xE2\x81\xA6x")), "name: a name cannot contain an invisible character (U+2066)");
  EXPECT_EQ(refusal(normalize_display_name("Al\xFFine")), "name: contains bytes that are not text (invalid UTF-8 at byte 2); type it again");
}

// [SECTION] Short codes

std::vector<std::uint8_t> bytes_from(unsigned first, unsigned count) {
  std::vector<std::uint8_t> bytes;
  for (unsigned i = 0; i < count; ++i) bytes.push_back(static_cast<std::uint8_t>(first + i));
  return bytes;
}

TEST(ShortCodes, StateTheirEntropy) {
  EXPECT_EQ(kJoinCodeAlphabet.size(), 32u);
  EXPECT_EQ(kResetCodeAlphabet.size(), 10u);
  EXPECT_EQ(code_count(CodeKind::join), std::uint64_t{1} << 40);
  EXPECT_EQ(code_count(CodeKind::reset), 100'000'000u);
  EXPECT_EQ(kJoinCodeEntropyBits, 40);
  EXPECT_EQ(kResetCodeEntropyBits, 26);
  EXPECT_EQ(code_random_bytes(CodeKind::join), 8u);
  EXPECT_EQ(code_random_bytes(CodeKind::reset), 16u);
}

TEST(ShortCodes, JoinCodeAlphabetHasNoLookAlikes) {
  for (const char c : {'I', 'L', 'O', 'U'}) EXPECT_EQ(kJoinCodeAlphabet.find(c), std::string_view::npos) << c;
  // Every character once, in order: byte k gives the k-th character.
  EXPECT_EQ(accepted(format_code(CodeKind::join, bytes_from(0, 32), 32)), "0123456789ABCDEFGHJKMNPQRSTVWXYZ");
  EXPECT_EQ(accepted(format_code(CodeKind::join, bytes_from(224, 32), 32)), "0123456789ABCDEFGHJKMNPQRSTVWXYZ");
  EXPECT_EQ(accepted(format_code(CodeKind::reset, bytes_from(0, 10), 10)), "0123456789");
  EXPECT_EQ(accepted(format_code(CodeKind::reset, bytes_from(240, 10), 10)), "0123456789");
}

TEST(ShortCodes, SameBytesSameCode) {
  const std::array<std::uint8_t, 8> bytes = {0x07, 0xF3, 0x5A, 0x24, 0x91, 0x3C, 0xE8, 0x6B};
  // 0x07 -> 7, 0xF3 (19) -> K, 0x5A (26) -> T, 0x24 (4) -> 4, 0x91 (17) -> H, 0x3C (28) -> W, 0xE8 (8) -> 8, 0x6B (11) -> B
  EXPECT_EQ(accepted(format_code(CodeKind::join, bytes, 8)), "7KT4HW8B");
  EXPECT_EQ(accepted(format_code(CodeKind::join, bytes, 8)), "7KT4HW8B");
  // 7, 243 % 10 = 3, 90 % 10 = 0, 36 -> 6, 145 -> 5, 60 -> 0, 232 -> 2, 107 -> 7
  EXPECT_EQ(accepted(format_code(CodeKind::reset, bytes, 8)), "73065027");
  EXPECT_EQ(accepted(format_code(CodeKind::join, bytes, 3)), "7KT");  // extra bytes unused
}

TEST(ShortCodes, EveryByteValueMapsEvenly) {
  const std::vector<std::uint8_t> all = bytes_from(0, 256);

  const Expected<std::string> join = format_code(CodeKind::join, all, 256);
  ASSERT_TRUE(join.ok()) << to_string(join.errors());
  std::map<char, int> join_counts;
  for (const char c : join.value()) ++join_counts[c];
  ASSERT_EQ(join_counts.size(), 32u);
  for (const auto& [c, count] : join_counts) EXPECT_EQ(count, 8) << c;

  // Bytes 250-255 are skipped for digits: 250 bytes remain, 25 for each digit.
  const Expected<std::string> reset = format_code(CodeKind::reset, all, 250);
  ASSERT_TRUE(reset.ok()) << to_string(reset.errors());
  std::map<char, int> reset_counts;
  for (const char c : reset.value()) ++reset_counts[c];
  ASSERT_EQ(reset_counts.size(), 10u);
  for (const auto& [c, count] : reset_counts) EXPECT_EQ(count, 25) << c;
  EXPECT_EQ(refusal(format_code(CodeKind::reset, all, 251)),
            "code: ran out of random bytes: the 256 bytes given made 250 of the 251 characters of a reset code; draw more");
}

TEST(ShortCodes, ResetCodesSkipTheBiasedBytes) {
  const std::vector<std::uint8_t> bytes = {250, 251, 252, 253, 254, 255, 9, 255, 4};
  EXPECT_EQ(accepted(format_code(CodeKind::reset, bytes, 2)), "94");
  EXPECT_EQ(refusal(format_code(CodeKind::reset, std::vector<std::uint8_t>{255, 3}, 2)),
            "code: ran out of random bytes: the 2 bytes given made 1 of the 2 characters of a reset code; draw more");
  // Join codes skip no byte.
  EXPECT_EQ(accepted(format_code(CodeKind::join, bytes, 2)), "TV");  // 250 % 32 = 26, 251 % 32 = 27
}

TEST(ShortCodes, DisplayInGroupsOfFour) {
  EXPECT_EQ(display_code(CodeKind::join, "7KQ4MX2P"), "7KQ4-MX2P");
  EXPECT_EQ(display_code(CodeKind::reset, "48210937"), "4821 0937");
}

TEST(ShortCodes, NormalizeReadsWhatPeopleType) {
  EXPECT_EQ(accepted(normalize_code(CodeKind::join, "7KQ4-MX2P")), "7KQ4MX2P");
  EXPECT_EQ(accepted(normalize_code(CodeKind::join, " 7kq4 mx2p ")), "7KQ4MX2P");
  EXPECT_EQ(accepted(normalize_code(CodeKind::join, "7k-q4-m-x2p")), "7KQ4MX2P");
  EXPECT_EQ(accepted(normalize_code(CodeKind::join, "7KQ4\xE2\x80\x93MX2P")), "7KQ4MX2P");  // en dash
  // Look-alikes: O and o are 0; I, i, L and l are 1.
  EXPECT_EQ(accepted(normalize_code(CodeKind::join, "oOiI-lL01")), "00111101");
  EXPECT_EQ(accepted(normalize_code(CodeKind::reset, "4821 0937")), "48210937");
  EXPECT_EQ(accepted(normalize_code(CodeKind::reset, "482-109-37")), "48210937");
  EXPECT_EQ(accepted(normalize_code(CodeKind::reset, "4821 O9l7")), "48210917");
}

TEST(ShortCodes, NormalizeRoundTripsFormattedCodes) {
  for (unsigned seed = 0; seed < 64; ++seed) {
    std::vector<std::uint8_t> bytes;
    for (unsigned i = 0; i < 16; ++i) bytes.push_back(static_cast<std::uint8_t>((seed * 97 + i * 61 + 13) & 0xFF));
    for (const CodeKind kind : {CodeKind::join, CodeKind::reset}) {
      const Expected<std::string> code = format_code(kind, bytes, code_length(kind));
      ASSERT_TRUE(code.ok()) << to_string(code.errors());
      const std::string shown = display_code(kind, code.value());
      EXPECT_EQ(accepted(normalize_code(kind, shown)), code.value()) << shown;
      std::string lower = shown;
      for (char& c : lower) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
      EXPECT_EQ(accepted(normalize_code(kind, lower)), code.value()) << lower;
    }
  }
}

TEST(ShortCodes, NormalizeRefusesAnythingElse) {
  EXPECT_EQ(refusal(normalize_code(CodeKind::join, "")), "code: enter the class code, e.g. 7KQ4-MX2P");
  EXPECT_EQ(refusal(normalize_code(CodeKind::join, " - ")), "code: enter the class code, e.g. 7KQ4-MX2P");
  EXPECT_EQ(refusal(normalize_code(CodeKind::join, "7KQ4-MX2")), "code: a class code has 8 characters, e.g. 7KQ4-MX2P; this one has 7 characters");
  EXPECT_EQ(refusal(normalize_code(CodeKind::join, "7KQ4-MX2PQ")), "code: a class code has 8 characters, e.g. 7KQ4-MX2P; this one has 9 characters");
  EXPECT_EQ(refusal(normalize_code(CodeKind::join, "7KQ4-MX2U")), "code: the letter U is never used in class codes: check the code (is it a V?)");
  EXPECT_EQ(refusal(normalize_code(CodeKind::join, "7KQ4-mx2u")), "code: the letter U is never used in class codes: check the code (is it a V?)");
  EXPECT_EQ(refusal(normalize_code(CodeKind::join, "7KQ4_MX2P")), "code: '_' cannot be part of a class code, e.g. 7KQ4-MX2P");
  EXPECT_EQ(refusal(normalize_code(CodeKind::join, "7KQ4.MX2P")), "code: '.' cannot be part of a class code, e.g. 7KQ4-MX2P");
  EXPECT_EQ(refusal(normalize_code(CodeKind::join, "7KQ4-MX2\xC3\x89")), "code: '\xC3\x89' cannot be part of a class code, e.g. 7KQ4-MX2P");
  EXPECT_EQ(refusal(normalize_code(CodeKind::join, "7KQ4\x80MX2P")),
            "code: contains bytes that are not text (invalid UTF-8 at byte 4); type it again");
  EXPECT_EQ(refusal(normalize_code(CodeKind::reset, "")), "code: enter the reset code, e.g. 4821 0937");
  EXPECT_EQ(refusal(normalize_code(CodeKind::reset, "4821 093")), "code: a reset code has 8 digits, e.g. 4821 0937; this one has 7 digits");
  EXPECT_EQ(refusal(normalize_code(CodeKind::reset, "4821 A937")), "code: a reset code has only digits, e.g. 4821 0937; 'A' is a letter");
  EXPECT_EQ(refusal(normalize_code(CodeKind::reset, "4821 b937")), "code: a reset code has only digits, e.g. 4821 0937; 'b' is a letter");
  EXPECT_EQ(refusal(normalize_code(CodeKind::reset, "4821+0937")), "code: '+' cannot be part of a reset code, e.g. 4821 0937");
}

}  // namespace
}  // namespace umuhanda
