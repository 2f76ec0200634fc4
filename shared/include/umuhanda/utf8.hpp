// UTF-8 for the whole project, server, tools and WASM client alike: the one decoder, and the one
// fold that makes "Cédez-le-passage" match "cedez le passage" (sign search) and "Écoles" the id
// "ecoles" (importers).
//
// Why our own code and not Debian's libutf8proc (NFKD, case folding, mark stripping): measured
// with Emscripten 3.1.6 at -Os, utf8proc adds 313 KB of wasm (50 KB brotli) for tables of every
// script, against the 1.5 MB offline first visit, and the WASM build would have to fetch and build
// its sources too. Our texts are English, French and Kinyarwanda (Latin script), and utf8proc still
// leaves œ, æ, ø, ł and đ alone (they have no decomposition), so a table of our own would remain
// anyway. This one covers Latin-1 and Latin Extended-A; other scripts pass through unchanged.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace umuhanda {

struct DecodedCodePoint {
  char32_t code = 0;       // U+FFFD when the bytes at the offset are not UTF-8
  std::size_t length = 1;  // bytes taken, at least one, so a caller always moves on
  bool valid = false;
};

// Decodes the code point starting at byte `offset` (< text.size()). Strict: overlong forms,
// surrogates, values above U+10FFFF and cut-off sequences are invalid and take one byte.
DecodedCodePoint decode_utf8(std::string_view text, std::size_t offset);

// The start of the code point that ends at byte `offset` (0 when offset is 0): for cutting text
// one whole code point at a time from its end.
std::size_t previous_code_point_start(std::string_view text, std::size_t offset);

// Code points in `text` (an invalid byte counts as one): editor columns for Kinyarwanda and French.
std::size_t count_code_points(std::string_view text);

// A letter or digit as lower-case ASCII without its accents: 'A' -> "a", 'É' -> "e", 'œ' -> "oe",
// 'ß' -> "ss", 'ł' -> "l". Empty for everything else (spaces, punctuation, other scripts).
std::string_view fold_to_ascii(char32_t code);

// Text as search compares it: Latin letters folded by fold_to_ascii, every run of spaces,
// punctuation, dashes, quotes and apostrophes one space, no space at either end; other scripts
// unchanged. "Cédez-le-passage" and "cedez le passage" fold alike, "l’arrêt" like "l'arret".
std::string fold_for_search(std::string_view text);

}  // namespace umuhanda
