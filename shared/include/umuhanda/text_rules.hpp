// Rules every text and identifier of a pack follows, shared by validation and the importers: the
// same answer to "is this valid?" wherever the question is asked.
#pragma once

#include <cstddef>
#include <optional>
#include <string_view>

namespace umuhanda {

// Byte offset of the first byte that is not valid UTF-8 (decode_utf8 in utf8.hpp: overlong forms
// and surrogates included), if any.
std::optional<std::size_t> first_invalid_utf8(std::string_view text);
inline bool is_valid_utf8(std::string_view text) { return !first_invalid_utf8(text).has_value(); }

// Identifiers (pack, topic, question, sign ids, tags) end up in URLs and progress records: 1-64
// lower-case letters, digits, '-', '_' or '.', starting with a letter or digit.
bool is_identifier(std::string_view id);
inline constexpr const char* kIdentifierRule = "use 1-64 lower-case letters, digits, '-', '_' or '.', starting with a letter or digit";

}  // namespace umuhanda
