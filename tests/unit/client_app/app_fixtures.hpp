// Packs with pictures, their server answers, and a helper to run both memory seams until quiet,
// for the client_app tests (web/app/ over web/platform/memory/).
#pragma once

#include <cstdint>
#include <cstdio>
#include <nlohmann/json.hpp>
#include <string>

#include "../test_packs.hpp"
#include "platform/memory/memory_http_client.hpp"
#include "platform/memory/memory_key_value_store.hpp"
#include "umuhanda/pack.hpp"
#include "umuhanda/pack_json.hpp"

namespace umuhanda::testing {

inline constexpr const char* kCatalogUrl = "/api/v1/packs";
inline constexpr std::int64_t kAppStart = 1'700'000'000'000;  // a realistic epoch time in ms

// 64 lower-case hex digits, different for each n.
inline std::string fake_sha256(std::size_t n) {
  char tail[17];
  std::snprintf(tail, sizeof tail, "%016zx", n);
  return std::string(48, 'c') + tail;
}

// make_valid_pack() ("test-pack": q1, q2 without pictures) plus `pictures` questions "pic-<n>",
// each showing its own picture of 100 + n bytes.
inline Pack make_picture_pack(std::size_t pictures, int version = 3) {
  Pack pack = make_valid_pack();
  pack.version = version;
  for (std::size_t n = 0; n < pictures; ++n) {
    MediaItem item{"media/pictures/p" + std::to_string(n) + ".png", fake_sha256(n), "image/png", 64, 64, 100 + n};
    Question question = make_question("pic-" + std::to_string(n));
    question.image = item.path;
    pack.media.push_back(item);
    pack.questions.push_back(question);
  }
  return pack;
}

inline std::string pack_url(const Pack& pack) { return "/api/v1/packs/" + pack.id; }
inline std::string media_url(const MediaItem& item) { return "/api/v1/media/" + item.sha256; }
inline std::string picture_bytes(const MediaItem& item) { return std::string(item.bytes, static_cast<char>('A' + item.bytes % 26)); }
inline std::string etag_for(const Pack& pack) { return "\"" + pack.id + "-v" + std::to_string(pack.version) + "\""; }

inline std::string catalog_body(const Pack& pack) {
  return R"({"packs":[{"id":")" + pack.id + R"(","version":)" + std::to_string(pack.version) + R"(,"bytes":{"identity":)" +
         std::to_string(to_json(pack).size()) + "}}]}";
}

// The server side: the catalog, the pack with its ETag, and every picture of the pack.
inline void serve_pack(MemoryHttpClient& http, const Pack& pack) {
  http.serve(kCatalogUrl, catalog_body(pack));
  http.serve(pack_url(pack), to_json(pack), etag_for(pack));
  for (const MediaItem& item : pack.media) http.serve(media_url(item), picture_bytes(item));
}

// The device side: the pack and its meta entry as an earlier visit stored them.
inline void store_pack(MemoryKeyValueStore& storage, const Pack& pack, const std::string& etag) {
  storage.seed(stores::kPacks, pack.id, to_json(pack));
  storage.seed(stores::kMeta, "pack:" + pack.id,
               R"({"etag":)" + nlohmann::json(etag).dump() + R"(,"version":)" + std::to_string(pack.version) + "}");
}

// Runs storage callbacks and network answers until neither has anything left; returns how many ran.
inline std::size_t settle(MemoryKeyValueStore& storage, MemoryHttpClient& http) {
  std::size_t ran = 0;
  for (std::size_t step = 1; step > 0; ran += step) step = storage.run_pending() + http.run_pending();
  return ran;
}

}  // namespace umuhanda::testing
