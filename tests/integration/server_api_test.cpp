// The real server binary over real HTTP on loopback with a real SQLite file: health, catalog,
// pack, ETag and 304, the client files, errors, persistence across restarts, clean shutdown.
#include <gtest/gtest.h>
#include <httplib.h>
#include <sys/wait.h>

#include <chrono>
#include <fstream>
#include <nlohmann/json.hpp>
#include <thread>

#include "server_process.hpp"
#include "umuhanda/pack_json.hpp"

namespace umuhanda {
namespace {

using testing::ServerProcess;

class ServerApi : public ::testing::Test {
protected:
  void SetUp() override {
    server = std::make_unique<ServerProcess>(extra_arguments(), start_with());
    ASSERT_TRUE(server->started()) << "the server did not start; its log:\n" << server->log();
    client = std::make_unique<httplib::Client>("127.0.0.1", server->port());
  }
  void TearDown() override {
    if (HasFailure() && server) std::cerr << "server log:\n" << server->log();
  }
  virtual std::vector<std::string> extra_arguments() { return {}; }
  virtual testing::StartWith start_with() { return testing::StartWith::seeded_copy; }

  std::unique_ptr<ServerProcess> server;
  std::unique_ptr<httplib::Client> client;
};

TEST_F(ServerApi, HealthzAnswers) {
  auto res = client->Get("/healthz");
  ASSERT_TRUE(res) << httplib::to_string(res.error());
  EXPECT_EQ(res->status, 200);
  EXPECT_EQ(nlohmann::json::parse(res->body)["status"], "ok");
}

class FreshServer : public ServerApi {
protected:
  testing::StartWith start_with() override { return testing::StartWith::empty_database; }
};

TEST_F(FreshServer, AnEmptyDatabaseIsSeededWithTheDefaultPack) {
  auto res = client->Get("/api/v1/packs");
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 200);
  EXPECT_EQ(res->get_header_value("Content-Type"), "application/json");
  auto catalog = nlohmann::json::parse(res->body);
  ASSERT_EQ(catalog["packs"].size(), 1u) << res->body;
  const auto& entry = catalog["packs"][0];
  EXPECT_EQ(entry["id"], "umuhanda-default");
  EXPECT_EQ(entry["version"], 1);
  EXPECT_GE(entry["counts"]["questions"].get<int>(), 250);
  EXPECT_GE(entry["counts"]["signs"].get<int>(), 90);
  EXPECT_EQ(entry["url"], "/api/v1/packs/umuhanda-default");
  EXPECT_TRUE(std::filesystem::exists(server->data_dir() / "umuhanda.db"));
  EXPECT_NE(server->log().find("seeded the empty database with pack \"umuhanda-default\""), std::string::npos);
}

TEST_F(ServerApi, ThePackIsServedWithAStrongEtagMatchingTheCatalog) {
  auto catalog = nlohmann::json::parse(client->Get("/api/v1/packs")->body);
  auto res = client->Get("/api/v1/packs/umuhanda-default");
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 200);
  std::string etag = res->get_header_value("ETag");
  EXPECT_EQ(etag, catalog["packs"][0]["etag"]);
  ASSERT_GE(etag.size(), 3u);
  EXPECT_EQ(etag.front(), '"') << "a strong ETag is a quoted string without W/";
  EXPECT_EQ(res->get_header_value("Cache-Control"), "no-cache");
  auto pack = parse_pack_json(res->body);
  ASSERT_TRUE(pack.ok()) << to_string(pack.errors());
  EXPECT_EQ(pack->id, "umuhanda-default");
  EXPECT_EQ(catalog["packs"][0]["bytes"]["identity"].get<std::size_t>(), res->body.size());
}

TEST_F(ServerApi, AMatchingIfNoneMatchGets304WithoutABody) {
  auto first = client->Get("/api/v1/packs/umuhanda-default");
  ASSERT_TRUE(first);
  std::string etag = first->get_header_value("ETag");
  for (const std::string& header : {etag, "\"other\", " + etag, std::string("*"), "W/" + etag}) {
    auto res = client->Get("/api/v1/packs/umuhanda-default", {{"If-None-Match", header}});
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 304) << "If-None-Match: " << header;
    EXPECT_TRUE(res->body.empty());
    EXPECT_EQ(res->get_header_value("ETag"), etag);
    EXPECT_EQ(res->get_header_value("Cache-Control"), "no-cache");
  }
  auto stale = client->Get("/api/v1/packs/umuhanda-default", {{"If-None-Match", "\"not-the-current-one\""}});
  ASSERT_TRUE(stale);
  EXPECT_EQ(stale->status, 200);
  EXPECT_EQ(stale->body, first->body);

  auto catalog = client->Get("/api/v1/packs");
  auto catalog_again = client->Get("/api/v1/packs", {{"If-None-Match", catalog->get_header_value("ETag")}});
  ASSERT_TRUE(catalog_again);
  EXPECT_EQ(catalog_again->status, 304);
}

TEST_F(ServerApi, UnknownPackAndPathGiveJson404) {
  for (const char* path : {"/api/v1/packs/nope", "/no/such/file.js"}) {
    auto res = client->Get(path);
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 404) << path;
    auto body = nlohmann::json::parse(res->body, nullptr, false);
    ASSERT_FALSE(body.is_discarded()) << res->body;
    EXPECT_EQ(body["error"]["code"], "not_found");
    EXPECT_FALSE(body["error"]["message"].get<std::string>().empty());
  }
}

TEST_F(ServerApi, AVeryLongPathIsRefusedNotCrashedOn) {
  auto res = client->Get("/api/v1/packs/" + std::string(8000, 'a'));
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 414);
  auto still = client->Get("/healthz");
  ASSERT_TRUE(still);
  EXPECT_EQ(still->status, 200);
}

using testing::log_once_it_has;

TEST_F(ServerApi, TheAccessLogKeepsErrorsButNotSuccessfulReadsByDefault) {
  const std::string etag = client->Get("/api/v1/packs/umuhanda-default")->get_header_value("ETag");
  EXPECT_EQ(client->Get("/api/v1/packs/umuhanda-default", {{"If-None-Match", etag}})->status, 304);
  EXPECT_EQ(client->Get("/healthz")->status, 200);
  EXPECT_EQ(client->Get("/api/v1/packs/nope")->status, 404);
  EXPECT_EQ(client->Delete("/api/v1/packs")->status, 405);
  // The 405 is the last request: once its line is there, any earlier line would be too.
  const std::string log = log_once_it_has(*server, "DELETE /api/v1/packs 405");
  EXPECT_NE(log.find("GET /api/v1/packs/nope 404"), std::string::npos) << log;
  EXPECT_NE(log.find("DELETE /api/v1/packs 405"), std::string::npos) << log;
  EXPECT_EQ(log.find("GET /healthz"), std::string::npos) << log;
  EXPECT_EQ(log.find("GET /api/v1/packs/umuhanda-default"), std::string::npos) << log;
}

class ServerLoggingAll : public ServerApi {
protected:
  std::vector<std::string> extra_arguments() override { return {"--access-log", "all"}; }
};

TEST_F(ServerLoggingAll, LogsOneLinePerRequest) {
  client->Get("/healthz");
  const std::string pack_etag = client->Get("/api/v1/packs/umuhanda-default")->get_header_value("ETag");
  client->Get("/api/v1/packs/umuhanda-default", {{"If-None-Match", pack_etag}});
  const std::string log = log_once_it_has(*server, "GET /api/v1/packs/umuhanda-default 304");
  EXPECT_NE(log.find("GET /healthz 200"), std::string::npos) << log;
  EXPECT_NE(log.find("GET /api/v1/packs/umuhanda-default 200"), std::string::npos) << log;
  EXPECT_NE(log.find("GET /api/v1/packs/umuhanda-default 304"), std::string::npos) << log;
}

TEST_F(ServerApi, StopsCleanlyOnSigterm) {
  int status = server->stop();
  ASSERT_TRUE(WIFEXITED(status)) << "the server did not exit on its own";
  EXPECT_EQ(WEXITSTATUS(status), 0);
  EXPECT_NE(server->log().find("received SIGTERM, stopping"), std::string::npos);
}

TEST(ServerRestart, ETagsAreIdenticalAcrossRestartsAndTheDatabaseIsKept) {
  std::string etag_before;
  std::filesystem::path data;
  {
    ServerProcess first({}, testing::StartWith::empty_database);
    ASSERT_TRUE(first.started()) << first.log();
    httplib::Client client("127.0.0.1", first.port());
    etag_before = client.Get("/api/v1/packs/umuhanda-default")->get_header_value("ETag");
    data = first.data_dir();
    first.stop();
    // Restart on the same data folder: nothing is seeded again and the same bytes are served.
    ServerProcess second({"--data", data.string()});
    ASSERT_TRUE(second.started()) << second.log();
    httplib::Client client2("127.0.0.1", second.port());
    auto res = client2.Get("/api/v1/packs/umuhanda-default");
    ASSERT_TRUE(res);
    EXPECT_EQ(res->get_header_value("ETag"), etag_before);
    EXPECT_EQ(second.log().find("seeded"), std::string::npos) << "a database that has packs is not seeded again";
  }
}

class ServerWithClient : public ServerApi {
protected:
  std::vector<std::string> extra_arguments() override {
    web = std::filesystem::temp_directory_path() / ("umuhanda-web-" + std::to_string(::getpid()));
    std::filesystem::create_directories(web);
    std::ofstream(web / "index.html") << "<!doctype html><title>Umuhanda</title>";
    std::ofstream(web / "umuhanda-web.wasm", std::ios::binary) << std::string("\0asm\1\0\0\0", 8);
    std::ofstream(web / "umuhanda-web.js") << "console.log('hi')";
    return {"--web", web.string()};
  }
  void TearDown() override {
    ServerApi::TearDown();
    std::filesystem::remove_all(web);
  }
  std::filesystem::path web;
};

TEST_F(ServerWithClient, ServesTheClientWithTheRightTypes) {
  auto page = client->Get("/");
  ASSERT_TRUE(page);
  EXPECT_EQ(page->status, 200);
  EXPECT_EQ(page->get_header_value("Content-Type"), "text/html; charset=utf-8");
  EXPECT_NE(page->get_header_value("Content-Security-Policy").find("wasm-unsafe-eval"), std::string::npos);
  EXPECT_EQ(page->get_header_value("X-Content-Type-Options"), "nosniff");
  auto wasm = client->Get("/umuhanda-web.wasm");
  ASSERT_TRUE(wasm);
  EXPECT_EQ(wasm->get_header_value("Content-Type"), "application/wasm");
  EXPECT_EQ(wasm->body.size(), 8u);
  auto js = client->Get("/umuhanda-web.js");
  ASSERT_TRUE(js);
  EXPECT_EQ(js->get_header_value("Content-Type"), "text/javascript; charset=utf-8");
  auto again = client->Get("/", {{"If-None-Match", page->get_header_value("ETag")}});
  EXPECT_EQ(again->status, 304);
}

TEST_F(ServerWithClient, CannotEscapeTheClientFolder) {
  for (const char* path : {"/../server.log", "/%2e%2e/server.log", "/..%2fserver.log", "//etc/passwd", "/../../../../etc/passwd"}) {
    auto res = client->Get(path);
    ASSERT_TRUE(res) << path;
    EXPECT_NE(res->status, 200) << path;
    EXPECT_EQ(res->body.find("root:"), std::string::npos) << path;
  }
}

}  // namespace
}  // namespace umuhanda
