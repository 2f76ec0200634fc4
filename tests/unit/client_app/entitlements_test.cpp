// The offline entitlement on the device (web/app/entitlements.cpp) and restricted packs in
// ContentSync, over the memory seams and a real libsodium check: a token signed with the server's
// key opens its packs for its account until it expires, also offline after a restart; one edited
// in storage, signed by another key, made for another account or past its end opens nothing, and a
// clock set back does not bring it back. A restricted pack is downloaded as its free sample until
// the entitlement opens it, and a pack held whole is shown as its sample once it no longer is open.
#include <gtest/gtest.h>
#include <sodium.h>

#include <memory>

#include "app/content_sync.hpp"
#include "app/entitlements.hpp"
#include "app_fixtures.hpp"
#include "platform/signature_verifier.hpp"
#include "umuhanda/clock.hpp"
#include "umuhanda/entitlement.hpp"

namespace umuhanda {
namespace {

using namespace umuhanda::testing;

constexpr std::int64_t kStudent = 7;
constexpr std::int64_t kStartSeconds = kAppStart / 1000;

// A server's key pair, and tokens signed with it.
struct ServerKey {
  ServerKey() {
    EXPECT_GE(sodium_init(), 0);
    public_key.resize(crypto_sign_PUBLICKEYBYTES);
    secret_key.resize(crypto_sign_SECRETKEYBYTES);
    crypto_sign_keypair(reinterpret_cast<unsigned char*>(public_key.data()), reinterpret_cast<unsigned char*>(secret_key.data()));
  }
  std::string sign(Entitlement entitlement) const {
    entitlement.key_id = key_id;
    const std::string input = entitlement_signing_input(entitlement);
    std::string signature(crypto_sign_BYTES, '\0');
    crypto_sign_detached(reinterpret_cast<unsigned char*>(signature.data()), nullptr, reinterpret_cast<const unsigned char*>(input.data()),
                         input.size(), reinterpret_cast<const unsigned char*>(secret_key.data()));
    return entitlement_token(input, signature);
  }
  std::string encoded() const { return base64url_encode(public_key); }
  std::string key_id = "test-key";
  std::string public_key, secret_key;
};

Entitlement premium(std::int64_t user = kStudent, std::int64_t lasts = 7 * 86400) {
  return Entitlement{{}, user, "premium", std::vector<std::string>{"test-pack"}, kStartSeconds, kStartSeconds + lasts};
}

class EntitlementsTest : public ::testing::Test {
protected:
  void SetUp() override {
    storage.open([](std::optional<StorageError>) {});
    storage.run_pending();
    verifier = make_signature_verifier();
  }
  // A fresh Entitlements over the same storage: the app started again.
  std::unique_ptr<Entitlements> start_app() {
    auto made = std::make_unique<Entitlements>(http, storage, *verifier, clock);
    made->start(true);
    settle(storage, http);
    return made;
  }
  void serve_token(const std::string& token) { http.serve("/api/v1/me/entitlement", nlohmann::json{{"entitlement", token}}.dump()); }
  // The token as stored, with `change` applied to it.
  void edit_stored_token(const std::function<void(std::string&)>& change) {
    auto stored = nlohmann::json::parse(storage.value(stores::kMeta, kEntitlementKey).value_or("{}"));
    std::string token = stored["token"];
    change(token);
    stored["token"] = token;
    storage.seed(stores::kMeta, kEntitlementKey, stored.dump());
  }

  MemoryKeyValueStore storage;
  MemoryHttpClient http;
  ManualClock clock{kAppStart};
  std::unique_ptr<SignatureVerifier> verifier;
  ServerKey server;
};

TEST_F(EntitlementsTest, ASignedTokenOpensItsPacksAndStillDoesOfflineAfterARestart) {
  auto entitlements = start_app();
  EXPECT_FALSE(entitlements->verdict(kStudent, "test-pack").has_value()) << "nothing held yet";
  entitlements->set_server_key(server.key_id, server.encoded());
  serve_token(server.sign(premium()));
  const auto before = entitlements->revision();
  entitlements->refresh();
  settle(storage, http);
  EXPECT_TRUE(entitlements->opens(kStudent, "test-pack")) << entitlements->state_json().dump();
  EXPECT_GT(entitlements->revision(), before);
  EXPECT_EQ(entitlements->verdict(kStudent, "another-pack"), EntitlementVerdict::pack_not_in_plan);
  EXPECT_EQ(entitlements->verdict(8, "test-pack"), EntitlementVerdict::other_account);

  // Offline, a day later: the stored token is checked again and still opens the pack.
  http.set_offline(true);
  clock.advance(86400 * 1000);
  auto restarted = start_app();
  EXPECT_TRUE(restarted->opens(kStudent, "test-pack")) << restarted->state_json().dump();
}

TEST_F(EntitlementsTest, ATokenEditedInStorageOrSignedByAnotherKeyOpensNothing) {
  auto entitlements = start_app();
  entitlements->set_server_key(server.key_id, server.encoded());
  serve_token(server.sign(premium()));
  entitlements->refresh();
  settle(storage, http);
  ASSERT_TRUE(entitlements->opens(kStudent, "test-pack"));

  // A later expiry written into the payload, the signature kept.
  edit_stored_token([&](std::string& token) {
    Entitlement stretched = premium(kStudent, 365 * 86400);
    stretched.key_id = server.key_id;
    token = entitlement_signing_input(stretched) + token.substr(token.rfind('.'));
  });
  auto restarted = start_app();
  EXPECT_FALSE(restarted->opens(kStudent, "test-pack")) << restarted->state_json().dump();
  EXPECT_NE(restarted->state_json()["problem"].get<std::string>().find("signature"), std::string::npos);

  // One character of the signature changed.
  serve_token(server.sign(premium()));
  restarted->refresh();
  settle(storage, http);
  ASSERT_TRUE(restarted->opens(kStudent, "test-pack"));
  edit_stored_token([](std::string& token) { token.back() = token.back() == 'A' ? 'B' : 'A'; });
  EXPECT_FALSE(start_app()->opens(kStudent, "test-pack"));

  // A token signed by another key, the stored key swapped for that one's: the catalog's key wins.
  ServerKey other;
  other.key_id = server.key_id;
  serve_token(other.sign(premium()));
  auto fooled = start_app();
  fooled->set_server_key(server.key_id, server.encoded());
  fooled->refresh();
  settle(storage, http);
  EXPECT_FALSE(fooled->opens(kStudent, "test-pack")) << fooled->state_json().dump();
}

TEST_F(EntitlementsTest, AnExpiredTokenOpensNothingAndSettingTheClockBackDoesNotHelp) {
  auto entitlements = start_app();
  entitlements->set_server_key(server.key_id, server.encoded());
  serve_token(server.sign(premium(kStudent, 3600)));
  entitlements->refresh();
  settle(storage, http);
  ASSERT_TRUE(entitlements->opens(kStudent, "test-pack"));

  clock.advance(3601 * 1000);
  const auto before = entitlements->revision();
  entitlements->observe_clock();
  EXPECT_EQ(entitlements->verdict(kStudent, "test-pack"), EntitlementVerdict::expired);
  EXPECT_GT(entitlements->revision(), before) << "the end is announced";
  settle(storage, http);

  // The phone's clock set back to an hour before the end, and the app started again offline.
  http.set_offline(true);
  clock.set(kAppStart + 60 * 1000);
  auto restarted = start_app();
  EXPECT_EQ(restarted->verdict(kStudent, "test-pack"), EntitlementVerdict::expired) << restarted->state_json().dump();
}

TEST_F(EntitlementsTest, ANullAnswerOrSigningOutForgetsTheToken) {
  auto entitlements = start_app();
  entitlements->set_server_key(server.key_id, server.encoded());
  serve_token(server.sign(premium()));
  entitlements->refresh();
  settle(storage, http);
  ASSERT_TRUE(entitlements->opens(kStudent, "test-pack"));
  http.serve("/api/v1/me/entitlement", R"({"entitlement":null})");
  entitlements->refresh();
  settle(storage, http);
  EXPECT_FALSE(entitlements->verdict(kStudent, "test-pack").has_value());
  EXPECT_FALSE(start_app()->verdict(kStudent, "test-pack").has_value()) << "gone from storage too";

  serve_token(server.sign(premium()));
  entitlements->refresh();
  settle(storage, http);
  ASSERT_TRUE(entitlements->opens(kStudent, "test-pack"));
  entitlements->forget();
  settle(storage, http);
  EXPECT_FALSE(start_app()->verdict(kStudent, "test-pack").has_value());
}

// [SECTION] Restricted packs in ContentSync

// make_valid_pack() restricted, q1 free: its sample holds q1 only.
Pack restricted_pack() {
  Pack pack = make_picture_pack(0);
  pack.access = PackAccess{true, {}, {pack.questions.front().id}};
  return pack;
}

std::string restricted_catalog(const Pack& pack, const ServerKey& key) {
  return nlohmann::json{{"packs", {{{"id", pack.id}, {"version", pack.version}, {"access", "restricted"}}}},
                        {"entitlement_key", {{"alg", "Ed25519"}, {"kid", key.key_id}, {"public_key", key.encoded()}}}}
      .dump();
}

class RestrictedContentTest : public EntitlementsTest {
protected:
  void start_sync() {
    sync = std::make_unique<ContentSync>(http, storage, clock);
    sync->on_pack = [this](const Pack& pack, ContentSync::PackSource) { shown.push_back(pack.questions.size()); };
    sync->opens_restricted = [this](const std::string& pack_id) { return entitlements->opens(kStudent, pack_id); };
    sync->on_entitlement_key = [this](const std::string& id, const std::string& key) { entitlements->set_server_key(id, key); };
    sync->start(true);
    settle(storage, http);
  }
  std::unique_ptr<Entitlements> entitlements;
  std::unique_ptr<ContentSync> sync;
  std::vector<std::size_t> shown;  // questions of each pack shown
};

TEST_F(RestrictedContentTest, TheSampleUntilTheEntitlementOpensThePackThenTheWholeUntilItEnds) {
  const Pack pack = restricted_pack();
  const Pack sample = free_sample(pack);
  ASSERT_LT(sample.questions.size(), pack.questions.size());
  http.serve(kCatalogUrl, restricted_catalog(pack, server));
  http.serve(pack_url(pack) + "/sample", to_json(sample), "\"sample\"");
  http.serve(pack_url(pack), to_json(pack), "\"whole\"");

  entitlements = start_app();
  start_sync();
  ASSERT_FALSE(shown.empty());
  EXPECT_EQ(shown.back(), sample.questions.size());
  EXPECT_EQ(http.count(pack_url(pack)), 0u) << "the whole pack is not asked for without an entitlement";

  // The entitlement arrives and verifies: the whole pack is fetched and shown.
  serve_token(server.sign(premium(kStudent, 3600)));
  entitlements->refresh();
  settle(storage, http);
  ASSERT_TRUE(entitlements->opens(kStudent, pack.id)) << entitlements->state_json().dump();
  sync->access_changed();
  settle(storage, http);
  EXPECT_EQ(shown.back(), pack.questions.size());
  EXPECT_EQ(sync->state()["pack"]["held_questions"], pack.questions.size());

  // Offline, the next day: the whole pack is held, the entitlement has ended: the sample is shown.
  http.set_offline(true);
  clock.advance(86400 * 1000);
  entitlements = start_app();
  start_sync();
  EXPECT_EQ(shown.back(), sample.questions.size());
  EXPECT_EQ(sync->state()["pack"]["held_questions"], pack.questions.size());
  EXPECT_EQ(sync->state()["pack"]["open"], false);
}

TEST_F(RestrictedContentTest, ARestrictedPackWaitsUntilTheStoredEntitlementIsChecked) {
  const Pack pack = restricted_pack();
  http.serve(kCatalogUrl, restricted_catalog(pack, server));
  http.serve(pack_url(pack) + "/sample", to_json(free_sample(pack)), "\"sample\"");
  http.serve(pack_url(pack), to_json(pack), "\"whole\"");
  entitlements = start_app();
  bool pending = true;
  sync = std::make_unique<ContentSync>(http, storage, clock);
  sync->on_pack = [this](const Pack& shown_pack, ContentSync::PackSource) { shown.push_back(shown_pack.questions.size()); };
  sync->opens_restricted = [this](const std::string& pack_id) { return entitlements->opens(kStudent, pack_id); };
  sync->on_entitlement_key = [this](const std::string& id, const std::string& key) { entitlements->set_server_key(id, key); };
  sync->access_pending = [&pending] { return pending; };
  sync->start(true);
  settle(storage, http);
  EXPECT_EQ(http.count(pack_url(pack)) + http.count(pack_url(pack) + "/sample"), 0u) << "nothing fetched before access is known";
  EXPECT_TRUE(shown.empty());

  // The token checked: the whole pack, and never the sample first.
  serve_token(server.sign(premium()));
  entitlements->refresh();
  settle(storage, http);
  pending = false;
  sync->access_changed();
  settle(storage, http);
  EXPECT_EQ(http.count(pack_url(pack) + "/sample"), 0u);
  ASSERT_FALSE(shown.empty());
  EXPECT_EQ(shown.back(), pack.questions.size());
}

}  // namespace
}  // namespace umuhanda
