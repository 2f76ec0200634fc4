// The lesson markup: a small line-based language pack authors write lessons in, parsed here for
// both validation and display. Documented in docs/pack-format.md:
//   # Heading            ## Subheading          - list item (one line)
//   blank line = new paragraph; **bold** inside a line; [sign:ID] and [image:PATH] show pictures.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace umuhanda {

struct MarkupSpan {
  enum class Kind { text, bold, sign, image };
  Kind kind = Kind::text;
  std::string value;  // the text, the sign id or the media path

  bool operator==(const MarkupSpan&) const = default;
};

struct MarkupBlock {
  enum class Kind { heading, subheading, paragraph, list_item };
  Kind kind = Kind::paragraph;
  std::vector<MarkupSpan> spans;

  bool operator==(const MarkupBlock&) const = default;
};

struct MarkupProblem {
  int line = 0;  // 1-based
  std::string message;
};

struct ParsedMarkup {
  std::vector<MarkupBlock> blocks;
  std::vector<MarkupProblem> problems;
};

ParsedMarkup parse_lesson_markup(std::string_view text);

}  // namespace umuhanda
