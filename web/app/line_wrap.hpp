// Cutting a text into the lines that fit a width, the last one ending in "…" when the text does not
// fit: sign names under the grid's pictures. The measure comes from the caller (the ImGui font in
// the client, a fixed-width one in the unit tests), so the cutting is tested natively.
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace umuhanda {

struct TextMeasure {
  std::function<float(std::string_view line)> width;                             // of a line as drawn
  std::function<std::size_t(std::string_view text, float width)> wrap_position;  // bytes of `text` on a line `width` wide
};

// At most `max_lines` lines of `text`, each trimmed of spaces; cuts fall between whole UTF-8 code
// points, and the last line gives up code points, one at a time, until it fits with its "…".
std::vector<std::string> wrap_lines(std::string_view text, float width, std::size_t max_lines, const TextMeasure& measure);

}  // namespace umuhanda
