// Account and ProgressSync (web/app/account.cpp, progress_sync.cpp) over the memory seams, against
// a scripted server that keeps each student's events by id as the real one does (server/sync_api.cpp):
// answers reach the server a few seconds later, two devices that answered offline end up with the
// same records and no duplicates, a lost acknowledgement is repaired by a repeat, progress made
// signed out joins the account only if the student says so, and a failure is retried later.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <memory>
#include <set>

#include "../client_logic/client_fixtures.hpp"
#include "app/account.hpp"
#include "app/progress_sync.hpp"
#include "platform/memory/memory_http_client.hpp"
#include "platform/memory/memory_key_value_store.hpp"
#include "umuhanda/clock.hpp"

namespace umuhanda {
namespace {

using namespace umuhanda::testing;

// The server side of sync, kept as the real one keeps it: per student, events by id, in stored order.
class ScriptedServer {
public:
  std::int64_t signed_in_user = 1;  // 0: every request is 401
  std::size_t pushes = 0, duplicates = 0;

  std::optional<MemoryHttpReply> answer(const HttpRequest& request) {
    if (request.url == "/api/v1/sessions/current") {
      if (signed_in_user == 0) return MemoryHttpReply::ok(R"({"user": null, "session": null})");
      return MemoryHttpReply::ok(
          nlohmann::json{{"user", {{"id", signed_in_user}, {"name", "Aline"}, {"role", "student"}}}, {"session", {{"id", 1}}}}.dump());
    }
    if (signed_in_user == 0) return MemoryHttpReply::error(401, R"({"error": {"code": "not_signed_in", "message": "sign in first"}})");
    if (request.url == "/api/v1/sessions" && request.method == "POST") {
      return MemoryHttpReply::ok(
          nlohmann::json{{"user", {{"id", signed_in_user}, {"name", "Aline"}, {"role", "student"}}}, {"session", {{"id", 1}}}}.dump());
    }
    auto& log = m_logs[signed_in_user];
    if (request.url == "/api/v1/sync/push" && request.method == "POST") {
      ++pushes;
      const auto body = nlohmann::json::parse(request.body);
      nlohmann::json accepted = nlohmann::json::array();
      for (const auto& event : body["events"]) {
        const std::string id = event["id"].get<std::string>();
        if (std::none_of(log.begin(), log.end(), [&](const nlohmann::json& e) { return e["id"] == id; })) log.push_back(event);
        else ++duplicates;
        accepted.push_back(id);
      }
      return MemoryHttpReply::ok(
          nlohmann::json{{"accepted", accepted}, {"rejected", nlohmann::json::array()}, {"cursor", std::to_string(log.size())}}.dump());
    }
    const std::string prefix = "/api/v1/sync/events?limit=500&after=";
    if (request.url.rfind(prefix, 0) == 0) {
      const std::size_t after = std::stoul(request.url.substr(prefix.size()));
      nlohmann::json events = nlohmann::json::array();
      for (std::size_t i = after; i < log.size() && events.size() < page_size; ++i) events.push_back(log[i]);
      const std::size_t cursor = after + events.size();
      return MemoryHttpReply::ok(nlohmann::json{{"events", events}, {"cursor", std::to_string(cursor)}, {"more", cursor < log.size()}}.dump());
    }
    return std::nullopt;
  }
  std::set<std::string> ids(std::int64_t user) const {
    std::set<std::string> ids;
    if (auto it = m_logs.find(user); it != m_logs.end()) {
      for (const auto& event : it->second) ids.insert(event["id"].get<std::string>());
    }
    return ids;
  }
  std::size_t stored(std::int64_t user) const { return m_logs.count(user) ? m_logs.at(user).size() : 0; }
  std::size_t page_size = 500;

private:
  std::map<std::int64_t, std::vector<nlohmann::json>> m_logs;
};

// One browser: its storage, network, progress log, account and sync, all on a shared clock.
struct Device {
  Device(ScriptedServer& server, ManualClock& shared_clock, std::uint64_t first_seed) : clock(shared_clock), seed(first_seed) {
    http.set_handler([&server](const HttpRequest& request) { return server.answer(request); });
    storage.open([](std::optional<StorageError>) {});
    storage.run_pending();
    start();
  }
  // A page (re)load over the same storage.
  void start() {
    sync.reset();
    account.reset();
    progress = std::make_unique<ProgressStore>(storage, clock, [this] { return seed++; });
    account = std::make_unique<Account>(http, storage);
    sync = std::make_unique<ProgressSync>(http, storage, *progress, *account, clock);
    progress->load(true);
    account->start(true);
    sync->start(true);
    settle();
  }
  void answer(const Pack& pack, std::size_t question) {
    progress->record_answer(pack.id, pack.questions.at(question), {1}, 3000);
    clock.advance(1000);
    settle();
  }
  // Runs storage and network until both are quiet, calling update() as frames would.
  void settle() {
    for (int round = 0; round < 100; ++round) {
      if (sync) sync->update();
      const std::size_t done = storage.run_pending() + http.run_pending();
      if (done == 0 && storage.run_pending() == 0) break;
    }
  }
  // Time passes (frames keep coming), then everything due runs.
  void wait(std::int64_t ms) {
    clock.advance(ms);
    settle();
  }
  std::set<std::string> ids() const {
    std::set<std::string> ids;
    for (const auto& record : progress->log().records()) ids.insert(record_id(record));
    return ids;
  }

  ManualClock& clock;
  std::uint64_t seed;
  MemoryKeyValueStore storage;
  MemoryHttpClient http;
  std::unique_ptr<ProgressStore> progress;
  std::unique_ptr<Account> account;
  std::unique_ptr<ProgressSync> sync;
};

class ProgressSyncTest : public ::testing::Test {
protected:
  ScriptedServer server;
  ManualClock clock{kStart};
  const Pack pack = make_client_pack();
};

TEST_F(ProgressSyncTest, AnswersReachTheServerAFewSecondsLaterInOnePush) {
  Device phone(server, clock, 1);
  ASSERT_EQ(phone.account->state(), AccountState::signed_in);
  for (std::size_t i = 0; i < 3; ++i) phone.answer(pack, i);
  EXPECT_EQ(server.stored(1), 0u) << "answers given close together wait to go in one push";
  EXPECT_EQ(phone.sync->pending(), 3u);
  phone.wait(ProgressSync::kAfterAnswerMs);
  EXPECT_EQ(server.stored(1), 3u);
  EXPECT_EQ(server.pushes, 1u);
  EXPECT_EQ(phone.sync->pending(), 0u);
  EXPECT_EQ(phone.sync->phase(), ProgressSync::Phase::idle);
  EXPECT_TRUE(phone.sync->last_synced_ms().has_value());
  EXPECT_EQ(phone.storage.count(stores::kSynced), 3u) << "each acknowledged record is marked in storage";

  // After a reload nothing is sent again.
  phone.start();
  phone.wait(ProgressSync::kAfterAnswerMs);
  EXPECT_EQ(server.pushes, 1u);
  EXPECT_EQ(server.duplicates, 0u);
}

TEST_F(ProgressSyncTest, TwoDevicesOfflineAnsweringDifferentQuestionsEndWithTheSameRecordsOnce) {
  Device phone(server, clock, 1);
  Device laptop(server, clock, 1000);
  phone.http.set_offline(true);
  laptop.http.set_offline(true);
  for (std::size_t i = 0; i < 4; ++i) phone.answer(pack, i);
  for (std::size_t i = 4; i < 9; ++i) laptop.answer(pack, i);
  phone.wait(ProgressSync::kAfterAnswerMs);
  laptop.wait(ProgressSync::kAfterAnswerMs);
  EXPECT_EQ(phone.sync->phase(), ProgressSync::Phase::failed);
  EXPECT_EQ(phone.sync->problem(), "offline");
  EXPECT_EQ(server.stored(1), 0u);

  // Back online: each retries on its own schedule; the second to sync pulls the first's records,
  // and the first gets the second's at its next sync.
  phone.http.set_offline(false);
  laptop.http.set_offline(false);
  phone.sync->sync_now();
  phone.settle();
  laptop.sync->sync_now();
  laptop.settle();
  phone.sync->sync_now();
  phone.settle();
  EXPECT_EQ(server.stored(1), 9u);
  EXPECT_EQ(server.duplicates, 0u);
  EXPECT_EQ(phone.ids(), server.ids(1));
  EXPECT_EQ(laptop.ids(), server.ids(1));
  EXPECT_EQ(phone.progress->log().answers().size(), 9u);
  EXPECT_EQ(laptop.progress->log().answers().size(), 9u);
  EXPECT_EQ(phone.sync->pending(), 0u);
  EXPECT_EQ(laptop.sync->pending(), 0u);
  // Pulled records are stored: a reload shows them without the network.
  laptop.http.set_offline(true);
  laptop.start();
  EXPECT_EQ(laptop.progress->log().answers().size(), 9u);
}

TEST_F(ProgressSyncTest, ALostAcknowledgementIsRepairedByARepeatThatStoresNothingTwice) {
  Device phone(server, clock, 1);
  for (std::size_t i = 0; i < 2; ++i) phone.answer(pack, i);
  // The server stores the push, but the marks cannot be saved (as if the tab died right after).
  phone.storage.fail_next_writes(StorageError{StorageErrorKind::failed, "disk error"});
  phone.wait(ProgressSync::kAfterAnswerMs);
  EXPECT_EQ(server.stored(1), 2u);
  EXPECT_EQ(phone.sync->phase(), ProgressSync::Phase::failed);
  EXPECT_EQ(phone.sync->pending(), 2u) << "not marked: they count as unsent";
  phone.wait(ProgressSync::kFirstRetryMs);
  EXPECT_EQ(server.stored(1), 2u);
  EXPECT_EQ(server.duplicates, 2u) << "the repeat is recognised by its ids";
  EXPECT_EQ(phone.sync->pending(), 0u);
  EXPECT_EQ(phone.sync->phase(), ProgressSync::Phase::idle);
}

TEST_F(ProgressSyncTest, FailuresAreRetriedLaterWithAGrowingDelay) {
  Device phone(server, clock, 1);
  phone.answer(pack, 0);
  phone.http.set_offline(true);
  phone.wait(ProgressSync::kAfterAnswerMs);
  ASSERT_EQ(phone.sync->phase(), ProgressSync::Phase::failed);
  const std::size_t requests = phone.http.requests().size();
  phone.wait(ProgressSync::kFirstRetryMs - 1);
  EXPECT_EQ(phone.http.requests().size(), requests) << "not before its time";
  phone.wait(1);
  EXPECT_EQ(phone.http.requests().size(), requests + 1) << "first retry";
  phone.wait(2 * ProgressSync::kFirstRetryMs - 1);
  EXPECT_EQ(phone.http.requests().size(), requests + 1) << "the delay doubled";
  phone.http.set_offline(false);
  phone.wait(1);
  EXPECT_EQ(server.stored(1), 1u);
  EXPECT_EQ(phone.sync->problem(), "");
}

TEST_F(ProgressSyncTest, ProgressMadeSignedOutJoinsTheAccountOnlyIfTheStudentSaysSo) {
  server.signed_in_user = 0;
  Device shared_phone(server, clock, 1);
  EXPECT_EQ(shared_phone.account->state(), AccountState::signed_out);
  for (std::size_t i = 0; i < 3; ++i) shared_phone.answer(pack, i);
  shared_phone.wait(ProgressSync::kAfterAnswerMs);
  EXPECT_EQ(server.pushes, 0u) << "nothing syncs signed out";

  server.signed_in_user = 1;
  std::optional<AccountProblem> problem{AccountProblem{"unset", ""}};
  shared_phone.account->sign_in("0781234567", "a long password", [&](std::optional<AccountProblem> p) { problem = std::move(p); });
  shared_phone.settle();
  ASSERT_FALSE(problem.has_value()) << problem->message;
  ASSERT_EQ(shared_phone.account->state(), AccountState::signed_in);
  EXPECT_TRUE(shared_phone.sync->needs_decision());
  EXPECT_EQ(shared_phone.sync->local_records(), 3u);
  shared_phone.wait(ProgressSync::kAfterAnswerMs);
  EXPECT_EQ(server.pushes, 0u) << "nothing is sent before the student decides";
  shared_phone.sync->decide(true);
  shared_phone.settle();
  EXPECT_EQ(server.stored(1), 3u);

  // Another student signs in on the same phone and keeps its progress off their account.
  server.signed_in_user = 2;
  shared_phone.answer(pack, 5);
  shared_phone.account->check();
  shared_phone.settle();
  ASSERT_TRUE(shared_phone.sync->needs_decision());
  EXPECT_EQ(shared_phone.sync->local_records(), 1u) << "the first student's synced records are theirs, not in question";
  shared_phone.sync->decide(false);
  shared_phone.settle();
  shared_phone.wait(ProgressSync::kAfterAnswerMs);
  EXPECT_EQ(server.stored(2), 0u);
  EXPECT_EQ(shared_phone.sync->pending(), 0u);
  shared_phone.answer(pack, 6);
  shared_phone.wait(ProgressSync::kAfterAnswerMs);
  EXPECT_EQ(server.stored(2), 1u) << "new answers go to the new account";
}

TEST_F(ProgressSyncTest, ASignedOutAccountsSyncedRecordsLeaveTheDeviceAndComeBackAtItsNextSignIn) {
  Device shared_phone(server, clock, 1);
  for (std::size_t i = 0; i < 3; ++i) shared_phone.answer(pack, i);
  shared_phone.wait(ProgressSync::kAfterAnswerMs);
  ASSERT_EQ(server.stored(1), 3u);
  const auto synced = shared_phone.ids();

  // The server says nobody is signed in (signed out here, or the session ended elsewhere).
  server.signed_in_user = 0;
  shared_phone.account->check();
  shared_phone.settle();
  ASSERT_EQ(shared_phone.account->state(), AccountState::signed_out);
  EXPECT_TRUE(shared_phone.ids().empty()) << "none of them shown";
  EXPECT_EQ(shared_phone.storage.count(stores::kProgress), 0u) << "none of them kept";
  EXPECT_EQ(shared_phone.storage.count(stores::kSynced), 0u);
  shared_phone.start();  // a reload
  EXPECT_TRUE(shared_phone.ids().empty());

  // Another student: nothing of the first to decide about, nothing pulled of theirs.
  server.signed_in_user = 2;
  shared_phone.account->check();
  shared_phone.settle();
  EXPECT_FALSE(shared_phone.sync->needs_decision());
  EXPECT_TRUE(shared_phone.ids().empty());
  shared_phone.answer(pack, 7);
  shared_phone.wait(ProgressSync::kAfterAnswerMs);
  EXPECT_EQ(server.stored(2), 1u);

  // The first student again, without a sign-out between (a cookie of theirs): the second's answer
  // leaves first, then the first's come back whole.
  server.signed_in_user = 1;
  shared_phone.account->check();
  shared_phone.settle();
  EXPECT_EQ(shared_phone.ids(), synced);
  EXPECT_EQ(server.stored(1), 3u) << "nothing pushed twice, nothing of the second student's";
}

TEST_F(ProgressSyncTest, AResetOnOneDeviceClearsTheOtherAndPagesOfAnyLengthArriveWhole) {
  server.page_size = 3;
  Device phone(server, clock, 1);
  Device laptop(server, clock, 1000);
  for (std::size_t i = 0; i < 7; ++i) phone.answer(pack, i);
  phone.wait(ProgressSync::kAfterAnswerMs);
  laptop.sync->sync_now();
  laptop.settle();
  EXPECT_EQ(laptop.progress->log().answers().size(), 7u) << "three pages of 3, 3 and 1";
  std::optional<std::optional<StorageError>> reset;
  phone.progress->reset([&](std::optional<StorageError> error) { reset = std::move(error); });
  phone.settle();
  ASSERT_TRUE(reset.has_value() && !reset->has_value());
  phone.wait(ProgressSync::kAfterAnswerMs);
  laptop.sync->sync_now();
  laptop.settle();
  EXPECT_TRUE(laptop.progress->log().answers().empty()) << "the reset synced";
  EXPECT_EQ(laptop.progress->log().size(), 8u);
}

TEST_F(ProgressSyncTest, SignInProblemsCarryTheServersCodeAndDetails) {
  server.signed_in_user = 0;
  Device phone(server, clock, 1);
  phone.http.set_handler([](const HttpRequest& request) -> std::optional<MemoryHttpReply> {
    if (request.url == "/api/v1/sessions") {
      return MemoryHttpReply::error(
          400,
          R"({"error": {"code": "bad_request", "message": "the form has mistakes", "details": [{"path": "login", "message": "is not a Rwandan number"}]}})");
    }
    if (request.url == "/api/v1/sessions/current") return MemoryHttpReply::ok(R"({"user": null, "session": null})");
    return MemoryHttpReply::error(401, "{}");
  });
  std::optional<AccountProblem> problem;
  phone.account->sign_in("123", "x", [&](std::optional<AccountProblem> p) { problem = std::move(p); });
  phone.settle();
  ASSERT_TRUE(problem.has_value());
  EXPECT_EQ(problem->code, "bad_request");
  EXPECT_EQ(problem->message, "the form has mistakes\nlogin: is not a Rwandan number");
  const auto& sent = phone.http.requests().back();
  EXPECT_EQ(sent.method, "POST");
  EXPECT_EQ(nlohmann::json::parse(sent.body)["login"], "123");
  EXPECT_EQ(sent.header("Content-Type"), "application/json");
  phone.http.set_offline(true);
  phone.account->sign_in("0781234567", "a long password", [&](std::optional<AccountProblem> p) { problem = std::move(p); });
  phone.settle();
  ASSERT_TRUE(problem.has_value());
  EXPECT_EQ(problem->code, "offline");
}

}  // namespace
}  // namespace umuhanda
