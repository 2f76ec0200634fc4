// The built web client, read into memory once at start-up. Only files found then are served, so
// no request path can reach outside the folder (no "..", no symlink tricks, no absolute paths).
#pragma once

#include <filesystem>
#include <map>
#include <string>

#include "content_snapshot.hpp"
#include "umuhanda/expected.hpp"

namespace umuhanda {

class StaticFiles {
public:
  // Reads every regular file under `root` (symlinks are not followed out of it).
  static Expected<StaticFiles> load(const std::filesystem::path& root);

  // `url_path` as requested ("/", "/index.html", "/fonts/ui.ttf"); nullptr when not served.
  const Resource* find(std::string_view url_path) const;
  std::size_t size() const { return m_files.size(); }

private:
  std::map<std::string, Resource, std::less<>> m_files;
};

std::string content_type_for(const std::filesystem::path& file);

}  // namespace umuhanda
