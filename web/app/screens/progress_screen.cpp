// The progress screen.
// [SECTION] The screen: totals, exams, topics
// [SECTION] Test hook state
#include "app/screens/progress_screen.hpp"

#include <imgui.h>

#include <algorithm>
#include <cmath>

#include "app/progress_store.hpp"
#include "app/ui/charts.hpp"
#include "app/ui/theme.hpp"
#include "app/ui/widgets.hpp"
#include "platform/app_window.hpp"
#include "umuhanda/spaced_repetition.hpp"

namespace umuhanda {
namespace {

constexpr std::size_t kChartAttempts = 20;  // the last ones: enough to see a trend, readable at 390 px

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
    const bool go = tap_button(
        "progress.exam", under_way ? tr(l, "Resume the mock exam", "Reprendre l’examen blanc") : tr(l, "Take a mock exam", "Passer un examen blanc"),
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
  const float inner = width - 2 * kPadding;
  const float goal = pass_ratio(ctx.pack);  // a mark on each bar
  ImGui::Dummy(ImVec2(0, 2));
  heading(tr(l, "By topic", "Par thème"), nullptr);
  begin_card(width);
  bool first = true;
  for (const TopicStatistics& topic : m_stats.topics) {
    const Topic* info = ctx.pack->find_topic(topic.topic);
    if (!info) continue;
    if (!first) ImGui::Dummy(ImVec2(0, 4));
    first = false;
    topic_row(topic, info->name.in(l), goal, inner, l);
  }
  end_card();
  muted_text(format(tr(l,
                       "Right: the last %zu answers in each topic. The mark on each bar is the pass mark. Mastered: right %d times in a row; "
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
