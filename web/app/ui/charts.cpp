// The charts the progress screen and a student's page (for their instructor) share.
#include "app/ui/charts.hpp"

#include <imgui.h>

#include <algorithm>
#include <cmath>

#include "app/ui/theme.hpp"
#include "app/ui/widgets.hpp"

namespace umuhanda {
namespace {

// A line of dashes from `a` to `b` (horizontal).
void dashed_line(ImDrawList* draw, ImVec2 a, ImVec2 b, ImU32 colour, float thickness) {
  constexpr float kDash = 7.0f, kGap = 5.0f;
  for (float x = a.x; x < b.x; x += kDash + kGap) draw->AddLine(ImVec2(x, a.y), ImVec2(std::min(x + kDash, b.x), b.y), colour, thickness);
}

// Text with a small plate of `plate` behind it, so a line under it does not cross the letters.
void plated_text(ImDrawList* draw, ImVec2 at, const std::string& text, ImU32 colour, ImU32 plate) {
  const ImVec2 size = ImGui::CalcTextSize(text.c_str());
  draw->AddRectFilled(ImVec2(at.x - 4, at.y - 1), ImVec2(at.x + size.x + 4, at.y + size.y + 1), plate, 4.0f);
  draw->AddText(at, colour, text.c_str());
}

// An attempt's point: a filled dot when passed, a ring when failed (not told by colour alone).
void pass_fail_mark(ImDrawList* draw, ImVec2 centre, float radius, bool passed) {
  const Palette& p = palette();
  if (passed) draw->AddCircleFilled(centre, radius, to_u32(p.right), 20);
  else draw->AddCircle(centre, radius - 1.25f, to_u32(p.wrong), 20, 2.5f);
}

}  // namespace

void draw_score_chart(const std::vector<ExamScore>& exams, std::size_t first_number, float width, const std::string& l) {
  const Palette& p = palette();
  ImDrawList* draw = ImGui::GetWindowDrawList();
  const float line = ImGui::GetTextLineHeight();
  const float height = std::max(190.0f, 8 * line);
  const ImVec2 at = ImGui::GetCursorScreenPos();
  int top_value = 1;
  for (const ExamScore& exam : exams) top_value = std::max(top_value, exam.question_count);
  const int pass_mark = exams.back().pass_mark;  // the latest exam's rule
  const std::string top_label = format("%d", top_value);
  const float label_width = ImGui::CalcTextSize(top_label.c_str()).x + 10;
  const float radius = 6.0f;
  const float left = at.x + label_width, right = at.x + width - radius - 2;
  const float top = at.y + line / 2, bottom = at.y + height - line - 8;
  auto y_of = [&](double value) { return bottom - static_cast<float>(value / top_value) * (bottom - top); };

  // The frame: 0 and the top as solid grid lines with their values.
  for (int value : {0, top_value}) {
    const float y = y_of(value);
    draw->AddLine(ImVec2(left, y), ImVec2(right, y), p.track, 1.0f);
    if (std::abs(y - y_of(pass_mark)) < line) continue;  // the pass mark's label is there
    const std::string label = format("%d", value);
    draw->AddText(ImVec2(left - 8 - ImGui::CalcTextSize(label.c_str()).x, y - line / 2), to_u32(p.text_muted), label.c_str());
  }
  // The pass line: dashed, in the accent colour, its value on the axis and its name at the end.
  const float pass_y = y_of(pass_mark);
  dashed_line(draw, ImVec2(left, pass_y), ImVec2(right, pass_y), to_u32(p.accent), 2.0f);
  const std::string pass_value = format("%d", pass_mark);
  draw->AddText(ImVec2(left - 8 - ImGui::CalcTextSize(pass_value.c_str()).x, pass_y - line / 2), to_u32(p.accent), pass_value.c_str());

  // The attempts, joined in order.
  const std::size_t n = exams.size();
  auto x_of = [&](std::size_t i) {
    if (n == 1) return (left + right) / 2;
    return left + radius + 4 + static_cast<float>(i) * (right - left - 2 * radius - 8) / static_cast<float>(n - 1);
  };
  auto point = [&](std::size_t i) {
    const ExamScore& e = exams[i];
    const double value = e.question_count > 0 ? static_cast<double>(e.score) * top_value / e.question_count : 0.0;
    return ImVec2(x_of(i), y_of(value));
  };
  for (std::size_t i = 1; i < n; ++i) draw->AddLine(point(i - 1), point(i), to_u32(p.text_muted), 2.0f);
  for (std::size_t i = 0; i < n; ++i) {
    draw->AddCircleFilled(point(i), radius + 2, p.surface);
    pass_fail_mark(draw, point(i), radius, exams[i].passed);
  }
  // The last score, written next to its point.
  const ImVec2 last = point(n - 1);
  const std::string score = format("%d", exams.back().score);
  const float score_width = ImGui::CalcTextSize(score.c_str()).x;
  const float score_x = std::min(last.x - score_width / 2, right - score_width);
  const float score_y = last.y - radius - line - 2 >= at.y ? last.y - radius - line - 2 : last.y + radius + 2;
  plated_text(draw, ImVec2(score_x, score_y), score, to_u32(p.text), p.surface);

  // Attempt numbers on the x axis: the first and the last (all of them when there is room).
  const bool all = n > 1 && (x_of(1) - x_of(0)) >= ImGui::CalcTextSize("000").x;
  for (std::size_t i = 0; i < n; ++i) {
    if (!all && i != 0 && i != n - 1) continue;
    const std::string number = format("%zu", first_number + i);
    const float w = ImGui::CalcTextSize(number.c_str()).x;
    draw->AddText(ImVec2(x_of(i) - w / 2, bottom + 6), to_u32(p.text_muted), number.c_str());
  }
  ImGui::Dummy(ImVec2(width, height));

  // The legend, its items flowing onto a second line on a narrow phone.
  struct LegendItem {
    int kind;  // 0: the pass line, 1: passed, 2: failed
    std::string text;
  };
  const LegendItem legend[] = {
      {0, format(tr(l, "pass mark: %d of %d", "seuil : %d sur %d"), pass_mark, exams.back().question_count)},
      {1, tr(l, "passed", "réussi")},
      {2, tr(l, "failed", "échoué")},
  };
  const float right_edge = at.x + width;
  for (std::size_t i = 0; i < 3; ++i) {
    const float item_width = 28 + ImGui::CalcTextSize(legend[i].text.c_str()).x;
    if (i > 0 && ImGui::GetItemRectMax().x + 18 + item_width <= right_edge) ImGui::SameLine(0.0f, 18.0f);
    const ImVec2 mark = ImGui::GetCursorScreenPos();
    const float mid = mark.y + line / 2;
    if (legend[i].kind == 0) {
      dashed_line(draw, ImVec2(mark.x, mid), ImVec2(mark.x + 20, mid), to_u32(p.accent), 2.0f);
    } else {
      pass_fail_mark(draw, ImVec2(mark.x + 10, mid), radius, legend[i].kind == 1);
    }
    draw->AddText(ImVec2(mark.x + 28, mark.y), to_u32(legend[i].kind == 0 ? p.accent : p.text_muted), legend[i].text.c_str());
    ImGui::Dummy(ImVec2(item_width, line));
  }
}

float pass_ratio(const Pack* pack) {
  if (!pack || pack->blueprints.empty() || pack->blueprints.front().question_count <= 0) return -1.0f;
  return static_cast<float>(pack->blueprints.front().pass_mark) / static_cast<float>(pack->blueprints.front().question_count);
}

void accuracy_row(const Accuracy& recent, const std::string& name, float goal, const std::string& subtitle, float width, const std::string& l) {
  const Palette& p = palette();
  const bool started = recent.answered > 0;
  const std::string value = started ? format_percent(recent.ratio(), l) : std::string("–");
  const float value_width = ImGui::CalcTextSize(value.c_str()).x;
  // The name, clipped before the figure on a narrow phone (the bar and the line below say the rest).
  const ImVec2 at = ImGui::GetCursorScreenPos();
  ImDrawList* draw = ImGui::GetWindowDrawList();
  draw->PushClipRect(at, ImVec2(at.x + width - value_width - 12, at.y + ImGui::GetTextLineHeight()), true);
  draw->AddText(at, to_u32(p.text), name.c_str());
  draw->PopClipRect();
  draw->AddText(ImVec2(at.x + width - value_width, at.y), to_u32(started ? p.text : p.text_muted), value.c_str());
  ImGui::Dummy(ImVec2(width, ImGui::GetTextLineHeight()));
  progress_bar(static_cast<float>(recent.ratio()), width, 12.0f, goal);
  muted_text(subtitle, width);
}

void topic_row(const TopicStatistics& topic, const std::string& name, float goal, float width, const std::string& l) {
  accuracy_row(topic.recent, name, goal,
               topic.recent.answered > 0
                   ? format(tr(l, "%zu of %zu seen  •  %zu mastered", "%zu vues sur %zu  •  %zu maîtrisées"), topic.seen, topic.total, topic.mastered)
                   : format(tr(l, "Not started  •  %zu questions", "Pas commencé  •  %zu questions"), topic.total),
               width, l);
}

}  // namespace umuhanda
