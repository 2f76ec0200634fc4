// Internal to umuhanda_formats (the interface is formats.hpp): ids made from text, line:column
// locations, media reading, and the step that makes what a format read a pack validate_pack() accepts.
#pragma once

#include <cstddef>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "formats.hpp"
#include "umuhanda/source_map.hpp"
#include "umuhanda/text_rules.hpp"

namespace umuhanda {

// [SECTION] The formats, dispatched by formats.cpp

Expected<ImportResult> import_csv(std::string_view input, const ImportOptions& options);
Expected<ImportResult> import_gift(std::string_view input, const ImportOptions& options);
Expected<ImportResult> import_aiken(std::string_view input, const ImportOptions& options);
Expected<ImportResult> import_django(std::string_view input, const ImportOptions& options);
ExportResult export_csv(const Pack& pack);
ExportResult export_gift(const Pack& pack);
ExportResult export_aiken(const Pack& pack);
ExportResult export_django(const Pack& pack);

// [SECTION] Text

std::string_view strip_utf8_bom(std::string_view text);
bool is_blank_char(char c);               // the ASCII blanks: space, tab, CR, LF, form feed, vertical tab
std::string trim(std::string_view text);  // ASCII blanks, both ends
std::string lower_ascii(std::string_view text);
bool is_blank(std::string_view text);
std::string in_quotes(std::string_view text);  // "\"text\"", for messages (not std::quoted, which ADL would prefer)

// [SECTION] Ids

// The pack's id rule is umuhanda::is_identifier (umuhanda/text_rules.hpp), validate_pack's own.
// "Road signs" -> "road-signs", "Écoles" -> "ecoles", "by'amabwiriza" -> "byamabwiriza"; at most
// `max_length` characters; "" when the text has no letter or digit.
std::string slugify(std::string_view text, std::size_t max_length = 64);
// An id from something a person typed (a GIFT title, a CSV id): kept when already valid, slugged otherwise.
std::string id_from_text(std::string_view text);
// 8 lower-case hex digits (FNV-1a 32): the same text gives the same id on every machine and run.
std::string short_hash(std::string_view text);
// A stable id for a question that has none: "<topic slug>-<hash of the prompt>".
std::string derived_question_id(std::string_view topic, std::string_view prompt);
// `base`, else `base-2`, `base-3`, ... : the first one not in `taken`, which it is added to.
std::string unique_id(const std::string& base, std::set<std::string>& taken);

// The topic of formats that carry none (Aiken, GIFT before any $CATEGORY): id "general".
Topic general_topic(const LanguageCode& language);
// "True"/"False" in a language, for GIFT's true/false questions.
std::string true_word(const LanguageCode& language);
std::string false_word(const LanguageCode& language);

// [SECTION] Locations

// SourceMap ("FILE:LINE:COLUMN" from byte offsets) is the core's: umuhanda/source_map.hpp.

// Where each pack element came from, so that a rule validate_pack() finds broken is reported at
// the input's line rather than at a JSON path the author never wrote.
struct SourceLocations {
  std::string whole;                                                           // the input as a whole: its file name
  std::map<std::string, std::vector<std::string>, std::less<>> by_collection;  // "questions" -> location of questions[i]

  std::string locate(std::string_view json_path) const;
};

// [SECTION] Media

// A media path as the input names it, made safe: '\' becomes '/', "./" is dropped; nullopt when it
// leaves the media folder (absolute, "..", a drive letter) or is empty.
std::optional<std::string> normalize_media_path(std::string_view raw);

// Reads `relative` (below the import's media folder) into result.media as `pack_path`. Returns
// false, with a warning at `where` ending in `consequence`, when the file is missing or is not a
// PNG/JPEG/WebP matching its extension: the caller then leaves the reference out, so the imported
// pack still loads.
bool read_media_file(const ImportOptions& options, const std::string& relative, const std::string& pack_path, const std::string& where,
                     std::string_view consequence, ImportResult& result);

// [SECTION] Finishing an import

// validate_pack() with every referenced media path taken as present: an importer has the files but
// not yet the media list, which the caller computes from them.
Diagnostics validate_with_media_present(const Pack& pack);

// Sets the pack's header (options.pack_id, version 1, "Imported from FILE", the languages every
// question is written in, ordered as in `language_order`), then validates. Any error comes back
// located through `where`; warnings about languages left out are added to result.warnings.
Expected<ImportResult> finish_import(ImportResult result, const ImportOptions& options, const std::vector<LanguageCode>& language_order,
                                     const SourceLocations& where);

// [SECTION] Exporting

// "media/x.png" -> "x.png": exports name media relative to the media folder, as imports read them.
std::optional<std::string> media_relative_path(std::string_view pack_path);
// The language a single-language export writes: the pack's first.
LanguageCode export_language(const Pack& pack);
// Whether question `q` (at `path`) has its prompt and every choice in `language`, as a one-language
// export (Aiken, GIFT) needs; if not, a warning in `lost` says it is left out.
bool exportable_in(const Question& q, const LanguageCode& language, const std::string& path, Diagnostics& lost);
// Adds to `lost` one diagnostic per non-empty part of the pack that a question-only format drops.
void report_unexported_collections(const Pack& pack, std::string_view format_name, Diagnostics& lost, bool keeps_signs = false,
                                   bool keeps_exams = false);

}  // namespace umuhanda
