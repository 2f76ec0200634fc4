// UTF-8 and identifier checks (decoding is umuhanda/utf8.hpp's).
#include "umuhanda/text_rules.hpp"

#include <algorithm>

#include "umuhanda/utf8.hpp"

namespace umuhanda {

std::optional<std::size_t> first_invalid_utf8(std::string_view text) {
  for (std::size_t i = 0; i < text.size();) {
    const DecodedCodePoint decoded = decode_utf8(text, i);
    if (!decoded.valid) return i;
    i += decoded.length;
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
