// The progress screen.
// [SECTION] The exam score chart
// [SECTION] The screen: totals, exams, topics
// [SECTION] Test hook state
#include "app/screens/progress_screen.hpp"

#include <imgui.h>

#include <algorithm>
#include <cmath>

#include "app/progress_store.hpp"
#include "app/ui/theme.hpp"
#include "app/ui/widgets.hpp"
#include "platform/app_window.hpp"
#include "umuhanda/spaced_repetition.hpp"

namespace umuhanda {
namespace {

constexpr std::size_t kChartAttempts = 20;  // the last ones: enough to see a trend, readable at 390 px

// [SECTION] The exam score chart

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

// Scores of `exams` (oldest first) against the question count: y from 0 to the largest question
// count, a dashed pass line labelled with the pass mark, one point per attempt coloured pass or
// fail, joined in order; the attempts' numbers (from `first_number`) under the first and last.
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

}  // namespace

std::string ProgressScreen::title(const AppContext& ctx) const { return tr(ctx.language, "Progress", "Progrès"); }

void ProgressScreen::on_show(AppContext&) { m_focus.reset(); }

void ProgressScreen::on_pack_changed(AppContext&) { ++m_pack_serial; }

void ProgressScreen::refresh(const AppContext& ctx) {
  if (m_stats_revision == ctx.progress.revision() && m_stats_pack_serial == m_pack_serial) return;
  m_stats_revision = ctx.progress.revision();
  m_stats_pack_serial = m_pack_serial;
  m_stats = compute_statistics(ctx.progress.log(), *ctx.pack);
}

// [SECTION] The screen: totals, exams, topics

void ProgressScreen::draw(AppContext& ctx, float width) {
  refresh(ctx);
  const nlohmann::json drawing = shown(ctx);
  m_focus.begin_frame();
  draw_totals(ctx, width);
  draw_exams(ctx, width);
  draw_topics(ctx, width);
  m_focus.end_frame();
  // The frame shows the state it started with; a tap that changed it gets the frame that shows it.
  m_drawn = drawing;
  if (shown(ctx) != drawing) request_redraw();
}

// Three figures side by side: seen (of the pack), mastered, right recently.
void ProgressScreen::draw_totals(AppContext& ctx, float width) {
  const std::string& l = ctx.language;
  const Palette& p = palette();
  const float inner = width - 2 * kPadding;
  const float gap = ImGui::GetStyle().ItemSpacing.x;
  const float column = (inner - 2 * gap) / 3;
  struct Figure {
    std::string value, caption;
  };
  const Figure figures[] = {
      {format("%zu", m_stats.seen), format(tr(l, "seen of %zu questions", "vues sur %zu questions"), m_stats.total)},
      {format("%zu", m_stats.mastered), tr(l, "mastered", "maîtrisées")},
      {m_stats.recent.answered == 0 ? std::string("–") : format_percent(m_stats.recent.ratio(), l),
       tr(l, "right, recently", "de bonnes réponses récentes")},
  };
  begin_card(width);
  const ImVec2 top = ImGui::GetCursorScreenPos();
  float bottom = top.y;
  for (int i = 0; i < 3; ++i) {
    ImGui::SetCursorScreenPos(ImVec2(top.x + static_cast<float>(i) * (column + gap), top.y));
    ImGui::BeginGroup();
    heading(figures[i].value, ctx.fonts.large);
    ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + column);
    ImGui::TextColored(p.text_muted, "%s", figures[i].caption.c_str());
    ImGui::PopTextWrapPos();
    ImGui::EndGroup();
    bottom = std::max(bottom, ImGui::GetItemRectMax().y);
  }
  ImGui::SetCursorScreenPos(ImVec2(top.x, bottom));
  ImGui::Dummy(ImVec2(inner, 0));
  end_card();
}

void ProgressScreen::draw_exams(AppContext& ctx, float width) {
  const std::string& l = ctx.language;
  const float inner = width - 2 * kPadding;
  const std::vector<ExamScore>& all = m_stats.exams;
  ImGui::Dummy(ImVec2(0, 2));
  heading(tr(l, "Mock exam scores", "Notes aux examens blancs"), nullptr);
  begin_card(width);
  if (all.empty()) {
    muted_text(tr(l, "No mock exam yet. Your scores will show here as a chart, with the pass mark.",
                  "Pas encore d’examen blanc. Vos notes s’afficheront ici sur un graphique, avec le seuil de réussite."),
               inner);
    const bool under_way = ctx.navigator.exam_in_progress();
    const bool go = tap_button("progress.exam", under_way ? tr(l, "Resume the mock exam", "Reprendre l’examen blanc") : tr(l, "Take a mock exam", "Passer un examen blanc"),
                               ImVec2(inner, kMinTapHeight), ButtonKind::secondary);
    if (m_focus.item("progress.exam") || go) {
      if (under_way) ctx.navigator.resume_exam();
      else ctx.navigator.start_exam(std::nullopt);
    }
    end_card();
    return;
  }
  const std::size_t first = all.size() > kChartAttempts ? all.size() - kChartAttempts : 0;
  const std::vector<ExamScore> shown_exams(all.begin() + static_cast<std::ptrdiff_t>(first), all.end());
  draw_score_chart(shown_exams, first + 1, inner, l);
  const std::size_t passed = static_cast<std::size_t>(std::count_if(all.begin(), all.end(), [](const ExamScore& e) { return e.passed; }));
  const auto best = std::max_element(all.begin(), all.end(), [](const ExamScore& a, const ExamScore& b) {
    return static_cast<double>(a.score) * b.question_count < static_cast<double>(b.score) * a.question_count;
  });
  std::string summary = format(tr(l, "Passed %zu of %zu  •  best %d/%d  •  last %d/%d", "%zu réussis sur %zu  •  meilleure %d/%d  •  dernière %d/%d"),
                               passed, all.size(), best->score, best->question_count, all.back().score, all.back().question_count);
  if (first > 0) summary += format(tr(l, "  •  the last %zu shown", "  •  les %zu dernières"), kChartAttempts);
  muted_text(summary, inner);
  end_card();
}

void ProgressScreen::draw_topics(AppContext& ctx, float width) {
  const std::string& l = ctx.language;
  const Palette& p = palette();
  const float inner = width - 2 * kPadding;
  float goal = -1.0f;  // the pass ratio as a mark on each bar
  if (!ctx.pack->blueprints.empty() && ctx.pack->blueprints.front().question_count > 0) {
    goal = static_cast<float>(ctx.pack->blueprints.front().pass_mark) / static_cast<float>(ctx.pack->blueprints.front().question_count);
  }
  ImGui::Dummy(ImVec2(0, 2));
  heading(tr(l, "By topic", "Par thème"), nullptr);
  begin_card(width);
  bool first = true;
  for (const TopicStatistics& topic : m_stats.topics) {
    const Topic* info = ctx.pack->find_topic(topic.topic);
    if (!info) continue;
    if (!first) ImGui::Dummy(ImVec2(0, 4));
    first = false;
    const bool started = topic.recent.answered > 0;
    const std::string value = started ? format_percent(topic.recent.ratio(), l) : std::string("–");
    const float value_width = ImGui::CalcTextSize(value.c_str()).x;
    // The name, clipped before the figure on a narrow phone (the bar and the line below say the rest).
    const ImVec2 at = ImGui::GetCursorScreenPos();
    ImDrawList* draw = ImGui::GetWindowDrawList();
    draw->PushClipRect(at, ImVec2(at.x + inner - value_width - 12, at.y + ImGui::GetTextLineHeight()), true);
    draw->AddText(at, to_u32(p.text), info->name.in(l).c_str());
    draw->PopClipRect();
    draw->AddText(ImVec2(at.x + inner - value_width, at.y), to_u32(started ? p.text : p.text_muted), value.c_str());
    ImGui::Dummy(ImVec2(inner, ImGui::GetTextLineHeight()));
    progress_bar(static_cast<float>(topic.recent.ratio()), inner, 12.0f, goal);
    muted_text(started ? format(tr(l, "%zu of %zu seen  •  %zu mastered", "%zu vues sur %zu  •  %zu maîtrisées"), topic.seen, topic.total, topic.mastered)
                       : format(tr(l, "Not started  •  %zu questions", "Pas commencé  •  %zu questions"), topic.total),
               inner);
  }
  end_card();
  muted_text(format(tr(l, "Right: the last %zu answers in each topic. The mark on each bar is the pass mark. Mastered: right %d times in a row; "
                          "such a question comes back after a week or more.",
                       "Réussite : les %zu dernières réponses de chaque thème. Le trait sur chaque barre est le seuil de réussite. Maîtrisée : "
                       "juste %d fois de suite ; la question revient après une semaine ou plus."),
                    kRecentAnswersPerTopic, kMasteredBox - 1),
             width);
}

// [SECTION] Test hook state

nlohmann::json ProgressScreen::shown(const AppContext& ctx) const {
  return {{"revision", ctx.progress.revision()}, {"pack_serial", m_pack_serial}, {"language", ctx.language}};
}

nlohmann::json ProgressScreen::state(const AppContext& ctx) const {
  nlohmann::json state = {{"view", shown(ctx)}, {"drawn", m_drawn}};
  nlohmann::json topics = nlohmann::json::array();
  for (const TopicStatistics& topic : m_stats.topics) {
    topics.push_back({{"id", topic.topic},
                      {"answered", topic.recent.answered},
                      {"right", topic.recent.right},
                      {"percent", static_cast<int>(std::lround(topic.recent.ratio() * 100.0))},
                      {"seen", topic.seen},
                      {"mastered", topic.mastered},
                      {"total", topic.total}});
  }
  state["topics"] = std::move(topics);
  state["totals"] = {{"seen", m_stats.seen},
                     {"mastered", m_stats.mastered},
                     {"total", m_stats.total},
                     {"answered", m_stats.recent.answered},
                     {"right", m_stats.recent.right}};
  nlohmann::json exams = nlohmann::json::array();
  const std::size_t first = m_stats.exams.size() > kChartAttempts ? m_stats.exams.size() - kChartAttempts : 0;
  for (std::size_t i = first; i < m_stats.exams.size(); ++i) {
    const ExamScore& e = m_stats.exams[i];
    exams.push_back({{"score", e.score}, {"question_count", e.question_count}, {"pass_mark", e.pass_mark}, {"passed", e.passed}});
  }
  state["exam_count"] = m_stats.exams.size();
  state["chart"] = std::move(exams);  // the attempts the chart shows
  return state;
}

}  // namespace umuhanda
