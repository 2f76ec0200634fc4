// Loading the web client folder.
#include "static_files.hpp"

#include <algorithm>
#include <fstream>
#include <optional>
#include <set>
#include <sstream>

#include "compression.hpp"

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

namespace {

const std::set<std::string> kCompressible = {".html", ".js", ".mjs", ".wasm", ".json", ".css", ".ttf", ".svg", ".txt", ".webmanifest"};

std::optional<std::string> read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream bytes;
  bytes << in.rdbuf();
  if (!in) return std::nullopt;
  return bytes.str();
}

}  // namespace

Expected<StaticFiles> StaticFiles::load(const std::filesystem::path& root) {
  std::error_code ec;
  if (!std::filesystem::is_directory(root, ec)) {
    return Expected<StaticFiles>::failure(root.string(), "is not a folder: build the web client (cmake --build --preset web) or pass --web DIR");
  }
  std::set<std::filesystem::path> found;
  for (auto it = std::filesystem::recursive_directory_iterator(root, ec); !ec && it != std::filesystem::recursive_directory_iterator();
       it.increment(ec)) {
    if (!it->is_symlink(ec) && it->is_regular_file(ec)) found.insert(it->path());
  }
  if (ec) return Expected<StaticFiles>::failure(root.string(), "cannot be listed: " + ec.message());

  StaticFiles files;
  for (const auto& path : found) {
    const std::string extension = path.extension().string();
    // "x.br" and "x.gz" next to a compressible "x" are its forms, not files of their own.
    const auto source = std::filesystem::path(path).replace_extension();
    if ((extension == ".br" || extension == ".gz") && found.count(source) && kCompressible.count(source.extension().string())) continue;

    auto bytes = read_file(path);
    if (!bytes) return Expected<StaticFiles>::failure(path.string(), "cannot be read");
    const std::string url = "/" + std::filesystem::relative(path, root).generic_string();
    const std::string cache_control = is_content_hashed(path.filename().string()) ? kImmutable : kRevalidate;
    const bool compressible = kCompressible.count(extension) > 0;
    CompressedForms forms;
    if (compressible) {
      const auto form_from_build = [&](const char* suffix, bool (*decodes_to)(std::string_view, std::string_view)) -> std::string {
        auto compressed_path = path;
        compressed_path += suffix;
        if (!found.count(compressed_path)) return {};
        auto compressed = read_file(compressed_path);
        if (compressed && decodes_to(*compressed, *bytes)) return std::move(*compressed);
        files.m_warnings.push_back(compressed_path.string() + ": does not decode to " + path.filename().string() +
                                   " (left from another build?): compressed again at start-up; rebuild the web client");
        return {};
      };
      forms = {form_from_build(".gz", gzip_decodes_to), form_from_build(".br", brotli_decodes_to)};
      const std::size_t from_build = (forms.gzip.empty() ? 0 : 1) + (forms.br.empty() ? 0 : 1);
      files.m_forms_from_build += from_build;
      files.m_forms_computed += 2 - from_build;
    }
    files.m_files.emplace(url, make_resource(std::move(*bytes), content_type_for(path), cache_control, "",
                                             compressible ? MissingForms::compute : MissingForms::leave_out, std::move(forms)));
  }
  return files;
}

ResourcePtr StaticFiles::find(std::string_view url_path) const {
  if (url_path == "/") url_path = "/index.html";
  auto it = m_files.find(url_path);
  return it == m_files.end() ? nullptr : it->second;
}

}  // namespace umuhanda
