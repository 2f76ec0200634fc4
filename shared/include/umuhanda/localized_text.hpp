// LocalizedText: one human-readable text in several languages (rw, en, fr); a pack may carry only some.
#pragma once

#include <map>
#include <span>
#include <string>
#include <string_view>

namespace umuhanda {

using LanguageCode = std::string;  // "rw", "en" or "fr"

// The languages Umuhanda knows, in the order a student is offered them.
inline constexpr std::string_view kKnownLanguages[] = {"rw", "en", "fr"};
bool is_known_language(std::string_view code);

struct LocalizedText {
  std::map<LanguageCode, std::string> by_language;

  bool empty() const { return by_language.empty(); }
  bool has(std::string_view language) const;
  // The text in `language`, else in the first of `fallbacks` present, else any; "" when empty.
  const std::string& in(std::string_view language, std::span<const std::string_view> fallbacks = kKnownLanguages) const;

  bool operator==(const LocalizedText&) const = default;
};

}  // namespace umuhanda
