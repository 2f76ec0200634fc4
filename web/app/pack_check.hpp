// Checking a file an instructor picked, in the browser, before anything is sent: the same
// importers (shared/formats), zip reader and validation the server runs, so every error shows
// with its line or JSON path at once. The server checks the upload again; it never trusts this.
// Pure: bytes in, a checked pack and the .zip to upload out.
#pragma once

#include <cstddef>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "umuhanda/diagnostic.hpp"
#include "umuhanda/localized_text.hpp"
#include "umuhanda/pack.hpp"

namespace umuhanda {

// What a file holds, told by its name and, for .json, by its first character.
enum class PackFileKind { pack_zip, pack_json, csv, gift, aiken, django };
inline constexpr const char* kPackFileKindNames[] = {"pack .zip", "pack.json", "CSV", "GIFT", "Aiken", "Django dump"};
inline const char* to_string(PackFileKind kind) { return kPackFileKindNames[static_cast<int>(kind)]; }

// The file picker's accept list for the kinds above.
inline constexpr const char* kPackFileAccept = ".zip,.json,.csv,.tsv,.gift,.txt";

// nullopt when the name says nothing known (the error then names the extensions accepted).
// ".txt" is GIFT when it holds a "{" (GIFT's answer block), Aiken otherwise; ".json" is a pack
// when it starts with "{", a Django dump when it starts with "[".
std::optional<PackFileKind> pack_file_kind(std::string_view file_name, std::string_view bytes);

// A pack the server holds: its latest version and title.
struct KnownPack {
  int latest_version = 0;
  LocalizedText title;
};
using KnownPacks = std::map<std::string, KnownPack, std::less<>>;

// Where a question file (CSV, GIFT, Aiken, Django) goes: the next version of pack `pack_id`
// (version 1 of a new pack), keeping an existing pack's title. A pack .zip or pack.json names its
// own pack and version, which must be above the server's latest, as the server would say.
struct PackTarget {
  std::string pack_id;
  LanguageCode language = "en";  // the language of GIFT and Aiken files, which carry none
};

struct CheckedPackFile {
  std::string file_name;
  std::optional<PackFileKind> kind;
  Diagnostics errors;  // every one found, each located ("questions.csv:3:5", "questions[2].correct")
  Diagnostics warnings;
  std::optional<Pack> pack;  // set when there is no error
  std::string upload_zip;    // the bytes to POST (the file itself when it was a pack .zip)
  std::size_t media_files = 0;

  bool ok() const { return pack.has_value() && errors.empty(); }
};

CheckedPackFile check_pack_file(std::string_view file_name, std::string_view bytes, const PackTarget& target, const KnownPacks& known);

// A pack id for a new pack from a file name: "Questions 2026.csv" -> "questions-2026".
std::string pack_id_from_file_name(std::string_view file_name);

}  // namespace umuhanda
