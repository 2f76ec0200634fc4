// Readers beside a writer (cache misses and token lookups too), against the real server: while an upload is compressed and written,
// other clients' requests are answered as usual (event threads never wait for it, reads never
// take the writer's lock), and what they see switches from the old version to the new at once.
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <mutex>
#include <nlohmann/json.hpp>
#include <thread>

#include "http_test_support.hpp"

namespace umuhanda {
namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;
using testing::RawConnection;
using testing::RawResponse;

const std::string kPack = "/api/v1/packs/umuhanda-default";

class ReadersBesideAWriter : public testing::SeededServerTest {};

struct Answer {
  Clock::time_point sent, received;
  int status;
};

TEST_F(ReadersBesideAWriter, RevalidationsAreAnsweredWhileAnUploadIsCompressedAndWritten) {
  const std::string token = testing::create_token(*server, "instructor", "Ines Instructor").secret;
  ASSERT_FALSE(token.empty());
  const std::string zip = testing::default_pack_zip(2);
  const RawResponse before = testing::fetch(port, kPack, {"Accept-Encoding: br"});
  ASSERT_EQ(before.status, 200) << before.describe();
  const std::string etag = before.header("ETag");
  ASSERT_FALSE(etag.empty());

  // Media the server has not served yet: each first fetch is a cache miss that reads the database.
  std::vector<std::string> media;
  {
    auto pack = nlohmann::json::parse(testing::fetch(port, kPack).body, nullptr, false);
    ASSERT_FALSE(pack.is_discarded());
    for (const auto& item : pack["media"]) media.push_back(item["sha256"].get<std::string>());
    ASSERT_GT(media.size(), 50u);
  }

  std::atomic<bool> uploading{true};
  Clock::time_point upload_started, upload_ended;
  RawResponse uploaded;
  std::thread uploader([&] {
    upload_started = Clock::now();
    uploaded = testing::round_trip(
        port, testing::request_text("POST", "/api/v1/packs", {"Authorization: Bearer " + token, "Content-Type: application/zip"}, zip), 60s);
    upload_ended = Clock::now();
    uploading = false;
  });

  // Another client reads what is not in memory (media cache misses, the token table) meanwhile:
  // before, those took the database mutex that the upload held while it compressed, on an event
  // thread, stalling every connection that thread served.
  std::vector<Answer> misses;
  std::thread misser([&] {
    for (std::size_t i = 0; uploading && i < media.size(); ++i) {
      const auto sent = Clock::now();
      const int status = testing::fetch(port, "/api/v1/media/" + media[i]).status;
      misses.push_back({sent, Clock::now(), status});
      const auto me_sent = Clock::now();
      const int me = testing::fetch(port, "/api/v1/me", {"Authorization: Bearer " + token}).status;
      misses.push_back({me_sent, Clock::now(), me});
    }
  });

  // One keep-alive client revalidating the latest pack for as long as the upload runs.
  std::vector<Answer> answers;
  auto client = std::make_unique<RawConnection>(port);
  const std::string revalidate = "GET " + kPack + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept-Encoding: br\r\nIf-None-Match: " + etag + "\r\n\r\n";
  while (uploading) {
    const auto sent = Clock::now();
    ASSERT_TRUE(client->send(revalidate));
    RawResponse res = client->read_response(false, 30s);
    ASSERT_TRUE(res.ok()) << res.error;
    answers.push_back({sent, Clock::now(), res.status});
    // The 1000th request on a connection is its last.
    if (res.header("Connection") == "close") client = std::make_unique<RawConnection>(port);
  }
  uploader.join();
  misser.join();
  ASSERT_EQ(uploaded.status, 201) << uploaded.describe();

  // Answers sent and received while the upload was in flight: how many, and the slowest.
  const auto upload_ms = std::chrono::duration_cast<std::chrono::milliseconds>(upload_ended - upload_started).count();
  auto during_upload = [&](const std::vector<Answer>& all, std::initializer_list<int> statuses, const char* what) {
    std::size_t count = 0;
    Clock::duration slowest{};
    for (const Answer& answer : all) {
      if (answer.sent < upload_started || answer.received > upload_ended) continue;
      ++count;
      slowest = std::max(slowest, answer.received - answer.sent);
      EXPECT_NE(std::find(statuses.begin(), statuses.end(), answer.status), statuses.end()) << what << ": " << answer.status;
    }
    const auto slowest_ms = std::chrono::duration_cast<std::chrono::milliseconds>(slowest).count();
    // A reader that waited for the upload would take about as long as it: none may come close.
    EXPECT_LT(slowest_ms * 4, upload_ms) << what << ": one took " << slowest_ms << " ms during a " << upload_ms << " ms upload";
    std::printf("%s during a %lld ms upload: %zu, the slowest %lld ms\n", what, static_cast<long long>(upload_ms), count,
                static_cast<long long>(slowest_ms));
    return count;
  };
  // 200 once the new version is current (between the server's commit and the uploader's 201).
  EXPECT_GE(during_upload(answers, {304, 200}, "revalidations"), 20u);
  EXPECT_GE(during_upload(misses, {200}, "media misses and token lookups"), 4u);
  // Once published, the same revalidation gets the new version.
  const RawResponse after = testing::fetch(port, kPack, {"Accept-Encoding: br", "If-None-Match: " + etag});
  EXPECT_EQ(after.status, 200) << after.describe();
  EXPECT_NE(after.header("ETag"), etag);
}

}  // namespace
}  // namespace umuhanda
