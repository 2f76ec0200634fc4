// The built web client, read into memory and compressed once at start-up. Only files found then
// are served, so no request path can reach outside the folder (no "..", no symlinks, no absolute
// paths). Content-hashed names ("index.3f9a1c2e.wasm") are immutable; the rest revalidate.
#pragma once

#include <filesystem>
#include <map>
#include <string>

#include "content_store.hpp"
#include "umuhanda/expected.hpp"

namespace umuhanda {

class StaticFiles {
public:
  // Reads every regular file under `root` (symlinks are not followed).
  static Expected<StaticFiles> load(const std::filesystem::path& root);

  // `url_path` as requested ("/", "/index.html"); nullptr when not served.
  ResourcePtr find(std::string_view url_path) const;
  std::size_t size() const { return m_files.size(); }

private:
  std::map<std::string, ResourcePtr, std::less<>> m_files;
};

std::string content_type_for(const std::filesystem::path& file);
// Whether a file name carries a content hash ("name.<8+ hex>.ext"), so its bytes never change.
bool is_content_hashed(std::string_view file_name);

}  // namespace umuhanda
