// Loading the web client folder.
#include "static_files.hpp"

#include <fstream>
#include <sstream>

#include "http_caching.hpp"

namespace umuhanda {

std::string content_type_for(const std::filesystem::path& file) {
  static const std::map<std::string, std::string> kTypes = {
      {".html", "text/html; charset=utf-8"}, {".js", "text/javascript; charset=utf-8"}, {".mjs", "text/javascript; charset=utf-8"},
      {".wasm", "application/wasm"},         {".json", "application/json"},             {".css", "text/css; charset=utf-8"},
      {".ttf", "font/ttf"},                  {".woff2", "font/woff2"},                   {".png", "image/png"},
      {".svg", "image/svg+xml"},             {".ico", "image/x-icon"},                   {".webmanifest", "application/manifest+json"},
      {".txt", "text/plain; charset=utf-8"}};
  auto it = kTypes.find(file.extension().string());
  return it == kTypes.end() ? "application/octet-stream" : it->second;
}

Expected<StaticFiles> StaticFiles::load(const std::filesystem::path& root) {
  std::error_code ec;
  if (!std::filesystem::is_directory(root, ec)) {
    return Expected<StaticFiles>::failure(root.string(), "is not a folder: build the web client (cmake --build --preset web) or pass --web DIR");
  }
  StaticFiles files;
  for (auto it = std::filesystem::recursive_directory_iterator(root, ec); !ec && it != std::filesystem::recursive_directory_iterator();
       it.increment(ec)) {
    if (!it->is_regular_file(ec) || it->is_symlink(ec)) continue;
    std::ifstream in(it->path(), std::ios::binary);
    std::ostringstream bytes;
    bytes << in.rdbuf();
    if (!in) return Expected<StaticFiles>::failure(it->path().string(), "cannot be read");
    std::string url = "/" + std::filesystem::relative(it->path(), root).generic_string();
    std::string body = bytes.str();
    // The page and anything not content-hashed must be revalidated so that an update is seen.
    files.m_files.emplace(url, Resource{body, content_type_for(it->path()), strong_etag(body), "no-cache"});
  }
  if (ec) return Expected<StaticFiles>::failure(root.string(), "cannot be listed: " + ec.message());
  return files;
}

const Resource* StaticFiles::find(std::string_view url_path) const {
  if (url_path == "/") url_path = "/index.html";
  auto it = m_files.find(url_path);
  return it == m_files.end() ? nullptr : &it->second;
}

}  // namespace umuhanda
