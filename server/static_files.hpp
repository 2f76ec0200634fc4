// The built web client, read into memory at start-up with its gzip and brotli forms. The web build
// writes those forms next to each file ("index.html.br", "index.html.gz"); they are used once they
// decode to the file's bytes, and computed at start-up otherwise (brotli at quality 11 takes seconds
// for the .wasm). Only files found then are served, so no request path can reach outside the folder
// (no "..", no symlinks, no absolute paths). Content-hashed names ("index.3f9a1c2e.wasm") are
// immutable; the rest revalidate.
#pragma once

#include <filesystem>
#include <map>
#include <string>
#include <vector>

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
  // How many compressed forms came from the build, and were computed at load instead.
  std::size_t forms_from_build() const { return m_forms_from_build; }
  std::size_t forms_computed() const { return m_forms_computed; }
  // A line each for compressed files that did not match their source (computed again instead).
  const std::vector<std::string>& warnings() const { return m_warnings; }

private:
  std::map<std::string, ResourcePtr, std::less<>> m_files;
  std::size_t m_forms_from_build = 0, m_forms_computed = 0;
  std::vector<std::string> m_warnings;
};

std::string content_type_for(const std::filesystem::path& file);
// Whether a file name carries a content hash ("name.<8+ hex>.ext"), so its bytes never change.
bool is_content_hashed(std::string_view file_name);

}  // namespace umuhanda
