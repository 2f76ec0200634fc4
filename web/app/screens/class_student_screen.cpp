// The class student screen: a student's figures, topics, mock exams and mistakes, as the server
// computes them from their synced progress (docs/api.md, "Classes").
#include "app/screens/class_student_screen.hpp"

#include <imgui.h>

#include <algorithm>

#include "app/ui/charts.hpp"
#include "app/ui/theme.hpp"
#include "app/ui/widgets.hpp"
#include "platform/app_window.hpp"

namespace umuhanda {
namespace {

constexpr std::size_t kChartAttempts = 20;  // as on the student's own progress screen
constexpr std::size_t kListedAttempts = 5;  // the latest, with their dates, under the chart

// The page of the student the class screen chose, once it arrived.
const StudentPage* page_of(const AppContext& ctx) {
  const auto& page = ctx.classes->student_page();
  return page && page->student.id == ctx.classes->selected_student() && page->class_id == ctx.classes->selected() ? &*page : nullptr;
}

// A line as wide as the card's inside (ImGui's Separator spans the window, past the card's edge).
void divider(float inner) {
  const ImVec2 at = ImGui::GetCursorScreenPos();
  ImGui::GetWindowDrawList()->AddLine(at, ImVec2(at.x + inner, at.y), palette().border, 1.0f);
  ImGui::Dummy(ImVec2(inner, 1.0f));
}

}  // namespace

std::string ClassStudentScreen::title(const AppContext& ctx) const {
  const StudentPage* page = page_of(ctx);
  return page ? page->student.name : tr(ctx.language, "Student", "Élève");
}

void ClassStudentScreen::on_show(AppContext& ctx) {
  if (ctx.classes->selected() > 0 && ctx.classes->selected_student() > 0) {
    ctx.classes->open_student(ctx.classes->selected(), ctx.classes->selected_student());
  }
}

void ClassStudentScreen::draw(AppContext& ctx, float width) {
  const nlohmann::json drawing = shown(ctx);
  const std::string& l = ctx.language;
  const StudentPage* page = page_of(ctx);
  if (!page) {
    muted_text(
        ctx.classes->student_loading() ? tr(l, "Loading the student’s page…", "Chargement de la page de l’élève…") : ctx.classes->student_problem(),
        width);
  } else {
    const RosterStudent& student = page->student;
    const std::string accuracy = student.recent_accuracy ? format_percent(*student.recent_accuracy, l) : std::string("–");
    muted_text(format(tr(l, "%lld answers  •  accuracy %s  •  %lld of %lld questions seen  •  %lld mastered",
                         "%lld réponses  •  réussite %s  •  %lld questions vues sur %lld  •  %lld maîtrisées"),
                      static_cast<long long>(student.answers), accuracy.c_str(), static_cast<long long>(student.seen),
                      static_cast<long long>(student.total), static_cast<long long>(student.mastered)),
               width);
    ImGui::PushStyleColor(ImGuiCol_Text, student.ready ? palette().right : palette().text_muted);
    wrapped_text(student.ready ? tr(l, "✓ Ready for the test", "✓ Prêt pour l’examen") : tr(l, "Not ready yet", "Pas encore prêt"), width);
    ImGui::PopStyleColor();
    draw_topics(ctx, *page, width);
    draw_exams(ctx, *page, width);
    draw_mistakes(ctx, *page, width);
  }
  ImGui::Dummy(ImVec2(0, 4));
  if (tap_button("class_student.refresh", tr(l, "Refresh", "Actualiser"), ImVec2(width, kMinTapHeight), ButtonKind::secondary) &&
      ctx.classes->selected_student() > 0) {
    ctx.classes->open_student(ctx.classes->selected(), ctx.classes->selected_student());
  }
  m_drawn = drawing;
  if (shown(ctx) != drawing) request_redraw();
}

void ClassStudentScreen::draw_topics(AppContext& ctx, const StudentPage& page, float width) {
  const std::string& l = ctx.language;
  const float inner = width - 2 * kPadding;
  ImGui::Dummy(ImVec2(0, 2));
  heading(tr(l, "By topic", "Par thème"), nullptr);
  begin_card(width);
  bool first = true;
  for (const TopicStatistics& topic : page.student.topics) {
    if (!first) ImGui::Dummy(ImVec2(0, 4));
    first = false;
    topic_row(topic, topic_title(page.titles, topic.topic, l), pass_ratio(ctx.pack), inner, l);
  }
  end_card();
}

void ClassStudentScreen::draw_exams(AppContext& ctx, const StudentPage& page, float width) {
  const std::string& l = ctx.language;
  const float inner = width - 2 * kPadding;
  ImGui::Dummy(ImVec2(0, 2));
  heading(tr(l, "Mock exam scores", "Notes aux examens blancs"), nullptr);
  begin_card(width);
  const std::vector<ExamScore>& all = page.exams;
  if (all.empty()) {
    muted_text(tr(l, "No mock exam yet.", "Pas encore d’examen blanc."), inner);
    end_card();
    return;
  }
  const std::size_t first = all.size() > kChartAttempts ? all.size() - kChartAttempts : 0;
  draw_score_chart(std::vector<ExamScore>(all.begin() + static_cast<std::ptrdiff_t>(first), all.end()), first + 1, inner, l);
  const std::size_t passed = static_cast<std::size_t>(std::count_if(all.begin(), all.end(), [](const ExamScore& e) { return e.passed; }));
  muted_text(format(tr(l, "Passed %zu of %zu", "%zu réussis sur %zu"), passed, all.size()), inner);
  // The latest attempts, newest first, with when they were handed in.
  for (std::size_t i = all.size(); i > 0 && i + kListedAttempts > all.size(); --i) {
    const ExamScore& exam = all[i - 1];
    divider(inner);
    ImGui::PushStyleColor(ImGuiCol_Text, exam.passed ? palette().right : palette().wrong);
    wrapped_text(format(exam.passed ? tr(l, "✓ %d/%d, passed (pass mark %d)", "✓ %d/%d, réussi (seuil %d)")
                                    : tr(l, "✗ %d/%d, failed (pass mark %d)", "✗ %d/%d, échoué (seuil %d)"),
                        exam.score, exam.question_count, exam.pass_mark),
                 inner);
    ImGui::PopStyleColor();
    muted_text(format_local_time(exam.submitted_at_ms / 1000), inner);
  }
  end_card();
}

void ClassStudentScreen::draw_mistakes(AppContext& ctx, const StudentPage& page, float width) {
  const std::string& l = ctx.language;
  const float inner = width - 2 * kPadding;
  ImGui::Dummy(ImVec2(0, 2));
  heading(format(tr(l, "Mistakes (%lld)", "Erreurs (%lld)"), static_cast<long long>(page.mistake_count)), nullptr);
  muted_text(tr(l, "Questions whose latest answer was wrong, the newest first.",
                "Les questions dont la dernière réponse était fausse, les plus récentes d’abord."),
             width);
  begin_card(width);
  if (page.mistakes.empty())
    muted_text(tr(l, "None: every question answered was right the last time.", "Aucune : chaque question a été réussie la dernière fois."), inner);
  bool first = true;
  for (const StudentMistake& mistake : page.mistakes) {
    if (!first) divider(inner);
    first = false;
    wrapped_text(mistake.prompt.empty() ? mistake.question_id : mistake.prompt.in(l), inner);
    const std::string times = mistake.answered == 1 ? std::string(tr(l, "Wrong once, answered once", "Faux une fois, répondu une fois"))
                                                    : format(tr(l, "Wrong %lld of %lld times", "Faux %lld fois sur %lld"),
                                                             static_cast<long long>(mistake.wrong), static_cast<long long>(mistake.answered));
    muted_text(times + "  •  " + format_local_time(mistake.last_answered_at_ms / 1000), inner);
  }
  if (page.mistake_count > static_cast<std::int64_t>(page.mistakes.size())) {
    muted_text(format(tr(l, "The newest %zu shown.", "Les %zu plus récentes."), page.mistakes.size()), inner);
  }
  end_card();
}

nlohmann::json ClassStudentScreen::shown(const AppContext& ctx) const {
  return {{"language", ctx.language},
          {"class_id", ctx.classes->selected()},
          {"student_id", ctx.classes->selected_student()},
          {"revision", ctx.classes->revision()}};
}

nlohmann::json ClassStudentScreen::state(const AppContext& ctx) const {
  nlohmann::json state = {{"view", shown(ctx)}, {"drawn", m_drawn}};
  const nlohmann::json classes = ctx.classes->state_json();
  state["page"] = classes.contains("student_page") ? classes["student_page"] : nlohmann::json();
  state["loading"] = ctx.classes->student_loading();
  state["problem"] = ctx.classes->student_problem();
  return state;
}

}  // namespace umuhanda
