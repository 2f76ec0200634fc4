// HTTP conformance of the real server on loopback, read as bytes on the wire: validators and
// conditional requests (RFC 9110 §8.8, §13), Cache-Control (RFC 9111), content negotiation,
// HEAD, errors and methods, security headers, and what a content request costs the database.
// [SECTION] Fixture
// [SECTION] Resources and their caching policy
// [SECTION] Strong ETags and content encodings
// [SECTION] Conditional requests
// [SECTION] HEAD, ranges, dates, connections
// [SECTION] Database cost (Server-Timing)
// [SECTION] Errors and methods
// [SECTION] The web client and its security headers
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <ctime>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>

#include "compression.hpp"
#include "http_caching.hpp"
#include "http_test_support.hpp"
#include "sha256.hpp"

namespace umuhanda {
namespace {

using testing::fetch;
using testing::RawConnection;
using testing::RawResponse;
using testing::SeededServer;

const std::string kPack = "/api/v1/packs/umuhanda-default";
const std::string kFixed = kPack + "/v/1";
const std::string kImmutable = "public, max-age=31536000, immutable";

// The strong ETag docs/api.md promises: the first 128 bits of the SHA-256 of the bytes sent.
std::string etag_of(std::string_view bytes) { return "\"" + sha256_hex(bytes).substr(0, 32) + "\""; }

// [SECTION] Fixture

class HttpConformance : public testing::SeededServerTest {
protected:
  void SetUp() override {
    char pattern[] = "/tmp/umuhanda-web-XXXXXX";
    web = ::mkdtemp(pattern);
    std::string page = "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Umuhanda</title></head><body>";
    for (int i = 0; i < 40; ++i) page += "<p>Practice the road code, question " + std::to_string(i) + ".</p>";
    std::ofstream(web / "index.html") << page << "</body></html>";
    std::ofstream(web / "app.0123abcd.js") << std::string(2000, ';') << "console.log('umuhanda')";
    std::ofstream(web / "umuhanda-web.wasm", std::ios::binary) << std::string("\0asm\1\0\0\0", 8) << std::string(4096, '\0');
    std::filesystem::copy_file(testing::default_pack_dir() / "media" / "signs" / "256" / "p-stop.png", web / "sign.png");
    add_web_files();

    std::vector<std::string> arguments = {"--web", web.string()};
    for (auto& extra : extra_arguments()) arguments.push_back(extra);
    start_server(arguments);
  }
  void TearDown() override {
    SeededServerTest::TearDown();
    server.reset();
    std::filesystem::remove_all(web);
  }
  virtual void add_web_files() {}

  RawResponse get(std::string_view path, const std::vector<std::string>& headers = {}) { return fetch(port, path, headers); }
  RawResponse head(std::string_view path, const std::vector<std::string>& headers = {}) { return fetch(port, path, headers, "HEAD"); }

  // The first media file of the default pack: its SHA-256 and declared type.
  std::pair<std::string, std::string> first_media() {
    auto pack = nlohmann::json::parse(get(kPack).body, nullptr, false);
    if (pack.is_discarded() || !pack.contains("media") || pack["media"].empty()) return {};
    return {pack["media"][0]["sha256"].get<std::string>(), pack["media"][0]["mime"].get<std::string>()};
  }

  // What every 304 must be: no body, no Content-Length, and the validators and policy of a 200.
  void expect_not_modified(const RawResponse& res, const std::string& etag, const std::string& cache_control, bool varies = true) {
    ASSERT_TRUE(res.ok()) << res.error;
    EXPECT_EQ(res.status, 304) << res.describe();
    EXPECT_TRUE(res.body.empty()) << "a 304 carried " << res.body.size() << " body bytes";
    EXPECT_FALSE(res.has("Content-Length")) << res.head;
    EXPECT_FALSE(res.has("Transfer-Encoding")) << res.head;
    EXPECT_EQ(res.header("ETag"), etag) << res.head;
    EXPECT_EQ(res.header("Cache-Control"), cache_control) << res.head;
    if (varies) {
      EXPECT_EQ(res.header("Vary"), "Accept-Encoding") << res.head;
    }
  }

  std::filesystem::path web;
};

// [SECTION] Resources and their caching policy

TEST_F(HttpConformance, CatalogIsJsonThatCachesMustRevalidate) {
  RawResponse res = get("/api/v1/packs");
  ASSERT_EQ(res.status, 200) << res.describe();
  EXPECT_EQ(res.header("Content-Type"), "application/json");
  EXPECT_EQ(res.header("Cache-Control"), "no-cache");
  EXPECT_EQ(res.header("ETag"), etag_of(res.body));
  EXPECT_TRUE(res.has("Last-Modified"));
  auto catalog = nlohmann::json::parse(res.body, nullptr, false);
  ASSERT_FALSE(catalog.is_discarded()) << res.body;
  ASSERT_EQ(catalog["packs"].size(), 1u);
  EXPECT_EQ(catalog["packs"][0]["id"], "umuhanda-default");
  EXPECT_EQ(catalog["packs"][0]["versions_url"], kPack + "/versions");
}

TEST_F(HttpConformance, LatestPackRevalidatesAndIsTheCurrentFixedVersion) {
  RawResponse latest = get(kPack);
  RawResponse fixed = get(kFixed);
  ASSERT_EQ(latest.status, 200) << latest.describe();
  ASSERT_EQ(fixed.status, 200) << fixed.describe();
  EXPECT_EQ(latest.header("Cache-Control"), "no-cache");
  EXPECT_EQ(latest.body, fixed.body);
  EXPECT_EQ(latest.header("ETag"), fixed.header("ETag")) << "the same bytes have the same strong ETag";
  auto catalog = nlohmann::json::parse(get("/api/v1/packs").body);
  EXPECT_EQ(catalog["packs"][0]["etag"], latest.header("ETag"));
  EXPECT_EQ(catalog["packs"][0]["bytes"]["identity"].get<std::size_t>(), latest.body.size());
}

TEST_F(HttpConformance, AFixedVersionIsImmutableInEveryEncoding) {
  for (const char* encoding : {"identity", "gzip", "br"}) {
    RawResponse res = get(kFixed, {std::string("Accept-Encoding: ") + encoding});
    ASSERT_EQ(res.status, 200) << encoding << ": " << res.describe();
    EXPECT_EQ(res.header("Cache-Control"), kImmutable) << encoding;
    EXPECT_EQ(res.header("Vary"), "Accept-Encoding") << encoding;
  }
}

TEST_F(HttpConformance, VersionListNamesEveryVersionAndRevalidates) {
  RawResponse res = get(kPack + "/versions");
  ASSERT_EQ(res.status, 200) << res.describe();
  EXPECT_EQ(res.header("Cache-Control"), "no-cache");
  EXPECT_EQ(res.header("Content-Type"), "application/json");
  auto list = nlohmann::json::parse(res.body);
  EXPECT_EQ(list["pack"], "umuhanda-default");
  ASSERT_EQ(list["versions"].size(), 1u) << res.body;
  EXPECT_EQ(list["versions"][0]["version"], 1);
  EXPECT_EQ(list["versions"][0]["current"], true);
  EXPECT_EQ(list["versions"][0]["url"], kFixed);
  EXPECT_EQ(list["versions"][0]["sha256"], sha256_hex(get(kFixed).body));
}

TEST_F(HttpConformance, MediaHasItsRealTypeItsHashAndIsImmutable) {
  auto [sha, mime] = first_media();
  ASSERT_EQ(sha.size(), 64u);
  RawResponse res = get("/api/v1/media/" + sha);
  ASSERT_EQ(res.status, 200) << res.describe();
  EXPECT_EQ(mime, "image/png");
  EXPECT_EQ(res.header("Content-Type"), "image/png");
  EXPECT_EQ(res.body.substr(0, 8), std::string("\x89PNG\r\n\x1a\n", 8));
  EXPECT_EQ(sha256_hex(res.body), sha) << "the address names the bytes";
  EXPECT_EQ(res.header("Cache-Control"), kImmutable);
  EXPECT_EQ(res.header("ETag"), etag_of(res.body));
}

TEST_F(HttpConformance, MediaIsNeverCompressed) {
  auto [sha, mime] = first_media();
  RawResponse plain = get("/api/v1/media/" + sha);
  RawResponse offered = get("/api/v1/media/" + sha, {"Accept-Encoding: br, gzip, deflate"});
  ASSERT_EQ(offered.status, 200) << offered.describe();
  EXPECT_FALSE(offered.has("Content-Encoding")) << offered.head;
  EXPECT_EQ(offered.body, plain.body);
  EXPECT_EQ(offered.header("ETag"), plain.header("ETag"));
}

TEST_F(HttpConformance, HealthzAnswersAndIsNeverStored) {
  RawResponse res = get("/healthz");
  ASSERT_EQ(res.status, 200) << res.describe();
  EXPECT_EQ(res.header("Cache-Control"), "no-store");
  EXPECT_EQ(nlohmann::json::parse(res.body)["status"], "ok");
}

TEST_F(HttpConformance, MeNeedsATokenAndIsPrivate) {
  RawResponse anonymous = get("/api/v1/me");
  EXPECT_EQ(anonymous.status, 401) << anonymous.describe();
  EXPECT_EQ(anonymous.header("WWW-Authenticate").rfind("Bearer", 0), 0u) << anonymous.head;
  testing::ApiToken token = testing::create_token(*server, "instructor", "Ines Instructor");
  ASSERT_FALSE(token.secret.empty());
  RawResponse me = get("/api/v1/me", {"Authorization: Bearer " + token.secret});
  ASSERT_EQ(me.status, 200) << me.describe();
  EXPECT_EQ(me.header("Cache-Control"), "private, no-store");
  auto body = nlohmann::json::parse(me.body);
  EXPECT_EQ(body["name"], "Ines Instructor");
  EXPECT_EQ(body["role"], "instructor");
  EXPECT_TRUE(body["user_id"].is_number_integer()) << "the token's account: " << me.body;
}

// [SECTION] Strong ETags and content encodings

TEST_F(HttpConformance, EachEncodingHasTheStrongEtagOfTheBytesSent) {
  RawResponse identity = get(kPack);
  RawResponse gzip = get(kPack, {"Accept-Encoding: gzip"});
  RawResponse br = get(kPack, {"Accept-Encoding: br"});
  ASSERT_EQ(gzip.header("Content-Encoding"), "gzip") << gzip.head;
  ASSERT_EQ(br.header("Content-Encoding"), "br") << br.head;
  EXPECT_FALSE(identity.has("Content-Encoding"));
  for (const RawResponse* res : {&identity, &gzip, &br}) {
    EXPECT_EQ(res->header("ETag"), etag_of(res->body)) << res->head;
    EXPECT_EQ(res->header("Content-Length"), std::to_string(res->body.size()));
  }
  EXPECT_NE(identity.header("ETag"), gzip.header("ETag"));
  EXPECT_NE(identity.header("ETag"), br.header("ETag"));
  EXPECT_NE(gzip.header("ETag"), br.header("ETag"));
  EXPECT_EQ(testing::gunzip(gzip.body), identity.body);
  EXPECT_EQ(testing::unbrotli(br.body), identity.body);
  EXPECT_LT(br.body.size(), gzip.body.size());
}

TEST_F(HttpConformance, AcceptEncodingIsNegotiatedWithQValues) {
  struct Case {
    const char* accept;  // nullptr: no Accept-Encoding header
    const char* chosen;  // nullptr: identity, no Content-Encoding
  };
  const Case cases[] = {
      {nullptr, nullptr},
      {"identity", nullptr},
      {"gzip", "gzip"},
      {"br", "br"},
      {"gzip, deflate, br", "br"},
      {"BR, GZIP", "br"},
      {"br;q=0, gzip", "gzip"},
      {"br;q=0", nullptr},
      {"br;q=0, gzip;q=0", nullptr},
      {"gzip;q=0.5, br;q=0.4", "gzip"},
      {"gzip;q=1.0, br;q=0.999", "gzip"},
      {"br;q=0.000, gzip;q=0.001", "gzip"},
      {"*", "br"},
      {"*;q=0.5, br;q=0", "gzip"},
      {"*;q=0, identity", nullptr},
      {"deflate", nullptr},
  };
  for (const Case& c : cases) {
    std::vector<std::string> headers;
    if (c.accept) headers.push_back(std::string("Accept-Encoding: ") + c.accept);
    RawResponse res = get(kPack, headers);
    const std::string label = c.accept ? c.accept : "(none)";
    ASSERT_EQ(res.status, 200) << label << ": " << res.describe();
    if (c.chosen) {
      EXPECT_EQ(res.header("Content-Encoding"), c.chosen) << "Accept-Encoding: " << label;
    } else {
      EXPECT_FALSE(res.has("Content-Encoding")) << "Accept-Encoding: " << label << "\n" << res.head;
    }
    EXPECT_EQ(res.header("Vary"), "Accept-Encoding") << label;
  }
}

TEST_F(HttpConformance, EveryCompressibleAnswerVariesOnAcceptEncoding) {
  for (const std::string& path :
       {std::string("/api/v1/packs"), kPack, kFixed, kPack + "/versions", std::string("/"), std::string("/umuhanda-web.wasm")}) {
    for (const char* accept : {"identity", "gzip", "br"}) {
      RawResponse res = get(path, {std::string("Accept-Encoding: ") + accept});
      ASSERT_EQ(res.status, 200) << path << ": " << res.describe();
      EXPECT_EQ(res.header("Vary"), "Accept-Encoding") << path << " with " << accept;
      EXPECT_EQ(res.count("Vary"), 1) << path;
    }
  }
}

TEST_F(HttpConformance, DynamicAndErrorBodiesNeverIgnoreAcceptEncoding) {
  // cpp-httplib on its own compresses set_content bodies, with brotli even for "br;q=0" and no Vary.
  for (const char* path : {"/healthz", "/api/v1/packs/nope", "/api/v1/me", "/no/such/file"}) {
    for (const char* accept : {"br;q=0", "br;q=0, gzip;q=0", "gzip;q=0, identity", "identity"}) {
      RawResponse res = get(path, {std::string("Accept-Encoding: ") + accept});
      ASSERT_TRUE(res.ok()) << res.error;
      EXPECT_FALSE(res.has("Content-Encoding")) << path << " with Accept-Encoding: " << accept << "\n" << res.head;
      EXPECT_FALSE(nlohmann::json::parse(res.body, nullptr, false).is_discarded()) << path << ": " << res.body;
    }
    RawResponse offered = get(path, {"Accept-Encoding: br, gzip"});
    if (offered.has("Content-Encoding")) {
      EXPECT_NE(offered.header("Vary").find("Accept-Encoding"), std::string::npos) << path << "\n" << offered.head;
    }
  }
}

TEST_F(HttpConformance, EtagsAreIdenticalAcrossRestartsInEveryEncoding) {
  auto [sha, mime] = first_media();
  auto tags = [&](int at) {
    std::vector<std::string> found;
    for (const char* accept : {"identity", "gzip", "br"}) {
      found.push_back(fetch(at, kPack, {std::string("Accept-Encoding: ") + accept}).header("ETag"));
      found.push_back(fetch(at, kFixed, {std::string("Accept-Encoding: ") + accept}).header("ETag"));
      found.push_back(fetch(at, "/api/v1/packs", {std::string("Accept-Encoding: ") + accept}).header("ETag"));
      found.push_back(fetch(at, "/", {std::string("Accept-Encoding: ") + accept}).header("ETag"));
    }
    found.push_back(fetch(at, "/api/v1/media/" + sha).header("ETag"));
    return found;
  };
  const auto before = tags(port);
  for (const auto& tag : before) ASSERT_FALSE(tag.empty());
  const auto data = server->data_dir();
  server->stop();
  SeededServer again({"--web", web.string()}, data);
  ASSERT_TRUE(again.started()) << again.log();
  EXPECT_EQ(tags(again.port()), before);
}

// [SECTION] Conditional requests

TEST_F(HttpConformance, IfNoneMatchWithTheTagGives304WithoutBodyOrLength) {
  RawResponse first = get(kPack);
  expect_not_modified(get(kPack, {"If-None-Match: " + first.header("ETag")}), first.header("ETag"), "no-cache");
}

TEST_F(HttpConformance, IfNoneMatchWithAListGives304) {
  const std::string etag = get(kPack).header("ETag");
  expect_not_modified(get(kPack, {"If-None-Match: \"0000\", " + etag + " ,\"ffff\""}), etag, "no-cache");
  expect_not_modified(get(kPack, {"If-None-Match: \"0000\",\"ffff\"," + etag}), etag, "no-cache");
}

TEST_F(HttpConformance, IfNoneMatchStarGives304) {
  const std::string etag = get(kPack).header("ETag");
  expect_not_modified(get(kPack, {"If-None-Match: *"}), etag, "no-cache");
}

TEST_F(HttpConformance, IfNoneMatchComparesWeakly) {
  // RFC 9110 §13.1.2: If-None-Match uses the weak comparison, so W/"x" matches "x".
  const std::string etag = get(kPack).header("ETag");
  expect_not_modified(get(kPack, {"If-None-Match: W/" + etag}), etag, "no-cache");
  expect_not_modified(get(kPack, {"If-None-Match: \"0000\", W/" + etag}), etag, "no-cache");
}

TEST_F(HttpConformance, IfNoneMatchWithOtherTagsGivesTheFullBody) {
  RawResponse first = get(kPack);
  RawResponse res = get(kPack, {"If-None-Match: \"0123456789abcdef0123456789abcdef\", W/\"feed\""});
  ASSERT_EQ(res.status, 200) << res.describe();
  EXPECT_EQ(res.body, first.body);
}

TEST_F(HttpConformance, IfNoneMatchIsComparedWithTheChosenEncoding) {
  RawResponse identity = get(kPack);
  RawResponse gzip = get(kPack, {"Accept-Encoding: gzip"});
  expect_not_modified(get(kPack, {"Accept-Encoding: gzip", "If-None-Match: " + gzip.header("ETag")}), gzip.header("ETag"), "no-cache");
  // The identity bytes' tag does not validate the brotli bytes.
  RawResponse br = get(kPack, {"Accept-Encoding: br", "If-None-Match: " + identity.header("ETag")});
  EXPECT_EQ(br.status, 200) << br.head;
  EXPECT_EQ(br.header("Content-Encoding"), "br");
}

TEST_F(HttpConformance, IfNoneMatchWinsOverIfModifiedSince) {
  RawResponse first = get(kPack);
  const std::string etag = first.header("ETag");
  const std::string last_modified = first.header("Last-Modified");
  ASSERT_FALSE(last_modified.empty());
  // A stale tag with a date the resource has not changed since: the tag decides, 200.
  RawResponse stale = get(kPack, {"If-None-Match: \"0000\"", "If-Modified-Since: " + http_date(std::time(nullptr) + 86400)});
  EXPECT_EQ(stale.status, 200) << stale.head;
  EXPECT_EQ(stale.body, first.body);
  // The current tag with a date long before: the tag decides, 304.
  expect_not_modified(get(kPack, {"If-None-Match: " + etag, "If-Modified-Since: Mon, 01 Jan 1990 00:00:00 GMT"}), etag, "no-cache");
}

TEST_F(HttpConformance, IfModifiedSinceAloneUsesLastModified) {
  RawResponse first = get("/api/v1/packs");
  const std::string last_modified = first.header("Last-Modified");
  ASSERT_TRUE(parse_http_date(last_modified).has_value()) << last_modified;
  expect_not_modified(get("/api/v1/packs", {"If-Modified-Since: " + last_modified}), first.header("ETag"), "no-cache");
  EXPECT_EQ(get("/api/v1/packs", {"If-Modified-Since: Mon, 01 Jan 1990 00:00:00 GMT"}).status, 200);
  EXPECT_EQ(get("/api/v1/packs", {"If-Modified-Since: not a date"}).status, 200);
}

TEST_F(HttpConformance, FixedVersionsMediaAndClientFilesRevalidateToo) {
  RawResponse fixed = get(kFixed, {"Accept-Encoding: br"});
  expect_not_modified(get(kFixed, {"Accept-Encoding: br", "If-None-Match: " + fixed.header("ETag")}), fixed.header("ETag"), kImmutable);
  auto [sha, mime] = first_media();
  RawResponse media = get("/api/v1/media/" + sha);
  expect_not_modified(get("/api/v1/media/" + sha, {"If-None-Match: " + media.header("ETag")}), media.header("ETag"), kImmutable, false);
  RawResponse page = get("/");
  expect_not_modified(get("/", {"If-None-Match: " + page.header("ETag")}), page.header("ETag"), "no-cache");
}

TEST_F(HttpConformance, ConditionalHeadGives304) {
  const std::string etag = get(kPack).header("ETag");
  expect_not_modified(head(kPack, {"If-None-Match: " + etag}), etag, "no-cache");
}

// [SECTION] HEAD, ranges, dates, connections

TEST_F(HttpConformance, HeadHasTheHeadersOfGetAndNoBody) {
  auto [sha, mime] = first_media();
  for (const std::string& path :
       {std::string("/api/v1/packs"), kPack, kFixed, "/api/v1/media/" + sha, std::string("/"), std::string("/api/v1/packs/nope")}) {
    for (const char* accept : {"identity", "br"}) {
      RawResponse got = get(path, {std::string("Accept-Encoding: ") + accept});
      RawResponse headed = head(path, {std::string("Accept-Encoding: ") + accept});
      ASSERT_TRUE(headed.ok()) << headed.error;
      EXPECT_EQ(headed.status, got.status) << path;
      EXPECT_TRUE(headed.body.empty()) << path << ": HEAD carried " << headed.body.size() << " bytes";
      auto comparable = [](const RawResponse& res) {
        std::map<std::string, std::string> kept;
        for (const auto& [name, value] : res.headers) {
          if (name != "Date" && name != "Server-Timing") kept[name] = value;
        }
        return kept;
      };
      EXPECT_EQ(comparable(headed), comparable(got)) << path << " with " << accept << "\nHEAD:\n" << headed.head << "GET:\n" << got.head;
      EXPECT_EQ(headed.header("Content-Length"), std::to_string(got.body.size())) << path;
    }
  }
}

TEST_F(HttpConformance, RangeRequestsNeverGetAPieceLabelledAsTheWhole) {
  RawResponse whole = get(kPack);
  for (const char* range : {"bytes=0-99", "bytes=-100", "bytes=0-0,5-9", "bytes=999999999-"}) {
    RawResponse res = get(kPack, {std::string("Range: ") + range});
    ASSERT_TRUE(res.ok()) << res.error;
    if (res.status == 206) {
      EXPECT_TRUE(res.has("Content-Range")) << range << "\n" << res.head;
    } else {
      EXPECT_EQ(res.status, 200) << range << "\n" << res.head;
      EXPECT_FALSE(res.has("Content-Range")) << range << "\n" << res.head;
      EXPECT_EQ(res.body.size(), whole.body.size()) << range << ": a 200 must carry the whole representation";
      EXPECT_EQ(res.header("ETag"), etag_of(res.body)) << range;
    }
  }
}

TEST_F(HttpConformance, ARequestWithoutLengthOrChunkingHasAnEmptyBody) {
  // RFC 9112 §6.3: such a request has no body, so it is answered at once, not after a read timeout.
  for (const auto& [path, status] : std::vector<std::pair<std::string, int>>{{"/healthz", 405}, {kPack + "/rollback", 401}, {"/api/v1/packs", 401}}) {
    const auto started = std::chrono::steady_clock::now();
    RawResponse res = testing::round_trip(port, "POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
    const auto elapsed = std::chrono::steady_clock::now() - started;
    EXPECT_EQ(res.status, status) << path << ": " << res.describe();
    EXPECT_LT(elapsed, std::chrono::seconds(1)) << path << " waited for a body that was never announced";
  }
}

TEST_F(HttpConformance, EveryAnswerIsDated) {
  const std::time_t now = std::time(nullptr);
  for (const char* path : {"/healthz", "/api/v1/packs", "/api/v1/packs/nope", "/"}) {
    RawResponse res = get(path);
    auto date = parse_http_date(res.header("Date"));
    ASSERT_TRUE(date.has_value()) << path << " has no valid Date (RFC 9110 §6.6.1):\n" << res.head;
    EXPECT_LE(std::abs(static_cast<long>(*date - now)), 60L) << res.header("Date");
  }
  const std::string etag = get(kPack).header("ETag");
  EXPECT_TRUE(parse_http_date(get(kPack, {"If-None-Match: " + etag}).header("Date")).has_value()) << "a 304 is dated too";
}

TEST_F(HttpConformance, KeepAliveAnswersSmallResponsesWithoutNagleDelays) {
  // Without TCP_NODELAY a body written after its head waits for a delayed ACK: ~40 ms each.
  RawConnection connection(port);
  ASSERT_TRUE(connection.connected());
  const auto started = std::chrono::steady_clock::now();
  for (int i = 0; i < 20; ++i) {
    ASSERT_TRUE(connection.send("GET /api/v1/packs HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"));
    RawResponse res = connection.read_response();
    ASSERT_EQ(res.status, 200) << "request " << i << ": " << res.describe();
    ASSERT_FALSE(res.body.empty());
  }
  const auto elapsed = std::chrono::steady_clock::now() - started;
  EXPECT_LT(elapsed, std::chrono::milliseconds(400))
      << "20 keep-alive requests took " << std::chrono::duration_cast<std::chrono::milliseconds>(elapsed).count() << " ms";
}

// [SECTION] Database cost (Server-Timing)

TEST_F(HttpConformance, EveryAnswerReportsItsCostInServerTiming) {
  auto [sha, mime] = first_media();
  const std::string etag = get(kPack).header("ETag");
  const std::vector<std::pair<std::string, std::vector<std::string>>> requests = {
      {"/healthz", {}},          {"/api/v1/packs", {}},        {kPack, {}}, {kPack, {"If-None-Match: " + etag}}, {kFixed, {"Accept-Encoding: br"}},
      {kPack + "/versions", {}}, {"/api/v1/media/" + sha, {}}, {"/", {}},   {"/api/v1/packs/nope", {}},          {"/api/v1/me", {}},
      {"/nothing/here", {}}};
  for (const auto& [path, headers] : requests) {
    RawResponse res = get(path, headers);
    testing::ServerTiming timing = testing::parse_server_timing(res.header("Server-Timing"));
    EXPECT_TRUE(timing.parsed) << path << ": Server-Timing: " << res.header("Server-Timing");
    EXPECT_LE(timing.queries, 1) << path;
    EXPECT_EQ(res.count("Server-Timing"), 1) << path;
  }
}

TEST_F(HttpConformance, PackContentCostsNoQueryOnACacheHit) {
  for (const std::string& path : {kPack, kFixed}) {
    for (const char* accept : {"identity", "gzip", "br"}) {
      RawResponse res = get(path, {std::string("Accept-Encoding: ") + accept});
      testing::ServerTiming timing = testing::parse_server_timing(res.header("Server-Timing"));
      ASSERT_TRUE(timing.parsed) << res.header("Server-Timing");
      EXPECT_EQ(timing.cache, "hit") << path << " " << accept;
      EXPECT_EQ(timing.queries, 0) << path << " " << accept;
    }
  }
  for (const std::string& path : {std::string("/api/v1/packs"), kPack + "/versions"}) {
    testing::ServerTiming timing = testing::parse_server_timing(get(path).header("Server-Timing"));
    EXPECT_EQ(timing.queries, 0) << path << " is built at import, not per request";
  }
}

TEST_F(HttpConformance, MediaCostsOneQueryOnAMissAndNoneOnAHit) {
  auto [sha, mime] = first_media();
  testing::ServerTiming miss = testing::parse_server_timing(get("/api/v1/media/" + sha).header("Server-Timing"));
  EXPECT_EQ(miss.cache, "miss");
  EXPECT_EQ(miss.queries, 1);
  testing::ServerTiming hit = testing::parse_server_timing(get("/api/v1/media/" + sha).header("Server-Timing"));
  EXPECT_EQ(hit.cache, "hit");
  EXPECT_EQ(hit.queries, 0);
  testing::ServerTiming unknown = testing::parse_server_timing(get("/api/v1/media/" + std::string(64, '0')).header("Server-Timing"));
  EXPECT_EQ(unknown.queries, 0) << "an unknown hash is known without asking the database";
}

TEST_F(HttpConformance, ARequestRefusedBeforeRoutingReportsItsOwnCost) {
  // One connection is served by one thread: a refused request must not show the previous one's stats.
  auto [sha, mime] = first_media();
  RawConnection connection(port);
  ASSERT_TRUE(connection.connected());
  ASSERT_TRUE(connection.send("GET /api/v1/media/" + sha + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"));
  RawResponse miss = connection.read_response();
  ASSERT_EQ(testing::parse_server_timing(miss.header("Server-Timing")).queries, 1) << miss.head;
  ASSERT_TRUE(connection.send("GET /" + std::string(9000, 'a') + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"));
  RawResponse refused = connection.read_response();
  ASSERT_EQ(refused.status, 414) << refused.describe();
  EXPECT_EQ(nlohmann::json::parse(refused.body)["error"]["code"], "uri_too_long") << refused.body;
  testing::ServerTiming timing = testing::parse_server_timing(refused.header("Server-Timing"));
  EXPECT_EQ(timing.queries, 0) << refused.head;
  EXPECT_NE(timing.cache, "miss") << refused.head;
}

class SmallCacheConformance : public HttpConformance {
protected:
  std::vector<std::string> extra_arguments() override { return {"--cache-mb", "1"}; }
};

TEST_F(SmallCacheConformance, AnEvictedPackVersionCostsOneQueryThenNone) {
  auto pack = nlohmann::json::parse(get(kPack).body);
  // Filling the 1 MiB cache with media evicts the pack body loaded at start.
  RawConnection connection(port);
  ASSERT_TRUE(connection.connected());
  for (const auto& item : pack["media"]) {
    ASSERT_TRUE(connection.send("GET /api/v1/media/" + item["sha256"].get<std::string>() + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"));
    RawResponse res = connection.read_response();
    ASSERT_EQ(res.status, 200) << res.describe();
    EXPECT_LE(testing::parse_server_timing(res.header("Server-Timing")).queries, 1);
  }
  testing::ServerTiming miss = testing::parse_server_timing(get(kFixed).header("Server-Timing"));
  EXPECT_EQ(miss.cache, "miss");
  EXPECT_EQ(miss.queries, 1);
  RawResponse again = get(kFixed, {"Accept-Encoding: br"});
  testing::ServerTiming hit = testing::parse_server_timing(again.header("Server-Timing"));
  EXPECT_EQ(hit.cache, "hit");
  EXPECT_EQ(hit.queries, 0);
  EXPECT_EQ(testing::unbrotli(again.body), get(kFixed).body);
}

// [SECTION] Errors and methods

TEST_F(HttpConformance, ErrorsAreJsonWithCodeMessageAndDetails) {
  const std::vector<std::tuple<std::string, std::string, int, std::string>> cases = {
      {"GET", "/api/v1/packs/nope", 404, "not_found"},
      {"GET", kPack + "/v/99", 404, "not_found"},
      {"GET", kPack + "/v/0", 404, "not_found"},
      {"GET", "/api/v1/media/" + std::string(64, '0'), 404, "not_found"},
      {"GET", "/api/v1/media/not-a-hash", 404, "not_found"},
      {"GET", "/api/v2/packs", 404, "not_found"},
      {"GET", "/no/such/file.js", 404, "not_found"},
      {"DELETE", kPack, 405, "method_not_allowed"},
      {"GET", "/api/v1/me", 401, "unauthorized"},
  };
  for (const auto& [method, path, status, code] : cases) {
    RawResponse res = fetch(port, path, {}, method);
    ASSERT_EQ(res.status, status) << method << " " << path << ": " << res.describe();
    EXPECT_EQ(res.header("Content-Type"), "application/json") << path;
    EXPECT_EQ(res.header("Cache-Control"), "no-store") << path;
    auto body = nlohmann::json::parse(res.body, nullptr, false);
    ASSERT_FALSE(body.is_discarded()) << res.body;
    EXPECT_EQ(body["error"]["code"], code) << res.body;
    EXPECT_TRUE(body["error"]["message"].is_string() && !body["error"]["message"].get<std::string>().empty()) << res.body;
    EXPECT_TRUE(body["error"]["details"].is_array()) << res.body;
  }
}

TEST_F(HttpConformance, OtherMethodsGet405WithAllow) {
  const std::vector<std::tuple<std::string, std::string, std::string>> cases = {
      {"POST", "/healthz", "GET, HEAD"},
      {"PUT", "/api/v1/packs", "GET, HEAD, POST"},
      {"DELETE", "/api/v1/packs", "GET, HEAD, POST"},
      {"PATCH", kPack, "GET, HEAD"},
      {"DELETE", "/api/v1/media/" + std::string(64, '0'), "GET, HEAD"},
      {"PUT", kPack + "/rollback", "POST"},
      {"GET", kPack + "/rollback", "POST"},
      {"POST", "/index.html", "GET, HEAD"},
  };
  for (const auto& [method, path, allow] : cases) {
    RawResponse res = fetch(port, path, {"Content-Length: 0"}, method);
    ASSERT_EQ(res.status, 405) << method << " " << path << ": " << res.describe();
    EXPECT_EQ(res.header("Allow"), allow) << method << " " << path;
    EXPECT_EQ(nlohmann::json::parse(res.body)["error"]["code"], "method_not_allowed");
  }
}

TEST_F(HttpConformance, OptionsAnswers204WithAllowAndNoContentLength) {
  for (const auto& [path, allow] : std::vector<std::pair<std::string, std::string>>{
           {"/api/v1/packs", "GET, HEAD, POST"}, {kPack + "/rollback", "POST"}, {kPack, "GET, HEAD"}, {"/", "GET, HEAD"}}) {
    RawResponse res = fetch(port, path, {}, "OPTIONS");
    ASSERT_EQ(res.status, 204) << path << ": " << res.describe();
    EXPECT_EQ(res.header("Allow"), allow) << path;
    EXPECT_FALSE(res.has("Content-Length")) << "RFC 9110 §8.6: no Content-Length in a 204\n" << res.head;
    EXPECT_TRUE(res.body.empty());
  }
}

// [SECTION] The web client and its security headers

TEST_F(HttpConformance, HtmlCarriesSecurityHeadersForAWasmPage) {
  for (const char* path : {"/", "/index.html"}) {
    RawResponse res = get(path, {"Accept-Encoding: br"});
    ASSERT_EQ(res.status, 200) << res.describe();
    EXPECT_EQ(res.header("Content-Type"), "text/html; charset=utf-8");
    const std::string csp = res.header("Content-Security-Policy");
    for (const char* part : {"default-src 'self'", "'wasm-unsafe-eval'", "object-src 'none'", "frame-ancestors 'none'", "base-uri 'none'"}) {
      EXPECT_NE(csp.find(part), std::string::npos) << "CSP lacks " << part << ": " << csp;
    }
    EXPECT_EQ(csp.find("'unsafe-eval'"), std::string::npos) << csp;
    EXPECT_EQ(res.header("X-Content-Type-Options"), "nosniff");
    EXPECT_EQ(res.header("Referrer-Policy"), "no-referrer");
  }
}

TEST_F(HttpConformance, EveryAnswerForbidsSniffing) {
  auto [sha, mime] = first_media();
  for (const std::string& path : {std::string("/healthz"), std::string("/api/v1/packs"), "/api/v1/media/" + sha, std::string("/sign.png"),
                                  std::string("/api/v1/packs/nope"), std::string("/umuhanda-web.wasm")}) {
    EXPECT_EQ(get(path).header("X-Content-Type-Options"), "nosniff") << path;
  }
}

TEST_F(HttpConformance, ClientFilesHaveTheirTypesAndCachingPolicy) {
  RawResponse page = get("/");
  EXPECT_EQ(page.header("Cache-Control"), "no-cache");
  RawResponse hashed = get("/app.0123abcd.js");
  EXPECT_EQ(hashed.header("Content-Type"), "text/javascript; charset=utf-8");
  EXPECT_EQ(hashed.header("Cache-Control"), kImmutable) << "a content-hashed name never changes";
  RawResponse image = get("/sign.png", {"Accept-Encoding: br, gzip"});
  EXPECT_EQ(image.header("Content-Type"), "image/png");
  EXPECT_FALSE(image.has("Content-Encoding"));
  // cpp-httplib would never compress wasm; the server precompresses it.
  RawResponse wasm = get("/umuhanda-web.wasm", {"Accept-Encoding: br"});
  EXPECT_EQ(wasm.header("Content-Type"), "application/wasm");
  EXPECT_EQ(wasm.header("Content-Encoding"), "br");
  EXPECT_EQ(testing::unbrotli(wasm.body).size(), 8u + 4096u);
}

// [SECTION] Client files compressed by the web build

std::string file_bytes(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// The web build writes "x.br" and "x.gz" next to each client file, so the server need not spend
// seconds of brotli at every start. A form left from another build must never be sent.
class BuildCompressedClient : public HttpConformance {
protected:
  void add_web_files() override {
    const std::string page = file_bytes(web / "index.html");
    std::ofstream(web / "index.html.br", std::ios::binary) << brotli_compress(page);
    std::ofstream(web / "index.html.gz", std::ios::binary) << gzip_compress(page);
    std::ofstream(web / "app.0123abcd.js.gz", std::ios::binary) << gzip_compress("console.log('an earlier build')" + std::string(500, ';'));
  }
};

TEST_F(BuildCompressedClient, ServesTheBuildsFormsAndCompressesAgainWhatDoesNotMatch) {
  RawResponse br = get("/", {"Accept-Encoding: br"});
  EXPECT_EQ(br.header("Content-Encoding"), "br");
  EXPECT_EQ(br.body, file_bytes(web / "index.html.br"));
  EXPECT_EQ(br.header("ETag"), etag_of(br.body));
  RawResponse gzip = get("/", {"Accept-Encoding: gzip"});
  EXPECT_EQ(gzip.header("Content-Encoding"), "gzip");
  EXPECT_EQ(gzip.body, file_bytes(web / "index.html.gz"));

  RawResponse script = get("/app.0123abcd.js", {"Accept-Encoding: gzip"});
  EXPECT_EQ(script.header("Content-Encoding"), "gzip");
  EXPECT_EQ(testing::gunzip(script.body), file_bytes(web / "app.0123abcd.js")) << "the stale form was sent";

  EXPECT_EQ(get("/index.html.br").status, 404) << "a form is not a file of its own";
  EXPECT_EQ(get("/app.0123abcd.js.gz").status, 404);
  const std::string log = server->log();
  EXPECT_NE(log.find("2 compressed forms from the build"), std::string::npos) << log;
  EXPECT_NE(log.find("app.0123abcd.js.gz: does not decode to app.0123abcd.js"), std::string::npos) << log;
}

}  // namespace
}  // namespace umuhanda
