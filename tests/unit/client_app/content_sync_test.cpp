// ContentSync (web/app/content_sync.cpp) over the memory seams: the stored pack comes before the
// network, revalidation with If-None-Match, atomic replacement only by a whole valid body, offline
// behaviour, pictures downloaded once each and written in batches, and a full device.
#include <gtest/gtest.h>

#include <algorithm>
#include <functional>
#include <memory>

#include "app/content_sync.hpp"
#include "app_fixtures.hpp"
#include "umuhanda/clock.hpp"

namespace umuhanda {
namespace {

using namespace umuhanda::testing;
using Source = ContentSync::PackSource;

struct Shown {
  std::string pack_id;
  int version = 0;
  Source source = Source::storage;
  std::size_t requests_sent = 0;  // by then
  std::size_t requests_answered = 0;
};

class ContentSyncTest : public ::testing::Test {
protected:
  // Opens storage (unless told it fails), then starts the sync with nothing run yet.
  void start() {
    bool opened = false;
    storage.open([&](std::optional<StorageError> error) { opened = !error; });
    storage.run_pending();
    sync = std::make_unique<ContentSync>(http, storage, clock);
    sync->on_pack = [this](const Pack& pack, Source source) {
      shown.push_back(Shown{pack.id, pack.version, source, http.requests().size(), http.answered()});
    };
    sync->on_failure = [this](const std::string& reason) { failures.push_back(reason); };
    sync->start(opened);
  }

  std::vector<std::string> writes_touching(const std::string& store) const {
    std::vector<std::string> found;
    for (const auto& write : storage.write_log()) {
      for (const std::string& key : write.keys) {
        if (key.rfind(store + "/", 0) == 0) found.push_back(key);
      }
    }
    return found;
  }

  std::optional<nlohmann::json> stored_meta(const Pack& pack) const {
    auto text = storage.value(stores::kMeta, "pack:" + pack.id);
    if (!text) return std::nullopt;
    return nlohmann::json::parse(*text);
  }

  MemoryKeyValueStore storage;
  MemoryHttpClient http;
  ManualClock clock{kAppStart};
  std::unique_ptr<ContentSync> sync;
  std::vector<Shown> shown;
  std::vector<std::string> failures;
};

// [SECTION] The stored pack first, then revalidation

TEST_F(ContentSyncTest, ShowsTheStoredPackBeforeAnyRequest) {
  const Pack stored = make_picture_pack(2, 3);
  store_pack(storage, stored, etag_for(stored));
  serve_pack(http, stored);
  start();
  storage.run_pending();  // storage only: the network has not answered anything
  ASSERT_EQ(shown.size(), 1u);
  EXPECT_EQ(shown[0].pack_id, stored.id);
  EXPECT_EQ(shown[0].version, 3);
  EXPECT_EQ(shown[0].source, Source::storage);
  EXPECT_EQ(shown[0].requests_sent, 0u);  // the pack was on screen before a request went out
  EXPECT_EQ(shown[0].requests_answered, 0u);
  EXPECT_EQ(sync->pack_source(), Source::storage);
  EXPECT_EQ(http.count(pack_url(stored)), 1u);  // and then it is revalidated
}

TEST_F(ContentSyncTest, RevalidatesWithTheStoredEtag) {
  const Pack stored = make_picture_pack(1, 3);
  store_pack(storage, stored, "\"stored-etag\"");
  serve_pack(http, stored);
  start();
  settle(storage, http);
  ASSERT_EQ(http.count(pack_url(stored)), 1u);
  const auto& request = *std::find_if(http.requests().begin(), http.requests().end(), [&](const auto& r) { return r.url == pack_url(stored); });
  EXPECT_EQ(request.header("If-None-Match"), "\"stored-etag\"");
}

TEST_F(ContentSyncTest, A304ChangesNothingInStorage) {
  const Pack stored = make_picture_pack(0, 3);
  store_pack(storage, stored, etag_for(stored));
  serve_pack(http, stored);  // same ETag: the server answers 304
  const auto body_before = storage.value(stores::kPacks, stored.id);
  const auto meta_before = storage.value(stores::kMeta, "pack:" + stored.id);
  start();
  settle(storage, http);
  EXPECT_EQ(sync->sync().state, PackSyncState::up_to_date);
  EXPECT_TRUE(writes_touching(stores::kPacks).empty());
  EXPECT_TRUE(writes_touching(stores::kMeta).empty());
  EXPECT_EQ(storage.value(stores::kPacks, stored.id), body_before);
  EXPECT_EQ(storage.value(stores::kMeta, "pack:" + stored.id), meta_before);
  ASSERT_EQ(shown.size(), 1u);  // nothing new to show
  EXPECT_TRUE(failures.empty());
}

TEST_F(ContentSyncTest, AValid200ReplacesPackAndEtagInOneWrite) {
  const Pack stored = make_picture_pack(0, 3);
  const Pack fresh = make_picture_pack(0, 4);
  store_pack(storage, stored, etag_for(stored));
  serve_pack(http, fresh);
  start();
  settle(storage, http);
  EXPECT_EQ(sync->sync().state, PackSyncState::updated);
  EXPECT_EQ(storage.value(stores::kPacks, fresh.id), to_json(fresh));
  const auto meta = stored_meta(fresh);
  ASSERT_TRUE(meta.has_value());
  EXPECT_EQ((*meta)["etag"], etag_for(fresh));
  EXPECT_EQ((*meta)["version"], 4);
  // One transaction held both, strictly durable.
  ASSERT_EQ(storage.write_log().size(), 1u);
  const auto& write = storage.write_log()[0];
  EXPECT_EQ(write.keys, (std::vector<std::string>{"packs/" + fresh.id, "meta/pack:" + fresh.id}));
  EXPECT_EQ(write.durability, WriteDurability::strict);
  EXPECT_FALSE(write.error.has_value());
  ASSERT_EQ(shown.size(), 2u);
  EXPECT_EQ(shown[1].version, 4);
  EXPECT_EQ(shown[1].source, Source::network);
}

TEST_F(ContentSyncTest, FirstVisitDownloadsAndStoresThePack) {
  const Pack fresh = make_picture_pack(0, 5);
  serve_pack(http, fresh);
  start();
  settle(storage, http);
  ASSERT_EQ(http.count(pack_url(fresh)), 1u);
  const auto& request = *std::find_if(http.requests().begin(), http.requests().end(), [&](const auto& r) { return r.url == pack_url(fresh); });
  EXPECT_FALSE(request.header("If-None-Match").has_value());  // nothing to revalidate
  ASSERT_EQ(shown.size(), 1u);
  EXPECT_EQ(shown[0].source, Source::network);
  EXPECT_EQ(storage.value(stores::kPacks, fresh.id), to_json(fresh));
  EXPECT_EQ((*stored_meta(fresh))["etag"], etag_for(fresh));
  EXPECT_TRUE(failures.empty());
}

// [SECTION] A bad 200 never replaces the stored pack

struct BadBody {
  const char* name;
  std::function<MemoryHttpReply(const Pack& fresh)> reply;
};

void PrintTo(const BadBody& body, std::ostream* out) { *out << body.name; }

class ContentSyncBadBodyTest : public ContentSyncTest, public ::testing::WithParamInterface<BadBody> {};

TEST_P(ContentSyncBadBodyTest, NeverReplacesTheStoredPack) {
  const Pack stored = make_picture_pack(1, 3);
  const Pack fresh = make_picture_pack(1, 4);
  store_pack(storage, stored, etag_for(stored));
  serve_pack(http, stored);
  http.reply(pack_url(stored), GetParam().reply(fresh));
  start();
  settle(storage, http);
  EXPECT_EQ(sync->sync().state, PackSyncState::failed);
  ASSERT_TRUE(sync->sync().cached.has_value());
  EXPECT_EQ(sync->sync().cached->etag, etag_for(stored));
  EXPECT_EQ(storage.value(stores::kPacks, stored.id), to_json(stored));
  EXPECT_EQ((*stored_meta(stored))["etag"], etag_for(stored));
  EXPECT_TRUE(writes_touching(stores::kPacks).empty());
  ASSERT_EQ(shown.size(), 1u);  // the stored pack stays the one in use
  EXPECT_EQ(shown[0].version, 3);
  EXPECT_TRUE(failures.empty());  // a pack is usable: nothing to give up on
}

INSTANTIATE_TEST_SUITE_P(
    Bodies, ContentSyncBadBodyTest,
    ::testing::Values(
        // The bytes that arrived parse as a valid pack, yet the transfer did not end whole: only
        // `complete` tells, so these two check that ContentSync asks for it.
        BadBody{"cut_transfer",
                [](const Pack& fresh) {
                  const std::string pack_json = to_json(fresh);
                  MemoryHttpReply reply = MemoryHttpReply::ok(pack_json + std::string(64, ' '), etag_for(fresh));
                  reply.cut_after = pack_json.size();
                  return reply;
                }},
        BadBody{"shorter_than_content_length",
                [](const Pack& fresh) {
                  const std::string pack_json = to_json(fresh);
                  MemoryHttpReply reply = MemoryHttpReply::ok(pack_json, etag_for(fresh));
                  reply.headers = {{"Content-Length", std::to_string(pack_json.size() + 64)}, {"ETag", etag_for(fresh)}};
                  return reply;
                }},
        BadBody{"corrupt_json", [](const Pack& fresh) { return MemoryHttpReply::ok(to_json(fresh).substr(0, 40), etag_for(fresh)); }},
        BadBody{"invalid_pack",
                [](const Pack& fresh) {
                  Pack broken = fresh;
                  broken.questions.clear();  // "questions must contain at least one question"
                  return MemoryHttpReply::ok(to_json(broken), etag_for(fresh));
                }},
        BadBody{"another_pack",
                [](const Pack& fresh) {
                  Pack other = fresh;
                  other.id = "other-pack";
                  return MemoryHttpReply::ok(to_json(other), etag_for(fresh));
                }},
        BadBody{"server_error", [](const Pack&) { return MemoryHttpReply::error(500, "oops"); }}),
    [](const ::testing::TestParamInfo<BadBody>& param) { return std::string(param.param.name); });

// [SECTION] Offline

TEST_F(ContentSyncTest, OfflineWithAStoredPackKeepsIt) {
  const Pack stored = make_picture_pack(2, 3);
  store_pack(storage, stored, etag_for(stored));
  http.set_offline(true);
  start();
  settle(storage, http);
  ASSERT_EQ(shown.size(), 1u);
  EXPECT_EQ(shown[0].source, Source::storage);
  EXPECT_TRUE(failures.empty());
  EXPECT_EQ(sync->sync().state, PackSyncState::failed);
  ASSERT_TRUE(sync->sync().failure.has_value());
  EXPECT_TRUE(sync->sync().failure->offline);
  EXPECT_EQ(storage.value(stores::kPacks, stored.id), to_json(stored));
  EXPECT_TRUE(storage.write_log().empty());
  EXPECT_EQ(http.count(media_url(stored.media[0])), 0u);  // no picture download is tried offline
}

TEST_F(ContentSyncTest, FirstVisitOfflineReportsFailure) {
  http.set_offline(true);
  start();
  settle(storage, http);
  EXPECT_TRUE(shown.empty());
  ASSERT_EQ(failures.size(), 1u);
  EXPECT_NE(failures[0].find("no connection"), std::string::npos) << failures[0];
  EXPECT_FALSE(sync->pack_source().has_value());
  EXPECT_TRUE(storage.write_log().empty());
}

TEST_F(ContentSyncTest, WithoutStorageThePackIsStillDownloadedAndUsed) {
  const Pack fresh = make_picture_pack(1, 2);
  serve_pack(http, fresh);
  storage.fail_open("IndexedDB is blocked");
  start();
  settle(storage, http);
  ASSERT_EQ(shown.size(), 1u);
  EXPECT_EQ(shown[0].source, Source::network);
  ASSERT_TRUE(sync->storage_problem().has_value());
  EXPECT_EQ(sync->storage_problem()->kind, StorageErrorKind::unavailable);
  EXPECT_TRUE(storage.write_log().empty());
  EXPECT_EQ(http.count(media_url(fresh.media[0])), 0u);  // pictures come one by one, when shown
}

TEST_F(ContentSyncTest, AnUnreadableStoredPackIsDownloadedAgain) {
  const Pack fresh = make_picture_pack(0, 4);
  storage.seed(stores::kPacks, fresh.id, "{\"id\": \"test-pack\", \"torn");
  storage.seed(stores::kMeta, "pack:" + fresh.id, R"({"etag":"\"old\"","version":3})");
  serve_pack(http, fresh);
  start();
  settle(storage, http);
  ASSERT_EQ(shown.size(), 1u);
  EXPECT_EQ(shown[0].source, Source::network);
  const auto& request = *std::find_if(http.requests().begin(), http.requests().end(), [&](const auto& r) { return r.url == pack_url(fresh); });
  EXPECT_FALSE(request.header("If-None-Match").has_value());
  EXPECT_EQ(storage.value(stores::kPacks, fresh.id), to_json(fresh));
}

TEST_F(ContentSyncTest, AStoredMetaEntryOfTheWrongShapeDoesNotStopTheStart) {
  // Written by an older client or torn: the version is not a number. The ETag still revalidates.
  const Pack stored = make_picture_pack(0, 3);
  store_pack(storage, stored, etag_for(stored));
  storage.seed(stores::kMeta, "pack:" + stored.id, R"({"etag":)" + nlohmann::json(etag_for(stored)).dump() + R"(,"version":"3"})");
  serve_pack(http, stored);
  start();
  settle(storage, http);
  ASSERT_EQ(shown.size(), 1u);
  EXPECT_EQ(shown[0].source, Source::storage);
  EXPECT_EQ(shown[0].version, 3);
  EXPECT_EQ(sync->sync().state, PackSyncState::up_to_date);
}

// [SECTION] Pictures

TEST_F(ContentSyncTest, PicturesAlreadyHeldAreNeverRequested) {
  const Pack stored = make_picture_pack(3, 3);
  store_pack(storage, stored, etag_for(stored));
  storage.seed(stores::kMedia, stored.media[0].sha256, picture_bytes(stored.media[0]));
  storage.seed(stores::kMedia, stored.media[2].sha256, picture_bytes(stored.media[2]));
  serve_pack(http, stored);
  start();
  settle(storage, http);
  EXPECT_EQ(http.count(media_url(stored.media[0])), 0u);
  EXPECT_EQ(http.count(media_url(stored.media[1])), 1u);
  EXPECT_EQ(http.count(media_url(stored.media[2])), 0u);
  EXPECT_EQ(storage.value(stores::kMedia, stored.media[1].sha256), picture_bytes(stored.media[1]));
  EXPECT_EQ(sync->media().needed, 3u);
  EXPECT_EQ(sync->media().held, 3u);
  EXPECT_EQ(sync->media().downloaded, 1u);
  EXPECT_FALSE(sync->media().active());
}

TEST_F(ContentSyncTest, PicturesAreDownloadedOnceEachAndWrittenInBatches) {
  Pack pack = make_picture_pack(20, 3);
  // A second path with the same bytes: content-addressed, so it is the same download.
  MediaItem copy = pack.media[0];
  copy.path = "media/pictures/copy-of-p0.png";
  pack.media.push_back(copy);
  Question shows_copy = make_question("pic-copy");
  shows_copy.image = copy.path;
  pack.questions.push_back(shows_copy);
  serve_pack(http, pack);
  start();
  settle(storage, http);

  for (std::size_t n = 0; n < 20; ++n) EXPECT_EQ(http.count(media_url(pack.media[n])), 1u) << pack.media[n].path;
  std::vector<std::size_t> batches;
  for (const auto& write : storage.write_log()) {
    if (!write.keys.empty() && write.keys[0].rfind("media/", 0) == 0) {
      batches.push_back(write.keys.size());
      EXPECT_EQ(write.durability, WriteDurability::relaxed);
    }
  }
  EXPECT_EQ(batches, (std::vector<std::size_t>{16, 4}));  // not one transaction per file
  EXPECT_EQ(storage.count(stores::kMedia), 20u);
  for (std::size_t n = 0; n < 20; ++n) EXPECT_EQ(storage.value(stores::kMedia, pack.media[n].sha256), picture_bytes(pack.media[n]));
  EXPECT_EQ(sync->media().held, 20u);
  EXPECT_EQ(sync->media().storing, 0u);

  // The next visit holds them all: nothing is downloaded again.
  const std::size_t media_requests = http.requests().size();
  shown.clear();
  start();
  settle(storage, http);
  EXPECT_EQ(http.requests().size(), media_requests + 2);  // the catalog and the revalidation only
  EXPECT_EQ(sync->media().held, 20u);
}

TEST_F(ContentSyncTest, AFailedPictureIsCountedAndOthersStillArrive) {
  const Pack pack = make_picture_pack(3, 3);
  serve_pack(http, pack);
  MemoryHttpReply cut = MemoryHttpReply::ok(picture_bytes(pack.media[1]));
  cut.cut_after = 10;
  http.reply(media_url(pack.media[1]), cut);
  start();
  settle(storage, http);
  EXPECT_EQ(sync->media().failed, 1u);
  EXPECT_EQ(sync->media().downloaded, 2u);
  EXPECT_FALSE(storage.value(stores::kMedia, pack.media[1].sha256).has_value());  // no partial picture is kept
  EXPECT_TRUE(storage.value(stores::kMedia, pack.media[2].sha256).has_value());
}

TEST_F(ContentSyncTest, ReadMediaDownloadsOnceForEveryoneWaiting) {
  const Pack stored = make_picture_pack(2, 3);
  store_pack(storage, stored, etag_for(stored));
  serve_pack(http, stored);
  http.set_offline(true);  // no background downloads: the pack check fails
  start();
  settle(storage, http);
  http.set_offline(false);
  std::vector<std::optional<std::string>> got;
  sync->read_media(stored.media[1], [&](std::optional<std::string> bytes, std::string) { got.push_back(std::move(bytes)); });
  sync->read_media(stored.media[1], [&](std::optional<std::string> bytes, std::string) { got.push_back(std::move(bytes)); });
  EXPECT_TRUE(got.empty());
  settle(storage, http);
  ASSERT_EQ(got.size(), 2u);
  EXPECT_EQ(got[0], picture_bytes(stored.media[1]));
  EXPECT_EQ(got[1], picture_bytes(stored.media[1]));
  EXPECT_EQ(http.count(media_url(stored.media[1])), 1u);
  // Now held: read from storage, not the network.
  sync->read_media(stored.media[1], [&](std::optional<std::string> bytes, std::string) { got.push_back(std::move(bytes)); });
  settle(storage, http);
  ASSERT_EQ(got.size(), 3u);
  EXPECT_EQ(got[2], picture_bytes(stored.media[1]));
  EXPECT_EQ(http.count(media_url(stored.media[1])), 1u);
}

// [SECTION] A full device

TEST_F(ContentSyncTest, QuotaExceededWhileStoringPicturesIsReportedAndNothingHalfWritten) {
  const Pack stored = make_picture_pack(3, 3);  // pictures of 100, 101 and 102 bytes
  store_pack(storage, stored, etag_for(stored));
  serve_pack(http, stored);
  storage.set_quota(storage.bytes_stored() + 150);  // room for one picture, not for the batch
  start();
  settle(storage, http);
  ASSERT_TRUE(sync->storage_problem().has_value());
  EXPECT_EQ(sync->storage_problem()->kind, StorageErrorKind::quota_exceeded);
  EXPECT_EQ(storage.count(stores::kMedia), 0u);
  EXPECT_TRUE(sync->media_stopped());
  EXPECT_EQ(sync->media().held, 0u);
  EXPECT_EQ(sync->media().storing, 0u);
  EXPECT_EQ(storage.value(stores::kPacks, stored.id), to_json(stored));  // the pack is untouched
}

TEST_F(ContentSyncTest, QuotaExceededWhileStoringThePackKeepsTheOldOneWhole) {
  const Pack stored = make_picture_pack(0, 3);
  Pack fresh = make_picture_pack(0, 4);
  fresh.questions.push_back(make_question("q-extra"));  // larger than the stored one
  store_pack(storage, stored, etag_for(stored));
  serve_pack(http, fresh);
  storage.set_quota(storage.bytes_stored() + 10);
  start();
  settle(storage, http);
  ASSERT_TRUE(sync->storage_problem().has_value());
  EXPECT_EQ(sync->storage_problem()->kind, StorageErrorKind::quota_exceeded);
  EXPECT_NE(sync->storage_problem()->message.find("full"), std::string::npos) << sync->storage_problem()->message;
  EXPECT_EQ(storage.value(stores::kPacks, stored.id), to_json(stored));
  EXPECT_EQ((*stored_meta(stored))["etag"], etag_for(stored));  // body and ETag still belong together
  ASSERT_EQ(shown.size(), 2u);  // the new pack arrived whole and valid: used for this visit
  EXPECT_EQ(shown[1].version, 4);
}

TEST_F(ContentSyncTest, QuotaExceededOnFirstVisitStoresNothing) {
  const Pack fresh = make_picture_pack(0, 1);
  serve_pack(http, fresh);
  storage.set_quota(64);
  start();
  settle(storage, http);
  ASSERT_TRUE(sync->storage_problem().has_value());
  EXPECT_EQ(sync->storage_problem()->kind, StorageErrorKind::quota_exceeded);
  EXPECT_EQ(storage.count(stores::kPacks), 0u);
  EXPECT_EQ(storage.count(stores::kMeta), 0u);
  ASSERT_EQ(shown.size(), 1u);
  EXPECT_EQ(shown[0].source, Source::network);
}

}  // namespace
}  // namespace umuhanda
