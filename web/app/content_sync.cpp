// ContentSync: the stored pack first, then revalidation, atomic replacement and picture downloads.
// [SECTION] Start: storage first, then the network
// [SECTION] The pack: revalidate, download, store atomically
// [SECTION] Pictures: plan, download each file once, store
// [SECTION] Test hook state
#include "app/content_sync.hpp"

#include <algorithm>

#include "app/question_pictures.hpp"
#include "umuhanda/pack_validation.hpp"

namespace umuhanda {
namespace {

constexpr std::size_t kParallelMediaDownloads = 4;
constexpr std::size_t kMediaWriteBatch = 16;
constexpr const char* kPackMetaPrefix = "pack:";

std::string describe(const HttpResponse& response) { return response.error.empty() ? "HTTP " + std::to_string(response.status) : response.error; }

}  // namespace

ContentSync::ContentSync(HttpClient& http, KeyValueStore& storage, const Clock& clock) : m_http(http), m_storage(storage), m_clock(clock) {}

void ContentSync::note(std::string event) {
  constexpr std::size_t kMaxTimeline = 64;
  if (m_timeline.size() < kMaxTimeline) m_timeline.emplace_back(std::move(event), m_clock.now_ms() - m_started_ms);
}

// [SECTION] Start: storage first, then the network

void ContentSync::start(bool storage_open) {
  m_started_ms = m_clock.now_ms();
  m_storage_open = storage_open;
  note(storage_open ? "storage_open" : "storage_unavailable");
  if (!storage_open) return fetch_catalog(true);
  read_stored_pack();
}

void ContentSync::retry() {
  if (m_sync.state == PackSyncState::checking || m_sync.state == PackSyncState::downloading) return;
  if (!m_pack_id.empty()) return revalidate(m_pack_id);
  fetch_catalog(true);
}

// Reads, in order: the list of pictures held, the stored packs' ETags (meta), the pack body. The
// network is asked only afterwards, so the stored pack is on screen before any answer arrives.
void ContentSync::read_stored_pack() {
  m_storage.keys(stores::kMedia, [this](StorageResult<std::vector<std::string>> keys) {
    if (keys.ok()) m_held.insert(keys.value.begin(), keys.value.end());
    else storage_failed(*keys.error);
    read_stored_pack_body();
  });
}

void ContentSync::read_stored_pack_body() {
  m_storage.get_all(stores::kMeta, [this](StorageResult<std::vector<KeyValue>> meta) {
    std::optional<StoredPackMeta> stored;
    if (meta.ok()) {
      for (const KeyValue& entry : meta.value) {
        if (entry.key.rfind(kPackMetaPrefix, 0) != 0) continue;
        auto json = nlohmann::json::parse(entry.value, nullptr, false);
        if (json.is_discarded() || !json.is_object() || !json.contains("etag") || !json["etag"].is_string()) continue;
        // Not json.value("version", 0): on a non-number it throws, which aborts without exceptions.
        const int version = json.contains("version") && json["version"].is_number_integer() ? json["version"].get<int>() : 0;
        StoredPackMeta candidate{entry.key.substr(std::string_view(kPackMetaPrefix).size()), {json["etag"].get<std::string>(), version}};
        if (!stored) stored = std::move(candidate);  // one pack is practised; the first stored is it
      }
    } else {
      storage_failed(*meta.error);
    }
    if (!stored) {
      note("no_stored_pack");
      return fetch_catalog(true);
    }
    m_storage.get(stores::kPacks, stored->id, [this, stored = *stored](StorageResult<std::optional<std::string>> body) {
      if (body.ok() && body.value) {
        auto pack = load_pack(*body.value);
        if (pack && pack->id == stored.id) {
          m_pack_id = stored.id;
          m_sync = initial_pack_sync_status(stored.cached);
          note("pack_from_storage");
          use_pack(std::move(pack).value(), PackSource::storage);
        } else {
          // A stored pack this client cannot read (an older client's bug, a torn write in an old
          // browser): treat it as absent and download a fresh one.
          note("stored_pack_unreadable");
        }
      }
      if (m_sync.cached) {
        fetch_catalog(false);
        revalidate(stored.id);
      } else {
        fetch_catalog(true);
      }
    });
  });
}

// The catalog names the packs and their sizes. Without a stored pack it picks the one to download;
// with one, it is asked alongside the revalidation only for the size: a browser undoes the
// compression as bytes arrive and then cannot tell the total, which the catalog's identity size is.
void ContentSync::fetch_catalog(bool choose_pack) {
  note("catalog_request");
  m_http.get("/api/v1/packs", {}, [this, choose_pack](HttpResponse response) {
    if (!response.ok()) {
      note(response.status == 0 ? "catalog_offline" : "catalog_failed");
      if (choose_pack && on_failure) on_failure("catalog: " + describe(response));
      return;
    }
    auto catalog = nlohmann::json::parse(response.body, nullptr, false);
    if (catalog.is_discarded() || !catalog.contains("packs") || !catalog["packs"].is_array()) {
      if (choose_pack && on_failure) on_failure("catalog: the server sent no pack list");
      return;
    }
    if (const auto key = catalog.find("entitlement_key"); key != catalog.end() && key->is_object() && on_entitlement_key) {
      if (key->contains("kid") && (*key)["kid"].is_string() && key->contains("public_key") && (*key)["public_key"].is_string()) {
        on_entitlement_key((*key)["kid"].get<std::string>(), (*key)["public_key"].get<std::string>());
      }
    }
    std::string first;
    for (const auto& entry : catalog["packs"]) {
      if (!entry.is_object() || !entry.contains("id") || !entry["id"].is_string()) continue;
      const std::string id = entry["id"].get<std::string>();
      if (first.empty()) first = id;
      if (entry.contains("access") && entry["access"] == "restricted") m_restricted.insert(id);
      const auto bytes = entry.find("bytes");
      if (bytes != entry.end() && bytes->is_object() && bytes->contains("identity") && (*bytes)["identity"].is_number_unsigned()) {
        m_catalog_bytes[id] = (*bytes)["identity"].get<std::uint64_t>();
      }
    }
    note("catalog");
    if (!choose_pack) return;
    if (first.empty()) {
      if (on_failure) on_failure("catalog: the server offers no pack");
      return;
    }
    revalidate(first);
  });
}

// [SECTION] The pack: revalidate, download, store atomically

void ContentSync::revalidate(const std::string& pack_id) {
  m_pack_id = pack_id;
  const bool restricted = m_restricted.count(pack_id) > 0 || (m_body && m_body->id == pack_id && m_body->access.restricted);
  if (restricted && access_pending && access_pending()) {
    note("pack_waits_for_access");
    m_deferred = pack_id;
    return;
  }
  m_sync = advance_pack_sync(m_sync, pack_sync_event::Start{m_sync.cached});
  HttpRequest request;
  // A restricted pack that is not open here: its free sample (the server would refuse the whole).
  const bool sample = restricted && !(opens_restricted && opens_restricted(pack_id));
  request.url = "/api/v1/packs/" + pack_id + (sample ? "/sample" : "");
  if (auto etag = if_none_match(m_sync)) request.headers.emplace_back("If-None-Match", *etag);
  request.on_progress = [this](const HttpProgress& progress) { on_pack_progress(progress); };
  note(request.headers.empty() ? "pack_request" : "pack_revalidate");
  m_http.send(std::move(request), [this, pack_id](HttpResponse response) {
    on_pack_response(pack_id, std::move(response));
    fetch_settled();
  });
}

void ContentSync::on_pack_progress(const HttpProgress& progress) {
  if (progress.status != 200) return;
  ++m_pack_progress_reports;
  m_pack_last_progress = progress;
  if (m_sync.state == PackSyncState::checking) {
    auto expected = m_catalog_bytes.find(m_pack_id);
    const std::uint64_t total = progress.bytes_total > 0 ? progress.bytes_total : expected != m_catalog_bytes.end() ? expected->second : 0;
    m_sync = advance_pack_sync(m_sync, pack_sync_event::DownloadStarted{total});
  }
  m_sync = advance_pack_sync(m_sync, pack_sync_event::Progress{progress.bytes_received});
}

void ContentSync::on_pack_response(const std::string& pack_id, HttpResponse response) {
  using namespace pack_sync_event;
  if (response.not_modified()) {
    note("pack_304");
    m_sync = advance_pack_sync(m_sync, NotModified{});
    if (m_sync.state == PackSyncState::up_to_date) plan_media();
    return;
  }
  if (response.status == 0) {
    note("pack_offline");
    m_sync = advance_pack_sync(m_sync, NetworkError{response.error});
    if (!m_source && on_failure) on_failure("pack: " + describe(response));
    return;
  }
  if (response.status != 200) {
    note("pack_http_" + std::to_string(response.status));
    m_sync = advance_pack_sync(m_sync, HttpError{response.status, response.error});
    if (!m_source && on_failure) on_failure("pack: " + describe(response));
    return;
  }
  note("pack_200");
  m_pack_body_bytes = response.body.size();
  if (m_sync.state == PackSyncState::checking) {  // too small for a progress event
    m_sync = advance_pack_sync(m_sync, DownloadStarted{response.body.size()});
  }
  m_sync = advance_pack_sync(m_sync, Progress{std::max<std::uint64_t>(m_sync.bytes_total, response.body.size())});
  if (!response.complete) {
    m_sync = advance_pack_sync(m_sync, BodyComplete{false, {}});
    if (!m_source && on_failure) on_failure("pack: the download was cut short");
    return;
  }
  auto pack = load_pack(response.body);
  if (!pack || pack->id != pack_id) {
    const std::string reason = pack ? "it is pack \"" + pack->id + "\", not \"" + pack_id + "\"" : to_string(pack.errors().front());
    m_sync = advance_pack_sync(m_sync, BodyInvalid{reason});
    if (!m_source && on_failure) on_failure("pack: " + reason);
    return;
  }
  const CachedPack cached{response.etag, pack->version};
  if (response.etag.empty()) {
    // Valid but unrevalidatable: the state machine refuses to store it. Use it for this visit only
    // when nothing better is stored.
    m_sync = advance_pack_sync(m_sync, BodyComplete{true, cached});
    if (!m_source) use_pack(std::move(pack).value(), PackSource::network);
    return;
  }
  auto finish = [this, cached, pack = std::move(pack).value()](std::optional<StorageError> error) mutable {
    if (error) storage_failed(*error);
    note(error ? "pack_not_stored" : "pack_stored");
    // The new pack is used either way: it arrived whole and valid. Unsaved, the next start simply
    // finds the old ETag in storage and downloads it again.
    m_sync = advance_pack_sync(m_sync, pack_sync_event::BodyComplete{true, cached});
    use_pack(std::move(pack), PackSource::network);
    plan_media();
    fetch_settled();
  };
  if (!m_storage_open) return finish(StorageError{StorageErrorKind::unavailable, "no storage on this device"});
  // The body and its ETag replace the old ones together, or not at all: one transaction.
  nlohmann::json meta = {{"etag", cached.etag}, {"version", cached.version}, {"bytes", response.body.size()}, {"stored_at_ms", m_clock.now_ms()}};
  m_storage.write(
      {KeyValueWrite{stores::kPacks, pack_id, std::move(response.body)}, KeyValueWrite{stores::kMeta, kPackMetaPrefix + pack_id, meta.dump()}},
      WriteDurability::strict, std::move(finish));
}

bool ContentSync::is_open(const Pack& pack) const { return !pack.access.restricted || (opens_restricted && opens_restricted(pack.id)); }

void ContentSync::access_changed() {
  // A public pack is the same for everyone: nothing to show or fetch again.
  const bool restricted_body = m_body && m_source && m_body->access.restricted;
  if (!restricted_body && !m_deferred) return;
  note("access_changed");
  if (restricted_body) use_pack(*m_body, *m_source);
  if (access_pending && access_pending()) return;  // called again once known
  const std::string pack_id = m_deferred ? *m_deferred : m_body->id;
  m_deferred.reset();
  // A fetch in flight chose its address before this change: fetch again once it is done.
  if (m_sync.state == PackSyncState::checking || m_sync.state == PackSyncState::downloading) {
    m_deferred = pack_id;
    return;
  }
  revalidate(pack_id);
}

void ContentSync::fetch_settled() {
  if (!m_deferred || m_sync.state == PackSyncState::checking || m_sync.state == PackSyncState::downloading) return;
  if (access_pending && access_pending()) return;
  const std::string pack_id = *m_deferred;
  m_deferred.reset();
  revalidate(pack_id);
}

void ContentSync::use_pack(Pack held, PackSource source) {
  m_source = source;
  m_body = held;
  // A restricted pack held whole but not open (an entitlement ended, another account) shows its
  // free sample only; the next download replaces the whole with the sample.
  Pack pack = is_open(held) ? std::move(held) : free_sample(held);
  m_needed = practice_media(pack);
  m_media.needed = m_needed.size();
  m_media.held =
      static_cast<std::size_t>(std::count_if(m_needed.begin(), m_needed.end(), [this](const MediaItem& m) { return m_held.count(m.sha256) > 0; }));
  if (on_pack) on_pack(pack, source);
}

void ContentSync::storage_failed(const StorageError& error) {
  m_storage_problem = error;
  note("storage_error:" + std::string(to_string(error.kind)));
}

// [SECTION] Pictures: plan, download each file once, store

void ContentSync::plan_media() {
  // Without storage nothing downloaded could be kept: pictures come one by one, when shown.
  if (!m_storage_open) return;
  std::set<std::string> held_or_coming = m_held;
  held_or_coming.insert(m_in_flight.begin(), m_in_flight.end());
  for (const MediaItem& queued : m_queue) held_or_coming.insert(queued.sha256);
  const std::vector<MediaItem> missing = media_to_download(m_needed, held_or_coming);
  for (const MediaItem& item : missing) {
    m_queue.push_back(item);
    m_media.bytes_to_download += item.bytes;
  }
  m_media.queued = m_queue.size() + m_in_flight.size();
  note("media_planned:" + std::to_string(missing.size()));
  download_more_media();
}

void ContentSync::read_media(const MediaItem& item, MediaReady on_ready) {
  const std::string sha = item.sha256;
  if (auto unsaved = m_unsaved_media.find(sha); unsaved != m_unsaved_media.end()) return on_ready(unsaved->second, "");
  if (m_storage_open && m_held.count(sha)) {
    m_storage.get(stores::kMedia, sha, [this, item, on_ready = std::move(on_ready)](StorageResult<std::optional<std::string>> bytes) mutable {
      if (bytes.ok() && bytes.value) return on_ready(std::move(bytes.value), "");
      m_held.erase(item.sha256);  // gone from storage (cleared by the browser): download again
      read_media(item, std::move(on_ready));
    });
    return;
  }
  m_waiting[sha].push_back(std::move(on_ready));
  if (m_in_flight.count(sha)) return;
  // Wanted now: to the front of the queue, even when background downloads stopped.
  auto queued = std::find_if(m_queue.begin(), m_queue.end(), [&](const MediaItem& m) { return m.sha256 == sha; });
  if (queued != m_queue.end()) m_queue.erase(queued);
  else m_media.bytes_to_download += item.bytes;
  m_queue.push_front(item);
  m_media.queued = m_queue.size() + m_in_flight.size();
  download_more_media();
}

void ContentSync::download_more_media() {
  while (m_in_flight.size() < kParallelMediaDownloads && !m_queue.empty()) {
    if (m_media_stopped && !m_waiting.count(m_queue.front().sha256)) break;
    MediaItem item = m_queue.front();
    m_queue.pop_front();
    m_in_flight.insert(item.sha256);
    m_http.get("/api/v1/media/" + item.sha256, {}, [this, item](HttpResponse response) { on_media_response(item, std::move(response)); });
  }
  m_media.queued = m_queue.size() + m_in_flight.size();
}

void ContentSync::on_media_response(const MediaItem& item, HttpResponse response) {
  m_in_flight.erase(item.sha256);
  const bool whole = response.ok() && response.complete && (item.bytes == 0 || response.body.size() == item.bytes);
  if (!whole) {
    ++m_media.failed;
    if (response.status == 0) m_media_stopped = true;  // offline: the rest would fail the same way
    const std::string error = response.ok() ? "picture " + item.path + " arrived incomplete" : "picture " + item.path + ": " + describe(response);
    finish_media(item.sha256, std::nullopt, error);
    if (m_in_flight.empty()) write_media_batch();
    download_more_media();
    return;
  }
  ++m_media.downloaded;
  m_media.bytes_downloaded += response.body.size();
  if (on_media) on_media(item.sha256, response.body);
  if (m_storage_open && m_unsaved_media.emplace(item.sha256, response.body).second) {
    m_media_to_write.push_back(item.sha256);
    ++m_media.storing;
  }
  finish_media(item.sha256, std::move(response.body), "");
  download_more_media();
  if (m_media_to_write.size() >= kMediaWriteBatch || m_in_flight.empty()) write_media_batch();
}

// Relaxed durability: a picture lost to a power cut is simply downloaded again next time.
void ContentSync::write_media_batch() {
  if (m_media_to_write.empty()) return;
  std::vector<KeyValueWrite> writes;
  for (const std::string& sha : m_media_to_write) writes.push_back(KeyValueWrite{stores::kMedia, sha, m_unsaved_media.at(sha)});
  m_storage.write(std::move(writes), WriteDurability::relaxed, [this, shas = std::move(m_media_to_write)](std::optional<StorageError> error) {
    for (const std::string& sha : shas) {
      m_unsaved_media.erase(sha);
      --m_media.storing;
      if (error) continue;
      m_held.insert(sha);
      if (std::any_of(m_needed.begin(), m_needed.end(), [&](const MediaItem& m) { return m.sha256 == sha; })) ++m_media.held;
    }
    if (error) {
      storage_failed(*error);
      if (error->kind == StorageErrorKind::quota_exceeded) m_media_stopped = true;  // no room: stop fetching
    } else if (!m_media.active() && m_media.held == m_media.needed) {
      note("media_complete");
    }
  });
  m_media_to_write.clear();
}

void ContentSync::finish_media(const std::string& sha256, std::optional<std::string> bytes, const std::string& error) {
  auto waiting = m_waiting.find(sha256);
  if (waiting == m_waiting.end()) return;
  std::vector<MediaReady> callbacks = std::move(waiting->second);
  m_waiting.erase(waiting);
  for (auto& callback : callbacks) callback(bytes, error);
}

// [SECTION] Test hook state

nlohmann::json ContentSync::state() const {
  nlohmann::json sync = {{"state", std::string(to_string(m_sync.state))},
                         {"bytes_received", m_sync.bytes_received},
                         {"bytes_total", m_sync.bytes_total},
                         {"pack_body_bytes", m_pack_body_bytes},
                         {"progress_reports", m_pack_progress_reports},
                         {"last_progress", {{"received", m_pack_last_progress.bytes_received}, {"total", m_pack_last_progress.bytes_total}}}};
  if (m_sync.cached) {
    sync["etag"] = m_sync.cached->etag;
    sync["version"] = m_sync.cached->version;
  }
  if (m_sync.failure) {
    sync["failure"] = m_sync.failure->reason;
    sync["offline"] = m_sync.failure->offline;
  }
  nlohmann::json media = {{"needed", m_media.needed},
                          {"held", m_media.held},
                          {"queued", m_media.queued},
                          {"downloaded", m_media.downloaded},
                          {"failed", m_media.failed},
                          {"storing", m_media.storing},
                          {"bytes_to_download", m_media.bytes_to_download},
                          {"bytes_downloaded", m_media.bytes_downloaded},
                          {"stopped", m_media_stopped}};
  nlohmann::json timeline = nlohmann::json::array();
  for (const auto& [event, ms] : m_timeline) timeline.push_back({{"event", event}, {"ms", ms}});
  nlohmann::json state = {{"sync", std::move(sync)}, {"media", std::move(media)}, {"timeline", std::move(timeline)}};
  if (m_source) state["pack_source"] = *m_source == PackSource::storage ? "storage" : "network";
  if (m_body) {
    // What the device holds of the pack in use, and what it shows: the e2e tests read these.
    const bool open = is_open(*m_body);
    state["pack"] = {{"id", m_body->id},
                     {"restricted", m_body->access.restricted},
                     {"open", open},
                     {"held_questions", m_body->questions.size()},
                     {"shown_questions", open ? m_body->questions.size() : free_sample(*m_body).questions.size()}};
  }
  if (m_storage_problem) {
    state["storage_problem"] = {{"kind", std::string(to_string(m_storage_problem->kind))}, {"message", m_storage_problem->message}};
  }
  return state;
}

}  // namespace umuhanda
