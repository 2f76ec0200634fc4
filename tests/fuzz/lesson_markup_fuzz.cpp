// Fuzzes parse_lesson_markup (lesson_markup.cpp), the lesson bodies pack authors write
// and the client draws. Beyond "no crash": problems name lines that exist, in order; no span is
// empty; text spans next to each other are merged; [sign:] and [image:] targets hold no ']' and no
// line break; parsing is deterministic.
#include <algorithm>
#include <cstddef>
#include <cstdint>

#include "fuzz_check.hpp"
#include "umuhanda/lesson_markup.hpp"

using namespace umuhanda;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text = fuzz::as_text(data, size);
  const ParsedMarkup parsed = parse_lesson_markup(text);

  const int line_count = static_cast<int>(std::count(text.begin(), text.end(), '\n')) + 1;
  int previous_line = 1;
  for (const MarkupProblem& problem : parsed.problems) {
    FUZZ_CHECK(problem.line >= previous_line && problem.line <= line_count, "problem on line " + std::to_string(problem.line) + " (previous " +
                                                                                std::to_string(previous_line) + ", lines " +
                                                                                std::to_string(line_count) + "): " + problem.message);
    FUZZ_CHECK(!problem.message.empty(), "a problem without a message");
    previous_line = problem.line;
  }
  for (const MarkupBlock& block : parsed.blocks) {
    for (std::size_t i = 0; i < block.spans.size(); ++i) {
      const MarkupSpan& span = block.spans[i];
      FUZZ_CHECK(!span.value.empty(), "an empty span");
      FUZZ_CHECK(span.value.find('\n') == std::string::npos, "a span across lines: \"" + span.value + "\"");
      if (span.kind == MarkupSpan::Kind::sign || span.kind == MarkupSpan::Kind::image) {
        FUZZ_CHECK(span.value.find(']') == std::string::npos, "a picture target holding ']': \"" + span.value + "\"");
      }
      if (i > 0 && span.kind == MarkupSpan::Kind::text) {
        FUZZ_CHECK(block.spans[i - 1].kind != MarkupSpan::Kind::text, "two text spans in a row: \"" + span.value + "\"");
      }
    }
  }
  const ParsedMarkup again = parse_lesson_markup(text);
  FUZZ_CHECK(again.blocks == parsed.blocks && again.problems.size() == parsed.problems.size(), "parsing the same text twice differs");
  return 0;
}
