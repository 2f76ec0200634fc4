// The pack update state machine and the media diff.
#include "umuhanda/pack_sync.hpp"

#include <algorithm>
#include <cctype>
#include <type_traits>

namespace umuhanda {

std::string_view to_string(PackSyncState state) {
  switch (state) {
    case PackSyncState::not_downloaded: return "not_downloaded";
    case PackSyncState::cached: return "cached";
    case PackSyncState::checking: return "checking";
    case PackSyncState::downloading: return "downloading";
    case PackSyncState::up_to_date: return "up_to_date";
    case PackSyncState::updated: return "updated";
    case PackSyncState::failed: return "failed";
  }
  return "unknown";
}

std::optional<double> PackSyncStatus::progress() const {
  if (state != PackSyncState::downloading || bytes_total == 0) return std::nullopt;
  return std::min(1.0, static_cast<double>(bytes_received) / static_cast<double>(bytes_total));
}

PackSyncStatus initial_pack_sync_status(std::optional<CachedPack> stored) {
  PackSyncStatus status;
  status.state = stored ? PackSyncState::cached : PackSyncState::not_downloaded;
  status.cached = std::move(stored);
  return status;
}

namespace {

bool in_flight(const PackSyncStatus& status) {
  return status.state == PackSyncState::checking || status.state == PackSyncState::downloading;
}

// Every failure keeps `cached`: that is what keeps the student's pack usable.
PackSyncStatus failed(const PackSyncStatus& status, std::string reason, bool offline) {
  PackSyncStatus next;
  next.state = PackSyncState::failed;
  next.cached = status.cached;
  next.failure = PackSyncFailure{std::move(reason), offline};
  return next;
}

}  // namespace

PackSyncStatus advance_pack_sync(const PackSyncStatus& status, const PackSyncEvent& event) {
  using namespace pack_sync_event;
  return std::visit(
      [&](const auto& e) -> PackSyncStatus {
        using E = std::decay_t<decltype(e)>;
        if constexpr (std::is_same_v<E, Start>) {
          if (in_flight(status)) return status;
          PackSyncStatus next;
          next.state = PackSyncState::checking;
          next.cached = e.cached;
          return next;
        } else if constexpr (std::is_same_v<E, NotModified>) {
          if (status.state != PackSyncState::checking) return status;
          // 304 without a stored pack means the server matched a tag the client never sent.
          if (!status.cached) return failed(status, "the server said the pack is unchanged, but none is stored", false);
          PackSyncStatus next;
          next.state = PackSyncState::up_to_date;
          next.cached = status.cached;
          return next;
        } else if constexpr (std::is_same_v<E, DownloadStarted>) {
          if (status.state != PackSyncState::checking) return status;
          PackSyncStatus next;
          next.state = PackSyncState::downloading;
          next.cached = status.cached;
          next.bytes_total = e.bytes_total;
          return next;
        } else if constexpr (std::is_same_v<E, Progress>) {
          if (status.state != PackSyncState::downloading) return status;
          PackSyncStatus next = status;
          next.bytes_received = std::max(status.bytes_received, e.bytes_received);
          return next;
        } else if constexpr (std::is_same_v<E, BodyComplete>) {
          if (status.state != PackSyncState::downloading) return status;
          if (!e.complete) {
            return failed(status, "the download stopped after " + std::to_string(status.bytes_received) + " bytes", false);
          }
          if (e.pack.etag.empty()) return failed(status, "the server sent the pack without an ETag", false);
          PackSyncStatus next;
          next.state = PackSyncState::updated;
          next.cached = e.pack;
          return next;
        } else if constexpr (std::is_same_v<E, BodyInvalid>) {
          if (status.state != PackSyncState::downloading) return status;
          return failed(status, "the server sent a pack this app cannot use: " + e.reason, false);
        } else if constexpr (std::is_same_v<E, HttpError>) {
          if (!in_flight(status)) return status;
          return failed(status, "the server answered " + std::to_string(e.status) + (e.reason.empty() ? "" : ": " + e.reason), false);
        } else {
          static_assert(std::is_same_v<E, NetworkError>);
          if (!in_flight(status)) return status;
          return failed(status, e.reason.empty() ? std::string("no connection") : e.reason, true);
        }
      },
      event);
}

std::optional<std::string> if_none_match(const PackSyncStatus& status) {
  if (!status.cached || status.cached->etag.empty()) return std::nullopt;
  return status.cached->etag;
}

std::vector<MediaItem> media_to_download(std::span<const MediaItem> media, const std::set<std::string>& held_sha256) {
  auto lower = [](std::string text) {
    std::transform(text.begin(), text.end(), text.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return text;
  };
  std::set<std::string> held;
  for (const std::string& sha : held_sha256) held.insert(lower(sha));
  std::vector<MediaItem> missing;
  for (const MediaItem& item : media) {
    if (held.insert(lower(item.sha256)).second) missing.push_back(item);
  }
  return missing;
}

}  // namespace umuhanda
