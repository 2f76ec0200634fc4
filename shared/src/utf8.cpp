// UTF-8 decoding and the Latin fold (see utf8.hpp for why this is not libutf8proc).
#include "umuhanda/utf8.hpp"

#include <algorithm>
#include <iterator>

namespace umuhanda {
namespace {

constexpr char32_t kReplacementCharacter = 0xFFFD;

bool is_continuation(unsigned char byte) { return (byte & 0xC0) == 0x80; }

// Latin-1 letters U+00C0..U+00FF ("" for × and ÷, which are not letters).
constexpr const char* kLatin1Ascii[64] = {
    "a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i",  "i",   // C0-CF
    "d", "n", "o", "o", "o", "o", "o",  "",  "o", "u", "u", "u", "u", "y", "th", "ss",  // D0-DF
    "a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i",  "i",   // E0-EF
    "d", "n", "o", "o", "o", "o", "o",  "",  "o", "u", "u", "u", "u", "y", "th", "y",   // F0-FF
};

// Latin Extended-A (U+0100..U+017F) comes in runs of one base letter, upper and lower case alternating.
struct FoldRange {
  char32_t first, last;
  const char* ascii;
};
constexpr FoldRange kLatinExtendedA[] = {
    {0x100, 0x105, "a"}, {0x106, 0x10D, "c"},  {0x10E, 0x111, "d"}, {0x112, 0x11B, "e"}, {0x11C, 0x123, "g"}, {0x124, 0x127, "h"},
    {0x128, 0x131, "i"}, {0x132, 0x133, "ij"}, {0x134, 0x135, "j"}, {0x136, 0x138, "k"}, {0x139, 0x142, "l"}, {0x143, 0x14B, "n"},
    {0x14C, 0x151, "o"}, {0x152, 0x153, "oe"}, {0x154, 0x159, "r"}, {0x15A, 0x161, "s"}, {0x162, 0x167, "t"}, {0x168, 0x173, "u"},
    {0x174, 0x175, "w"}, {0x176, 0x178, "y"},  {0x179, 0x17E, "z"}, {0x17F, 0x17F, "s"},
};

constexpr std::string_view kAsciiLetters = "abcdefghijklmnopqrstuvwxyz";
constexpr std::string_view kDigits = "0123456789";

// Spaces, dashes and quotes that separate words in French typography, beside ASCII punctuation.
bool is_word_separator(char32_t code) { return code == 0xA0 || code == 0x202F || (code >= 0x2010 && code <= 0x201F) || code == 0xAB || code == 0xBB; }

}  // namespace

DecodedCodePoint decode_utf8(std::string_view text, std::size_t offset) {
  const DecodedCodePoint invalid{kReplacementCharacter, 1, false};
  if (offset >= text.size()) return invalid;
  const auto lead = static_cast<unsigned char>(text[offset]);
  if (lead < 0x80) return {lead, 1, true};
  std::size_t length = 0;
  char32_t code = 0;
  char32_t smallest = 0;  // below it the form is overlong
  if ((lead & 0xE0) == 0xC0) length = 2, code = lead & 0x1Fu, smallest = 0x80;
  else if ((lead & 0xF0) == 0xE0) length = 3, code = lead & 0x0Fu, smallest = 0x800;
  else if ((lead & 0xF8) == 0xF0) length = 4, code = lead & 0x07u, smallest = 0x10000;
  else return invalid;
  if (offset + length > text.size()) return invalid;
  for (std::size_t k = 1; k < length; ++k) {
    const auto byte = static_cast<unsigned char>(text[offset + k]);
    if (!is_continuation(byte)) return invalid;
    code = (code << 6) | (byte & 0x3Fu);
  }
  if (code < smallest || code > 0x10FFFF || (code >= 0xD800 && code <= 0xDFFF)) return invalid;
  return {code, length, true};
}

std::size_t previous_code_point_start(std::string_view text, std::size_t offset) {
  offset = std::min(offset, text.size());
  if (offset == 0) return 0;
  // At most three continuation bytes back; a longer run is not one code point but stray bytes.
  for (std::size_t back = 1; back <= 4 && back <= offset; ++back) {
    const std::size_t start = offset - back;
    if (!is_continuation(static_cast<unsigned char>(text[start]))) {
      const DecodedCodePoint decoded = decode_utf8(text, start);
      return decoded.valid && start + decoded.length == offset ? start : offset - 1;
    }
  }
  return offset - 1;
}

std::size_t count_code_points(std::string_view text) {
  std::size_t count = 0;
  for (std::size_t i = 0; i < text.size(); i += decode_utf8(text, i).length) ++count;
  return count;
}

std::string_view fold_to_ascii(char32_t code) {
  if (code >= 'a' && code <= 'z') return kAsciiLetters.substr(code - 'a', 1);
  if (code >= 'A' && code <= 'Z') return kAsciiLetters.substr(code - 'A', 1);
  if (code >= '0' && code <= '9') return kDigits.substr(code - '0', 1);
  if (code >= 0xC0 && code <= 0xFF) return kLatin1Ascii[code - 0xC0];
  const auto* range =
      std::find_if(std::begin(kLatinExtendedA), std::end(kLatinExtendedA), [&](const FoldRange& r) { return code >= r.first && code <= r.last; });
  return range != std::end(kLatinExtendedA) ? range->ascii : std::string_view();
}

std::string fold_for_search(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  auto space = [&] {
    if (!out.empty() && out.back() != ' ') out += ' ';
  };
  for (std::size_t i = 0; i < text.size();) {
    const DecodedCodePoint decoded = decode_utf8(text, i);
    const std::string_view ascii = fold_to_ascii(decoded.code);
    if (!ascii.empty()) out += ascii;
    else if (decoded.code < 0x80 || is_word_separator(decoded.code)) space();
    else if (decoded.valid) out.append(text.substr(i, decoded.length));
    i += decoded.length;
  }
  if (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

}  // namespace umuhanda
