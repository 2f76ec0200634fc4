// wrap_lines (web/app/line_wrap.cpp) with a fixed-width measure: one unit per code point, lines
// broken at the last space that fits, as ImGui's word wrap does.
#include <gtest/gtest.h>

#include "app/line_wrap.hpp"
#include "umuhanda/text_rules.hpp"
#include "umuhanda/utf8.hpp"

namespace umuhanda {
namespace {

std::size_t bytes_of_code_points(std::string_view text, std::size_t count) {
  std::size_t offset = 0;
  for (std::size_t n = 0; n < count && offset < text.size(); ++n) offset += decode_utf8(text, offset).length;
  return offset;
}

const TextMeasure kOneUnitPerCodePoint{
    [](std::string_view line) { return static_cast<float>(count_code_points(line)); },
    [](std::string_view text, float width) -> std::size_t {
      const std::size_t fits = bytes_of_code_points(text, static_cast<std::size_t>(width));
      if (fits >= text.size()) return text.size();
      const std::size_t space = text.substr(0, fits + 1).rfind(' ');
      return space == std::string_view::npos || space == 0 ? fits : space;
    },
};

TEST(WrapLines, KeepsTextThatFits) {
  EXPECT_EQ(wrap_lines("Stop", 10, 3, kOneUnitPerCodePoint), std::vector<std::string>{"Stop"});
  EXPECT_TRUE(wrap_lines("   ", 10, 3, kOneUnitPerCodePoint).empty());
}

TEST(WrapLines, BreaksAtSpacesAndEndsTheLastLineWithAnEllipsis) {
  EXPECT_EQ(wrap_lines("Cédez le passage à droite", 10, 2, kOneUnitPerCodePoint), (std::vector<std::string>{"Cédez le", "passage à…"}));
  EXPECT_EQ(wrap_lines("Cédez le passage", 10, 2, kOneUnitPerCodePoint), (std::vector<std::string>{"Cédez le", "passage"}));
}

// The heading is shortened one whole code point at a time: never a cut inside "é", never one
// character more than needed.
TEST(WrapLines, ShortensByWholeCodePoints) {
  const std::vector<std::string> lines = wrap_lines("éééééééé", 4, 1, kOneUnitPerCodePoint);
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_EQ(lines[0], "ééé…");
  EXPECT_TRUE(is_valid_utf8(lines[0]));
  EXPECT_EQ(wrap_lines("abcdefg", 5, 1, kOneUnitPerCodePoint), std::vector<std::string>{"abcd…"});
  EXPECT_EQ(wrap_lines("ab ’’’’’’", 6, 1, kOneUnitPerCodePoint), std::vector<std::string>{"ab ’’…"});
}

}  // namespace
}  // namespace umuhanda
