// [SECTION] Resources
// [SECTION] Catalog and version lists
// [SECTION] The cache of encoded bodies
#include "content_store.hpp"

#include <nlohmann/json.hpp>

#include "compression.hpp"
#include "pack_repository.hpp"
#include "request_stats.hpp"
#include "umuhanda/entitlement.hpp"
#include "umuhanda/pack_json.hpp"

namespace umuhanda {
namespace {

std::string last_modified_from(const std::string& imported_at) {
  auto seconds = parse_iso_utc(imported_at);
  return seconds ? http_date(*seconds) : std::string();
}

nlohmann::json text_json(const LocalizedText& text) {
  nlohmann::json object = nlohmann::json::object();
  for (const auto& [language, value] : text.by_language) object[language] = value;
  return object;
}

std::string dump(const nlohmann::json& value) { return value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace); }

// Snapshot generations are unique in the process, so a thread's remembered snapshot can never be
// taken for another store's.
std::uint64_t next_snapshot_generation() {
  static std::atomic<std::uint64_t> last{0};
  return ++last;
}

}  // namespace

// [SECTION] Resources

const Representation& CachedResource::in(ContentEncoding encoding) const {
  if (encoding == ContentEncoding::br && br) return *br;
  if (encoding == ContentEncoding::gzip && gzip) return *gzip;
  return identity;
}

std::size_t CachedResource::memory_bytes() const {
  return identity.bytes.size() + (gzip ? gzip->bytes.size() : 0) + (br ? br->bytes.size() : 0) + 256;
}

ResourcePtr make_resource(std::string body, std::string content_type, std::string cache_control, std::string last_modified, MissingForms missing,
                          CompressedForms forms) {
  if (missing == MissingForms::compute) {
    if (forms.gzip.empty()) forms.gzip = gzip_compress(body);
    if (forms.br.empty()) forms.br = brotli_compress(body);
  }
  auto resource = std::make_shared<CachedResource>();
  resource->content_type = std::move(content_type);
  resource->cache_control = std::move(cache_control);
  resource->last_modified = std::move(last_modified);
  // Keep an encoding only when it helps; tiny bodies can grow.
  if (!forms.gzip.empty() && forms.gzip.size() < body.size()) resource->gzip = Representation{std::move(forms.gzip), ""};
  if (!forms.br.empty() && forms.br.size() < body.size()) resource->br = Representation{std::move(forms.br), ""};
  resource->identity = Representation{std::move(body), ""};
  for (Representation* form : {&resource->identity, resource->gzip ? &*resource->gzip : nullptr, resource->br ? &*resource->br : nullptr}) {
    if (form) form->etag = strong_etag(form->bytes);
  }
  return resource;
}

ContentStore::ContentStore(ReadConnections& readers, std::size_t cache_limit_bytes)
    : m_readers(readers),
      m_snapshot(std::make_shared<const Snapshot>()),
      m_generation(next_snapshot_generation()),
      m_cache_limit(cache_limit_bytes) {}

std::shared_ptr<const ContentStore::Snapshot> ContentStore::snapshot() const {
  thread_local std::uint64_t seen_generation = 0;
  thread_local std::shared_ptr<const Snapshot> seen;
  if (m_generation.load(std::memory_order_acquire) != seen_generation) {
    std::lock_guard lock(m_snapshot_mutex);
    seen = m_snapshot;
    seen_generation = m_generation.load(std::memory_order_relaxed);
  }
  return seen;
}

ResourcePtr ContentStore::catalog() const { return snapshot()->catalog; }

std::optional<int> ContentStore::current_version(const std::string& pack_id) const {
  auto content = snapshot();
  auto it = content->current.find(pack_id);
  if (it == content->current.end()) return std::nullopt;
  return it->second;
}

bool ContentStore::restricted(const std::string& pack_id, int version) const { return snapshot()->restricted_versions.count({pack_id, version}) > 0; }

ResourcePtr ContentStore::sample(const std::string& pack_id) const {
  auto content = snapshot();
  auto it = content->samples.find(pack_id);
  return it == content->samples.end() ? nullptr : it->second.resource;
}

ResourcePtr ContentStore::versions(const std::string& pack_id) const {
  auto content = snapshot();
  auto it = content->versions.find(pack_id);
  return it == content->versions.end() ? nullptr : it->second;
}

// [SECTION] Catalog and version lists

void ContentStore::set_entitlement_key(std::string key_id, std::string public_key) {
  m_entitlement_key_id = std::move(key_id);
  m_entitlement_public_key = std::move(public_key);
}

Expected<void> ContentStore::reload() {
  std::vector<StoredVersion> versions;
  std::vector<std::string> media_hashes;
  auto listed = m_readers.with([&](Database& db) -> Expected<void> {
    auto all_versions = list_versions(db);
    if (!all_versions) return all_versions.errors();
    versions = std::move(all_versions).value();
    auto hashes = list_media_hashes(db);
    if (!hashes) return hashes.errors();
    media_hashes = std::move(hashes).value();
    return {};
  });
  if (!listed) return listed.errors();

  const std::shared_ptr<const Snapshot> previous = snapshot();
  auto next = std::make_shared<Snapshot>();
  next->known_media.insert(media_hashes.begin(), media_hashes.end());
  std::map<std::string, nlohmann::json> version_lists;
  nlohmann::json catalog_entries = nlohmann::json::array();
  std::string newest_import;
  for (const StoredVersion& stored : versions) {
    next->known_versions.emplace(stored.pack_id, stored.version);
    if (stored.restricted) next->restricted_versions.emplace(stored.pack_id, stored.version);
    if (stored.imported_at > newest_import) newest_import = stored.imported_at;
    version_lists[stored.pack_id].push_back({{"version", stored.version},
                                             {"sha256", stored.sha256},
                                             {"bytes", stored.bytes},
                                             {"imported_at", stored.imported_at},
                                             {"current", stored.current},
                                             {"url", "/api/v1/packs/" + stored.pack_id + "/v/" + std::to_string(stored.version)}});
    if (!stored.current) continue;
    next->current[stored.pack_id] = stored.version;
    auto body = fetch_version(stored.pack_id, stored.version);
    if (!body) return body.errors();
    if (!body.value()) return Expected<void>::failure(stored.pack_id, "version " + std::to_string(stored.version) + " vanished during reload");
    const ResourcePtr& resource = body.value();
    nlohmann::json entry = {{"id", stored.pack_id},
                            {"version", stored.version},
                            {"imported_at", stored.imported_at},
                            {"etag", resource->identity.etag},
                            {"url", "/api/v1/packs/" + stored.pack_id},
                            {"versions_url", "/api/v1/packs/" + stored.pack_id + "/versions"},
                            {"bytes",
                             {{"identity", resource->identity.bytes.size()},
                              {"gzip", resource->gzip ? resource->gzip->bytes.size() : 0},
                              {"br", resource->br ? resource->br->bytes.size() : 0}}}};
    // Stored bodies were validated at import, so they parse.
    if (auto pack = parse_pack_json(resource->identity.bytes)) {
      std::uint64_t media_bytes = 0;
      for (const auto& item : pack->media) media_bytes += item.bytes;
      entry["title"] = text_json(pack->title);
      entry["languages"] = pack->languages;
      entry["counts"] = {{"questions", pack->questions.size()}, {"topics", pack->topics.size()},       {"signs", pack->signs.size()},
                         {"lessons", pack->lessons.size()},     {"exam_sets", pack->exam_sets.size()}, {"media", pack->media.size()}};
      entry["media_bytes"] = media_bytes;
      entry["access"] = stored.restricted ? "restricted" : "public";
      if (stored.restricted) {
        // The sample is made once per version (a reload keeps the one made before).
        auto kept = previous->samples.find(stored.pack_id);
        ResourcePtr sample = kept != previous->samples.end() && kept->second.version == stored.version ? kept->second.resource : nullptr;
        const Pack free = free_sample(pack.value());
        if (!sample) sample = make_resource(to_json(free), "application/json", kRevalidate, resource->last_modified, MissingForms::compute);
        next->samples[stored.pack_id] = Snapshot::Sample{stored.version, sample};
        entry["sample"] = {{"url", "/api/v1/packs/" + stored.pack_id + "/sample"},
                           {"etag", sample->identity.etag},
                           {"counts", {{"questions", free.questions.size()}, {"exam_sets", free.exam_sets.size()}}}};
      }
    }
    catalog_entries.push_back(std::move(entry));
  }
  const std::string catalog_modified = last_modified_from(newest_import);
  nlohmann::json catalog = {{"packs", std::move(catalog_entries)}};
  if (!m_entitlement_public_key.empty()) {
    catalog["entitlement_key"] = {{"alg", "Ed25519"}, {"kid", m_entitlement_key_id}, {"public_key", base64url_encode(m_entitlement_public_key)}};
  }
  next->catalog = make_resource(dump(catalog), "application/json", kRevalidate, catalog_modified, MissingForms::compute);
  for (auto& [pack_id, list] : version_lists) {
    next->versions[pack_id] = make_resource(dump({{"pack", pack_id}, {"versions", std::move(list)}}), "application/json", kRevalidate,
                                            catalog_modified, MissingForms::compute);
  }
  std::lock_guard lock(m_snapshot_mutex);
  m_snapshot = std::move(next);
  m_generation.store(next_snapshot_generation(), std::memory_order_release);
  return {};
}

// [SECTION] The cache of encoded bodies

ResourcePtr ContentStore::cache_find(const std::string& key) {
  std::lock_guard lock(m_cache_mutex);
  auto it = m_cache.find(key);
  if (it == m_cache.end()) return nullptr;
  m_lru.splice(m_lru.begin(), m_lru, it->second);
  return it->second->second;
}

void ContentStore::cache_put(const std::string& key, ResourcePtr resource) {
  std::lock_guard lock(m_cache_mutex);
  if (m_cache.count(key)) return;
  m_cache_bytes += resource->memory_bytes();
  m_lru.emplace_front(key, std::move(resource));
  m_cache[key] = m_lru.begin();
  // Evict least recently used entries, but never the one just added.
  while (m_cache_bytes > m_cache_limit && m_lru.size() > 1) {
    m_cache_bytes -= m_lru.back().second->memory_bytes();
    m_cache.erase(m_lru.back().first);
    m_lru.pop_back();
  }
}

std::size_t ContentStore::cached_bytes() const {
  std::lock_guard lock(m_cache_mutex);
  return m_cache_bytes;
}

Expected<ResourcePtr> ContentStore::load_version(const std::string& pack_id, int version) {
  auto loaded = m_readers.with([&](Database& db) { return load_version_bodies(db, pack_id, version); });
  if (!loaded) return loaded.errors();
  std::optional<VersionBodies> bodies = std::move(loaded).value();
  if (!bodies) return ResourcePtr();
  // The bodies were compressed at import: none is computed on this request's path.
  return make_resource(std::move(bodies->identity), "application/json", kImmutable, last_modified_from(bodies->imported_at), MissingForms::leave_out,
                       {std::move(bodies->gzip), std::move(bodies->br)});
}

bool ContentStore::version_in_memory(const std::string& pack_id, int version) {
  if (!snapshot()->known_versions.count({pack_id, version})) return true;
  std::lock_guard lock(m_cache_mutex);
  return m_cache.count("pack:" + pack_id + ":" + std::to_string(version)) > 0;
}

bool ContentStore::media_in_memory(const std::string& sha256) {
  if (!snapshot()->known_media.count(sha256)) return true;
  std::lock_guard lock(m_cache_mutex);
  return m_cache.count("media:" + sha256) > 0;
}

Expected<ResourcePtr> ContentStore::pack_version(const std::string& pack_id, int version) {
  if (!snapshot()->known_versions.count({pack_id, version})) return ResourcePtr();
  return fetch_version(pack_id, version);
}

Expected<ResourcePtr> ContentStore::fetch_version(const std::string& pack_id, int version) {
  RequestStats& stats = current_request_stats();
  const std::string key = "pack:" + pack_id + ":" + std::to_string(version);
  ResourcePtr fixed = cache_find(key);
  stats.cache = fixed ? RequestStats::Cache::hit : RequestStats::Cache::miss;
  if (!fixed) {
    auto loaded = load_version(pack_id, version);
    if (!loaded) return loaded.errors();
    if (!loaded.value()) return ResourcePtr();
    fixed = loaded.value();
    cache_put(key, fixed);
  }
  return fixed;
}

Expected<ResourcePtr> ContentStore::media(const std::string& sha256) {
  if (!snapshot()->known_media.count(sha256)) return ResourcePtr();
  RequestStats& stats = current_request_stats();
  const std::string key = "media:" + sha256;
  if (ResourcePtr cached = cache_find(key)) {
    stats.cache = RequestStats::Cache::hit;
    return cached;
  }
  stats.cache = RequestStats::Cache::miss;
  auto loaded = m_readers.with([&](Database& db) { return load_media(db, sha256); });
  if (!loaded) return loaded.errors();
  std::optional<StoredMedia> stored = std::move(loaded).value();
  if (!stored) return ResourcePtr();
  // Images are already compressed: served as they are.
  auto resource = make_resource(std::move(stored->body), stored->mime, kImmutable, last_modified_from(stored->imported_at), MissingForms::leave_out);
  cache_put(key, resource);
  return resource;
}

}  // namespace umuhanda
