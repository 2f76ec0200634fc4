// Readers and a writer at once, against the real server on loopback: while an instructor uploads a
// new version of the default pack and then rolls it back, clients on keep-alive connections keep
// asking for the latest pack (304 on its ETag), the catalog, a fixed version and the version list.
// Each answer is whole and consistent (a version that exists; a fixed version byte for byte), and
// readers keep being answered during the upload. Run natively and
// under ThreadSanitizer (the native-tsan preset), where it is the test of the content store's
// snapshot swaps and cache against concurrent readers.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>
#include <vector>

#include "http_test_support.hpp"

namespace umuhanda {
namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;
using testing::fetch;
using testing::RawConnection;
using testing::RawResponse;
using testing::request_text;
using testing::round_trip;

const std::string kPack = "/api/v1/packs/umuhanda-default";

int version_in(const std::string& body) {
  auto pack = nlohmann::json::parse(body, nullptr, false);
  return pack.is_discarded() || !pack.contains("version") || !pack["version"].is_number_integer() ? -1 : pack["version"].get<int>();
}

class ReadersAndAWriter : public testing::SeededServerTest {};

TEST_F(ReadersAndAWriter, ReadersGetWholeConsistentAnswersWhileAPackIsUploadedAndRolledBack) {
  const std::string token = testing::create_token(*server, "instructor", "Concurrent Writer").secret;
  ASSERT_FALSE(token.empty()) << "umuhanda-server token create failed";
  const std::string& zip = testing::default_pack_zip(2);
  ASSERT_FALSE(zip.empty()) << "umuhanda-pack build failed";
  const RawResponse first = fetch(port, kPack, {"Accept-Encoding: br"});
  ASSERT_EQ(first.status, 200) << first.describe();
  const std::string v1_etag = first.header("ETag");
  const std::string v1_body = fetch(port, kPack + "/v/1", {"Accept-Encoding: identity"}).body;
  ASSERT_EQ(version_in(v1_body), 1);

  // 0: readers run before the upload starts; 1: the upload is on its way; 2: it was answered.
  std::atomic<int> phase{0};
  std::atomic<bool> stop{false};
  std::atomic<int> answered_during_upload{0};
  std::atomic<int> readers_answered{0};  // readers with at least one answer
  std::atomic<bool> a_reader_failed{false};
  constexpr int kReaders = 4;
  std::vector<std::string> failures(kReaders);  // each written by its reader, read after join
  std::vector<std::thread> readers;
  for (int r = 0; r < kReaders; ++r) {
    readers.emplace_back([&, r] {
      auto connection = std::make_unique<RawConnection>(port);
      std::string& failure = failures[r];
      auto ask = [&](const std::string& path, const std::vector<std::string>& headers) -> RawResponse {
        std::string text = "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n";
        for (const auto& line : headers) text += line + "\r\n";
        if (!connection->connected() || !connection->send(text + "\r\n")) {
          RawResponse failed;
          failed.error = "cannot send on the reader's connection";
          return failed;
        }
        RawResponse res = connection->read_response(false, 20s);
        // A connection carries 1000 requests, the last answered with "Connection: close".
        if (res.header("Connection") == "close") connection = std::make_unique<RawConnection>(port);
        return res;
      };
      for (int asked = 0; failure.empty() && !stop.load(); ++asked) {
        const int during = phase.load();
        switch (asked % 4) {
          case 0: {  // the latest pack on the first version's ETag: 304 until the upload changes it
            RawResponse res = ask(kPack, {"Accept-Encoding: br", "If-None-Match: " + v1_etag});
            const bool ok = res.status == 304 || (res.status == 200 && !res.body.empty() && res.header("ETag") != v1_etag);
            if (!ok) failure = "latest pack on the v1 ETag: " + res.describe();
            break;
          }
          case 1: {  // the latest pack, whole: version 1 or 2
            RawResponse res = ask(kPack, {"Accept-Encoding: identity"});
            const int version = version_in(res.body);
            if (res.status != 200 || (version != 1 && version != 2)) failure = "latest pack: version " + std::to_string(version) + ", " + res.describe();
            break;
          }
          case 2: {  // a fixed version never changes
            RawResponse res = ask(kPack + "/v/1", {"Accept-Encoding: identity"});
            if (res.status != 200 || res.body != v1_body) failure = "version 1 changed: " + res.describe();
            break;
          }
          default: {  // the catalog and the version list are whole JSON
            RawResponse catalog = ask("/api/v1/packs", {"Accept-Encoding: identity"});
            auto json = nlohmann::json::parse(catalog.body, nullptr, false);
            if (catalog.status != 200 || json.is_discarded() || json["packs"].size() != 1) failure = "catalog: " + catalog.describe();
            RawResponse versions = ask(kPack + "/versions", {"Accept-Encoding: identity"});
            if (versions.status != 200 || nlohmann::json::parse(versions.body, nullptr, false).is_discarded()) failure = "versions: " + versions.describe();
            break;
          }
        }
        if (asked == 0) ++readers_answered;
        if (during == 1 && phase.load() == 1) ++answered_during_upload;
      }
      if (!failure.empty()) a_reader_failed = true;
    });
  }

  // Every reader has been answered once before the writer starts.
  const auto deadline = Clock::now() + 20s;
  while (readers_answered.load() < kReaders && !a_reader_failed.load() && Clock::now() < deadline) {
    std::this_thread::sleep_for(5ms);  // polling, with a deadline
  }
  EXPECT_EQ(readers_answered.load(), kReaders) << "readers answered before the upload";

  phase = 1;
  const RawResponse uploaded = round_trip(port, request_text("POST", "/api/v1/packs", {"Authorization: Bearer " + token, "Content-Type: application/zip"}, zip), 120s);
  phase = 2;
  EXPECT_EQ(uploaded.status, 201) << uploaded.describe();
  const RawResponse rolled_back = round_trip(
      port, request_text("POST", kPack + "/rollback", {"Authorization: Bearer " + token, "Content-Type: application/json"}, R"({"version": 1})"), 60s);
  EXPECT_EQ(rolled_back.status, 200) << rolled_back.describe();
  stop = true;
  for (auto& reader : readers) reader.join();

  for (int r = 0; r < kReaders; ++r) EXPECT_TRUE(failures[r].empty()) << "reader " << r << ": " << failures[r];
  EXPECT_GT(answered_during_upload.load(), 0) << "no reader was answered while the upload was on its way";
  std::cout << "answers while the upload was on its way: " << answered_during_upload.load() << "\n";
  // After the rollback the latest pack is version 1 again, with its first ETag.
  const RawResponse after = fetch(port, kPack, {"Accept-Encoding: br", "If-None-Match: " + v1_etag});
  EXPECT_EQ(after.status, 304) << after.describe();
}

}  // namespace
}  // namespace umuhanda
