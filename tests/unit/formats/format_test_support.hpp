// Helpers for the exchange-format tests: fixtures from tests/fixtures/formats, media readers, and
// the checks every successful import must pass.
#pragma once

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>

#include "format_support.hpp"
#include "formats.hpp"
#include "umuhanda/image_info.hpp"

namespace umuhanda::testing {

inline std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream bytes;
  bytes << in.rdbuf();
  return bytes.str();
}

inline std::string fixture_path(const std::string& relative) { return std::string(UMUHANDA_SOURCE_DIR) + "/tests/fixtures/formats/" + relative; }
inline std::string read_fixture(const std::string& relative) { return read_file(fixture_path(relative)); }

// Reads media below a fixture folder, as the CLI reads them below --media.
inline MediaReader fixture_media(const std::string& folder) {
  return [root = fixture_path(folder)](std::string_view relative) -> std::optional<std::string> {
    if (std::string(relative).find("..") != std::string::npos) return std::nullopt;
    std::ifstream in(root + "/" + std::string(relative), std::ios::binary);
    if (!in) return std::nullopt;
    std::ostringstream bytes;
    bytes << in.rdbuf();
    return bytes.str();
  };
}

// A reader that finds every picture: the round trips test text, not the media folder.
inline MediaReader any_png() {
  return [png = read_fixture("django/media/signs/danger.png")](std::string_view) -> std::optional<std::string> { return png; };
}

inline ImportOptions options_for(std::string source, LanguageCode language = "en") {
  ImportOptions options;
  options.source_name = std::move(source);
  options.language = std::move(language);
  return options;
}

// What the caller relies on: no validation error once the media list is computed, and every
// referenced picture among the imported files, a real image.
inline void expect_usable(const ImportResult& result) {
  const Diagnostics found = validate_with_media_present(result.pack);
  EXPECT_FALSE(has_errors(found)) << to_string(found);
  for (const auto& path : referenced_media_paths(result.pack)) {
    auto file = result.media.find(path);
    ASSERT_NE(file, result.media.end()) << path << " is referenced but not imported";
    EXPECT_TRUE(sniff_image(file->second).ok()) << path;
  }
}

inline bool has_message(const Diagnostics& diagnostics, std::string_view path, std::string_view fragment) {
  for (const auto& d : diagnostics) {
    if (d.path == path && d.message.find(fragment) != std::string::npos) return true;
  }
  return false;
}

inline bool mentions(const Diagnostics& diagnostics, std::string_view path_fragment, std::string_view message_fragment = "") {
  for (const auto& d : diagnostics) {
    if (d.path.find(path_fragment) != std::string::npos && d.message.find(message_fragment) != std::string::npos) return true;
  }
  return false;
}

// Imports `text`, expecting failure; returns the errors (empty when it unexpectedly succeeded).
inline Diagnostics import_errors(ExchangeFormat format, std::string_view text, const ImportOptions& options) {
  auto imported = import_pack(format, text, options);
  if (imported.ok()) return {};
  return imported.errors();
}

inline LocalizedText text(const LanguageCode& language, std::string value) { return LocalizedText{{{language, std::move(value)}}}; }

inline Choice text_choice(const LanguageCode& language, std::string value) {
  Choice choice;
  choice.text = text(language, std::move(value));
  return choice;
}

}  // namespace umuhanda::testing
