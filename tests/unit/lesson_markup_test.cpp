// The lesson markup: blocks, inline spans, and located problems.
#include <gtest/gtest.h>

#include "umuhanda/lesson_markup.hpp"

namespace umuhanda {
namespace {

using Kind = MarkupBlock::Kind;
using Span = MarkupSpan::Kind;

TEST(LessonMarkup, ParsesHeadingsParagraphsAndLists) {
  auto parsed = parse_lesson_markup("# Title\n## Part\nFirst line\ncontinues.\n\n- one\n- two\n\nEnd.");
  ASSERT_TRUE(parsed.problems.empty());
  ASSERT_EQ(parsed.blocks.size(), 6u);
  EXPECT_EQ(parsed.blocks[0].kind, Kind::heading);
  EXPECT_EQ(parsed.blocks[0].spans[0].value, "Title");
  EXPECT_EQ(parsed.blocks[1].kind, Kind::subheading);
  EXPECT_EQ(parsed.blocks[2].kind, Kind::paragraph);
  EXPECT_EQ(parsed.blocks[2].spans[0].value, "First line continues.");
  EXPECT_EQ(parsed.blocks[3].kind, Kind::list_item);
  EXPECT_EQ(parsed.blocks[4].spans[0].value, "two");
  EXPECT_EQ(parsed.blocks[5].kind, Kind::paragraph);
}

TEST(LessonMarkup, ParsesBoldAndSignReferences) {
  auto parsed = parse_lesson_markup("At [sign:p-stop] you **must stop**, then go.");
  ASSERT_TRUE(parsed.problems.empty());
  const auto& spans = parsed.blocks.at(0).spans;
  ASSERT_EQ(spans.size(), 5u);
  EXPECT_EQ(spans[0], (MarkupSpan{Span::text, "At "}));
  EXPECT_EQ(spans[1], (MarkupSpan{Span::sign, "p-stop"}));
  EXPECT_EQ(spans[2], (MarkupSpan{Span::text, " you "}));
  EXPECT_EQ(spans[3], (MarkupSpan{Span::bold, "must stop"}));
  EXPECT_EQ(spans[4], (MarkupSpan{Span::text, ", then go."}));
}

TEST(LessonMarkup, KeepsUtf8AndOrdinaryBrackets) {
  auto parsed = parse_lesson_markup("Le feu [orange] : « prudence » — ça passe.");
  ASSERT_TRUE(parsed.problems.empty());
  EXPECT_EQ(parsed.blocks.at(0).spans.at(0).value, "Le feu [orange] : « prudence » — ça passe.");
}

TEST(LessonMarkup, ReportsProblemsWithLineNumbers) {
  auto parsed = parse_lesson_markup("ok\n**open\n[sign:\n#NoSpace\n[image:]");
  ASSERT_EQ(parsed.problems.size(), 4u);
  EXPECT_EQ(parsed.problems[0].line, 2);
  EXPECT_EQ(parsed.problems[1].line, 3);
  EXPECT_EQ(parsed.problems[2].line, 4);
  EXPECT_EQ(parsed.problems[3].line, 5);
}

}  // namespace
}  // namespace umuhanda
