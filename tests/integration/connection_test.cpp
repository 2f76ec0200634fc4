// Connections against the real server on loopback (server/http_server.hpp): idle keep-alive
// connections parked without a thread each, the keep-alive limits, pipelining, requests that
// arrive in parts, clients that do not read, many clients at once, and a prompt stop.
// [SECTION] Fixture
// [SECTION] Idle connections and their limits
// [SECTION] Requests arriving whole, in parts, or several at once
// [SECTION] Slow readers and many clients
// [SECTION] Stopping
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "http_test_support.hpp"

namespace umuhanda {
namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;
using testing::fetch;
using testing::proc_status;
using testing::RawConnection;
using testing::RawResponse;
using testing::SeededServer;

const std::string kPack = "/api/v1/packs/umuhanda-default";
const std::string kHealthz = "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";

RawResponse failed(std::string error) {
  RawResponse response;
  response.error = std::move(error);
  return response;
}

long milliseconds_since(Clock::time_point start) {
  return static_cast<long>(std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - start).count());
}

// [SECTION] Fixture

// One event thread: were it ever to wait for a client, every other client would wait too.
class Connections : public testing::SeededServerTest {
protected:
  void SetUp() override {
    std::vector<std::string> arguments = {"--event-threads", "1", "--min-threads", "2"};
    for (auto& extra : extra_arguments()) arguments.push_back(extra);
    start_server(arguments);
  }

  // A new client is answered within 1 s.
  void expect_prompt_answer(const std::string& context) {
    const auto started = Clock::now();
    RawResponse res = fetch(port, "/healthz");
    EXPECT_EQ(res.status, 200) << context << ": " << res.describe();
    EXPECT_LT(Clock::now() - started, 1s) << context << ": a new client waited " << milliseconds_since(started) << " ms";
  }

  // Opens `count` connections, each answered once and left open.
  std::vector<std::unique_ptr<RawConnection>> open_idle(int count) {
    std::vector<std::unique_ptr<RawConnection>> idle;
    for (int i = 0; i < count; ++i) {
      auto connection = std::make_unique<RawConnection>(port);
      RawResponse res = connection->send(kHealthz) ? connection->read_response() : failed("cannot send");
      EXPECT_EQ(res.status, 200) << "idle connection " << i << ": " << res.describe();
      idle.push_back(std::move(connection));
    }
    return idle;
  }
};

// [SECTION] Idle connections and their limits

TEST_F(Connections, ThreeHundredIdleKeepAliveConnectionsHoldNoThreads) {
  constexpr int kIdle = 300;
  auto idle = open_idle(kIdle);
  ASSERT_FALSE(HasFailure());
  // main, the signal waiter, 1 event thread, 2 workers kept ready, and some slack; a thread per
  // connection would be 300 more.
  constexpr long kMostThreads = 10;
  const long threads = proc_status(server->pid(), "Threads");
  ASSERT_GT(threads, 0) << "cannot read /proc/" << server->pid() << "/status";
  EXPECT_LE(threads, kMostThreads) << "threads with " << kIdle << " idle keep-alive connections";
  expect_prompt_answer(std::to_string(kIdle) + " idle keep-alive connections");
  // Every one of them is still open and answered, on the same few threads.
  for (int i = 0; i < kIdle; ++i) {
    ASSERT_TRUE(idle[i]->send(kHealthz)) << "connection " << i;
    RawResponse res = idle[i]->read_response();
    ASSERT_EQ(res.status, 200) << "connection " << i << " again: " << res.describe();
  }
  EXPECT_LE(proc_status(server->pid(), "Threads"), kMostThreads);
}

class ShortKeepAlive : public Connections {
protected:
  std::vector<std::string> extra_arguments() override { return {"--keep-alive", "1"}; }
};

TEST_F(ShortKeepAlive, AnIdleConnectionIsClosedAfterTheKeepAliveTimeoutAndNotBefore) {
  RawConnection connection(port);
  ASSERT_TRUE(connection.send(kHealthz));
  ASSERT_EQ(connection.read_response().status, 200);
  // A request within the timeout is answered, and the timeout starts again after it. (The pause is
  // what is tested, not a wait for something.)
  std::this_thread::sleep_for(600ms);
  ASSERT_TRUE(connection.send(kHealthz));
  RawResponse again = connection.read_response();
  ASSERT_EQ(again.status, 200) << again.describe();
  const auto idle_since = Clock::now();
  EXPECT_TRUE(connection.closed_by_server(4s)) << "still open after 4 s idle, with --keep-alive 1";
  const long waited = milliseconds_since(idle_since);
  EXPECT_GE(waited, 900) << "closed before the keep-alive timeout";
  EXPECT_LE(waited, 2500) << "a 1 s keep-alive timeout, checked once a second";
}

TEST_F(Connections, TheThousandthRequestOnAConnectionIsItsLast) {
  RawConnection connection(port);
  for (int i = 1; i <= 1000; ++i) {
    ASSERT_TRUE(connection.send(kHealthz)) << "request " << i;
    RawResponse res = connection.read_response();
    ASSERT_EQ(res.status, 200) << "request " << i << ": " << res.describe();
    ASSERT_EQ(res.header("Connection") == "close", i == 1000) << "request " << i << ":\n" << res.head;
  }
  EXPECT_TRUE(connection.closed_by_server(2s));
}

// [SECTION] Requests arriving whole, in parts, or several at once

TEST_F(Connections, PipelinedRequestsAreAnsweredInOrder) {
  const std::string etag = fetch(port, kPack, {"Accept-Encoding: br"}).header("ETag");
  ASSERT_FALSE(etag.empty());
  const std::string body = R"({"version": 1})";
  RawConnection connection(port);
  // Five requests in one write, one with a body: each is answered, in order, on this connection.
  ASSERT_TRUE(connection.send(
      "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
      "GET " +
      kPack + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept-Encoding: br\r\nIf-None-Match: " + etag +
      "\r\n\r\n"
      "POST " +
      kPack + "/rollback HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: " + std::to_string(body.size()) +
      "\r\n\r\n" + body +
      "GET /api/v1/no-such-thing HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
      "HEAD /api/v1/packs HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"));
  RawResponse health = connection.read_response();
  EXPECT_EQ(health.status, 200) << health.describe();
  EXPECT_NE(health.body.find("ok"), std::string::npos) << health.body;
  RawResponse not_modified = connection.read_response();
  EXPECT_EQ(not_modified.status, 304) << not_modified.describe();
  RawResponse rollback = connection.read_response();
  EXPECT_EQ(rollback.status, 401) << "a rollback without a token: " << rollback.describe();
  RawResponse missing = connection.read_response();
  EXPECT_EQ(missing.status, 404) << missing.describe();
  RawResponse head = connection.read_response(true);
  EXPECT_EQ(head.status, 200) << head.describe();
  EXPECT_FALSE(head.header("ETag").empty()) << head.head;
  // Nothing was left over, and the connection carries on.
  ASSERT_TRUE(connection.send(kHealthz));
  EXPECT_EQ(connection.read_response(false, 2s).status, 200);
}

TEST_F(Connections, ARequestSplitAcrossTwoWritesWithAPauseIsAnswered) {
  RawConnection connection(port);
  // The head in two parts.
  ASSERT_TRUE(connection.send("GET /healthz HTTP/1.1\r\nHo"));
  ASSERT_TRUE(connection.read_by_server()) << "the server did not read the first part";
  ASSERT_TRUE(connection.send("st: 127.0.0.1\r\n\r\n"));
  RawResponse split_head = connection.read_response(false, 2s);
  EXPECT_EQ(split_head.status, 200) << split_head.describe();
  // A body that arrives after its head, as an upload's would: read whole, never taken for a request.
  const std::string body = R"({"version": 1})";
  ASSERT_TRUE(connection.send("POST " + kPack + "/rollback HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: " +
                              std::to_string(body.size()) + "\r\n\r\n" + body.substr(0, 5)));
  ASSERT_TRUE(connection.read_by_server()) << "the server did not read the head and the first part of the body";
  expect_prompt_answer("while a request body is half sent");
  ASSERT_TRUE(connection.send(body.substr(5)));
  RawResponse split_body = connection.read_response(false, 2s);
  EXPECT_EQ(split_body.status, 401) << "a rollback without a token: " << split_body.describe();
  // The connection carries on.
  ASSERT_TRUE(connection.send(kHealthz));
  EXPECT_EQ(connection.read_response(false, 2s).status, 200);
}

// [SECTION] Slow readers and many clients

TEST_F(Connections, AClientThatDoesNotReadDelaysNoOneAndLaterGetsEveryByte) {
  auto idle = open_idle(4);
  const std::size_t pack_bytes = fetch(port, kPack, {"Accept-Encoding: identity"}).body.size();
  ASSERT_GT(pack_bytes, 100'000u);
  // Twelve large answers (about 8 MB) asked for at once and not read: far more than the socket
  // buffers hold, so the server is left holding most of it.
  RawConnection slow(port);
  std::string requests;
  for (int i = 0; i < 12; ++i) requests += "GET " + kPack + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept-Encoding: identity\r\n\r\n";
  ASSERT_TRUE(slow.send(requests));
  // The server is answering them: its first answer fills this client's receive buffer (about
  // 128 KB here), and the server holds the rest.
  ASSERT_TRUE(testing::eventually([&] { return slow.unread_bytes() >= 64 * 1024; })) << slow.unread_bytes() << " bytes arrived";
  for (int i = 0; i < 3; ++i) expect_prompt_answer("while a client does not read its answers");
  for (auto& connection : idle) {
    ASSERT_TRUE(connection->send(kHealthz));
    EXPECT_EQ(connection->read_response(false, 1s).status, 200) << "a parked connection, while a client does not read";
  }
  for (int i = 0; i < 12; ++i) {
    RawResponse res = slow.read_response(false, 10s);
    ASSERT_EQ(res.status, 200) << "answer " << i << ": " << res.describe();
    ASSERT_EQ(res.body.size(), pack_bytes) << "answer " << i;
  }
  ASSERT_TRUE(slow.send(kHealthz));
  EXPECT_EQ(slow.read_response(false, 2s).status, 200) << "the slow client's connection carries on";
}

TEST_F(Connections, ManyClientsAtOnceAreAllAnsweredCorrectly) {
  const std::string etag = fetch(port, kPack, {"Accept-Encoding: br"}).header("ETag");
  const std::size_t catalog_bytes = fetch(port, "/api/v1/packs", {"Accept-Encoding: identity"}).body.size();
  ASSERT_FALSE(etag.empty());
  ASSERT_GT(catalog_bytes, 0u);
  const std::string requests[] = {
      kHealthz,
      "GET " + kPack + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept-Encoding: br\r\nIf-None-Match: " + etag + "\r\n\r\n",
      "GET /api/v1/packs HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept-Encoding: identity\r\n\r\n",
  };
  constexpr int kThreads = 6, kConnectionsEach = 20, kRounds = 15;
  std::atomic<int> answered{0};
  std::vector<std::string> failures(kThreads);
  std::vector<std::thread> clients;
  for (int t = 0; t < kThreads; ++t) {
    clients.emplace_back([&, t] {
      std::vector<std::unique_ptr<RawConnection>> connections;
      for (int c = 0; c < kConnectionsEach; ++c) connections.push_back(std::make_unique<RawConnection>(port));
      for (int round = 0; round < kRounds && failures[t].empty(); ++round) {
        for (int c = 0; c < kConnectionsEach && failures[t].empty(); ++c) {
          const int kind = (t + c + round) % 3;
          RawResponse res = connections[c]->send(requests[kind]) ? connections[c]->read_response(false, 5s) : failed("cannot send");
          const int want = kind == 1 ? 304 : 200;
          if (res.status != want || (kind == 2 && res.body.size() != catalog_bytes)) {
            failures[t] = "client " + std::to_string(t) + " connection " + std::to_string(c) + " round " + std::to_string(round) + ": want " +
                          std::to_string(want) + ", got " + res.describe();
          }
          ++answered;
        }
      }
    });
  }
  for (auto& client : clients) client.join();
  for (const auto& failure : failures) EXPECT_TRUE(failure.empty()) << failure;
  EXPECT_EQ(answered, kThreads * kConnectionsEach * kRounds);
}

// [SECTION] Stopping

TEST_F(Connections, StoppingEndsParkedAndHalfReceivedConnectionsAtOnce) {
  auto idle = open_idle(50);
  // A request whose head never ends: a worker waits for the rest, up to the 5 s read timeout.
  RawConnection partial(port);
  ASSERT_TRUE(partial.send("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n"));
  ASSERT_TRUE(partial.read_by_server()) << "the server did not read the half-sent request";
  const auto started = Clock::now();
  EXPECT_EQ(server->stop(), 0) << "the server's exit status (as waitpid reports it)";
  EXPECT_LT(Clock::now() - started, 1s) << "stopping took " << milliseconds_since(started) << " ms with 50 idle connections and a half-sent request";
  for (std::size_t i = 0; i < idle.size(); ++i) EXPECT_TRUE(idle[i]->closed_by_server(200ms)) << "idle connection " << i;
  // The half-received request may get a 400 before the close (cpp-httplib answers a head it could
  // not read whole); either way the connection ends now, not at the read timeout.
  const auto reading = Clock::now();
  RawResponse rest = partial.read_until_close(2s);
  EXPECT_LT(Clock::now() - reading, 1s) << "the half-sent request's connection stayed open: " << rest.describe();
}

}  // namespace
}  // namespace umuhanda
