// Building the catalog and pack resources.
#include "content_snapshot.hpp"

#include <nlohmann/json.hpp>

#include "http_caching.hpp"
#include "umuhanda/pack_json.hpp"

namespace umuhanda {
namespace {

// Catalog and the latest version change whenever an instructor publishes: caches must revalidate.
constexpr const char* kRevalidate = "no-cache";

nlohmann::json to_json_value(const LocalizedText& text) {
  nlohmann::json object = nlohmann::json::object();
  for (const auto& [language, value] : text.by_language) object[language] = value;
  return object;
}

}  // namespace

std::shared_ptr<const ContentSnapshot> build_content_snapshot(const std::vector<StoredPack>& packs) {
  auto snapshot = std::make_shared<ContentSnapshot>();
  nlohmann::json entries = nlohmann::json::array();
  for (const StoredPack& stored : packs) {
    Resource resource{stored.body, "application/json", strong_etag(stored.body), kRevalidate};
    nlohmann::json entry = {{"id", stored.id},
                            {"version", stored.version},
                            {"etag", resource.etag},
                            {"bytes", stored.body.size()},
                            {"url", "/api/v1/packs/" + stored.id}};
    // Stored bodies were validated at import, so they parse; a failure here would be a bug elsewhere.
    if (auto pack = parse_pack_json(stored.body)) {
      entry["title"] = to_json_value(pack->title);
      entry["languages"] = pack->languages;
      entry["questions"] = pack->questions.size();
      entry["topics"] = pack->topics.size();
    }
    entries.push_back(std::move(entry));
    snapshot->packs.emplace(stored.id, std::move(resource));
  }
  std::string catalog = nlohmann::json{{"packs", std::move(entries)}}.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  snapshot->catalog = Resource{catalog, "application/json", strong_etag(catalog), kRevalidate};
  return snapshot;
}

}  // namespace umuhanda
