// Keeping one pack up to date on the device: a pure state machine the client feeds with what its
// fetch reports, and the list of media files still to download. The one promise it keeps: the
// pack the student can use is never replaced by anything less than a complete, valid download.
#pragma once

#include <cstdint>
#include <optional>
#include <set>
#include <span>
#include <string>
#include <variant>
#include <vector>

#include "umuhanda/pack.hpp"

namespace umuhanda {

// The pack stored on the device, as far as updating it is concerned.
struct CachedPack {
  std::string etag;  // sent as If-None-Match
  int version = 0;

  bool operator==(const CachedPack&) const = default;
};

enum class PackSyncState {
  not_downloaded,  // nothing stored, nothing asked yet
  cached,          // a stored pack, not checked in this run
  checking,        // request sent (with If-None-Match when a pack is stored), no answer yet
  downloading,     // a 200 is arriving
  up_to_date,      // the server answered 304: the stored pack is current
  updated,         // a new pack arrived whole and valid, and is now the stored one
  failed,          // see failure; the stored pack (if any) is still the one to use
};
std::string_view to_string(PackSyncState state);

struct PackSyncFailure {
  std::string reason;    // for the student and the log
  bool offline = false;  // no answer from the server at all: expected, shown softly
  bool operator==(const PackSyncFailure&) const = default;
};

struct PackSyncStatus {
  PackSyncState state = PackSyncState::not_downloaded;
  std::optional<CachedPack> cached;  // the usable pack; only a complete, valid body changes it
  std::uint64_t bytes_received = 0;  // while downloading
  std::uint64_t bytes_total = 0;     // 0 when the server did not say
  std::optional<PackSyncFailure> failure;

  bool usable() const { return cached.has_value(); }
  std::optional<double> progress() const;  // 0..1 while downloading with a known size
  bool operator==(const PackSyncStatus&) const = default;
};

// The status after a restart: what storage holds.
PackSyncStatus initial_pack_sync_status(std::optional<CachedPack> stored);

namespace pack_sync_event {
struct Start {  // a check begins; `cached` is what storage holds now
  std::optional<CachedPack> cached;
};
struct NotModified {};  // 304
struct DownloadStarted {  // 200, body on its way
  std::uint64_t bytes_total = 0;  // 0 when unknown
};
struct Progress {
  std::uint64_t bytes_received = 0;  // so far, in all
};
struct BodyComplete {  // the transfer ended and the client parsed and validated the pack
  bool complete = false;  // every byte arrived (the length matched); false for a cut transfer
  CachedPack pack;        // the new ETag and version
};
struct BodyInvalid {  // arrived, but not a pack this client accepts
  std::string reason;
};
struct HttpError {  // an answer other than 200/304
  int status = 0;
  std::string reason;
};
struct NetworkError {  // no answer at all: offline, refused, aborted
  std::string reason;
};
}  // namespace pack_sync_event

using PackSyncEvent = std::variant<pack_sync_event::Start, pack_sync_event::NotModified, pack_sync_event::DownloadStarted,
                                   pack_sync_event::Progress, pack_sync_event::BodyComplete, pack_sync_event::BodyInvalid,
                                   pack_sync_event::HttpError, pack_sync_event::NetworkError>;

// The next status. An event that does not fit the current state (a late progress report, a
// second start while checking) leaves the status as it is.
PackSyncStatus advance_pack_sync(const PackSyncStatus& status, const PackSyncEvent& event);

// The If-None-Match value for the request a Start begins, when a pack is stored.
std::optional<std::string> if_none_match(const PackSyncStatus& status);

// The pack's media the device does not hold yet, in pack order. Files are content-addressed, so
// each sha256 is fetched once however many paths share it; case is ignored in the comparison.
std::vector<MediaItem> media_to_download(std::span<const MediaItem> media, const std::set<std::string>& held_sha256);

}  // namespace umuhanda
