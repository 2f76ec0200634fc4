// Request smuggling through a real reverse proxy: Debian's nginx in front of the real server, both on
// loopback, nginx started by the fixture from a config in a temporary folder. Each probe is a request
// that proxies and servers might split differently (two Content-Lengths, Content-Length with
// Transfer-Encoding, obfuscated Transfer-Encoding, a body on GET/HEAD/OPTIONS/DELETE, obs-fold, bare
// CR or LF, a header name with a space, no Host, very long headers, pipelining), sent to nginx on a
// raw socket, with a request for /smuggled-<n> hidden where nginx sees body bytes.
// The rule: the back end answers only requests nginx forwarded. Its access log (--access-log all)
// never names a /smuggled path, and every path it logged is one nginx's access log says it sent
// upstream. Ordinary requests (200, 304 from the server, 304 from nginx's proxy_cache) still work.
// [SECTION] The two access logs
// [SECTION] Fixture
// [SECTION] Probes
// [SECTION] Ordinary requests through the proxy
#include <gtest/gtest.h>

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iostream>
#include <map>
#include <memory>
#include <optional>
#include <regex>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "http_test_support.hpp"
#include "nginx_proxy.hpp"
#include "server_process.hpp"

namespace umuhanda {
namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;
using testing::fetch;
using testing::kNginx;
using testing::NginxProxy;
using testing::RawConnection;
using testing::RawResponse;

const std::string kPack = "/api/v1/packs/umuhanda-default";

// [SECTION] The two access logs

// Paths (without the query), each with how many times it was seen.
using PathCounts = std::map<std::string, int>;

// The server's request lines: "<time> METHOD PATH STATUS BYTESB ..." (docs/api.md, Logging). A
// request the server could not parse has an empty method or path: it counts as a path of its own.
PathCounts server_requests(const std::string& log) {
  static const std::regex kLine(R"(^\S+Z ([^ ]*) ([^ ]*) ([0-9]{3}) [0-9]+B )");
  PathCounts paths;
  std::istringstream lines(log);
  std::string line;
  while (std::getline(lines, line)) {
    std::smatch match;
    if (std::regex_search(line, match, kLine)) ++paths[match[2].str()];
  }
  return paths;
}

// What nginx sent upstream: lines of the "forwarded" format whose $upstream_status is not "-".
PathCounts forwarded_requests(const std::string& log) {
  static const std::regex kLine(R"(^([0-9]{3}) up=(\S+) cache=\S+ (\S*) (\S*)$)");
  PathCounts paths;
  std::istringstream lines(log);
  std::string line;
  while (std::getline(lines, line)) {
    std::smatch match;
    if (!std::regex_match(line, match, kLine) || match[2].str() == "-") continue;
    const std::string uri = match[4].str();
    ++paths[uri.substr(0, uri.find('?'))];
  }
  return paths;
}

std::string describe(const PathCounts& paths) {
  std::string text;
  for (const auto& [path, count] : paths) text += "  " + (path.empty() ? std::string("(none)") : path) + " x" + std::to_string(count) + "\n";
  return text.empty() ? "  (nothing)\n" : text;
}

// [SECTION] Fixture

class ThroughNginx : public testing::SeededServerTest {
protected:
  std::vector<std::string> extra_arguments() override { return {"--access-log", "all"}; }

  void SetUp() override {
    ASSERT_TRUE(std::filesystem::exists(kNginx)) << kNginx << " is missing: tools/setup.sh installs Debian's nginx";
    testing::SeededServerTest::SetUp();
    if (HasFatalFailure()) return;
    proxy = std::make_unique<NginxProxy>(port);
    ASSERT_TRUE(proxy->started()) << "nginx did not start in front of the server\n" << proxy->failure_context();
  }

  void TearDown() override {
    if (HasFailure() && proxy) std::cerr << proxy->failure_context() << "nginx config:\n" << proxy->config();
    testing::SeededServerTest::TearDown();
  }

  // Stops nginx, then the server (so that every line either will write is written), and checks
  // the rule: each path the server answered was forwarded by nginx at least as many times, and no
  // hidden /smuggled path was answered at all.
  void expect_server_answered_only_what_nginx_forwarded(const std::string& context) {
    proxy->stop();
    server->stop();
    const PathCounts answered = server_requests(server->log());
    const PathCounts forwarded = forwarded_requests(proxy->access_log());
    for (const auto& [path, count] : answered) {
      const auto it = forwarded.find(path);
      const int sent = it == forwarded.end() ? 0 : it->second;
      EXPECT_LE(count, sent) << context << ": the server answered " << count << " request(s) for \"" << path << "\", nginx forwarded " << sent
                             << "\nthe server answered:\n"
                             << describe(answered) << "nginx forwarded:\n"
                             << describe(forwarded);
      EXPECT_EQ(path.rfind("/smuggled-", 0), std::string::npos)
          << context << ": the request hidden in the probe reached the server as a request of its own (\"" << path << "\")";
    }
  }

  std::unique_ptr<NginxProxy> proxy;
};

// Every response status in bytes read from nginx (a connection may carry several), for messages.
std::string statuses_in(const RawResponse& first) {
  if (!first.ok() && first.status == 0) return "none (" + first.error + ")";
  std::string statuses = std::to_string(first.status);
  static const std::regex kStatusLine(R"(HTTP/1\.[01] ([0-9]{3}) )");
  for (auto it = std::sregex_iterator(first.body.begin(), first.body.end(), kStatusLine); it != std::sregex_iterator(); ++it) {
    statuses += " " + (*it)[1].str();
  }
  return statuses;
}

// [SECTION] Probes

struct Probe {
  std::string name;
  // The bytes sent to nginx; `hidden` is the request for /smuggled-<n> the probe hides.
  std::function<std::string(const std::string& hidden)> bytes;
};

std::string hex(std::size_t value) {
  std::ostringstream text;
  text << std::hex << value;
  return text.str();
}
std::string length(std::string_view body) { return std::to_string(body.size()); }

// A POST route that takes a JSON body (a rollback without a token: 401), so the proxy forwards a body.
const std::string kPost = "POST " + kPack + "/rollback HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n";
// The hidden body as a chunked body with one chunk, then the last chunk.
std::string one_chunk(const std::string& data) { return hex(data.size()) + "\r\n" + data + "\r\n0\r\n\r\n"; }

const std::vector<Probe>& probes() {
  static const std::vector<Probe> list = {
      // Two lengths: a front taking the first and a back end the second would disagree.
      {"ClCl",
       [](const std::string& h) { return kPost + "Content-Length: 0\r\nContent-Length: " + length(h) + "\r\nConnection: close\r\n\r\n" + h; }},
      {"ClListOfTwo", [](const std::string& h) { return kPost + "Content-Length: " + length(h) + ", 0\r\nConnection: close\r\n\r\n" + h; }},
      {"ClWithPlusSign", [](const std::string& h) { return kPost + "Content-Length: +" + length(h) + "\r\nConnection: close\r\n\r\n" + h; }},
      // CL.TE: the front reads Content-Length (all of it), the back end chunked (ends at "0").
      {"ClTe",
       [](const std::string& h) {
         const std::string body = "0\r\n\r\n" + h;
         return kPost + "Content-Length: " + length(body) + "\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n" + body;
       }},
      // TE.CL: the front reads chunked (all of it), the back end Content-Length (4 bytes).
      {"TeCl",
       [](const std::string& h) { return kPost + "Transfer-Encoding: chunked\r\nContent-Length: 4\r\nConnection: close\r\n\r\n" + one_chunk(h); }},
      // Obfuscated Transfer-Encoding beside a Content-Length covering a body that ends at once when chunked.
      {"TeSpaceBeforeColon",
       [](const std::string& h) {
         const std::string body = "0\r\n\r\n" + h;
         return kPost + "Transfer-Encoding : chunked\r\nContent-Length: " + length(body) + "\r\nConnection: close\r\n\r\n" + body;
       }},
      {"TeXchunked",
       [](const std::string& h) {
         const std::string body = "0\r\n\r\n" + h;
         return kPost + "Transfer-Encoding: xchunked\r\nContent-Length: " + length(body) + "\r\nConnection: close\r\n\r\n" + body;
       }},
      {"TeTabBeforeValue",
       [](const std::string& h) {
         const std::string body = "0\r\n\r\n" + h;
         return kPost + "Transfer-Encoding:\tchunked\r\nContent-Length: " + length(body) + "\r\nConnection: close\r\n\r\n" + body;
       }},
      {"TeChunkedThenIdentity",
       [](const std::string& h) {
         const std::string body = "0\r\n\r\n" + h;
         return kPost + "Transfer-Encoding: chunked, identity\r\nContent-Length: " + length(body) + "\r\nConnection: close\r\n\r\n" + body;
       }},
      // Two Transfer-Encoding lines, and no Content-Length: the hidden request is chunk data.
      {"TeDuplicated",
       [](const std::string& h) {
         return kPost + "Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n" + one_chunk(h);
       }},
      {"TeInHttp10",
       [](const std::string& h) {
         return "POST " + kPack + "/rollback HTTP/1.0\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n" +
                one_chunk(h);
       }},
      {"TeHugeChunkSize",
       [](const std::string& h) {
         return kPost + "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\nfffffffffffffffff1\r\n" + h + "\r\n0\r\n\r\n";
       }},
      // A body on a method that takes none: a back end that does not read it parses it as a request.
      {"GetWithBody",
       [](const std::string& h) {
         return "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: " + length(h) + "\r\nConnection: close\r\n\r\n" + h;
       }},
      {"GetWithChunkedBody",
       [](const std::string& h) {
         return "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n" + one_chunk(h);
       }},
      {"HeadWithBody",
       [](const std::string& h) {
         return "HEAD /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: " + length(h) + "\r\nConnection: close\r\n\r\n" + h;
       }},
      {"OptionsWithBody",
       [](const std::string& h) {
         return "OPTIONS /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: " + length(h) + "\r\nConnection: close\r\n\r\n" + h;
       }},
      {"DeleteWithBody",
       [](const std::string& h) {
         return "DELETE " + kPack + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: " + length(h) + "\r\nConnection: close\r\n\r\n" + h;
       }},
      // obs-fold: a folded line that a lenient parser could read as a second Content-Length of 0.
      {"ObsFold",
       [](const std::string& h) {
         return kPost + "X-Note: a\r\n Content-Length: 0\r\nContent-Length: " + length(h) + "\r\nConnection: close\r\n\r\n" + h;
       }},
      {"ObsFoldedContentLength",
       [](const std::string& h) { return kPost + "Content-Length:\r\n " + length(h) + "\r\nConnection: close\r\n\r\n" + h; }},
      // Lines ending in a bare LF, and a bare CR inside a header line hiding a Content-Length of 0.
      {"BareLf",
       [](const std::string& h) {
         return "POST " + kPack + "/rollback HTTP/1.1\nHost: 127.0.0.1\nContent-Type: application/json\nContent-Length: " + length(h) +
                "\nConnection: close\n\n" + h;
       }},
      {"BareCrInHeader",
       [](const std::string& h) {
         return kPost + "X-Note: a\rContent-Length: 0\r\nContent-Length: " + length(h) + "\r\nConnection: close\r\n\r\n" + h;
       }},
      {"HeaderNameWithSpace",
       [](const std::string& h) { return kPost + "Content-Length : 0\r\nContent-Length: " + length(h) + "\r\nConnection: close\r\n\r\n" + h; }},
      {"NoHost",
       [](const std::string& h) {
         return "POST " + kPack + "/rollback HTTP/1.1\r\nContent-Type: application/json\r\nContent-Length: " + length(h) +
                "\r\nConnection: close\r\n\r\n" + h;
       }},
      // Headers near nginx's limits (a line within 8 KiB, 32 KiB in all), which it forwards whole: the
      // server's head buffer is 8 KiB, so a worker reads these, and must still take the body as a body.
      {"LongHeaderLine",
       [](const std::string& h) {
         return kPost + "X-Long: " + std::string(8000, 'a') + "\r\nContent-Length: " + length(h) + "\r\nConnection: close\r\n\r\n" + h;
       }},
      {"ManyLongHeaders",
       [](const std::string& h) {
         std::string lines;
         for (int i = 0; i < 4; ++i) lines += "X-Long-" + std::to_string(i) + ": " + std::string(7900, 'a') + "\r\n";
         return kPost + lines + "Content-Length: " + length(h) + "\r\nConnection: close\r\n\r\n" + h;
       }},
      // Pipelined: three requests in one write, the second carrying the hidden request as its body.
      {"Pipelined",
       [](const std::string& h) {
         return "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n" + kPost + "Content-Length: " + length(h) + "\r\n\r\n" + h +
                "GET /api/v1/packs HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n";
       }},
      {"PipelinedAfterGetWithBody",
       [](const std::string& h) {
         return "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: " + length(h) + "\r\n\r\n" + h +
                "GET /api/v1/packs HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n";
       }},
  };
  return list;
}

class Smuggling : public ThroughNginx, public ::testing::WithParamInterface<std::size_t> {};

TEST_P(Smuggling, TheServerAnswersOnlyWhatNginxForwarded) {
  const std::size_t index = GetParam();
  const Probe& probe = probes()[index];
  const std::string marker = "/smuggled-" + std::to_string(index);
  const std::string hidden = "GET " + marker + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
  const std::string bytes = probe.bytes(hidden);
  ASSERT_NE(bytes.find(marker), std::string::npos) << "the probe must carry its hidden request";

  RawConnection connection(proxy->port());
  ASSERT_TRUE(connection.connected());
  ASSERT_TRUE(connection.send(bytes));
  // nginx answers and closes (every probe asks it to, or it refuses the request).
  const RawResponse answered = connection.read_until_close(10s);
  connection.close();
  std::cout << "probe " << probe.name << ": nginx answered " << statuses_in(answered) << "\n";

  // The proxy still works, and its next answer is its own: no answer to a hidden request is queued
  // on an upstream connection for the next client to receive.
  const RawResponse next = fetch(proxy->port(), "/healthz");
  EXPECT_EQ(next.status, 200) << "the request after the probe: " << next.describe();
  EXPECT_NE(next.body.find(R"("status":"ok")"), std::string::npos) << "the request after the probe got another answer: " << next.describe();

  expect_server_answered_only_what_nginx_forwarded("probe " + probe.name + " (nginx answered " + statuses_in(answered) + ")");
  if (HasFailure()) std::cerr << "probe bytes:\n" << bytes << "\n";
}

std::string probe_name(const ::testing::TestParamInfo<std::size_t>& info) { return probes()[info.param].name; }

// nginx forwards some probes with their bodies (a GET, HEAD or OPTIONS with Content-Length, a
// chunked GET as a GET with Content-Length). Before the server checked framing itself, cpp-httplib
// 0.11.4 (which reads a body only for POST, PUT, PATCH and DELETE) parsed such a body as a request
// of its own, and its answer could be queued for the next client (seen: the /healthz after
// GetWithChunkedBody got the hidden request's 404). Now the server refuses them (400, closed).
std::vector<std::size_t> every_probe() {
  std::vector<std::size_t> all(probes().size());
  for (std::size_t i = 0; i < all.size(); ++i) all[i] = i;
  return all;
}

INSTANTIATE_TEST_SUITE_P(Probes, Smuggling, ::testing::ValuesIn(every_probe()), probe_name);

// [SECTION] Ordinary requests through the proxy

TEST_F(ThroughNginx, OrdinaryRequestsAreAnsweredAndRevalidated) {
  // The latest pack ("no-cache") goes to the server each time: 200, then 304 on its ETag.
  const RawResponse latest = fetch(proxy->port(), kPack, {"Accept-Encoding: br"});
  ASSERT_EQ(latest.status, 200) << latest.describe();
  EXPECT_EQ(latest.header("Content-Encoding"), "br") << latest.head;
  const std::string etag = latest.header("ETag");
  ASSERT_FALSE(etag.empty()) << latest.head;
  EXPECT_EQ(latest.header("Content-Length"), std::to_string(latest.body.size())) << latest.head;
  const RawResponse revalidated = fetch(proxy->port(), kPack, {"Accept-Encoding: br", "If-None-Match: " + etag});
  EXPECT_EQ(revalidated.status, 304) << revalidated.describe();
  EXPECT_EQ(revalidated.header("ETag"), etag) << revalidated.head;
  EXPECT_TRUE(revalidated.body.empty()) << revalidated.describe();

  // A fixed version ("immutable") is kept by nginx: a miss, then a hit, then nginx's own 304.
  const std::string version = kPack + "/v/1";
  const RawResponse miss = fetch(proxy->port(), version, {"Accept-Encoding: br"});
  ASSERT_EQ(miss.status, 200) << miss.describe();
  EXPECT_EQ(miss.header("X-Cache-Status"), "MISS") << miss.head;
  const std::string version_etag = miss.header("ETag");
  ASSERT_FALSE(version_etag.empty()) << miss.head;
  const RawResponse hit = fetch(proxy->port(), version, {"Accept-Encoding: br"});
  EXPECT_EQ(hit.status, 200) << hit.describe();
  EXPECT_EQ(hit.header("X-Cache-Status"), "HIT") << hit.head;
  EXPECT_EQ(hit.body, miss.body);
  const RawResponse cached_304 = fetch(proxy->port(), version, {"Accept-Encoding: br", "If-None-Match: " + version_etag});
  EXPECT_EQ(cached_304.status, 304) << cached_304.describe();
  EXPECT_EQ(cached_304.header("X-Cache-Status"), "HIT") << cached_304.head;
  EXPECT_TRUE(cached_304.body.empty()) << cached_304.describe();
  // nginx keeps each encoding apart (the server sends Vary: Accept-Encoding).
  const RawResponse identity = fetch(proxy->port(), version, {"Accept-Encoding: identity"});
  EXPECT_EQ(identity.status, 200) << identity.describe();
  EXPECT_TRUE(identity.header("Content-Encoding").empty()) << identity.head;
  EXPECT_NE(identity.header("ETag"), version_etag) << identity.head;

  // A keep-alive client connection carrying several requests, and an unknown path's 404.
  RawConnection connection(proxy->port());
  for (int i = 0; i < 3; ++i) {
    ASSERT_TRUE(connection.send("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"));
    const RawResponse res = connection.read_response();
    EXPECT_EQ(res.status, 200) << "request " << i << " on one connection: " << res.describe();
  }
  const RawResponse missing = fetch(proxy->port(), "/api/v1/no-such-thing");
  EXPECT_EQ(missing.status, 404) << missing.describe();

  expect_server_answered_only_what_nginx_forwarded("ordinary requests");
}

}  // namespace
}  // namespace umuhanda
