// What the content API serves, built in memory from the database: the catalog and the current
// version of each pack, with their ETags. Requests read a snapshot and never touch SQLite.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "pack_repository.hpp"

namespace umuhanda {

// A response body ready to send, with its validators and caching policy.
struct Resource {
  std::string body;
  std::string content_type;
  std::string etag;
  std::string cache_control;
};

struct ContentSnapshot {
  Resource catalog;
  std::map<std::string, Resource, std::less<>> packs;  // by pack id: the current version
};

std::shared_ptr<const ContentSnapshot> build_content_snapshot(const std::vector<StoredPack>& packs);

}  // namespace umuhanda
