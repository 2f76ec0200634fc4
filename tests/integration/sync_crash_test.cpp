// Crash safety of sync pushes: the real server is SIGKILLed 24 times while pushes are in flight
// (before their bodies are read, while they are read, after an answer was sent), restarted on the
// same database each time, and then the student's whole log is pulled: every event whose push was
// acknowledged is there, none is there twice, and each push caught by a kill is there whole or
// not at all. Native only (tools/test.sh leaves crash_safety tests out under ASan).
#include <gtest/gtest.h>

#include <sys/wait.h>
#include <csignal>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

#include "http_test_support.hpp"

namespace umuhanda {
namespace {

using namespace std::chrono_literals;
using testing::RawConnection;
using testing::RawResponse;
using testing::request_text;
using testing::round_trip;
using testing::SeededServer;

constexpr const char* kOrigin = "Origin: http://127.0.0.1";
constexpr const char* kJson = "Content-Type: application/json";
constexpr int kKillPoints = 24;

// A push of `count` new answers "crash:<first>"...; their ids are added to `ids`.
std::string push_request(const std::string& cookie, int first, int count, std::vector<std::string>& ids) {
  nlohmann::json events = nlohmann::json::array();
  for (int i = first; i < first + count; ++i) {
    const std::string id = "crash:" + std::to_string(i);
    ids.push_back(id);
    events.push_back({{"type", "answer"},
                      {"id", id},
                      {"pack_id", "umuhanda-default"},
                      {"question_id", "q" + std::to_string(i % 40)},
                      {"chosen", {i % 3}},
                      {"correct", i % 3 == 1},
                      {"answered_at_ms", 1765000000000 + i},
                      {"time_spent_ms", 2500},
                      {"mode", "practice"}});
  }
  return request_text("POST", "/api/v1/sync/push", {kOrigin, kJson, "Cookie: " + cookie},
                      nlohmann::json{{"device", "crash"}, {"events", events}}.dump());
}

TEST(sync_crash_safety, AServerKilledDuringPushesLosesNoAcknowledgedEventAndStoresNoneTwice) {
  std::vector<std::unique_ptr<SeededServer>> servers;  // the first owns the data folder: kept to the end
  servers.push_back(std::make_unique<SeededServer>());
  ASSERT_TRUE(servers.back()->started()) << servers.back()->log();
  const std::filesystem::path data = servers.back()->data_dir();

  RawResponse signed_up = round_trip(
      servers.back()->port(),
      request_text("POST", "/api/v1/accounts", {kOrigin, kJson}, R"({"name": "Crash", "login": "0781200001", "password": "amahoro y'umuhanda"})"));
  ASSERT_EQ(signed_up.status, 201) << signed_up.describe();
  const std::string cookie = signed_up.header("Set-Cookie").substr(0, signed_up.header("Set-Cookie").find(';'));

  std::set<std::string> acknowledged, sent;
  std::vector<std::vector<std::string>> caught;  // pushes in flight at a kill: whole or absent
  int next_id = 1;
  std::map<std::string, int> kills_by_moment;
  for (int point = 0; point < kKillPoints; ++point) {
    const int port = servers.back()->port();
    // Two pushes answered before the kill: acknowledged, so they must survive it.
    for (int i = 0; i < 2; ++i) {
      std::vector<std::string> ids;
      RawResponse res = round_trip(port, push_request(cookie, next_id, 20, ids));
      next_id += 20;
      ASSERT_EQ(res.status, 200) << res.describe();
      acknowledged.insert(ids.begin(), ids.end());
      sent.insert(ids.begin(), ids.end());
    }
    // Then 1 to 4 pushes in flight, and the kill: at once (bodies not yet read), once the server
    // read every byte (the transaction may be running), or once the first answer began.
    const int in_flight = point % 4 + 1;
    std::vector<std::unique_ptr<RawConnection>> connections;
    std::vector<std::vector<std::string>> batches(in_flight);
    for (int i = 0; i < in_flight; ++i) {
      connections.push_back(std::make_unique<RawConnection>(port));
      const std::string request = push_request(cookie, next_id, 50, batches[i]);
      next_id += 50;
      ASSERT_TRUE(connections.back()->send(request));
      sent.insert(batches[i].begin(), batches[i].end());
    }
    const char* moment = point % 3 == 0 ? "at once" : point % 3 == 1 ? "bodies read" : "an answer begun";
    if (point % 3 == 1) connections.front()->read_by_server(5s);
    if (point % 3 == 2) connections.front()->readable(5s);
    ++kills_by_moment[moment];
    const int status = servers.back()->kill_hard();
    ASSERT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL) << "kill " << point << ": " << testing::describe_exit(status);
    // A push whose whole 200 arrived before the kill was acknowledged; the others are caught.
    for (int i = 0; i < in_flight; ++i) {
      RawResponse res = connections[i]->read_response(false, 2s);
      if (res.ok() && res.status == 200) {
        acknowledged.insert(batches[i].begin(), batches[i].end());
      } else {
        caught.push_back(batches[i]);
      }
    }
    servers.push_back(std::make_unique<SeededServer>(std::vector<std::string>{}, data));
    ASSERT_TRUE(servers.back()->started()) << "restart after kill " << point << ":\n" << servers.back()->log();
  }

  // The whole log, as a device with no cursor pulls it.
  std::vector<std::string> pulled;
  std::string cursor = "0";
  for (int page = 0; page < 100; ++page) {
    RawResponse res =
        round_trip(servers.back()->port(), request_text("GET", "/api/v1/sync/events?limit=1000&after=" + cursor, {"Cookie: " + cookie}));
    ASSERT_EQ(res.status, 200) << res.describe();
    const nlohmann::json body = nlohmann::json::parse(res.body);
    for (const auto& event : body["events"]) pulled.push_back(event["id"].get<std::string>());
    cursor = body["cursor"].get<std::string>();
    if (!body["more"].get<bool>()) break;
  }
  const std::set<std::string> stored(pulled.begin(), pulled.end());
  EXPECT_EQ(stored.size(), pulled.size()) << "an event is stored twice";
  std::size_t missing = 0;
  for (const std::string& id : acknowledged) missing += stored.count(id) == 0 ? 1 : 0;
  EXPECT_EQ(missing, 0u) << "acknowledged events lost, of " << acknowledged.size();
  for (const std::string& id : stored) EXPECT_TRUE(sent.count(id)) << id << " was never sent";
  std::size_t caught_stored = 0;
  for (const auto& batch : caught) {
    std::size_t present = 0;
    for (const std::string& id : batch) present += stored.count(id);
    EXPECT_TRUE(present == 0 || present == batch.size()) << "a push caught by a kill is stored in part: " << present << " of " << batch.size();
    caught_stored += present == batch.size() ? 1 : 0;
  }
  std::cout << "sync crash safety: " << kKillPoints << " kills (" << kills_by_moment["at once"] << " at once, " << kills_by_moment["bodies read"]
            << " with bodies read, " << kills_by_moment["an answer begun"] << " with an answer begun); " << acknowledged.size()
            << " acknowledged events all kept; " << caught.size() << " pushes caught by a kill, " << caught_stored
            << " of them stored whole, the rest absent; " << stored.size() << " events stored, none twice\n";
}

}  // namespace
}  // namespace umuhanda
