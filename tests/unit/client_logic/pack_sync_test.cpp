// The pack update state machine (304, complete, interrupted and invalid 200, offline) and the
// media still to download.
#include <gtest/gtest.h>

#include "umuhanda/pack_sync.hpp"

namespace umuhanda {
namespace {

using namespace pack_sync_event;

const CachedPack kStored{"\"v3-etag\"", 3};

PackSyncStatus run(PackSyncStatus status, const std::vector<PackSyncEvent>& events) {
  for (const PackSyncEvent& event : events) status = advance_pack_sync(status, event);
  return status;
}

TEST(PackSync, StartsFromWhatStorageHolds) {
  EXPECT_EQ(initial_pack_sync_status(std::nullopt).state, PackSyncState::not_downloaded);
  EXPECT_FALSE(initial_pack_sync_status(std::nullopt).usable());
  const PackSyncStatus cached = initial_pack_sync_status(kStored);
  EXPECT_EQ(cached.state, PackSyncState::cached);
  EXPECT_TRUE(cached.usable());
  EXPECT_EQ(if_none_match(cached), kStored.etag);
  EXPECT_FALSE(if_none_match(initial_pack_sync_status(std::nullopt)).has_value());
  EXPECT_EQ(to_string(PackSyncState::up_to_date), "up_to_date");
}

TEST(PackSync, A304KeepsThePackAsItIs) {
  PackSyncStatus status = advance_pack_sync(initial_pack_sync_status(kStored), Start{kStored});
  EXPECT_EQ(status.state, PackSyncState::checking);
  EXPECT_EQ(if_none_match(status), kStored.etag);
  status = advance_pack_sync(status, NotModified{});
  EXPECT_EQ(status.state, PackSyncState::up_to_date);
  EXPECT_EQ(status.cached, kStored);
  EXPECT_FALSE(status.failure.has_value());
}

TEST(PackSync, ACompleteValid200ReplacesThePack) {
  const CachedPack fresh{"\"v4-etag\"", 4};
  PackSyncStatus status = run(initial_pack_sync_status(kStored), {Start{kStored}, DownloadStarted{1000}, Progress{400}});
  EXPECT_EQ(status.state, PackSyncState::downloading);
  EXPECT_EQ(status.bytes_received, 400u);
  EXPECT_EQ(status.bytes_total, 1000u);
  EXPECT_DOUBLE_EQ(status.progress().value(), 0.4);
  EXPECT_EQ(status.cached, kStored);  // still the old one while the new one arrives
  status = run(status, {Progress{1000}, BodyComplete{true, fresh}});
  EXPECT_EQ(status.state, PackSyncState::updated);
  EXPECT_EQ(status.cached, fresh);
  EXPECT_FALSE(status.progress().has_value());
  EXPECT_EQ(if_none_match(status), fresh.etag);
}

TEST(PackSync, AFirstDownloadNeedsNoStoredPack) {
  const CachedPack fresh{"\"v1\"", 1};
  PackSyncStatus status = advance_pack_sync(initial_pack_sync_status(std::nullopt), Start{std::nullopt});
  EXPECT_FALSE(if_none_match(status).has_value());
  status = run(status, {DownloadStarted{0}, Progress{10}});
  EXPECT_FALSE(status.progress().has_value());  // size unknown
  status = advance_pack_sync(status, BodyComplete{true, fresh});
  EXPECT_EQ(status.state, PackSyncState::updated);
  EXPECT_TRUE(status.usable());
}

TEST(PackSync, AnInterruptedDownloadNeverReplacesTheGoodPack) {
  const CachedPack half{"\"v4-etag\"", 4};
  PackSyncStatus cut = run(initial_pack_sync_status(kStored), {Start{kStored}, DownloadStarted{1000}, Progress{600}, BodyComplete{false, half}});
  EXPECT_EQ(cut.state, PackSyncState::failed);
  EXPECT_EQ(cut.cached, kStored);
  ASSERT_TRUE(cut.failure.has_value());
  EXPECT_EQ(cut.failure->reason, "the download stopped after 600 bytes");
  EXPECT_FALSE(cut.failure->offline);

  PackSyncStatus dropped = run(initial_pack_sync_status(kStored), {Start{kStored}, DownloadStarted{1000}, Progress{600}, NetworkError{"connection reset"}});
  EXPECT_EQ(dropped.state, PackSyncState::failed);
  EXPECT_EQ(dropped.cached, kStored);
  EXPECT_TRUE(dropped.failure->offline);
  EXPECT_TRUE(dropped.usable());
}

TEST(PackSync, AnInvalidPackIsRefusedAndTheGoodOneKept) {
  PackSyncStatus status =
      run(initial_pack_sync_status(kStored), {Start{kStored}, DownloadStarted{500}, Progress{500}, BodyInvalid{"format 2 is not supported"}});
  EXPECT_EQ(status.state, PackSyncState::failed);
  EXPECT_EQ(status.cached, kStored);
  EXPECT_NE(status.failure->reason.find("format 2 is not supported"), std::string::npos);
  EXPECT_FALSE(status.failure->offline);

  const PackSyncStatus no_etag = run(initial_pack_sync_status(kStored), {Start{kStored}, DownloadStarted{5}, BodyComplete{true, CachedPack{"", 9}}});
  EXPECT_EQ(no_etag.state, PackSyncState::failed);
  EXPECT_EQ(no_etag.cached, kStored);
}

TEST(PackSync, OfflineKeepsTheStoredPackUsable) {
  const PackSyncStatus offline = run(initial_pack_sync_status(kStored), {Start{kStored}, NetworkError{""}});
  EXPECT_EQ(offline.state, PackSyncState::failed);
  EXPECT_TRUE(offline.failure->offline);
  EXPECT_EQ(offline.failure->reason, "no connection");
  EXPECT_TRUE(offline.usable());
  EXPECT_EQ(offline.cached, kStored);

  const PackSyncStatus nothing = run(initial_pack_sync_status(std::nullopt), {Start{std::nullopt}, NetworkError{"offline"}});
  EXPECT_EQ(nothing.state, PackSyncState::failed);
  EXPECT_FALSE(nothing.usable());  // the first start needs the network once
}

TEST(PackSync, AServerErrorFailsWithoutBeingOffline) {
  const PackSyncStatus status = run(initial_pack_sync_status(kStored), {Start{kStored}, HttpError{503, "Service Unavailable"}});
  EXPECT_EQ(status.state, PackSyncState::failed);
  EXPECT_EQ(status.failure->reason, "the server answered 503: Service Unavailable");
  EXPECT_FALSE(status.failure->offline);
  EXPECT_EQ(status.cached, kStored);
}

TEST(PackSync, ARetryAfterAFailureCanSucceed) {
  const CachedPack fresh{"\"v4\"", 4};
  PackSyncStatus status = run(initial_pack_sync_status(kStored), {Start{kStored}, NetworkError{"offline"}});
  status = run(status, {Start{status.cached}, DownloadStarted{10}, Progress{10}, BodyComplete{true, fresh}});
  EXPECT_EQ(status.state, PackSyncState::updated);
  EXPECT_EQ(status.cached, fresh);
  EXPECT_FALSE(status.failure.has_value());
}

TEST(PackSync, EventsOutOfTurnChangeNothing) {
  const PackSyncStatus cached = initial_pack_sync_status(kStored);
  for (const PackSyncEvent& event : std::vector<PackSyncEvent>{NotModified{}, DownloadStarted{5}, Progress{5}, BodyComplete{true, {"\"x\"", 9}},
                                                               BodyInvalid{"x"}, HttpError{500, ""}, NetworkError{"x"}}) {
    EXPECT_EQ(advance_pack_sync(cached, event), cached) << "event #" << event.index();
  }
  const PackSyncStatus downloading = run(cached, {Start{kStored}, DownloadStarted{100}, Progress{50}});
  EXPECT_EQ(advance_pack_sync(downloading, Start{std::nullopt}), downloading);  // already in flight
  EXPECT_EQ(advance_pack_sync(downloading, NotModified{}), downloading);        // a 304 cannot follow a 200
  EXPECT_EQ(advance_pack_sync(downloading, Progress{20}).bytes_received, 50u);  // a late report never goes back
}

TEST(PackSync, A304WithoutAStoredPackIsAFailure) {
  const PackSyncStatus status = run(initial_pack_sync_status(std::nullopt), {Start{std::nullopt}, NotModified{}});
  EXPECT_EQ(status.state, PackSyncState::failed);
  EXPECT_FALSE(status.usable());
}

TEST(MediaToDownload, SkipsWhatIsHeldAndFetchesEachFileOnce) {
  const std::string a(64, 'a'), b(64, 'b'), c(64, 'c');
  const std::vector<MediaItem> media{
      {"media/signs/256/stop.png", a, "image/png", 256, 256, 100},
      {"media/signs/128/stop.png", b, "image/png", 128, 128, 50},
      {"media/lessons/stop-copy.png", a, "image/png", 256, 256, 100},  // same bytes as the first
      {"media/signs/256/yield.png", c, "image/png", 256, 256, 90},
  };
  std::vector<MediaItem> all = media_to_download(media, {});
  ASSERT_EQ(all.size(), 3u);
  EXPECT_EQ(all[0].path, "media/signs/256/stop.png");
  EXPECT_EQ(all[1].path, "media/signs/128/stop.png");
  EXPECT_EQ(all[2].path, "media/signs/256/yield.png");

  std::string upper_b = b;
  for (char& ch : upper_b) ch = 'B';
  std::vector<MediaItem> rest = media_to_download(media, {upper_b, c});
  ASSERT_EQ(rest.size(), 1u);
  EXPECT_EQ(rest[0].sha256, a);
  EXPECT_TRUE(media_to_download(media, {a, b, c}).empty());
}

}  // namespace
}  // namespace umuhanda
