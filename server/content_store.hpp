// ContentStore: everything the content API serves, ready to send. The catalog and version lists
// are rebuilt after each import or rollback; pack versions and media sit in an in-memory cache of
// encoded bodies (identity, gzip, brotli), so a request costs no query on a hit and one on a miss.
#pragma once

#include <atomic>
#include <cstdint>
#include <list>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <unordered_map>

#include "http_caching.hpp"
#include "sqlite_database.hpp"

namespace umuhanda {

struct Representation {
  std::string bytes;
  std::string etag;  // strong, of these bytes: each encoding has its own
};

// One resource in every encoding it is served in, with its caching policy.
struct CachedResource {
  std::string content_type;
  std::string cache_control;
  std::string last_modified;  // HTTP date, or empty
  Representation identity;
  std::optional<Representation> gzip;
  std::optional<Representation> br;

  bool compressible() const { return gzip || br; }
  const Representation& in(ContentEncoding encoding) const;
  std::size_t memory_bytes() const;
};
using ResourcePtr = std::shared_ptr<const CachedResource>;

// Compressed forms of a body; an empty string is a form not made.
struct CompressedForms {
  std::string gzip;
  std::string br;
};
// What make_resource does with a compressed form it was not given.
enum class MissingForms { compute, leave_out };
// Builds a resource from its body and the compressed forms already made (by an import or the web
// build, checked against `body`); a form is kept only when smaller than the body. Missing forms are
// computed (at start-up and imports, never for a request) or left out (media, fonts, pictures).
ResourcePtr make_resource(std::string body, std::string content_type, std::string cache_control, std::string last_modified, MissingForms missing,
                          CompressedForms forms = {});

// Cache-Control values used across the server.
inline constexpr const char* kRevalidate = "no-cache";
inline constexpr const char* kImmutable = "public, max-age=31536000, immutable";
inline constexpr const char* kPrivate = "private, no-store";
// A restricted pack: a browser may keep it and revalidate (each use asks the server, who checks the
// subscription again); a shared cache never stores it.
inline constexpr const char* kRestrictedCacheControl = "private, no-cache";

class ContentStore {
public:
  // Reads through `readers` only: a cache miss never waits for a writer.
  ContentStore(ReadConnections& readers, std::size_t cache_limit_bytes);

  // The key clients check offline entitlements with, published in the catalog from the next reload.
  void set_entitlement_key(std::string key_id, std::string public_key);

  // Re-reads the version list and rebuilds catalog and version lists (queries; not per request).
  Expected<void> reload();

  ResourcePtr catalog() const;
  std::optional<int> current_version(const std::string& pack_id) const;
  ResourcePtr versions(const std::string& pack_id) const;  // nullptr for an unknown pack

  // nullptr when the pack or version does not exist (known without a query). Its Cache-Control is
  // that of a fixed version; the latest-version route serves the same bytes as "no-cache".
  Expected<ResourcePtr> pack_version(const std::string& pack_id, int version);
  // nullptr when no media has this hash (known without a query).
  Expected<ResourcePtr> media(const std::string& sha256);
  // Whether this version of this pack is restricted (served only to subscribers and staff).
  bool restricted(const std::string& pack_id, int version) const;
  // The free sample of a restricted pack's current version (free_sample), as its own pack.json:
  // public, revalidated. nullptr for a public or unknown pack.
  ResourcePtr sample(const std::string& pack_id) const;

  // Whether pack_version / media would answer without touching the database: a hit, or nothing
  // to find. Lets the connection layer keep a request that needs the disk off its event threads.
  bool version_in_memory(const std::string& pack_id, int version);
  bool media_in_memory(const std::string& sha256);

  std::size_t cached_bytes() const;

private:
  struct Snapshot {
    ResourcePtr catalog;
    std::map<std::string, int, std::less<>> current;
    std::map<std::string, ResourcePtr, std::less<>> versions;
    std::set<std::pair<std::string, int>> known_versions;
    std::set<std::pair<std::string, int>> restricted_versions;
    struct Sample {
      int version = 0;
      ResourcePtr resource;
    };
    std::map<std::string, Sample, std::less<>> samples;  // of restricted packs' current versions
    std::set<std::string, std::less<>> known_media;
  };
  std::shared_ptr<const Snapshot> snapshot() const;
  ResourcePtr cache_find(const std::string& key);
  void cache_put(const std::string& key, ResourcePtr resource);
  Expected<ResourcePtr> load_version(const std::string& pack_id, int version);
  Expected<ResourcePtr> fetch_version(const std::string& pack_id, int version);  // cache, else one query

  ReadConnections& m_readers;
  std::string m_entitlement_key_id, m_entitlement_public_key;  // set before the first reload, then only read
  // Swapped whole by reload() under m_snapshot_mutex, read by every request. m_generation names
  // the current one (unique across stores), so a thread can keep the one it last read and take
  // the lock only after a reload: 64 threads on 2 cores (a thread per connection, as the server had
  // then) made even a short lock a queue.
  std::shared_ptr<const Snapshot> m_snapshot;
  std::atomic<std::uint64_t> m_generation;
  mutable std::mutex m_snapshot_mutex;

  // Least-recently-used cache of encoded bodies, bounded in bytes.
  mutable std::mutex m_cache_mutex;
  std::size_t m_cache_limit;
  std::size_t m_cache_bytes = 0;
  std::list<std::pair<std::string, ResourcePtr>> m_lru;  // front = most recent
  std::unordered_map<std::string, std::list<std::pair<std::string, ResourcePtr>>::iterator> m_cache;
};

}  // namespace umuhanda
