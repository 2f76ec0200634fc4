// UTF-8 and identifier checks.
#include "umuhanda/text_rules.hpp"

#include <algorithm>

namespace umuhanda {

std::optional<std::size_t> first_invalid_utf8(std::string_view text) {
  std::size_t i = 0;
  while (i < text.size()) {
    auto byte = static_cast<unsigned char>(text[i]);
    std::size_t length = byte < 0x80 ? 1 : (byte >> 5) == 0x6 ? 2 : (byte >> 4) == 0xE ? 3 : (byte >> 3) == 0x1E ? 4 : 0;
    if (length == 0 || i + length > text.size()) return i;
    for (std::size_t k = 1; k < length; ++k) {
      if ((static_cast<unsigned char>(text[i + k]) >> 6) != 0x2) return i;
    }
    i += length;
  }
  return std::nullopt;
}

bool is_identifier(std::string_view id) {
  if (id.empty() || id.size() > 64) return false;
  auto plain = [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); };
  if (!plain(id.front())) return false;
  return std::all_of(id.begin(), id.end(), [&](char c) { return plain(c) || c == '-' || c == '_' || c == '.'; });
}

}  // namespace umuhanda
