// Checking a picked file in the browser (see pack_check.hpp).
#include "app/pack_check.hpp"

#include <cctype>

#include "format_support.hpp"
#include "formats.hpp"
#include "umuhanda/pack_json.hpp"
#include "umuhanda/pack_validation.hpp"
#include "umuhanda/zip_archive.hpp"

namespace umuhanda {
namespace {

std::string lower_extension(std::string_view file_name) {
  const auto dot = file_name.rfind('.');
  if (dot == std::string_view::npos) return {};
  std::string extension(file_name.substr(dot + 1));
  for (char& c : extension) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return extension;
}

char first_visible(std::string_view bytes) {
  if (bytes.substr(0, 3) == "\xEF\xBB\xBF") bytes.remove_prefix(3);
  for (char c : bytes) {
    if (!std::isspace(static_cast<unsigned char>(c))) return c;
  }
  return '\0';
}

void add_all(Diagnostics& to, const Diagnostics& from) { to.insert(to.end(), from.begin(), from.end()); }

int latest_version_of(const KnownPacks& known, std::string_view pack_id) {
  const auto found = known.find(pack_id);
  return found == known.end() ? 0 : found->second.latest_version;
}

// A pack that names its own version must go above what the server holds, or the server refuses it.
void check_version_is_new(const Pack& pack, const KnownPacks& known, const std::string& where, Diagnostics& errors) {
  const int latest = latest_version_of(known, pack.id);
  if (pack.version <= latest) {
    errors.push_back(error(where + "version", "is " + std::to_string(pack.version) + ", but the server already has version " +
                                                  std::to_string(latest) + " of pack \"" + pack.id + "\": raise it to " + std::to_string(latest + 1) +
                                                  " or more"));
  }
}

void check_pack_folder(CheckedPackFile& checked, const PackFiles& files, std::string_view bytes, const KnownPacks& known) {
  const auto json = files.find("pack.json");
  if (json == files.end()) {
    checked.errors.push_back(error(checked.file_name, "holds no pack.json (at its root or in one folder)"));
    return;
  }
  auto pack = load_pack(json->second, &checked.warnings);
  if (!pack) {
    add_all(checked.errors, pack.errors());
    return;
  }
  for (const auto& item : pack->media) {
    if (!files.contains(item.path)) checked.errors.push_back(error(item.path, "is listed in pack.json's media but is not in " + checked.file_name));
  }
  check_version_is_new(pack.value(), known, "", checked.errors);
  checked.media_files = pack->media.size();
  checked.upload_zip = std::string(bytes);
  if (checked.errors.empty()) checked.pack = std::move(pack).value();
}

void check_lone_pack_json(CheckedPackFile& checked, std::string_view bytes, const KnownPacks& known) {
  auto pack = load_pack(bytes, &checked.warnings);
  if (!pack) {
    add_all(checked.errors, pack.errors());
    return;
  }
  if (!pack->media.empty()) {
    checked.errors.push_back(
        error("media", "lists " + std::to_string(pack->media.size()) +
                           " pictures, which a lone pack.json cannot carry: open the pack's .zip instead (umuhanda-pack build makes one)"));
  }
  check_version_is_new(pack.value(), known, "", checked.errors);
  checked.upload_zip = write_zip_archive(PackFiles{{"pack.json", std::string(bytes)}});
  if (checked.errors.empty()) checked.pack = std::move(pack).value();
}

ExchangeFormat exchange_format_of(PackFileKind kind) {
  switch (kind) {
    case PackFileKind::gift: return ExchangeFormat::gift;
    case PackFileKind::aiken: return ExchangeFormat::aiken;
    case PackFileKind::django: return ExchangeFormat::django;
    default: return ExchangeFormat::csv;
  }
}

void check_question_file(CheckedPackFile& checked, PackFileKind kind, std::string_view bytes, const PackTarget& target, const KnownPacks& known) {
  ImportOptions options;
  options.source_name = checked.file_name;
  options.pack_id = target.pack_id;
  options.language = target.language;
  // Pictures beside a question file stay on the instructor's device: a file that names one is
  // told so by the importer, and a .zip of the pack carries them.
  options.read_media = [](std::string_view) -> std::optional<std::string> { return std::nullopt; };
  auto imported = import_pack(exchange_format_of(kind), bytes, options);
  if (!imported) {
    add_all(checked.errors, imported.errors());
    return;
  }
  Pack& pack = imported->pack;
  const auto existing = known.find(target.pack_id);
  pack.version = latest_version_of(known, target.pack_id) + 1;
  if (existing != known.end() && !existing->second.title.by_language.empty()) pack.title = existing->second.title;
  add_all(checked.warnings, imported->warnings);
  PackFiles files = imported->media;
  files["pack.json"] = to_json(pack);
  checked.media_files = imported->media.size();
  checked.upload_zip = write_zip_archive(files);
  checked.pack = std::move(pack);
}

}  // namespace

std::optional<PackFileKind> pack_file_kind(std::string_view file_name, std::string_view bytes) {
  const std::string extension = lower_extension(file_name);
  if (extension == "zip") return PackFileKind::pack_zip;
  if (extension == "csv" || extension == "tsv") return PackFileKind::csv;
  if (extension == "gift") return PackFileKind::gift;
  if (extension == "txt") return bytes.find('{') != std::string_view::npos ? PackFileKind::gift : PackFileKind::aiken;
  if (extension == "json") return first_visible(bytes) == '[' ? PackFileKind::django : PackFileKind::pack_json;
  return std::nullopt;
}

CheckedPackFile check_pack_file(std::string_view file_name, std::string_view bytes, const PackTarget& target, const KnownPacks& known) {
  CheckedPackFile checked;
  checked.file_name = std::string(file_name);
  checked.kind = pack_file_kind(file_name, bytes);
  if (!checked.kind) {
    checked.errors.push_back(error(
        checked.file_name,
        "is not a file Umuhanda reads: open a pack .zip or pack.json, or questions as .csv, .gift, .txt (GIFT or Aiken) or a Django .json dump"));
    return checked;
  }
  switch (*checked.kind) {
    case PackFileKind::pack_zip: {
      auto files = read_pack_zip_archive(bytes);
      if (!files) {
        // The reader says "zip" and "zip:media/x.png"; the instructor knows the file by its name.
        for (Diagnostic problem : files.errors()) {
          if (problem.path.rfind("zip", 0) == 0) problem.path = checked.file_name + problem.path.substr(3);
          checked.errors.push_back(std::move(problem));
        }
        return checked;
      }
      check_pack_folder(checked, files.value(), bytes, known);
      break;
    }
    case PackFileKind::pack_json: check_lone_pack_json(checked, bytes, known); break;
    default: check_question_file(checked, *checked.kind, bytes, target, known); break;
  }
  return checked;
}

std::string pack_id_from_file_name(std::string_view file_name) {
  const auto slash = file_name.find_last_of("/\\");
  if (slash != std::string_view::npos) file_name.remove_prefix(slash + 1);
  const auto dot = file_name.rfind('.');
  if (dot != std::string_view::npos && dot > 0) file_name = file_name.substr(0, dot);
  const std::string id = slugify(file_name, 48);
  return id.empty() ? "imported" : id;
}

}  // namespace umuhanda
