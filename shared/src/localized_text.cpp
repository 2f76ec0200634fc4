// LocalizedText lookups with a fallback order.
#include "umuhanda/localized_text.hpp"

#include <algorithm>

namespace umuhanda {

bool is_known_language(std::string_view code) {
  return std::find(std::begin(kKnownLanguages), std::end(kKnownLanguages), code) != std::end(kKnownLanguages);
}

bool LocalizedText::has(std::string_view language) const {
  return by_language.find(std::string(language)) != by_language.end();
}

const std::string& LocalizedText::in(std::string_view language, std::span<const std::string_view> fallbacks) const {
  static const std::string kEmpty;
  if (auto it = by_language.find(std::string(language)); it != by_language.end()) return it->second;
  for (auto fallback : fallbacks) {
    if (auto it = by_language.find(std::string(fallback)); it != by_language.end()) return it->second;
  }
  return by_language.empty() ? kEmpty : by_language.begin()->second;
}

}  // namespace umuhanda
