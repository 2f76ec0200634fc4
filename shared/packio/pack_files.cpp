// [SECTION] Reading a folder
// [SECTION] Loading: pack.json + media checks
// [SECTION] Writing a folder
#include "pack_files.hpp"

#include <algorithm>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "sha256.hpp"
#include "umuhanda/image_info.hpp"
#include "umuhanda/pack_json.hpp"
#include "umuhanda/pack_validation.hpp"

namespace umuhanda {
namespace {

constexpr std::uintmax_t kMaxPackFileBytes = 64ull * 1024 * 1024;

std::optional<ImageFormat> format_from_extension(std::string_view path) {
  auto dot = path.rfind('.');
  if (dot == std::string_view::npos) return std::nullopt;
  std::string extension(path.substr(dot + 1));
  for (auto& c : extension) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (extension == "png") return ImageFormat::png;
  if (extension == "jpg" || extension == "jpeg") return ImageFormat::jpeg;
  if (extension == "webp") return ImageFormat::webp;
  return std::nullopt;
}

}  // namespace

// [SECTION] Reading a folder

Expected<PackFiles> read_pack_folder(const std::filesystem::path& folder) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(folder / "pack.json", ec)) {
    return Expected<PackFiles>::failure(folder.string(), "is not a pack folder: it has no pack.json");
  }
  PackFiles files;
  Diagnostics problems;
  for (auto it = std::filesystem::recursive_directory_iterator(folder, ec); !ec && it != std::filesystem::recursive_directory_iterator();
       it.increment(ec)) {
    if (it->is_symlink(ec) || !it->is_regular_file(ec)) continue;
    const std::string relative = std::filesystem::relative(it->path(), folder, ec).generic_string();
    if (it->file_size(ec) > kMaxPackFileBytes) {
      problems.push_back(error(relative, "is larger than " + std::to_string(kMaxPackFileBytes >> 20) + " MiB"));
      continue;
    }
    std::ifstream in(it->path(), std::ios::binary);
    std::ostringstream bytes;
    bytes << in.rdbuf();
    if (!in) {
      problems.push_back(error(relative, "cannot be read"));
      continue;
    }
    files.emplace(relative, bytes.str());
  }
  if (ec) problems.push_back(error(folder.string(), "cannot be listed: " + ec.message()));
  if (!problems.empty()) return problems;
  return files;
}

// [SECTION] Loading: pack.json + media checks

Expected<LoadedPack> load_pack_files(const PackFiles& files) {
  auto manifest = files.find("pack.json");
  if (manifest == files.end()) return Expected<LoadedPack>::failure("pack.json", "is missing");
  auto parsed = parse_pack_json(manifest->second);
  if (!parsed) return parsed.errors();

  LoadedPack loaded;
  loaded.pack = std::move(parsed).value();
  Diagnostics errors;

  // The media list is computed from the files; a list written in pack.json is checked against them.
  std::map<std::string, MediaItem> declared;
  for (const auto& item : loaded.pack.media) declared.emplace(item.path, item);
  std::vector<MediaItem> media;
  // A file already reported as broken gets a stand-in entry, so that the references to it do not
  // each add a second "not in the media list" error; the pack is rejected either way.
  auto reject = [&](const std::string& path, std::string reason) {
    errors.push_back(error(path, std::move(reason)));
    media.push_back(MediaItem{path, std::string(64, '0'), "image/png", 1, 1, 1});
  };
  for (const std::string& path : referenced_media_paths(loaded.pack)) {
    auto file = files.find(path);
    if (file == files.end()) {
      reject(path, "is referred to by the pack but the file is missing");
      continue;
    }
    auto info = sniff_image(file->second);
    if (!info) {
      reject(path, info.errors().front().message);
      continue;
    }
    auto claimed = format_from_extension(path);
    if (!claimed) {
      reject(path, "has an extension other than .png, .jpg, .jpeg or .webp");
      continue;
    }
    if (*claimed != info->format) {
      reject(path, "is named as " + std::string(mime_type(*claimed)) + " but its bytes are " + std::string(mime_type(info->format)));
      continue;
    }
    MediaItem item{path, sha256_hex(file->second), std::string(mime_type(info->format)), info->width, info->height, file->second.size()};
    if (auto it = declared.find(path); it != declared.end() && !(it->second == item)) {
      errors.push_back(error(path, "does not match its entry in pack.json's media list (sha256, type, size or bytes differ): rebuild the pack"));
    }
    loaded.media.emplace(path, file->second);
    media.push_back(std::move(item));
  }
  for (const auto& [path, item] : declared) {
    if (!std::any_of(media.begin(), media.end(), [&path = path](const MediaItem& m) { return m.path == path; }) && !files.count(path)) {
      errors.push_back(error(path, "is listed in pack.json's media list but the file is missing"));
    }
  }
  loaded.pack.media = std::move(media);

  for (auto& diagnostic : validate_pack(loaded.pack)) {
    if (diagnostic.severity == Severity::error) errors.push_back(std::move(diagnostic));
    else loaded.warnings.push_back(std::move(diagnostic));
  }
  if (!errors.empty()) return errors;
  return loaded;
}

// [SECTION] Writing a folder

std::string to_pretty_json(const Pack& pack) {
  auto document = nlohmann::json::parse(to_json(pack), nullptr, false);
  return document.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

Expected<void> write_pack_folder(const std::filesystem::path& folder, const Pack& pack, const PackFiles& media) {
  std::error_code ec;
  std::filesystem::create_directories(folder, ec);
  if (ec) return Expected<void>::failure(folder.string(), "cannot be created: " + ec.message());
  auto write = [&](const std::filesystem::path& path, std::string_view bytes) -> bool {
    std::filesystem::create_directories(path.parent_path(), ec);
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    return static_cast<bool>(out);
  };
  if (!write(folder / "pack.json", to_pretty_json(pack))) return Expected<void>::failure((folder / "pack.json").string(), "cannot be written");
  for (const auto& [path, bytes] : media) {
    if (!write(folder / path, bytes)) return Expected<void>::failure((folder / path).string(), "cannot be written");
  }
  return {};
}

}  // namespace umuhanda
