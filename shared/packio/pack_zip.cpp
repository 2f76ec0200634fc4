// Reading and writing pack zips with libzip, entirely in memory.
#include "pack_zip.hpp"

#include <zip.h>

#include <algorithm>
#include <memory>

namespace umuhanda {
namespace {

struct ArchiveCloser {
  void operator()(zip_t* archive) const { zip_discard(archive); }
};
using Archive = std::unique_ptr<zip_t, ArchiveCloser>;

bool is_safe_entry_name(std::string_view name) {
  if (name.empty() || name.front() == '/' || name.find('\\') != std::string_view::npos || name.find(':') != std::string_view::npos) return false;
  std::size_t start = 0;
  while (start < name.size()) {
    auto end = name.find('/', start);
    if (end == std::string_view::npos) end = name.size();
    std::string_view part = name.substr(start, end - start);
    if (part == "..") return false;
    start = end + 1;
  }
  return true;
}

}  // namespace

Expected<PackFiles> read_pack_zip(std::string_view zip_bytes, const ZipLimits& limits) {
  zip_error_t zip_error;
  zip_error_init(&zip_error);
  zip_source_t* source = zip_source_buffer_create(zip_bytes.data(), zip_bytes.size(), 0, &zip_error);
  if (!source) return Expected<PackFiles>::failure("zip", zip_error_strerror(&zip_error));
  Archive archive(zip_open_from_source(source, ZIP_RDONLY, &zip_error));
  if (!archive) {
    zip_source_free(source);
    std::string reason = zip_error_strerror(&zip_error);
    zip_error_fini(&zip_error);
    return Expected<PackFiles>::failure("zip", "is not a readable .zip file: " + reason);
  }

  const zip_int64_t count = zip_get_num_entries(archive.get(), 0);
  if (count < 0 || static_cast<std::uint64_t>(count) > limits.max_entries) {
    return Expected<PackFiles>::failure("zip", "holds " + std::to_string(count) + " entries, more than the limit of " + std::to_string(limits.max_entries));
  }
  // Check every name and size from the central directory before inflating anything.
  Diagnostics problems;
  std::uint64_t total = 0;
  std::vector<std::pair<zip_uint64_t, std::string>> entries;
  for (zip_int64_t i = 0; i < count; ++i) {
    zip_stat_t stat;
    if (zip_stat_index(archive.get(), static_cast<zip_uint64_t>(i), 0, &stat) != 0 || !(stat.valid & ZIP_STAT_NAME) || !(stat.valid & ZIP_STAT_SIZE)) {
      problems.push_back(error("zip[" + std::to_string(i) + "]", "has an unreadable directory entry"));
      continue;
    }
    std::string name = stat.name;
    if (!is_safe_entry_name(name)) {
      problems.push_back(error("zip:" + name, "is not a safe path inside the pack (absolute, \"..\" or a drive)"));
      continue;
    }
    if (name.back() == '/') continue;  // a folder
    total += stat.size;
    entries.emplace_back(static_cast<zip_uint64_t>(i), name);
  }
  if (total > limits.max_total_bytes) {
    problems.push_back(error("zip", "unpacks to " + std::to_string(total) + " bytes, more than the limit of " + std::to_string(limits.max_total_bytes)));
  }
  if (!problems.empty()) return problems;

  // pack.json at the root, or all entries under one folder that holds it.
  std::string prefix;
  bool at_root = std::any_of(entries.begin(), entries.end(), [](const auto& e) { return e.second == "pack.json"; });
  if (!at_root) {
    for (const auto& [index, name] : entries) {
      auto slash = name.find('/');
      if (slash != std::string::npos && name.substr(slash + 1) == "pack.json") prefix = name.substr(0, slash + 1);
    }
    if (prefix.empty()) return Expected<PackFiles>::failure("zip", "holds no pack.json (at the root or in one top-level folder)");
  }

  PackFiles files;
  for (const auto& [index, name] : entries) {
    if (name.rfind(prefix, 0) != 0) continue;
    zip_stat_t stat;
    zip_stat_index(archive.get(), index, 0, &stat);
    std::unique_ptr<zip_file_t, decltype(&zip_fclose)> file(zip_fopen_index(archive.get(), index, 0), &zip_fclose);
    if (!file) {
      problems.push_back(error("zip:" + name, std::string("cannot be opened: ") + zip_strerror(archive.get())));
      continue;
    }
    std::string bytes(stat.size, '\0');
    zip_int64_t read = zip_fread(file.get(), bytes.data(), stat.size);
    if (read < 0 || static_cast<zip_uint64_t>(read) != stat.size) {
      problems.push_back(error("zip:" + name, "is truncated or corrupt"));
      continue;
    }
    files.emplace(name.substr(prefix.size()), std::move(bytes));
  }
  if (!problems.empty()) return problems;
  return files;
}

Expected<std::string> build_pack_zip(const Pack& pack, const PackFiles& media) {
  zip_error_t zip_error;
  zip_error_init(&zip_error);
  zip_source_t* target = zip_source_buffer_create(nullptr, 0, 0, &zip_error);
  if (!target) return Expected<std::string>::failure("zip", zip_error_strerror(&zip_error));
  zip_source_keep(target);  // we read the result from it after closing the archive
  zip_t* archive = zip_open_from_source(target, ZIP_TRUNCATE, &zip_error);
  if (!archive) {
    zip_source_free(target);
    return Expected<std::string>::failure("zip", zip_error_strerror(&zip_error));
  }

  PackFiles files = media;
  files["pack.json"] = to_pretty_json(pack);
  constexpr time_t kFixedTime = 315532800;  // 1980-01-01, the earliest zip timestamp: reproducible archives
  for (const auto& [path, bytes] : files) {
    zip_source_t* data = zip_source_buffer(archive, bytes.data(), bytes.size(), 0);
    zip_int64_t index = data ? zip_file_add(archive, path.c_str(), data, ZIP_FL_ENC_UTF_8 | ZIP_FL_OVERWRITE) : -1;
    if (index < 0) {
      if (data) zip_source_free(data);
      std::string reason = zip_strerror(archive);
      zip_discard(archive);
      zip_source_free(target);
      return Expected<std::string>::failure(path, "cannot be added to the zip: " + reason);
    }
    zip_file_set_mtime(archive, static_cast<zip_uint64_t>(index), kFixedTime, 0);
    // Images are already compressed: storing them saves time and changes nothing in size.
    const bool stored = path.size() > 4 && (path.ends_with(".png") || path.ends_with(".jpg") || path.ends_with(".jpeg") || path.ends_with(".webp"));
    zip_set_file_compression(archive, static_cast<zip_uint64_t>(index), stored ? ZIP_CM_STORE : ZIP_CM_DEFLATE, 9);
  }
  if (zip_close(archive) != 0) {
    std::string reason = zip_strerror(archive);
    zip_discard(archive);
    zip_source_free(target);
    return Expected<std::string>::failure("zip", "cannot be written: " + reason);
  }

  std::string bytes;
  zip_stat_t stat;
  if (zip_source_stat(target, &stat) == 0 && zip_source_open(target) == 0) {
    bytes.resize(stat.size);
    zip_int64_t read = zip_source_read(target, bytes.data(), stat.size);
    zip_source_close(target);
    if (read < 0) bytes.clear();
  }
  zip_source_free(target);
  if (bytes.empty()) return Expected<std::string>::failure("zip", "the archive could not be read back from memory");
  return bytes;
}

}  // namespace umuhanda
