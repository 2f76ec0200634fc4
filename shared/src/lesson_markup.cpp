// Lesson markup parser: lines to blocks, then inline spans. Problems are collected with their
// line number; the text around a problem is still shown as plain text.
#include "umuhanda/lesson_markup.hpp"

namespace umuhanda {
namespace {

void add_text(std::vector<MarkupSpan>& spans, MarkupSpan::Kind kind, std::string_view text) {
  if (text.empty()) return;
  if (kind == MarkupSpan::Kind::text && !spans.empty() && spans.back().kind == MarkupSpan::Kind::text) {
    spans.back().value += text;
    return;
  }
  spans.push_back({kind, std::string(text)});
}

void parse_inline(std::string_view line, int line_number, std::vector<MarkupSpan>& spans, std::vector<MarkupProblem>& problems) {
  std::size_t i = 0;
  while (i < line.size()) {
    if (line.compare(i, 2, "**") == 0) {
      auto close = line.find("**", i + 2);
      if (close == std::string_view::npos) {
        problems.push_back({line_number, "\"**\" opens bold text that is not closed on the same line"});
        add_text(spans, MarkupSpan::Kind::text, line.substr(i + 2));
        return;
      }
      if (close == i + 2) problems.push_back({line_number, "empty bold text \"****\""});
      add_text(spans, MarkupSpan::Kind::bold, line.substr(i + 2, close - i - 2));
      i = close + 2;
      continue;
    }
    const bool sign = line.compare(i, 6, "[sign:") == 0;
    const bool image = line.compare(i, 7, "[image:") == 0;
    if (sign || image) {
      const std::size_t start = i + (sign ? 6 : 7);
      auto close = line.find(']', start);
      if (close == std::string_view::npos) {
        problems.push_back({line_number, std::string(sign ? "[sign:" : "[image:") + " is not closed with \"]\""});
        add_text(spans, MarkupSpan::Kind::text, line.substr(i));
        return;
      }
      std::string_view target = line.substr(start, close - start);
      if (target.empty()) problems.push_back({line_number, std::string(sign ? "[sign:]" : "[image:]") + " names nothing"});
      else spans.push_back({sign ? MarkupSpan::Kind::sign : MarkupSpan::Kind::image, std::string(target)});
      i = close + 1;
      continue;
    }
    auto next = line.find_first_of("*[", i + 1);
    if (next == std::string_view::npos) next = line.size();
    add_text(spans, MarkupSpan::Kind::text, line.substr(i, next - i));
    i = next;
  }
}

std::string_view trim_end(std::string_view text) {
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t' || text.back() == '\r')) text.remove_suffix(1);
  return text;
}

}  // namespace

ParsedMarkup parse_lesson_markup(std::string_view text) {
  ParsedMarkup parsed;
  bool in_paragraph = false;
  int line_number = 0;
  std::size_t position = 0;
  while (position <= text.size()) {
    auto end = text.find('\n', position);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = trim_end(text.substr(position, end - position));
    position = end + 1;
    ++line_number;

    if (line.empty()) {
      in_paragraph = false;
      continue;
    }
    MarkupBlock::Kind kind = MarkupBlock::Kind::paragraph;
    std::string_view content = line;
    if (line.rfind("### ", 0) == 0 || line.rfind("#### ", 0) == 0) {
      parsed.problems.push_back({line_number, "only \"# \" and \"## \" headings exist"});
      content = line.substr(line.find(' ') + 1);
      kind = MarkupBlock::Kind::subheading;
    } else if (line.rfind("## ", 0) == 0) {
      kind = MarkupBlock::Kind::subheading;
      content = line.substr(3);
    } else if (line.rfind("# ", 0) == 0) {
      kind = MarkupBlock::Kind::heading;
      content = line.substr(2);
    } else if (line.rfind("- ", 0) == 0) {
      kind = MarkupBlock::Kind::list_item;
      content = line.substr(2);
    } else if (line.front() == '#') {
      parsed.problems.push_back({line_number, "a heading needs a space after \"#\""});
    }

    if (kind == MarkupBlock::Kind::paragraph && in_paragraph) {
      // A paragraph continues over consecutive lines, joined by a space.
      add_text(parsed.blocks.back().spans, MarkupSpan::Kind::text, " ");
      parse_inline(content, line_number, parsed.blocks.back().spans, parsed.problems);
      continue;
    }
    MarkupBlock block{kind, {}};
    parse_inline(content, line_number, block.spans, parsed.problems);
    parsed.blocks.push_back(std::move(block));
    in_paragraph = kind == MarkupBlock::Kind::paragraph;
  }
  return parsed;
}

}  // namespace umuhanda
