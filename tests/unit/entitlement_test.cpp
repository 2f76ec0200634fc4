// The offline entitlement: base64url as RFC 4648 §5 defines it; tokens the server's key signs
// (kept in a real SQLite file) that libsodium verifies, and that stop verifying when one byte of
// them changes; a token's form checked before anything is trusted; and what a verified token opens.
#include <gtest/gtest.h>

#include "entitlement_signer.hpp"
#include "store_fixture.hpp"
#include "umuhanda/entitlement.hpp"

namespace umuhanda {
namespace {

constexpr std::int64_t kNow = 1796623200;  // 2026-12-07T06:00:00Z

Entitlement weekly_of(std::int64_t user) {
  return Entitlement{{}, user, "weekly", std::vector<std::string>{"kigali-premium"}, kNow, kNow + 7 * 86400};
}

TEST(Base64Url, EncodesAndDecodesTheRfc4648Vectors) {
  // RFC 4648 §10, without padding; §5's alphabet for 62 and 63.
  const std::pair<std::string, std::string> vectors[] = {{"", ""},           {"f", "Zg"},          {"fo", "Zm8"},          {"foo", "Zm9v"},
                                                         {"foob", "Zm9vYg"}, {"fooba", "Zm9vYmE"}, {"foobar", "Zm9vYmFy"}, {"\xfb\xff", "-_8"}};
  for (const auto& [bytes, text] : vectors) {
    EXPECT_EQ(base64url_encode(bytes), text) << bytes;
    EXPECT_EQ(base64url_decode(text), bytes) << text;
  }
}

TEST(Base64Url, RefusesPaddingForeignCharactersAndImpossibleLengths) {
  for (const char* text : {"Zg==", "Zm9v+", "Zm9v/", "Z", "Zm9vY", "Zh", "Zm9"}) {
    // "Zh" and "Zm9" carry bits past the last byte: another text of the same bytes.
    EXPECT_FALSE(base64url_decode(text).has_value()) << text;
  }
}

class EntitlementTokens : public testing::StoreFixture {
protected:
  void SetUp() override {
    auto made = EntitlementSigner::load_or_create(writer(), kNow);
    ASSERT_TRUE(made.ok()) << to_string(made.errors());
    signer = std::make_unique<EntitlementSigner>(std::move(made).value());
  }
  bool verifies(const std::string& token) {
    auto parsed = parse_entitlement_token(token);
    return parsed.ok() && verify_ed25519(signer->public_key(), parsed->signing_input, parsed->signature);
  }
  std::unique_ptr<EntitlementSigner> signer;
};

TEST_F(EntitlementTokens, TheKeyIsMadeOnceAndKeptInTheDatabase) {
  EXPECT_EQ(signer->public_key().size(), kEd25519PublicKeyBytes);
  EXPECT_EQ(signer->key_id().size(), 12u);  // 9 bytes, base64url
  auto again = EntitlementSigner::load_or_create(writer(), kNow + 60);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->key_id(), signer->key_id());
  EXPECT_EQ(again->public_key(), signer->public_key());
  // Both sign with the same secret half: each one's tokens verify with the other's public key.
  const std::string token = again->sign(weekly_of(7));
  EXPECT_TRUE(verifies(token));
}

TEST_F(EntitlementTokens, ASignedTokenSaysWhatWasSignedAndVerifies) {
  const std::string token = signer->sign(weekly_of(7));
  auto parsed = parse_entitlement_token(token);
  ASSERT_TRUE(parsed.ok()) << to_string(parsed.errors());
  Entitlement expected = weekly_of(7);
  expected.key_id = signer->key_id();
  EXPECT_EQ(parsed->entitlement, expected);
  EXPECT_TRUE(verify_ed25519(signer->public_key(), parsed->signing_input, parsed->signature));
  // Every restricted pack is "packs": null, and comes back as such.
  Entitlement vip = weekly_of(7);
  vip.packs.reset();
  auto all = parse_entitlement_token(signer->sign(vip));
  ASSERT_TRUE(all.ok());
  EXPECT_FALSE(all->entitlement.packs.has_value());
  EXPECT_TRUE(all->entitlement.opens("any-pack"));
}

TEST_F(EntitlementTokens, AChangedByteOrAnotherKeyVerifiesNothing) {
  const std::string token = signer->sign(weekly_of(7));
  ASSERT_TRUE(verifies(token));
  // Each character of the header and payload changed in turn (to another base64url character).
  const std::size_t payload_end = token.rfind('.');
  for (std::size_t i = 0; i < payload_end; ++i) {
    if (token[i] == '.') continue;
    std::string changed = token;
    changed[i] = changed[i] == 'A' ? 'B' : 'A';
    EXPECT_FALSE(verifies(changed)) << "character " << i;
  }
  // A longer expiry in the same signature's company.
  Entitlement stretched = weekly_of(7);
  stretched.key_id = signer->key_id();
  stretched.expires_at += 365 * 86400;
  const std::string forged = entitlement_signing_input(stretched) + token.substr(payload_end);
  ASSERT_TRUE(parse_entitlement_token(forged).ok());
  EXPECT_FALSE(verifies(forged));
  // Another server's key.
  std::string other_public(kEd25519PublicKeyBytes, '\0');
  other_public[0] = 1;
  auto parsed = parse_entitlement_token(token);
  EXPECT_FALSE(verify_ed25519(other_public, parsed->signing_input, parsed->signature));
}

TEST(EntitlementForm, IsCheckedBeforeAnythingIsTrusted) {
  const std::string header = base64url_encode(R"({"alg":"EdDSA","kid":"k","typ":"umuhanda-entitlement"})");
  const std::string payload = base64url_encode(R"({"sub":7,"plan":"weekly","packs":null,"iat":1,"exp":2})");
  const std::string signature = base64url_encode(std::string(64, 'x'));
  ASSERT_TRUE(parse_entitlement_token(header + "." + payload + "." + signature).ok());
  const std::pair<std::string, std::string> refused[] = {
      {header + "." + payload, "three parts"},
      {header + "." + payload + "." + signature + ".x", "three parts"},
      {header + "." + payload + "." + base64url_encode(std::string(63, 'x')), "63 bytes"},
      {header + ".***." + signature, "base64url"},
      {base64url_encode(R"({"alg":"none","kid":"k","typ":"umuhanda-entitlement"})") + "." + payload + "." + signature, "alg"},
      {base64url_encode(R"({"alg":"EdDSA","kid":"k","typ":"JWT"})") + "." + payload + "." + signature, "typ"},
      {header + "." + base64url_encode(R"({"sub":"7","plan":"weekly","packs":null,"iat":1,"exp":2})") + "." + signature, "sub"},
      {header + "." + base64url_encode(R"({"sub":7,"plan":"weekly","iat":1,"exp":2})") + "." + signature, "packs"},
      {header + "." + base64url_encode(R"({"sub":7,"plan":"weekly","packs":null,"iat":1})") + "." + signature, "exp"},
      {header + "." + base64url_encode("[1]") + "." + signature, "JSON object"},
  };
  for (const auto& [token, why] : refused) {
    auto parsed = parse_entitlement_token(token);
    ASSERT_FALSE(parsed.ok()) << why;
    EXPECT_NE(to_string(parsed.errors()).find(why), std::string::npos) << to_string(parsed.errors());
  }
}

TEST(EntitlementVerdicts, OpenOnlyItsPacksForItsStudentUntilItExpires) {
  const Entitlement weekly = weekly_of(7);
  EXPECT_EQ(check_entitlement(weekly, 7, "kigali-premium", kNow), EntitlementVerdict::opens);
  EXPECT_EQ(check_entitlement(weekly, 7, "kigali-premium", weekly.expires_at - 1), EntitlementVerdict::opens);
  EXPECT_EQ(check_entitlement(weekly, 7, "kigali-premium", weekly.expires_at), EntitlementVerdict::expired);
  EXPECT_EQ(check_entitlement(weekly, 8, "kigali-premium", kNow), EntitlementVerdict::other_account);
  EXPECT_EQ(check_entitlement(weekly, 7, "another-pack", kNow), EntitlementVerdict::pack_not_in_plan);
}

TEST(EntitlementVerdicts, ASetBackClockDoesNotStretchIt) {
  const Entitlement weekly = weekly_of(7);
  // The device once read a time after the expiry; its clock now says a day after the issue.
  const std::int64_t highest_seen = weekly.expires_at + 10;
  const std::int64_t device_now = kNow + 86400;
  EXPECT_EQ(check_entitlement(weekly, 7, "kigali-premium", entitlement_now(device_now, highest_seen)), EntitlementVerdict::expired);
  EXPECT_EQ(entitlement_now(kNow + 5, kNow), kNow + 5);
}

}  // namespace
}  // namespace umuhanda
