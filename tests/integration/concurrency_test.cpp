// Readers beside a writer, against the real server: while an upload is compressed and written,
// other clients' requests are answered as usual (event threads never wait for it, reads never
// take the writer's lock), and what they see switches from the old version to the new at once.
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
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

TEST_F(ReadersBesideAWriter, RevalidationsAreAnsweredWhileAnUploadIsCompressedAndWritten) {
  const std::string token = testing::create_token(*server, "instructor", "Ines Instructor").secret;
  ASSERT_FALSE(token.empty());
  const std::string zip = testing::default_pack_zip(2);
  const RawResponse before = testing::fetch(port, kPack, {"Accept-Encoding: br"});
  ASSERT_EQ(before.status, 200) << before.describe();
  const std::string etag = before.header("ETag");
  ASSERT_FALSE(etag.empty());

  std::atomic<bool> uploading{true};
  Clock::time_point upload_started, upload_ended;
  RawResponse uploaded;
  std::thread uploader([&] {
    upload_started = Clock::now();
    uploaded = testing::round_trip(port,
                                   testing::request_text("POST", "/api/v1/packs", {"Authorization: Bearer " + token, "Content-Type: application/zip"}, zip),
                                   60s);
    upload_ended = Clock::now();
    uploading = false;
  });

  // One keep-alive client revalidating the latest pack for as long as the upload runs.
  struct Answer {
    Clock::time_point sent, received;
    int status;
  };
  std::vector<Answer> answers;
  RawConnection client(port);
  const std::string revalidate = "GET " + kPack + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept-Encoding: br\r\nIf-None-Match: " + etag + "\r\n\r\n";
  while (uploading) {
    const auto sent = Clock::now();
    ASSERT_TRUE(client.send(revalidate));
    RawResponse res = client.read_response(false, 30s);
    ASSERT_TRUE(res.ok()) << res.error;
    answers.push_back({sent, Clock::now(), res.status});
  }
  uploader.join();
  ASSERT_EQ(uploaded.status, 201) << uploaded.describe();

  // Answers sent and received while the upload was in flight.
  std::size_t during = 0;
  Clock::duration slowest{};
  for (const Answer& answer : answers) {
    if (answer.sent < upload_started || answer.received > upload_ended) continue;
    ++during;
    slowest = std::max(slowest, answer.received - answer.sent);
    EXPECT_TRUE(answer.status == 304 || answer.status == 200) << answer.status;
  }
  const auto upload_ms = std::chrono::duration_cast<std::chrono::milliseconds>(upload_ended - upload_started).count();
  const auto slowest_ms = std::chrono::duration_cast<std::chrono::milliseconds>(slowest).count();
  // A reader that waited for the upload would take about as long as it: none may come close.
  EXPECT_GE(during, 20u) << "only " << during << " revalidations were answered during a " << upload_ms << " ms upload";
  EXPECT_LT(slowest_ms * 4, upload_ms) << "a revalidation took " << slowest_ms << " ms during a " << upload_ms << " ms upload";
  // Once published, the same revalidation gets the new version.
  const RawResponse after = testing::fetch(port, kPack, {"Accept-Encoding: br", "If-None-Match: " + etag});
  EXPECT_EQ(after.status, 200) << after.describe();
  EXPECT_NE(after.header("ETag"), etag);
}

}  // namespace
}  // namespace umuhanda
