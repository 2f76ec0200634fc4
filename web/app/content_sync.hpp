// ContentSync: the offline-first life of the question pack and its pictures on this device.
// At start it hands the app the pack stored on the device before asking the network anything,
// then revalidates it with If-None-Match (pack_sync.hpp's state machine decides what a 304, a
// 200 or a failure means), replaces it atomically in storage only with a whole, valid body, and
// downloads the pictures the questions need that the device does not hold yet, each file once.
#pragma once

#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "platform/http_client.hpp"
#include "platform/key_value_store.hpp"
#include "umuhanda/clock.hpp"
#include "umuhanda/pack.hpp"
#include "umuhanda/pack_sync.hpp"

namespace umuhanda {

class ContentSync {
public:
  enum class PackSource { storage, network };

  struct MediaProgress {
    std::size_t needed = 0;               // pictures the questions show
    std::size_t held = 0;                 // of those, stored on the device
    std::size_t queued = 0;               // still to download in this run
    std::size_t downloaded = 0;           // downloaded in this run
    std::size_t failed = 0;               // downloads that failed in this run
    std::size_t storing = 0;              // downloaded, not yet confirmed in storage
    std::uint64_t bytes_to_download = 0;  // of the files queued in this run (from the pack's media list)
    std::uint64_t bytes_downloaded = 0;
    bool active() const { return queued > 0 || storing > 0; }
  };

  using MediaReady = std::function<void(std::optional<std::string> bytes, std::string error)>;

  ContentSync(HttpClient& http, KeyValueStore& storage, const Clock& clock);

  // Called with every pack that becomes usable: first the stored one, later a newer download.
  std::function<void(const Pack&, PackSource)> on_pack;
  // Called when no pack can be had at all (nothing stored, and the network failed).
  std::function<void(const std::string& reason)> on_failure;
  // Restricted packs (docs/payments.md): whether the one with this id is open on this device now
  // (the signed entitlement); unset, none is. A restricted pack that is not open is downloaded as its
  // free sample, and one held whole is shown as its free sample.
  std::function<bool(const std::string& pack_id)> opens_restricted;
  // While this answers true (the entitlement not read or checked yet), a restricted pack is not
  // fetched: it waits for access_changed(), so a subscriber never downloads the sample first.
  std::function<bool()> access_pending;
  // Called with the key the catalog publishes for checking entitlements (kid, base64url).
  std::function<void(const std::string& key_id, const std::string& public_key)> on_entitlement_key;
  // Called when a picture arrives from the network, so whoever waits for it can use the bytes.
  std::function<void(const std::string& sha256, const std::string& bytes)> on_media;

  // `storage_open`: whether the KeyValueStore opened; without it everything stays in memory.
  void start(bool storage_open);
  void retry();  // after on_failure: start over from the network
  // What opens_restricted answers may have changed (an entitlement verified, expired, another
  // account): the pack in use is shown again as it now may be, and fetched again (whole or sample).
  void access_changed();

  // The bytes of a picture: from storage when held, otherwise downloaded first (and stored).
  void read_media(const MediaItem& item, MediaReady on_ready);

  const PackSyncStatus& sync() const { return m_sync; }
  // Whether the pack in use is a restricted one shown as its free sample.
  bool showing_sample() const { return m_body && !is_open(*m_body); }
  const MediaProgress& media() const { return m_media; }
  bool media_stopped() const { return m_media_stopped; }  // offline or storage full: paused for this visit
  std::optional<PackSource> pack_source() const { return m_source; }
  // The last storage problem (a full disk while saving the pack or a picture), for the student.
  const std::optional<StorageError>& storage_problem() const { return m_storage_problem; }
  nlohmann::json state() const;
  // Adds an event to the start-up timeline the test hook shows (ms after start).
  void note(std::string event);

private:
  struct StoredPackMeta {
    std::string id;
    CachedPack cached;
  };

  void read_stored_pack();
  void read_stored_pack_body();
  void fetch_catalog(bool choose_pack);
  void revalidate(const std::string& pack_id);
  void on_pack_progress(const HttpProgress& progress);
  void on_pack_response(const std::string& pack_id, HttpResponse response);
  void use_pack(Pack pack, PackSource source);
  bool is_open(const Pack& pack) const;
  void fetch_settled();  // a pack fetch ended: one deferred meanwhile goes now
  void plan_media();
  void download_more_media();
  void on_media_response(const MediaItem& item, HttpResponse response);
  void finish_media(const std::string& sha256, std::optional<std::string> bytes, const std::string& error);
  void write_media_batch();
  void storage_failed(const StorageError& error);

  HttpClient& m_http;
  KeyValueStore& m_storage;
  const Clock& m_clock;
  bool m_storage_open = false;
  std::int64_t m_started_ms = 0;
  std::vector<std::pair<std::string, std::int64_t>> m_timeline;  // what happened, ms after start

  PackSyncStatus m_sync;
  std::string m_pack_id;
  std::map<std::string, std::uint64_t> m_catalog_bytes;  // pack id -> identity size, from the catalog
  std::optional<PackSource> m_source;
  std::optional<Pack> m_body;             // the pack body in use, as stored (whole, or a sample)
  std::set<std::string> m_restricted;     // pack ids the catalog says are restricted
  std::optional<std::string> m_deferred;  // a restricted pack to fetch once access is known
  std::vector<MediaItem> m_needed;        // pictures of the pack in use
  std::optional<StorageError> m_storage_problem;

  std::set<std::string> m_held;                              // sha256 of media in storage
  std::deque<MediaItem> m_queue;                             // to download, most wanted first
  std::set<std::string> m_in_flight;                         // sha256 being downloaded
  std::map<std::string, std::vector<MediaReady>> m_waiting;  // sha256 -> who wants the bytes
  // Downloaded pictures are written in batches (one IndexedDB transaction each, not one per file);
  // until a batch is confirmed its bytes stay here, so reading them never waits for the write.
  std::map<std::string, std::string> m_unsaved_media;  // sha256 -> bytes
  std::vector<std::string> m_media_to_write;           // sha256 in m_unsaved_media not yet sent
  bool m_media_stopped = false;                        // offline or storage full: stop for this run
  MediaProgress m_media;
  std::uint64_t m_pack_body_bytes = 0;      // the last pack body downloaded in this run
  std::size_t m_pack_progress_reports = 0;  // progress events of pack downloads in this run
  HttpProgress m_pack_last_progress;
};

}  // namespace umuhanda
