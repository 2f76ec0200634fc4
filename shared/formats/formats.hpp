// Importers and exporters between Umuhanda packs and the formats teachers already have:
// CSV (a spreadsheet), GIFT and Aiken (Moodle's text formats) and the origin site's Django
// `manage.py dumpdata` JSON. Pure functions: text in, pack out; media come through a callback.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "umuhanda/expected.hpp"
#include "umuhanda/pack.hpp"

namespace umuhanda {

enum class ExchangeFormat { csv, gift, aiken, django };
std::optional<ExchangeFormat> exchange_format_from(std::string_view name);  // "csv", "gift", "aiken", "django"

// Returns the bytes of a media file named relative to the import's media folder, or nullopt.
using MediaReader = std::function<std::optional<std::string>(std::string_view relative_path)>;

struct ImportOptions {
  std::string source_name = "input";  // used in messages: "questions.csv:12:3: ..."
  std::string pack_id = "imported";
  LanguageCode language = "en";       // language of formats that carry no language (GIFT, Aiken)
  MediaReader read_media;             // may be empty when the input refers to no media
};

struct ImportResult {
  Pack pack;          // passes validate_pack() without errors
  PackFiles media;    // media files the pack refers to, by the pack's media paths
  Diagnostics warnings;
};

// Errors are located: the path of a Diagnostic is "FILE:LINE:COLUMN" for text formats and
// "FILE: [index].fields.name" for Django JSON.
Expected<ImportResult> import_pack(ExchangeFormat format, std::string_view input, const ImportOptions& options);

// The exported text; a format that cannot hold part of the pack (signs, lessons, several languages)
// leaves it out and says so in `lost`.
struct ExportResult {
  std::string text;
  Diagnostics lost;
};
ExportResult export_pack(ExchangeFormat format, const Pack& pack);

}  // namespace umuhanda
