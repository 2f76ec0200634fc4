// Restricted packs against the real server on loopback (docs/api.md, "Restricted packs";
// docs/payments.md): the whole pack only for staff and for students whose running subscription's
// plan opens it, as "private, no-cache"; everyone else a 401 or a 403 subscription_required that
// points at the free sample; the sample public, holding only what the pack's "access" frees; the
// catalog saying which is which; and a shared cache (real nginx, caching every API answer its
// headers allow, keyed without the cookie) that never hands one student's answer to another.
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <string>

#include "entitlement_signer.hpp"
#include "nginx_proxy.hpp"
#include "signed_in_test_support.hpp"
#include "sqlite_database.hpp"
#include "umuhanda/entitlement.hpp"

namespace umuhanda {
namespace {

using testing::Account;
using testing::CommandRun;
using testing::error_code_of;
using testing::RawResponse;
using testing::request_text;
using testing::round_trip;
using testing::run_command;

const std::string kRestricted = "/api/v1/packs/kigali-premium";
constexpr const char* kPrivateRevalidate = "private, no-cache";

// The default pack as another pack, "kigali-premium", restricted, with exam-01 and one more
// question free.
nlohmann::json premium_pack_json() {
  auto pack = nlohmann::json::parse(testing::default_pack_files().at("pack.json"));
  pack["id"] = "kigali-premium";
  pack["version"] = 1;
  pack["title"] = {{"en", "Kigali premium"}, {"fr", "Kigali premium"}};
  pack["access"] = {{"kind", "restricted"}, {"free_sample", {{"exam_sets", {"exam-01"}}, {"questions", {pack["questions"].back()["id"]}}}}};
  return pack;
}

class RestrictedPacks : public testing::SignedInTest {
protected:
  void SetUp() override {
    m_config = std::filesystem::temp_directory_path() /
               ("umuhanda-restricted-" + std::to_string(::getpid()) + "-" + ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::create_directories(m_config);
    std::ofstream(m_config / "plans.json") << R"({"plans": [
        {"slug": "vip", "names": {"en": "VIP"}, "duration_seconds": 604800, "price_rwf": 10000},
        {"slug": "other", "names": {"en": "Another pack"}, "duration_seconds": 604800, "price_rwf": 3000, "packs": ["another-pack"]},
        {"slug": "premium", "names": {"en": "Premium"}, "duration_seconds": 604800, "price_rwf": 5000, "packs": ["kigali-premium"]}]})";
    SignedInTest::SetUp();
    if (HasFatalFailure()) return;
    CommandRun imported =
        run_command({UMUHANDA_SERVER_BINARY, "--data", server->data_dir().string(), "plans", "import", (m_config / "plans.json").string()});
    ASSERT_EQ(imported.status, 0) << imported.output;
    auto db = Database::open_reader((server->data_dir() / "umuhanda.db").string());
    ASSERT_TRUE(db.ok()) << to_string(db.errors());
    auto query = db->prepare("SELECT slug, id FROM plans");
    while (query->step().value()) plan_ids[query->column_text(0)] = query->column_int(1);

    token = testing::create_token(*server, "instructor", "Ines Instructor").secret;
    ASSERT_FALSE(token.empty());
    auto files = testing::default_pack_files();
    files["pack.json"] = premium_pack_json().dump(2);
    RawResponse uploaded = round_trip(
        port, request_text("POST", "/api/v1/packs", {"Authorization: Bearer " + token, "Content-Type: application/zip"}, testing::zip_of(files)),
        std::chrono::seconds(60));
    ASSERT_EQ(uploaded.status, 201) << uploaded.describe();

    aline = student("Aline", "0781000001");
    admin = staff("Kalisa", "0791000009", "admin");
  }
  void TearDown() override {
    SignedInTest::TearDown();
    std::filesystem::remove_all(m_config);
  }

  void grant(const Account& who, const std::string& plan) {
    RawResponse granted = post(admin, "/api/v1/users/" + std::to_string(who.id) + "/subscriptions", {{"plan_id", plan_ids[plan]}});
    ASSERT_EQ(granted.status, 201) << granted.describe();
  }
  // Time passing for the student's subscriptions: each ended a second ago.
  void end_subscriptions_of(const Account& who) {
    auto db = Database::open((server->data_dir() / "umuhanda.db").string());
    ASSERT_TRUE(db.ok()) << to_string(db.errors());
    auto update = db->prepare("UPDATE subscriptions SET starts_at = MIN(starts_at, unixepoch() - 10), ends_at = unixepoch() - 1 WHERE user_id = ?1");
    ASSERT_TRUE(update.ok());
    update->bind(1, who.id);
    ASSERT_TRUE(update->run().ok());
  }
  RawResponse get_with(const std::string& path, std::vector<std::string> headers) { return round_trip(port, request_text("GET", path, headers)); }

  std::filesystem::path m_config;
  std::map<std::string, std::int64_t> plan_ids;
  std::string token;
  Account aline, admin;
};

TEST_F(RestrictedPacks, OnlyStaffAndStudentsWhosePlanOpensItGetTheWholePack) {
  const std::size_t all_questions = premium_pack_json()["questions"].size();
  for (const std::string& path : {kRestricted, kRestricted + "/v/1"}) {
    // Nobody signed in: told to subscribe, and where the sample is.
    RawResponse anonymous = testing::fetch(port, path);
    EXPECT_EQ(anonymous.status, 403) << path << " " << anonymous.describe();
    EXPECT_EQ(error_code_of(anonymous), "subscription_required") << anonymous.describe();
    EXPECT_NE(anonymous.body.find("/api/v1/packs/kigali-premium/sample"), std::string::npos) << anonymous.body;
    // A student with no plan, then with a plan for other packs.
    RawResponse without = get(aline, path);
    EXPECT_EQ(without.status, 403) << without.describe();
    EXPECT_EQ(error_code_of(without), "subscription_required");
    EXPECT_NE(without.body.find("no running subscription"), std::string::npos) << without.body;
    // A session that is not one is a 401, as everywhere.
    EXPECT_EQ(get_with(path, {"Cookie: umuhanda_session=not-a-session"}).status, 401);
  }
  grant(aline, "other");
  RawResponse other_plan = get(aline, kRestricted);
  EXPECT_EQ(other_plan.status, 403) << other_plan.describe();
  EXPECT_NE(other_plan.body.find("your plan \\\"other\\\" does not open"), std::string::npos) << other_plan.body;

  // Staff read it by API token and by session.
  RawResponse by_token = get_with(kRestricted, {"Authorization: Bearer " + token});
  ASSERT_EQ(by_token.status, 200) << by_token.describe();
  EXPECT_EQ(by_token.header("Cache-Control"), kPrivateRevalidate);
  EXPECT_EQ(body_of(by_token)["questions"].size(), all_questions);
  EXPECT_EQ(get(admin, kRestricted + "/v/1").status, 200);

  // A plan of every restricted pack opens it; so does one that names it.
  Account bosco = student("Bosco", "0781000002");
  grant(aline, "vip");  // starts when "other" ends: not running yet
  EXPECT_EQ(get(aline, kRestricted).status, 403) << "a renewal opens nothing before it starts";
  grant(bosco, "premium");
  for (const Account& who : {bosco}) {
    RawResponse whole = get(who, kRestricted);
    ASSERT_EQ(whole.status, 200) << whole.describe();
    EXPECT_EQ(whole.header("Cache-Control"), kPrivateRevalidate);
    EXPECT_EQ(body_of(whole)["id"], "kigali-premium");
    EXPECT_EQ(body_of(whole)["questions"].size(), all_questions);
    RawResponse fixed = get(who, kRestricted + "/v/1");
    ASSERT_EQ(fixed.status, 200) << fixed.describe();
    EXPECT_EQ(fixed.header("Cache-Control"), kPrivateRevalidate) << "a restricted version is not public, immutable";
    EXPECT_EQ(fixed.body, whole.body);
    // Revalidation: a 304 for the subscriber; the same ETag from anyone else is still a 403.
    const std::string etag = whole.header("ETag");
    RawResponse again = get_with(kRestricted, {"Cookie: " + who.cookie, "If-None-Match: " + etag});
    EXPECT_EQ(again.status, 304) << again.describe();
    EXPECT_EQ(again.header("Cache-Control"), kPrivateRevalidate);
    EXPECT_EQ(get_with(kRestricted, {"If-None-Match: " + etag}).status, 403);
    EXPECT_EQ(get_with(kRestricted, {"Cookie: " + aline.cookie, "If-None-Match: " + etag}).status, 403);
  }
  // Aline's "other" plan ends: her VIP renewal runs, and opens every restricted pack.
  {
    auto db = Database::open((server->data_dir() / "umuhanda.db").string());
    ASSERT_TRUE(db.ok());
    auto first_end = db->prepare("SELECT MIN(ends_at) - unixepoch() + 5 FROM subscriptions WHERE user_id = ?1");
    ASSERT_TRUE(first_end.ok());
    first_end->bind(1, aline.id);
    ASSERT_TRUE(first_end->step().value());
    const std::int64_t by = first_end->column_int(0);
    auto shift = db->prepare("UPDATE subscriptions SET starts_at = starts_at - ?2, ends_at = ends_at - ?2 WHERE user_id = ?1");
    ASSERT_TRUE(shift.ok());
    shift->bind(1, aline.id).bind(2, by);
    ASSERT_TRUE(shift->run().ok());
  }
  EXPECT_EQ(get(aline, kRestricted).status, 200) << "the VIP renewal runs now";

  // When the subscription ends, so does access, whatever the browser still holds.
  end_subscriptions_of(bosco);
  RawResponse ended = get(bosco, kRestricted);
  EXPECT_EQ(ended.status, 403) << ended.describe();
  EXPECT_EQ(error_code_of(ended), "subscription_required");

  // The version list says only what exists: it stays public.
  EXPECT_EQ(testing::fetch(port, kRestricted + "/versions").status, 200);
}

TEST_F(RestrictedPacks, TheFreeSampleIsPublicAndHoldsOnlyWhatTheAccessFrees) {
  const nlohmann::json whole = premium_pack_json();
  RawResponse sample = testing::fetch(port, kRestricted + "/sample");
  ASSERT_EQ(sample.status, 200) << sample.describe();
  EXPECT_EQ(sample.header("Cache-Control"), "no-cache");
  const nlohmann::json free = body_of(sample);
  ASSERT_TRUE(free.is_object()) << sample.body.substr(0, 200);
  // exam-01 and its questions, and the last question; nothing else.
  ASSERT_EQ(free["exam_sets"].size(), 1u);
  EXPECT_EQ(free["exam_sets"][0]["id"], "exam-01");
  std::set<std::string> expected;
  for (const auto& id : whole["exam_sets"][0]["questions"]) expected.insert(id.get<std::string>());
  expected.insert(whole["questions"].back()["id"].get<std::string>());
  std::set<std::string> got;
  for (const auto& question : free["questions"]) got.insert(question["id"].get<std::string>());
  EXPECT_EQ(got, expected);
  EXPECT_LT(got.size(), whole["questions"].size());
  // Topics, signs and lessons stay whole; media only what the sample shows.
  EXPECT_EQ(free["signs"].size(), whole["signs"].size());
  EXPECT_EQ(free["lessons"].size(), whole["lessons"].size());
  EXPECT_EQ(free["access"]["kind"], "restricted");

  // The catalog says which packs are restricted and where their samples are.
  const nlohmann::json catalog = body_of(testing::fetch(port, "/api/v1/packs"));
  std::map<std::string, nlohmann::json> entries;
  for (const auto& entry : catalog["packs"]) entries[entry["id"].get<std::string>()] = entry;
  ASSERT_EQ(entries.count("kigali-premium"), 1u);
  EXPECT_EQ(entries["kigali-premium"]["access"], "restricted");
  EXPECT_EQ(entries["kigali-premium"]["sample"]["url"], "/api/v1/packs/kigali-premium/sample");
  EXPECT_EQ(entries["kigali-premium"]["sample"]["etag"], sample.header("ETag"));
  EXPECT_EQ(entries["kigali-premium"]["sample"]["counts"]["questions"], expected.size());
  EXPECT_EQ(entries["kigali-premium"]["counts"]["questions"], whole["questions"].size());
  EXPECT_EQ(entries["umuhanda-default"]["access"], "public");
  EXPECT_FALSE(entries["umuhanda-default"].contains("sample"));

  // A public pack is its own sample; an unknown pack has none.
  RawResponse public_sample = testing::fetch(port, "/api/v1/packs/umuhanda-default/sample");
  ASSERT_EQ(public_sample.status, 200) << public_sample.describe();
  EXPECT_EQ(public_sample.header("ETag"), testing::fetch(port, "/api/v1/packs/umuhanda-default").header("ETag"));
  EXPECT_EQ(testing::fetch(port, "/api/v1/packs/no-such-pack/sample").status, 404);
}

TEST_F(RestrictedPacks, AStudentWhosePlanRunsGetsAnEntitlementSignedWithTheCatalogsKey) {
  const nlohmann::json key = body_of(testing::fetch(port, "/api/v1/packs"))["entitlement_key"];
  ASSERT_TRUE(key.is_object()) << "the catalog publishes the key";
  EXPECT_EQ(key["alg"], "Ed25519");
  const auto public_key = base64url_decode(key["public_key"].get<std::string>());
  ASSERT_TRUE(public_key && public_key->size() == kEd25519PublicKeyBytes);

  // No plan running: nothing to sign. Not signed in: the usual 401.
  RawResponse none = get(aline, "/api/v1/me/entitlement");
  ASSERT_EQ(none.status, 200) << none.describe();
  EXPECT_TRUE(body_of(none)["entitlement"].is_null());
  EXPECT_EQ(testing::fetch(port, "/api/v1/me/entitlement").status, 401);

  grant(aline, "premium");
  const nlohmann::json subscription = body_of(get(aline, "/api/v1/me/subscription"))["subscription"];
  RawResponse signed_answer = get(aline, "/api/v1/me/entitlement");
  ASSERT_EQ(signed_answer.status, 200) << signed_answer.describe();
  EXPECT_EQ(signed_answer.header("Cache-Control"), "private, no-store");
  auto signed_token = parse_entitlement_token(body_of(signed_answer)["entitlement"].get<std::string>());
  ASSERT_TRUE(signed_token.ok()) << to_string(signed_token.errors());
  EXPECT_TRUE(verify_ed25519(*public_key, signed_token->signing_input, signed_token->signature));
  EXPECT_EQ(signed_token->entitlement.key_id, key["kid"]);
  EXPECT_EQ(signed_token->entitlement.user_id, aline.id);
  EXPECT_EQ(signed_token->entitlement.plan, "premium");
  EXPECT_EQ(signed_token->entitlement.packs, std::vector<std::string>{"kigali-premium"});
  EXPECT_EQ(signed_token->entitlement.expires_at, subscription["ends_at"].get<std::int64_t>());
  EXPECT_EQ(check_entitlement(signed_token->entitlement, aline.id, "kigali-premium", signed_token->entitlement.issued_at), EntitlementVerdict::opens);

  // The key survives a restart: tokens issued before still verify.
  const std::string kid = key["kid"];
  server->stop();
  testing::SeededServer again({}, server->data_dir());
  ASSERT_TRUE(again.started()) << again.log();
  const nlohmann::json after = body_of(testing::fetch(again.port(), "/api/v1/packs"))["entitlement_key"];
  EXPECT_EQ(after["kid"], kid);
  EXPECT_EQ(after["public_key"], key["public_key"]);
}

// A shared cache in front (nginx's proxy_cache on every /api/ answer, its key the URL alone) must
// never store a restricted answer: the next person through it would get the subscriber's copy.
class RestrictedPacksThroughNginx : public RestrictedPacks {
protected:
  void SetUp() override {
    ASSERT_TRUE(std::filesystem::exists(testing::kNginx)) << testing::kNginx << " is missing: tools/setup.sh installs Debian's nginx";
    RestrictedPacks::SetUp();
    if (HasFatalFailure()) return;
    proxy = std::make_unique<testing::NginxProxy>(port, testing::NginxProxy::Cache::every_api_answer);
    ASSERT_TRUE(proxy->started()) << "nginx did not start in front of the server\n" << proxy->failure_context();
  }
  void TearDown() override {
    if (HasFailure() && proxy) std::cerr << proxy->failure_context() << "nginx config:\n" << proxy->config();
    proxy.reset();
    RestrictedPacks::TearDown();
  }
  RawResponse through(const std::string& path, std::vector<std::string> headers = {}) {
    return round_trip(proxy->port(), request_text("GET", path, headers));
  }
  std::unique_ptr<testing::NginxProxy> proxy;
};

TEST_F(RestrictedPacksThroughNginx, ASharedCacheNeverStoresARestrictedAnswer) {
  grant(aline, "premium");
  for (const std::string& path : {kRestricted, kRestricted + "/v/1"}) {
    for (const char* encoding : {"br", "gzip", "identity"}) {
      const std::string accept = std::string("Accept-Encoding: ") + encoding;
      // The subscriber, twice: each time from the server, never from nginx's store.
      for (int round = 0; round < 2; ++round) {
        RawResponse subscriber = through(path, {accept, "Cookie: " + aline.cookie});
        ASSERT_EQ(subscriber.status, 200) << path << " " << encoding << " " << subscriber.describe();
        EXPECT_EQ(subscriber.header("Cache-Control"), kPrivateRevalidate);
        EXPECT_NE(subscriber.header("X-Cache-Status"), "HIT") << path << " " << encoding << " round " << round;
      }
      // Anyone else through the same cache, with and without the subscriber's ETag.
      RawResponse stranger = through(path, {accept});
      EXPECT_EQ(stranger.status, 403) << path << " " << encoding << ": the shared cache served the subscriber's copy: " << stranger.describe();
      EXPECT_NE(stranger.header("X-Cache-Status"), "HIT");
    }
  }
  // The control: the same cache does keep what may be shared (a public fixed version, the sample's
  // ETag revalidated by the server).
  through("/api/v1/packs/umuhanda-default/v/1", {"Accept-Encoding: br"});
  EXPECT_EQ(through("/api/v1/packs/umuhanda-default/v/1", {"Accept-Encoding: br"}).header("X-Cache-Status"), "HIT")
      << "nginx here caches what the server allows, so the answers above were refused by their headers";
}

}  // namespace
}  // namespace umuhanda
