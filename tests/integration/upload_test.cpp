// Instructor uploads and rollbacks against the real server: a good pack becomes current, a bad one
// is refused with every error and changes nothing, tokens are checked (401, 403, 429), and the
// size and type of uploads are bounded (413, 415).
// [SECTION] Fixture
// [SECTION] Publishing
// [SECTION] Refused packs
// [SECTION] Tokens
// [SECTION] Rollback
#include <gtest/gtest.h>

#include <chrono>
#include <nlohmann/json.hpp>
#include <set>
#include <thread>

#include "http_test_support.hpp"

namespace umuhanda {
namespace {

using testing::error_of;
using testing::expect_refused_and_closed;
using testing::fetch;
using testing::RawResponse;
using testing::request_text;
using testing::round_trip;
using testing::SeededServer;

const std::string kPack = "/api/v1/packs/umuhanda-default";

// [SECTION] Fixture

// What a client sees of the default pack; equal snapshots mean nothing changed.
struct Served {
  std::string latest;
  std::string latest_etag;
  std::string catalog;
  std::string catalog_etag;
  std::string versions;
  bool operator==(const Served&) const = default;
};

class Uploads : public testing::SeededServerTest {
protected:
  const std::string& instructor() {
    if (m_instructor.empty()) m_instructor = testing::create_token(*server, "instructor", "Ines Instructor").secret;
    return m_instructor;
  }

  RawResponse upload(std::string_view zip, std::string_view token, std::string_view content_type = "application/zip") {
    std::vector<std::string> headers;
    if (!token.empty()) headers.push_back("Authorization: Bearer " + std::string(token));
    if (!content_type.empty()) headers.push_back("Content-Type: " + std::string(content_type));
    if (zip.empty()) headers.push_back("Content-Length: 0");
    // Publishing compresses the pack (seconds on a busy machine).
    return round_trip(port, request_text("POST", "/api/v1/packs", headers, zip), std::chrono::seconds(60));
  }

  RawResponse rollback(std::string_view pack_id, std::string_view body, std::string_view token) {
    std::vector<std::string> headers = {"Content-Type: application/json"};
    if (!token.empty()) headers.push_back("Authorization: Bearer " + std::string(token));
    return round_trip(port, request_text("POST", "/api/v1/packs/" + std::string(pack_id) + "/rollback", headers, body), std::chrono::seconds(60));
  }

  Served served() {
    RawResponse latest = fetch(port, kPack), catalog = fetch(port, "/api/v1/packs"), versions = fetch(port, kPack + "/versions");
    return Served{latest.body, latest.header("ETag"), catalog.body, catalog.header("ETag"), versions.body};
  }

  int current_version() {
    auto pack = nlohmann::json::parse(fetch(port, kPack).body, nullptr, false);
    return pack.is_discarded() ? -1 : pack["version"].get<int>();
  }

private:
  std::string m_instructor;
};

// The default pack at version 2 with three independent errors, in pack.json and in its media.
std::string broken_pack_zip() {
  auto files = testing::default_pack_files();
  auto pack = nlohmann::json::parse(files.at("pack.json"));
  pack["version"] = 2;
  pack["questions"][0]["correct"] = 9;
  pack["questions"][1]["topic"] = "no-such-topic";
  files["pack.json"] = pack.dump(2);
  files.erase("media/signs/256/p-stop.png");
  return testing::zip_of(files);
}

// [SECTION] Publishing

TEST_F(Uploads, AGoodPackBecomesCurrentAndChangesTheCatalogEtag) {
  const Served before = served();
  const std::string& zip = testing::default_pack_zip(2);
  ASSERT_FALSE(zip.empty()) << "umuhanda-pack build failed";

  RawResponse res = upload(zip, instructor());
  ASSERT_EQ(res.status, 201) << res.describe();
  EXPECT_EQ(res.header("Cache-Control"), "private, no-store");
  auto created = nlohmann::json::parse(res.body);
  EXPECT_EQ(created["id"], "umuhanda-default");
  EXPECT_EQ(created["version"], 2);
  EXPECT_EQ(created["url"], kPack);
  EXPECT_TRUE(created["warnings"].is_array());

  const Served after = served();
  EXPECT_EQ(current_version(), 2);
  EXPECT_NE(after.latest_etag, before.latest_etag);
  EXPECT_NE(after.catalog_etag, before.catalog_etag) << "a cache holding the old catalog must see it changed";
  EXPECT_EQ(nlohmann::json::parse(after.catalog)["packs"][0]["version"], 2);
  EXPECT_EQ(nlohmann::json::parse(after.catalog)["packs"][0]["etag"], after.latest_etag);
  EXPECT_EQ(fetch(port, "/api/v1/packs", {"If-None-Match: " + before.catalog_etag}).status, 200);
  EXPECT_EQ(fetch(port, kPack, {"If-None-Match: " + before.latest_etag}).status, 200);

  auto versions = nlohmann::json::parse(after.versions)["versions"];
  ASSERT_EQ(versions.size(), 2u) << after.versions;
  EXPECT_EQ(versions[0]["current"], false);
  EXPECT_EQ(versions[1]["current"], true);
  // The old version stays served, byte for byte, and immutable.
  RawResponse v1 = fetch(port, kPack + "/v/1");
  EXPECT_EQ(v1.body, before.latest);
  EXPECT_EQ(v1.header("ETag"), before.latest_etag);
  EXPECT_EQ(fetch(port, kPack + "/v/2").body, after.latest);
  // The access log keeps every upload, also when it logs only errors (the default).
  const std::string log = testing::log_once_it_has(*server, "POST /api/v1/packs 201");
  EXPECT_NE(log.find("POST /api/v1/packs 201"), std::string::npos) << log;
}

// [SECTION] Refused packs

TEST_F(Uploads, AnInvalidPackIs422WithEveryErrorAndChangesNothing) {
  const Served before = served();
  RawResponse res = upload(broken_pack_zip(), instructor());
  ASSERT_EQ(res.status, 422) << res.describe();
  auto error = error_of(res);
  EXPECT_EQ(error["code"], "invalid_pack");
  std::set<std::string> paths;
  for (const auto& detail : error["details"]) {
    paths.insert(detail["path"].get<std::string>());
    EXPECT_FALSE(detail["message"].get<std::string>().empty());
  }
  for (const char* expected : {"questions[0].correct", "questions[1].topic", "media/signs/256/p-stop.png"}) {
    EXPECT_TRUE(paths.count(expected)) << "details lack " << expected << ": " << res.body;
  }
  EXPECT_NE(error["message"].get<std::string>().find(std::to_string(error["details"].size()) + " error(s)"), std::string::npos) << res.body;
  EXPECT_EQ(served(), before) << "a refused upload must change nothing";
  EXPECT_EQ(fetch(port, kPack + "/v/2").status, 404);
}

TEST_F(Uploads, BytesThatAreNotAPackZipAre422) {
  const Served before = served();
  for (const std::string& body : {std::string("this is not a zip file"), testing::zip_of({{"readme.txt", "no pack here"}})}) {
    RawResponse res = upload(body, instructor());
    ASSERT_EQ(res.status, 422) << res.describe();
    EXPECT_EQ(error_of(res)["code"], "invalid_pack");
    EXPECT_FALSE(error_of(res)["details"].empty()) << res.body;
  }
  EXPECT_EQ(served(), before);
}

TEST_F(Uploads, AVersionThatIsNotNewerIs422) {
  const Served before = served();
  RawResponse res = upload(testing::default_pack_zip(1), instructor());
  ASSERT_EQ(res.status, 422) << res.describe();
  auto error = error_of(res);
  EXPECT_EQ(error["code"], "invalid_pack");
  ASSERT_EQ(error["details"].size(), 1u) << res.body;
  EXPECT_EQ(error["details"][0]["path"], "version");
  EXPECT_NE(error["details"][0]["message"].get<std::string>().find("raise the version"), std::string::npos) << res.body;
  EXPECT_EQ(served(), before);
}

TEST_F(Uploads, ANonZipContentTypeIs415) {
  const Served before = served();
  const std::string& zip = testing::default_pack_zip(2);
  for (const char* type : {"text/plain", "application/octet-stream", "application/json", ""}) {
    RawResponse res = upload(zip, instructor(), type);
    ASSERT_EQ(res.status, 415) << "Content-Type: " << type << "\n" << res.describe();
    EXPECT_EQ(error_of(res)["code"], "unsupported_media_type");
  }
  // An HTML form's upload: the zip inside a multipart body.
  const std::string form =
      "--b0undary\r\nContent-Disposition: form-data; name=\"pack\"; filename=\"pack.zip\"\r\n"
      "Content-Type: application/zip\r\n\r\n" +
      zip + "\r\n--b0undary--\r\n";
  RawResponse res = upload(form, instructor(), "multipart/form-data; boundary=b0undary");
  ASSERT_EQ(res.status, 415) << res.describe();
  EXPECT_EQ(error_of(res)["code"], "unsupported_media_type");
  EXPECT_EQ(served(), before);
}

class SmallUploadLimit : public Uploads {
protected:
  std::vector<std::string> extra_arguments() override { return {"--max-upload-mb", "1"}; }
};

TEST_F(SmallUploadLimit, AnUploadOverTheLimitIs413) {
  const Served before = served();
  // The limit is checked on Content-Length before anything is parsed: the body need not be a pack
  // (the default pack zips to less than 1 MiB since its pictures were quantised).
  const std::string body = testing::default_pack_zip(2) + std::string((3u << 19), 'x');
  ASSERT_GT(body.size(), 1u << 20);
  RawResponse res = upload(body, instructor());
  ASSERT_EQ(res.status, 413) << res.describe();
  EXPECT_EQ(error_of(res)["code"], "payload_too_large");
  EXPECT_EQ(served(), before);
  EXPECT_EQ(fetch(port, "/healthz").status, 200);
}

// [SECTION] Tokens

TEST_F(Uploads, MissingWrongAndRevokedTokensGetTheSame401) {
  testing::ApiToken revoked = testing::create_token(*server, "instructor", "Former Instructor");
  ASSERT_TRUE(testing::revoke_token(*server, revoked.id));
  const Served before = served();
  const std::string& zip = testing::default_pack_zip(2);
  std::vector<RawResponse> answers;
  answers.push_back(upload(zip, ""));
  answers.push_back(upload(zip, "wrong"));
  answers.push_back(upload(zip, "umh_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"));
  answers.push_back(upload(zip, revoked.secret));
  answers.push_back(
      round_trip(port, request_text("POST", "/api/v1/packs", {"Authorization: Basic dXNlcjpwYXNz", "Content-Type: application/zip"}, zip)));
  for (const RawResponse& res : answers) {
    ASSERT_EQ(res.status, 401) << res.describe();
    EXPECT_EQ(res.body, answers.front().body) << "the answer must not tell which case it was";
    EXPECT_EQ(res.header("WWW-Authenticate"), answers.front().header("WWW-Authenticate"));
    EXPECT_EQ(res.header("WWW-Authenticate").rfind("Bearer ", 0), 0u);
  }
  EXPECT_EQ(error_of(answers.front())["code"], "unauthorized");
  EXPECT_EQ(served(), before);
}

TEST_F(Uploads, AStudentHasNoTokenAndTheirSessionIs403) {
  // Tokens are for instructors and admins: the command refuses one for a student's account.
  EXPECT_TRUE(testing::create_token(*server, "student", "Sam Student").secret.empty());
  // Signed in by session, a student is refused uploads and rollbacks.
  RawResponse signed_up = round_trip(port, request_text("POST", "/api/v1/accounts", {"Origin: http://127.0.0.1", "Content-Type: application/json"},
                                                        R"({"name": "Sam Student", "login": "0781300001", "password": "amahoro y'umuhanda"})"));
  ASSERT_EQ(signed_up.status, 201) << signed_up.describe();
  const std::string cookie = "Cookie: " + signed_up.header("Set-Cookie").substr(0, signed_up.header("Set-Cookie").find(';'));
  const Served before = served();
  RawResponse res = round_trip(
      port,
      request_text("POST", "/api/v1/packs", {"Origin: http://127.0.0.1", cookie, "Content-Type: application/zip"}, testing::default_pack_zip(2)),
      std::chrono::seconds(60));
  ASSERT_EQ(res.status, 403) << res.describe();
  EXPECT_EQ(error_of(res)["code"], "forbidden");
  RawResponse rolled = round_trip(port, request_text("POST", "/api/v1/packs/umuhanda-default/rollback",
                                                     {"Origin: http://127.0.0.1", cookie, "Content-Type: application/json"}, R"({"version": 1})"));
  EXPECT_EQ(rolled.status, 403) << rolled.describe();
  EXPECT_EQ(fetch(port, "/api/v1/me", {cookie}).status, 200) << "the session itself is valid";
  EXPECT_EQ(served(), before);
}

TEST_F(Uploads, RepeatedFailedTokensGet429WithRetryAfter) {
  // 20 failures within a minute from one address are allowed; the next attempt is refused.
  for (int i = 0; i < 20; ++i) {
    RawResponse res = fetch(port, "/api/v1/me", {"Authorization: Bearer umh_guess" + std::to_string(i)});
    ASSERT_EQ(res.status, 401) << "attempt " << i << ": " << res.describe();
  }
  RawResponse limited = fetch(port, "/api/v1/me", {"Authorization: Bearer umh_guess-again"});
  ASSERT_EQ(limited.status, 429) << limited.describe();
  EXPECT_EQ(error_of(limited)["code"], "too_many_requests");
  const std::string retry_after = limited.header("Retry-After");
  ASSERT_FALSE(retry_after.empty()) << limited.head;
  EXPECT_EQ(retry_after.find_first_not_of("0123456789"), std::string::npos) << retry_after;
  EXPECT_GE(std::stoi(retry_after), 1);
  EXPECT_LE(std::stoi(retry_after), 61);
  // Even a right token waits: guessing must not be told apart from knowing.
  EXPECT_EQ(upload(testing::default_pack_zip(2), instructor()).status, 429);
  EXPECT_EQ(fetch(port, "/api/v1/packs").status, 200) << "public content is not rate limited";
}

// [SECTION] Rollback

TEST_F(Uploads, RollbackIsForInstructorsAndNamesAnExistingVersion) {
  const Served before = served();
  EXPECT_EQ(rollback("umuhanda-default", R"({"version": 1})", "").status, 401);
  EXPECT_EQ(rollback("umuhanda-default", R"({"version": 1})", "umh_wrong").status, 401);
  for (const char* body : {"", "not json", R"({"version": "1"})", R"({"v": 1})", "[1]"}) {
    RawResponse res = rollback("umuhanda-default", body, instructor());
    EXPECT_EQ(res.status, 400) << "body " << body << ": " << res.describe();
    EXPECT_EQ(error_of(res)["code"], "bad_request");
  }
  RawResponse unknown_version = rollback("umuhanda-default", R"({"version": 99})", instructor());
  EXPECT_EQ(unknown_version.status, 404) << unknown_version.describe();
  EXPECT_EQ(error_of(unknown_version)["code"], "not_found");
  RawResponse unknown_pack = rollback("no-such-pack", R"({"version": 1})", instructor());
  EXPECT_EQ(unknown_pack.status, 404) << unknown_pack.describe();
  EXPECT_EQ(served(), before);
}

TEST_F(Uploads, RollbackMakesAnEarlierVersionCurrentAndItsNumberStaysTaken) {
  const Served original = served();
  ASSERT_EQ(upload(testing::default_pack_zip(2), instructor()).status, 201);
  const Served published = served();
  ASSERT_EQ(current_version(), 2);

  RawResponse res = rollback("umuhanda-default", R"({"version": 1})", instructor());
  ASSERT_EQ(res.status, 200) << res.describe();
  EXPECT_EQ(res.header("Cache-Control"), "private, no-store");
  EXPECT_EQ(nlohmann::json::parse(res.body)["version"], 1);
  const Served rolled_back = served();
  EXPECT_EQ(rolled_back.latest, original.latest);
  EXPECT_EQ(rolled_back.latest_etag, original.latest_etag);
  EXPECT_NE(rolled_back.catalog_etag, published.catalog_etag);
  EXPECT_EQ(nlohmann::json::parse(rolled_back.catalog)["packs"][0]["version"], 1);
  auto versions = nlohmann::json::parse(rolled_back.versions)["versions"];
  ASSERT_EQ(versions.size(), 2u);
  EXPECT_EQ(versions[0]["current"], true);
  EXPECT_EQ(versions[1]["current"], false);
  EXPECT_EQ(fetch(port, kPack + "/v/2").body, published.latest) << "a rolled-back version stays reachable";
  EXPECT_EQ(rollback("umuhanda-default", R"({"version": 3})", instructor()).status, 404);

  // Version 2 names the published bytes forever: uploading "version 2" again is the pack's error,
  // and its answer holds no SQL or server paths.
  RawResponse again = upload(testing::default_pack_zip(2), instructor());
  ASSERT_EQ(again.status, 422) << again.describe();
  auto error = error_of(again);
  ASSERT_EQ(error["details"].size(), 1u) << again.body;
  EXPECT_EQ(error["details"][0]["path"], "version");
  for (const char* internal : {"INSERT", "UNIQUE", "constraint", "umuhanda.db", "/tmp"}) {
    EXPECT_EQ(again.body.find(internal), std::string::npos) << "leaks \"" << internal << "\": " << again.body;
  }
  EXPECT_EQ(served(), rolled_back);
}

}  // namespace
}  // namespace umuhanda
