// What every exchange-format fuzz target checks (csv_fuzz.cpp, gift_fuzz.cpp, aiken_fuzz.cpp,
// django_fuzz.cpp): import_pack() on the input, with a media folder that holds a 1x1 PNG under
// every name except those containing "missing". Beyond "no crash": a refusal is located in the
// input ("input:LINE:COL" or "input: [i].fields..."); an import validates with its media present
// and imported every picture it refers to; exporting it to the same format imports again, with
// the same number of questions.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

#include "format_support.hpp"
#include "formats.hpp"
#include "fuzz_check.hpp"
#include "umuhanda/image_info.hpp"

namespace umuhanda::fuzz {

inline ImportOptions import_options() {
  static const std::string kPng(
      "\x89\x50\x4e\x47\x0d\x0a\x1a\x0a\x00\x00\x00\x0d\x49\x48\x44\x52\x00\x00\x00\x01\x00\x00\x00\x01\x08\x00\x00\x00\x00\x3a\x7e\x9b"
      "\x55\x00\x00\x00\x0a\x49\x44\x41\x54\x78\x9c\x63\x60\x00\x00\x00\x02\x00\x01\x48\xaf\xa4\x71\x00\x00\x00\x00\x49\x45\x4e\x44\xae"
      "\x42\x60\x82",
      67);
  ImportOptions options;
  options.source_name = "input";
  options.read_media = [](std::string_view relative) -> std::optional<std::string> {
    if (relative.find("missing") != std::string_view::npos) return std::nullopt;
    return kPng;
  };
  return options;
}

inline void check_usable(const ImportResult& result, const char* stage) {
  const Diagnostics found = validate_with_media_present(result.pack);
  FUZZ_CHECK(!has_errors(found), std::string(stage) + ": an import that does not validate:\n" + to_string(found));
  for (const std::string& path : referenced_media_paths(result.pack)) {
    auto file = result.media.find(path);
    FUZZ_CHECK(file != result.media.end(), std::string(stage) + ": " + path + " is referenced but not imported");
    FUZZ_CHECK(sniff_image(file->second).ok(), std::string(stage) + ": " + path + " is not an image");
  }
}

inline int fuzz_import(ExchangeFormat format, const std::uint8_t* data, std::size_t size) {
  const ImportOptions options = import_options();
  auto imported = import_pack(format, as_text(data, size), options);
  if (!imported) {
    check_refusal(imported.errors(), options.source_name);
    return 0;
  }
  check_usable(imported.value(), "import");
  const ExportResult exported = export_pack(format, imported->pack);
  auto again = import_pack(format, exported.text, options);
  FUZZ_CHECK(again.ok(), "the export of an import does not import: " + to_string(again.errors()) + "\n--- export:\n" + exported.text);
  check_usable(again.value(), "import of the export");
  FUZZ_CHECK(again->pack.questions.size() == imported->pack.questions.size(),
             "the export of " + std::to_string(imported->pack.questions.size()) + " questions imports as " +
                 std::to_string(again->pack.questions.size()) + "\n--- export:\n" + exported.text);
  return 0;
}

}  // namespace umuhanda::fuzz
