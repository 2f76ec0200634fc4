// Account::tell_language (web/app/account.cpp) over the memory seams: the server learns the
// language the app is read in, so its emails use it too, once per change, only while signed in,
// and again at the next sign-in after a failure.
#include <gtest/gtest.h>

#include "app/account.hpp"
#include "app_fixtures.hpp"

namespace umuhanda {
namespace {

using namespace umuhanda::testing;

class AccountLanguageTest : public ::testing::Test {
protected:
  void SetUp() override {
    storage.open([](std::optional<StorageError>) {});
    storage.run_pending();
    http.set_handler([this](const HttpRequest& request) -> std::optional<MemoryHttpReply> {
      if (request.url == "/api/v1/sessions/current") {
        const nlohmann::json user =
            signed_in ? nlohmann::json{{"id", 7}, {"name", "Aline"}, {"role", "student"}, {"language", server_language}} : nlohmann::json();
        return MemoryHttpReply::ok(nlohmann::json{{"user", user}}.dump());
      }
      if (request.url == "/api/v1/me/language") {
        if (offline) {
          MemoryHttpReply none;
          none.no_connection = true;
          return none;
        }
        server_language = nlohmann::json::parse(request.body)["language"];
        return MemoryHttpReply::ok(nlohmann::json{{"language", server_language}}.dump());
      }
      return std::nullopt;
    });
    account = std::make_unique<Account>(http, storage);
    account->start(true);
    settle(storage, http);
  }
  void frame(const std::string& language) {
    account->tell_language(language);
    settle(storage, http);
  }

  MemoryKeyValueStore storage;
  MemoryHttpClient http;
  std::unique_ptr<Account> account;
  bool signed_in = true;
  bool offline = false;
  std::string server_language = "en";
};

TEST_F(AccountLanguageTest, AChosenLanguageReachesTheServerOnceAndNotAgainEachFrame) {
  ASSERT_EQ(account->state(), AccountState::signed_in);
  frame("en");
  EXPECT_EQ(http.count("/api/v1/me/language"), 0u) << "the server has it already";
  for (int i = 0; i < 5; ++i) frame("fr");
  EXPECT_EQ(http.count("/api/v1/me/language"), 1u);
  EXPECT_EQ(server_language, "fr");
  EXPECT_EQ(account->user()->language, "fr");
  frame("en");
  EXPECT_EQ(server_language, "en");
  EXPECT_EQ(http.count("/api/v1/me/language"), 2u);
}

TEST_F(AccountLanguageTest, LanguagesTheServerDoesNotWriteAndSignedOutDevicesSendNothing) {
  frame("sw");
  EXPECT_EQ(http.count("/api/v1/me/language"), 0u);
  signed_in = false;
  account->check();
  settle(storage, http);
  ASSERT_EQ(account->state(), AccountState::signed_out);
  frame("fr");
  EXPECT_EQ(http.count("/api/v1/me/language"), 0u);
}

TEST_F(AccountLanguageTest, AFailureOfflineIsToldAgainAtTheNextSignIn) {
  offline = true;
  frame("fr");
  frame("fr");
  EXPECT_EQ(http.count("/api/v1/me/language"), 1u) << "not once a frame while offline";
  EXPECT_EQ(server_language, "en");
  offline = false;
  signed_in = false;
  account->check();
  settle(storage, http);
  signed_in = true;
  account->check();
  settle(storage, http);
  frame("fr");
  EXPECT_EQ(server_language, "fr");
}

}  // namespace
}  // namespace umuhanda
