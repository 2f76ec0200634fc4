// Line wrapping over a caller's measure; UTF-8 steps from umuhanda/utf8.hpp.
#include "app/line_wrap.hpp"

#include "umuhanda/utf8.hpp"

namespace umuhanda {
namespace {

constexpr std::string_view kEllipsis = "…";

bool is_continuation(char byte) { return (static_cast<unsigned char>(byte) & 0xC0) == 0x80; }

void trim_trailing_spaces(std::string& line) {
  while (!line.empty() && line.back() == ' ') line.pop_back();
}

}  // namespace

std::vector<std::string> wrap_lines(std::string_view text, float width, std::size_t max_lines, const TextMeasure& measure) {
  std::vector<std::string> lines;
  std::size_t start = 0;
  while (start < text.size() && lines.size() < max_lines) {
    while (start < text.size() && text[start] == ' ') ++start;
    if (start == text.size()) break;
    const std::string_view rest = text.substr(start);
    std::size_t wrap = std::min(measure.wrap_position(rest, width), rest.size());
    if (wrap == 0) wrap = decode_utf8(rest, 0).length;  // a line holds at least one code point
    while (wrap < rest.size() && is_continuation(rest[wrap])) ++wrap;
    std::string line(rest.substr(0, wrap));
    if (lines.size() + 1 == max_lines && wrap < rest.size()) {
      std::size_t keep = rest.size();
      while (keep > 0 && measure.width(std::string(rest.substr(0, keep)) + std::string(kEllipsis)) > width) {
        keep = previous_code_point_start(rest, keep);
      }
      line.assign(rest.substr(0, keep));
      trim_trailing_spaces(line);
      line += kEllipsis;
      wrap = rest.size();
    }
    trim_trailing_spaces(line);
    lines.push_back(std::move(line));
    start += wrap;
  }
  return lines;
}

}  // namespace umuhanda
