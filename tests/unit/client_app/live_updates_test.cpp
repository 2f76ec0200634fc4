// LiveUpdates (web/app/live_updates.cpp) over the memory seams: the stream opens for the signed-in
// account and closes at sign-out; a payment approved, a plan granted or ended asks for the
// entitlement again at once (so the page unlocks without a reload); other kinds do not.
#include <gtest/gtest.h>

#include "app/live_updates.hpp"
#include "app_fixtures.hpp"
#include "platform/memory/memory_event_stream.hpp"
#include "platform/signature_verifier.hpp"
#include "umuhanda/clock.hpp"

namespace umuhanda {
namespace {

using namespace umuhanda::testing;

class LiveUpdatesTest : public ::testing::Test {
protected:
  void SetUp() override {
    storage.open([](std::optional<StorageError>) {});
    storage.run_pending();
    http.set_handler([this](const HttpRequest& request) -> std::optional<MemoryHttpReply> {
      if (request.url == "/api/v1/sessions/current") {
        const nlohmann::json user =
            user_id ? nlohmann::json{{"id", user_id}, {"name", "Aline"}, {"role", "student"}, {"language", "en"}} : nlohmann::json();
        return MemoryHttpReply::ok(nlohmann::json{{"user", user}}.dump());
      }
      if (request.url == "/api/v1/me/entitlement") return MemoryHttpReply::ok(R"({"entitlement": null})");
      return std::nullopt;
    });
    verifier = make_signature_verifier();
    account = std::make_unique<Account>(http, storage);
    entitlements = std::make_unique<Entitlements>(http, storage, *verifier, clock);
    live = std::make_unique<LiveUpdates>(stream, *account, *entitlements);
    account->start(true);
    entitlements->start(true);
    frame();
  }
  void frame() {
    settle(storage, http);
    live->update();
    settle(storage, http);
  }
  void check_account() {
    account->check();
    frame();
  }
  bool notify(std::int64_t id, const std::string& kind) {
    const bool delivered =
        stream.push({"notification", std::to_string(id), nlohmann::json{{"id", id}, {"kind", kind}, {"data", nlohmann::json::object()}}.dump()});
    frame();
    return delivered;
  }

  std::int64_t user_id = 7;
  MemoryKeyValueStore storage;
  MemoryHttpClient http;
  ManualClock clock{kAppStart};
  MemoryEventStream stream;
  std::unique_ptr<SignatureVerifier> verifier;
  std::unique_ptr<Account> account;
  std::unique_ptr<Entitlements> entitlements;
  std::unique_ptr<LiveUpdates> live;
};

TEST_F(LiveUpdatesTest, AnApprovalAsksForTheEntitlementAtOnceOtherNewsDoesNot) {
  ASSERT_TRUE(stream.is_open());
  EXPECT_EQ(stream.opened(), (std::vector<std::string>{"/api/v1/me/events"}));
  const std::size_t before = http.count("/api/v1/me/entitlement");
  ASSERT_TRUE(notify(41, "payment.requested"));
  ASSERT_TRUE(notify(42, "contact.received"));
  EXPECT_EQ(http.count("/api/v1/me/entitlement"), before);
  ASSERT_TRUE(notify(43, "payment.approved"));
  EXPECT_EQ(http.count("/api/v1/me/entitlement"), before + 1);
  ASSERT_TRUE(notify(44, "subscription.ended"));
  EXPECT_EQ(http.count("/api/v1/me/entitlement"), before + 2);
  const auto state = live->state_json();
  EXPECT_EQ(state["received"], 4);
  EXPECT_EQ(state["last_id"], 44);
  EXPECT_EQ(state["last_kind"], "subscription.ended");
}

TEST_F(LiveUpdatesTest, SigningOutClosesTheStreamAndAnotherAccountOpensItsOwn) {
  ASSERT_TRUE(stream.is_open());
  user_id = 0;
  check_account();
  EXPECT_FALSE(stream.is_open());
  EXPECT_FALSE(notify(45, "payment.approved")) << "nothing arrives for a signed-out device";
  user_id = 8;
  check_account();
  EXPECT_TRUE(stream.is_open());
  EXPECT_EQ(stream.opened().size(), 2u);
  EXPECT_EQ(live->state_json()["user_id"], 8);
}

TEST_F(LiveUpdatesTest, AResetAfterALongDropAsksAgainWhatTheAccountMayOpen) {
  const std::size_t before = http.count("/api/v1/me/entitlement");
  stream.push({"reset", "", "{}"});
  frame();
  EXPECT_EQ(http.count("/api/v1/me/entitlement"), before + 1);
}

}  // namespace
}  // namespace umuhanda
