// Loading the web client folder.
#include "static_files.hpp"

#include <algorithm>
#include <fstream>
#include <set>
#include <sstream>

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

bool is_content_hashed(std::string_view name) {
  auto last_dot = name.rfind('.');
  if (last_dot == std::string_view::npos || last_dot == 0) return false;
  auto hash_dot = name.rfind('.', last_dot - 1);
  if (hash_dot == std::string_view::npos) return false;
  std::string_view hash = name.substr(hash_dot + 1, last_dot - hash_dot - 1);
  return hash.size() >= 8 && std::all_of(hash.begin(), hash.end(), [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
}

Expected<StaticFiles> StaticFiles::load(const std::filesystem::path& root) {
  std::error_code ec;
  if (!std::filesystem::is_directory(root, ec)) {
    return Expected<StaticFiles>::failure(root.string(), "is not a folder: build the web client (cmake --build --preset web) or pass --web DIR");
  }
  static const std::set<std::string> kCompressible = {".html", ".js", ".mjs", ".wasm", ".json", ".css", ".ttf", ".svg", ".txt", ".webmanifest"};
  StaticFiles files;
  for (auto it = std::filesystem::recursive_directory_iterator(root, ec); !ec && it != std::filesystem::recursive_directory_iterator();
       it.increment(ec)) {
    if (it->is_symlink(ec) || !it->is_regular_file(ec)) continue;
    std::ifstream in(it->path(), std::ios::binary);
    std::ostringstream bytes;
    bytes << in.rdbuf();
    if (!in) return Expected<StaticFiles>::failure(it->path().string(), "cannot be read");
    const std::string url = "/" + std::filesystem::relative(it->path(), root).generic_string();
    const std::string extension = it->path().extension().string();
    const bool hashed = is_content_hashed(it->path().filename().string());
    files.m_files.emplace(url, make_resource(bytes.str(), content_type_for(it->path()), hashed ? kImmutable : kRevalidate, "",
                                             kCompressible.count(extension) > 0));
  }
  if (ec) return Expected<StaticFiles>::failure(root.string(), "cannot be listed: " + ec.message());
  return files;
}

ResourcePtr StaticFiles::find(std::string_view url_path) const {
  if (url_path == "/") url_path = "/index.html";
  auto it = m_files.find(url_path);
  return it == m_files.end() ? nullptr : it->second;
}

}  // namespace umuhanda
