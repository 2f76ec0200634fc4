// The server under hostile or careless clients, on loopback: busy connections, oversize request
// lines, headers and bodies, forged client addresses, escapes from the client folder, and a
// failing database, each answered without crashing, stalling or leaking internals.
// [SECTION] Fixture
// [SECTION] Threads: idle and slow clients
// [SECTION] Size limits
// [SECTION] Client identity
// [SECTION] The client folder
// [SECTION] Internal errors
#include <gtest/gtest.h>
#include <sqlite3.h>
#include <unistd.h>

#include <atomic>
#include <fstream>
#include <nlohmann/json.hpp>
#include <regex>
#include <sstream>
#include <thread>

#include "http_test_support.hpp"

namespace umuhanda {
namespace {

using namespace std::chrono_literals;
using testing::error_code_of;
using testing::expect_refused_and_closed;
using testing::fetch;
using testing::RawConnection;
using testing::RawResponse;
using testing::request_text;
using testing::round_trip;
using testing::SeededServer;

// [SECTION] Fixture

class Hardening : public testing::SeededServerTest {
protected:
  // The server still answers, promptly.
  void expect_alive() {
    RawResponse res = fetch(port, "/healthz");
    EXPECT_EQ(res.status, 200) << "the server no longer answers: " << res.describe();
  }
};

// [SECTION] Threads: idle and slow clients

class FewThreads : public Hardening {
protected:
  std::vector<std::string> extra_arguments() override { return {"--min-threads", "4", "--max-threads", "64"}; }
};

TEST_F(FewThreads, IdleKeepAliveAndSlowHeaderClientsDoNotDelayANewRequest) {
  // More idle keep-alive connections than warm workers (with a thread per connection, each held
  // one for up to 5 s; now they wait in epoll, see connection_test.cpp).
  constexpr int kIdle = 8;
  std::vector<std::unique_ptr<RawConnection>> idle;
  for (int i = 0; i < kIdle; ++i) {
    auto connection = std::make_unique<RawConnection>(port);
    ASSERT_TRUE(connection->send("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"));
    ASSERT_EQ(connection->read_response().status, 200) << "idle client " << i;
    idle.push_back(std::move(connection));
  }
  // Two clients trickling one header line every 300 ms: never done, never silent long enough to
  // time out. Each holds a worker, which waits for it alone.
  std::atomic<bool> done{false};
  std::atomic<int> lines_sent{0};
  std::vector<std::unique_ptr<RawConnection>> slow_connections;
  for (int i = 0; i < 2; ++i) slow_connections.push_back(std::make_unique<RawConnection>(port));
  std::vector<std::thread> slow;
  for (int i = 0; i < 2; ++i) {
    slow.emplace_back([&, i] {
      RawConnection& connection = *slow_connections[i];
      if (!connection.send("GET /api/v1/packs HTTP/1.1\r\nHost: 127.0.0.1\r\n")) return;
      for (int line = 0; !done; ++line) {
        std::this_thread::sleep_for(300ms);  // the trickle's pace: what this test is about
        if (!connection.send("X-Slow-" + std::to_string(i) + "-" + std::to_string(line) + ": still typing\r\n")) return;
        ++lines_sent;
      }
    });
  }
  // Each slow client has sent a header line after its first (it is mid-headers), and the server has
  // read all it sent. (EXPECT, not ASSERT: the slow threads must be told to end below.)
  EXPECT_TRUE(testing::eventually([&] { return lines_sent >= 4; })) << "the slow clients did not start";
  for (int i = 0; i < 2; ++i) EXPECT_TRUE(slow_connections[i]->read_by_server()) << "slow client " << i;

  for (int attempt = 0; attempt < 3; ++attempt) {
    const auto started = std::chrono::steady_clock::now();
    RawResponse res = fetch(port, "/api/v1/packs");
    const auto elapsed = std::chrono::steady_clock::now() - started;
    EXPECT_EQ(res.status, 200) << res.describe();
    EXPECT_LT(elapsed, 1s) << "a new client waited " << std::chrono::duration_cast<std::chrono::milliseconds>(elapsed).count() << " ms behind "
                           << kIdle << " idle and 2 slow connections";
  }
  // The idle connections are still usable.
  ASSERT_TRUE(idle.front()->send("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"));
  EXPECT_EQ(idle.front()->read_response().status, 200);
  done = true;
  for (auto& thread : slow) thread.join();
}

// [SECTION] Size limits

TEST_F(Hardening, An8000CharacterPathIs414AndTheServerStaysUp) {
  for (const std::string& path : {"/api/v1/packs/" + std::string(8000, 'a'),
                                  "/api/v1/" +
                                      [] {
                                        std::string segments;
                                        for (int i = 0; i < 4000; ++i) segments += "a/";
                                        return segments;
                                      }(),
                                  "/" + std::string(8000, '%')}) {
    RawResponse res = fetch(port, path);
    ASSERT_TRUE(res.ok()) << res.error;
    EXPECT_EQ(res.status, 414) << res.describe();
    EXPECT_EQ(error_code_of(res), "uri_too_long");
    expect_alive();
  }
  RawResponse post = round_trip(port, request_text("POST", "/api/v1/packs/" + std::string(8000, 'b') + "/rollback", {"Content-Length: 0"}));
  EXPECT_EQ(post.status, 414) << post.describe();
  // Beyond the request-line limit (8 KiB) the framing check refuses it before it is parsed.
  RawResponse longer = fetch(port, "/" + std::string(10000, 'c'));
  EXPECT_EQ(longer.status, 414) << longer.describe();
  EXPECT_EQ(error_code_of(longer), "uri_too_long");
  expect_alive();
  // Each 414 is logged once, with a time that is its own (not the time since the thread's
  // previous request), or as a refusal with its reason.
  std::istringstream log(server->log());
  std::string line, ends_of_414_lines;
  while (std::getline(log, line)) {
    if (line.find(" 414 ") != std::string::npos) ends_of_414_lines += "..." + line.substr(line.size() > 60 ? line.size() - 60 : 0) + "\n";
  }
  EXPECT_TRUE(std::regex_search(ends_of_414_lines, std::regex(R"( 414 \d+B \d{1,6}us q=0 )"))) << ends_of_414_lines;
  EXPECT_FALSE(std::regex_search(ends_of_414_lines, std::regex(R"( 414 \d+B \d{7,}us )"))) << "a 414 took seconds?\n" << ends_of_414_lines;
  EXPECT_NE(server->log().find("refused 414 uri_too_long: the request line is longer than 8192 bytes"), std::string::npos) << server->log();
}

TEST_F(Hardening, AHeaderLineOverTheLimitIsRefusedAndTheServerStaysUp) {
  // cpp-httplib refuses the line itself; what follows it cannot be trusted, so the server closes.
  RawConnection connection(port);
  ASSERT_TRUE(connection.send(request_text("GET", "/healthz", {"X-Big: " + std::string(20000, 'x')})));
  RawResponse res = connection.read_response(false, 3s);
  ASSERT_TRUE(res.ok()) << res.error;
  EXPECT_TRUE(res.status == 400 || res.status == 431) << res.describe();
  EXPECT_FALSE(nlohmann::json::parse(res.body, nullptr, false).is_discarded()) << res.body;
  EXPECT_TRUE(connection.closed_by_server(2s));
  expect_alive();
}

TEST_F(Hardening, HeadersOverTheTotalLimitAreRefusedAndTheServerStaysUp) {
  // Each line is under cpp-httplib's 8 KiB, but together they are far over any sane request.
  std::vector<std::string> wide, many;
  for (int i = 0; i < 10; ++i) wide.push_back("X-Wide-" + std::to_string(i) + ": " + std::string(7000, 'w'));
  for (int i = 0; i < 1000; ++i) many.push_back("X-Many-" + std::to_string(i) + ": " + std::string(60, 'm'));
  for (const auto* headers : {&wide, &many}) {
    RawResponse res = fetch(port, "/healthz", *headers);
    ASSERT_TRUE(res.ok()) << res.error;
    EXPECT_EQ(res.status, 431) << res.describe();
    EXPECT_EQ(error_code_of(res), "header_too_large");
    expect_alive();
  }
  // A browser's ordinary headers, cookies included, pass.
  EXPECT_EQ(fetch(port, "/healthz", {"Cookie: session=" + std::string(4000, 'c'), "User-Agent: " + std::string(300, 'u')}).status, 200);
}

TEST_F(Hardening, AChunkedBodyIsRefusedUnreadAndItsBytesAreNeverParsed) {
  // cpp-httplib reads a chunked body whole, whatever its size: the server refuses it before.
  const std::string token = testing::create_token(*server, "instructor", "Ines Instructor").secret;
  ASSERT_FALSE(token.empty());
  RawConnection connection(port);
  const auto started = std::chrono::steady_clock::now();
  // What follows the head is body the server does not read; were it read as the next request, a
  // proxy in front would see two answers to one request.
  ASSERT_TRUE(connection.send("POST /api/v1/packs HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + token +
                              "\r\nContent-Type: application/zip\r\nTransfer-Encoding: chunked\r\n\r\n"
                              "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"));
  RawResponse res = connection.read_until_close(3s);
  ASSERT_TRUE(res.ok()) << res.error;
  EXPECT_EQ(res.status, 411) << res.describe();
  EXPECT_EQ(error_code_of(res), "length_required");
  EXPECT_EQ(res.header("Connection"), "close");
  EXPECT_EQ(res.body.find("HTTP/1.1"), std::string::npos) << "the body was parsed as a request:\n" << res.body;
  EXPECT_LT(std::chrono::steady_clock::now() - started, 1s);
  expect_alive();
}

// Each malformed request gets exactly its status as a JSON error, and its connection is closed
// (expect_refused_and_closed, http_test_support.hpp).
TEST_F(Hardening, MalformedRequestsAreRefusedAndTheServerStaysUp) {
  for (const char* request : {"GARBAGE\r\n\r\n", "\r\n\r\n\r\n", "TRACE / HTTP/1.1\r\nHost: x\r\n\r\n"}) {
    expect_refused_and_closed(port, request, 400);
    expect_alive();
  }
  // An HTTP version the server does not speak (RFC 9110 §15.6.6).
  expect_refused_and_closed(port, "GET / HTTP/9.9\r\n\r\n", 505);
  expect_alive();
}

// cpp-httplib 0.11.4 alone answered these 200 and kept the connection (docs/toolchain.md): the
// server's own framing check refuses them before cpp-httplib parses them.
TEST_F(Hardening, MalformedHeaderLinesAreRefused) {
  for (const char* request : {"GET /healthz HTTP/1.1\r\nno colon here\r\n\r\n", "GET /healthz HTTP/1.1\r\nContent-Length: -5\r\n\r\n"}) {
    expect_refused_and_closed(port, request, 400);
    expect_alive();
  }
}

// [SECTION] Client identity

TEST_F(Hardening, OnlyCredentialsThatFailCountAsGuessesNotRequestsWithNone) {
  // A signed-out page asks protected routes what it may see: that guesses nothing.
  for (int i = 0; i < 30; ++i) ASSERT_EQ(fetch(port, "/api/v1/me", {}).status, 401) << "request " << i << " without credentials";
  for (int i = 0; i < 20; ++i) ASSERT_EQ(fetch(port, "/api/v1/me", {"Authorization: Bearer umh_guess" + std::to_string(i)}).status, 401) << i;
  EXPECT_EQ(fetch(port, "/api/v1/me", {"Authorization: Bearer umh_guess"}).status, 429) << "the 21st wrong token in a minute";
}

TEST_F(Hardening, ForwardedAddressHeadersDoNotChangeTheRateLimitIdentity) {
  // Every failure claims another client address; the server must count them all against the socket's.
  for (int i = 0; i < 20; ++i) {
    const std::string forged = "10.9." + std::to_string(i) + ".1";
    RawResponse res = fetch(port, "/api/v1/me",
                            {"Authorization: Bearer umh_guess" + std::to_string(i), "X-Forwarded-For: " + forged, "X-Real-IP: " + forged,
                             "Forwarded: for=" + forged, "REMOTE_ADDR: " + forged, "REMOTE_PORT: 1"});
    ASSERT_EQ(res.status, 401) << "attempt " << i << ": " << res.describe();
  }
  RawResponse limited = fetch(port, "/api/v1/me", {"Authorization: Bearer umh_guess", "X-Forwarded-For: 192.0.2.77", "REMOTE_ADDR: 192.0.2.77"});
  EXPECT_EQ(limited.status, 429) << limited.describe();
  EXPECT_FALSE(limited.header("Retry-After").empty());
  // The log names the real peer, not a forged one.
  const std::string log = testing::log_once_it_has(*server, "GET /api/v1/me 429");
  EXPECT_NE(log.find("GET /api/v1/me 401"), std::string::npos) << log;
  EXPECT_EQ(log.find(" 10.9."), std::string::npos) << log;
  EXPECT_EQ(log.find(" 192.0.2.77"), std::string::npos) << log;
}

// [SECTION] The client folder

class ClientFolder : public Hardening {
protected:
  std::vector<std::string> extra_arguments() override {
    char pattern[] = "/tmp/umuhanda-escape-XXXXXX";
    root = ::mkdtemp(pattern);
    std::filesystem::create_directories(root / "web" / "assets");
    std::filesystem::create_directories(root / "outside");
    std::ofstream(root / "web" / "index.html") << "<!doctype html><title>Umuhanda</title>";
    std::ofstream(root / "web" / "assets" / "app.js") << "console.log('inside')";
    std::ofstream(root / "outside" / "secret.txt") << kSecret;
    // Symlinks inside the served folder that point out of it: a file, a folder, an absolute path.
    std::filesystem::create_symlink(root / "outside" / "secret.txt", root / "web" / "leak.txt");
    std::filesystem::create_symlink(root / "outside", root / "web" / "linked");
    std::filesystem::create_symlink("/etc/passwd", root / "web" / "passwd");
    return {"--web", (root / "web").string()};
  }
  void TearDown() override {
    Hardening::TearDown();
    server.reset();
    std::filesystem::remove_all(root);
  }
  static constexpr const char* kSecret = "TOP-SECRET-not-for-the-web";
  std::filesystem::path root;
};

TEST_F(ClientFolder, PathsCannotEscapeTheFolder) {
  ASSERT_EQ(fetch(port, "/assets/app.js").status, 200) << "the folder is served";
  const std::string absolute = (root / "outside" / "secret.txt").string();
  const std::vector<std::string> paths = {
      "/../outside/secret.txt",
      "/assets/../../outside/secret.txt",
      "/%2e%2e/outside/secret.txt",
      "/%2E%2E%2Foutside%2Fsecret.txt",
      "/..%2foutside%2fsecret.txt",
      "/.%2e/outside/secret.txt",
      "/assets/%2e%2e/%2e%2e/outside/secret.txt",
      "/..\\outside\\secret.txt",
      "/%2e%2e%5coutside%5csecret.txt",
      "/./../outside/secret.txt",
      "/../../../../../../etc/passwd",
      "/%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
      "//etc/passwd",
      "/etc/passwd",
      absolute,
      "/" + absolute,
      "/leak.txt",
      "/linked/secret.txt",
      "/passwd",
  };
  for (const std::string& path : paths) {
    RawResponse res = fetch(port, path);
    ASSERT_TRUE(res.ok()) << path << ": " << res.error;
    EXPECT_EQ(res.status, 404) << path << ": " << res.describe();
    EXPECT_EQ(res.body.find(kSecret), std::string::npos) << path;
    EXPECT_EQ(res.body.find("root:"), std::string::npos) << path;
  }
  // The absolute form of a request target, with dot segments.
  RawResponse absolute_form = round_trip(port, "GET http://127.0.0.1/../outside/secret.txt HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
  ASSERT_TRUE(absolute_form.ok()) << absolute_form.error;
  EXPECT_EQ(absolute_form.body.find(kSecret), std::string::npos);
  EXPECT_GE(absolute_form.status, 400) << absolute_form.describe();
  expect_alive();
}

// [SECTION] Internal errors

TEST_F(Hardening, A500NeverShowsInternals) {
  auto pack = nlohmann::json::parse(fetch(port, "/api/v1/packs/umuhanda-default").body);
  const std::string sha = pack["media"][0]["sha256"];
  // Break the database under the running server, as a disk or an operator might.
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open((server->data_dir() / "umuhanda.db").c_str(), &db), SQLITE_OK);
  sqlite3_busy_timeout(db, 2000);
  ASSERT_EQ(
      sqlite3_exec(db, "ALTER TABLE media RENAME TO media_moved; ALTER TABLE api_tokens RENAME TO api_tokens_moved;", nullptr, nullptr, nullptr),
      SQLITE_OK)
      << sqlite3_errmsg(db);
  sqlite3_close(db);

  const std::vector<std::pair<std::string, std::vector<std::string>>> failing = {{"/api/v1/media/" + sha, {}},
                                                                                 {"/api/v1/me", {"Authorization: Bearer umh_someone"}}};
  for (const auto& [path, headers] : failing) {
    RawResponse res = fetch(port, path, headers);
    ASSERT_EQ(res.status, 500) << path << ": " << res.describe();
    EXPECT_EQ(res.header("Content-Type"), "application/json");
    auto body = nlohmann::json::parse(res.body, nullptr, false);
    ASSERT_FALSE(body.is_discarded()) << res.body;
    EXPECT_EQ(body["error"]["code"], "internal");
    EXPECT_TRUE(body["error"]["details"].empty()) << res.body;
    for (const std::string& internal : {std::string("SELECT"), std::string("sqlite"), std::string("no such table"), std::string("umuhanda.db"),
                                        std::string("media_moved"), server->data_dir().string(), std::string("/tmp")}) {
      EXPECT_EQ(res.body.find(internal), std::string::npos) << "the answer leaks \"" << internal << "\": " << res.body;
      EXPECT_EQ(res.head.find(internal), std::string::npos) << "a header leaks \"" << internal << "\":\n" << res.head;
    }
  }
  // The details went to the log instead, and the server carries on with what it holds in memory.
  EXPECT_NE(server->log().find("no such table: media"), std::string::npos) << server->log();
  EXPECT_EQ(fetch(port, "/api/v1/packs/umuhanda-default").status, 200);
  expect_alive();
}

}  // namespace
}  // namespace umuhanda
