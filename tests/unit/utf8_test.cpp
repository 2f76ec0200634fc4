// The project's one UTF-8 decoder and Latin fold (umuhanda/utf8.hpp).
#include <gtest/gtest.h>

#include "umuhanda/text_rules.hpp"
#include "umuhanda/utf8.hpp"

namespace umuhanda {
namespace {

TEST(Utf8, DecodesOneToFourByteCodePoints) {
  const std::string text = "a\xC3\xA9\xE2\x80\x99\xF0\x9F\x9A\xA6";  // a é ’ 🚦
  std::vector<char32_t> codes;
  for (std::size_t i = 0; i < text.size();) {
    const DecodedCodePoint decoded = decode_utf8(text, i);
    ASSERT_TRUE(decoded.valid) << "at byte " << i;
    codes.push_back(decoded.code);
    i += decoded.length;
  }
  EXPECT_EQ(codes, (std::vector<char32_t>{U'a', 0xE9, 0x2019, 0x1F6A6}));
  EXPECT_EQ(count_code_points(text), 4u);
}

TEST(Utf8, RejectsOverlongSurrogatesCutOffAndStrayBytes) {
  for (const std::string bad : {"\xC0\xAF", "\xE0\x80\xAF", "\xED\xA0\x80", "\xF4\x90\x80\x80", "\xC3", "\x80", "\xFF"}) {
    const DecodedCodePoint decoded = decode_utf8(bad, 0);
    EXPECT_FALSE(decoded.valid) << "bytes of length " << bad.size();
    EXPECT_EQ(decoded.length, 1u);
    EXPECT_EQ(first_invalid_utf8("ok " + bad), std::optional<std::size_t>(3));
  }
  EXPECT_EQ(first_invalid_utf8("Cédez le passage"), std::nullopt);
}

TEST(Utf8, StepsBackOneWholeCodePoint) {
  const std::string text = "a\xC3\xA9\xE2\x80\xA6";  // a é …
  EXPECT_EQ(previous_code_point_start(text, text.size()), 3u);
  EXPECT_EQ(previous_code_point_start(text, 3), 1u);
  EXPECT_EQ(previous_code_point_start(text, 1), 0u);
  EXPECT_EQ(previous_code_point_start(text, 0), 0u);
  // Stray continuation bytes go one at a time.
  EXPECT_EQ(previous_code_point_start("a\x80\x80", 3), 2u);
}

TEST(Utf8, FoldsLatinLettersToAscii) {
  EXPECT_EQ(fold_to_ascii(U'Q'), "q");
  EXPECT_EQ(fold_to_ascii(U'7'), "7");
  EXPECT_EQ(fold_to_ascii(0xC9), "e");    // É
  EXPECT_EQ(fold_to_ascii(0x153), "oe");  // œ
  EXPECT_EQ(fold_to_ascii(0xDF), "ss");   // ß
  EXPECT_EQ(fold_to_ascii(0x142), "l");   // ł
  EXPECT_EQ(fold_to_ascii(0xD7), "");     // ×
  EXPECT_EQ(fold_to_ascii(U'-'), "");
  EXPECT_EQ(fold_to_ascii(0x3B1), "");  // α: other scripts are not folded
}

TEST(Utf8, FoldsTextForSearch) {
  EXPECT_EQ(fold_for_search("Cédez-le-passage"), "cedez le passage");
  EXPECT_EQ(fold_for_search("  l’arrêt  "), "l arret");
  EXPECT_EQ(fold_for_search("l'ARRET"), "l arret");
  EXPECT_EQ(fold_for_search("«\xC2\xA0Œil\xC2\xA0»"), "oeil");
  EXPECT_EQ(fold_for_search("C-01"), "c 01");
  EXPECT_EQ(fold_for_search("αβ γ"), "αβ γ");
  EXPECT_EQ(fold_for_search("ab\xFF"
                            "cd"),
            "abcd");  // an invalid byte is dropped
}

}  // namespace
}  // namespace umuhanda
