// The scheduled exams screen.
// [SECTION] Helpers: times, the toggle row
// [SECTION] Views and navigation
// [SECTION] The list and the two choices
// [SECTION] Sitting
// [SECTION] Result and review
// [SECTION] Ranking
// [SECTION] Test hook state
#include "app/screens/scheduled_exam_screen.hpp"

#include <imgui.h>

#include <algorithm>

#include "app/question_view.hpp"
#include "app/scheduled_exams.hpp"
#include "app/ui/theme.hpp"
#include "app/ui/widgets.hpp"
#include "platform/app_window.hpp"

namespace umuhanda {
namespace {

constexpr std::int64_t kWarningMs = 2 * 60 * 1000;  // the time left turns to the warning colour

// "12:34", or "1:02:03" from an hour: whole seconds rounded up, so 00:00 means the moment is here.
std::string duration_text(std::int64_t ms) {
  const std::int64_t seconds = (std::max<std::int64_t>(ms, 0) + 999) / 1000;
  if (seconds >= 3600) {
    return format("%lld:%02lld:%02lld", static_cast<long long>(seconds / 3600), static_cast<long long>(seconds / 60 % 60),
                  static_cast<long long>(seconds % 60));
  }
  return format("%02lld:%02lld", static_cast<long long>(seconds / 60), static_cast<long long>(seconds % 60));
}

// A full-width row: the label on the left (wrapped), an on/off switch on the right. Tap target `name`.
bool toggle_row(const std::string& name, const std::string& label, bool on, float width) {
  const Palette& p = palette();
  constexpr float kSwitchWidth = 52.0f, kSwitchHeight = 30.0f;
  const float text_width = width - 3 * kPadding - kSwitchWidth;
  const ImVec2 text_size = ImGui::CalcTextSize(label.c_str(), nullptr, false, text_width);
  const float height = std::max(kMinTapHeight, text_size.y + 2 * kPadding);
  ImGui::PushID(name.c_str());
  const bool clicked = ImGui::InvisibleButton("toggle", ImVec2(width, height));
  ImGui::PopID();
  const ImVec2 min = ImGui::GetItemRectMin(), max = ImGui::GetItemRectMax();
  ImDrawList* draw = ImGui::GetWindowDrawList();
  draw->AddRectFilled(min, max, ImGui::IsItemHovered() ? p.surface_hovered : p.surface, 10.0f);
  draw->AddRect(min, max, p.border, 10.0f);
  draw->AddText(ImGui::GetFont(), ImGui::GetFontSize(), ImVec2(min.x + kPadding, min.y + (height - text_size.y) / 2), to_u32(p.text), label.c_str(),
                nullptr, text_width);
  const ImVec2 switch_min(max.x - kPadding - kSwitchWidth, min.y + (height - kSwitchHeight) / 2);
  const ImVec2 switch_max(switch_min.x + kSwitchWidth, switch_min.y + kSwitchHeight);
  draw->AddRectFilled(switch_min, switch_max, on ? to_u32(p.accent) : p.track, kSwitchHeight / 2);
  const float knob = kSwitchHeight / 2 - 3;
  draw->AddCircleFilled(ImVec2(on ? switch_max.x - knob - 3 : switch_min.x + knob + 3, switch_min.y + kSwitchHeight / 2), knob, IM_COL32_WHITE);
  tap_targets().add(name, min, max);
  return tapped(clicked);
}

// A context whose pack is the exam's paper: questions, their signs and pictures are the paper's.
AppContext with_paper(AppContext& ctx, const Pack& paper) {
  AppContext paper_ctx = ctx;
  paper_ctx.pack = &paper;
  return paper_ctx;
}

}  // namespace

// [SECTION] Views and navigation

std::string ScheduledExamScreen::title(const AppContext& ctx) const {
  const std::string& l = ctx.language;
  switch (m_view) {
    case View::list: return tr(l, "Scheduled exams", "Examens programmés");
    case View::sitting:
      return ctx.scheduled_exams && ctx.scheduled_exams->sitting() ? ctx.scheduled_exams->sitting()->exam.name : tr(l, "Exam", "Examen");
    case View::result: return tr(l, "Exam result", "Résultat de l’examen");
    case View::ranking: return tr(l, "Ranking", "Classement");
  }
  return tr(l, "Scheduled exams", "Examens programmés");
}

std::uint64_t ScheduledExamScreen::serial(const AppContext& ctx) const {
  return m_view_serial + (ctx.scheduled_exams ? ctx.scheduled_exams->revision() : 0);
}

void ScheduledExamScreen::show_view(View view) {
  ++m_view_serial;
  m_view = view;
  m_confirm_submit = false;
  m_scroll_to_top = true;
  request_redraw();
}

void ScheduledExamScreen::on_show(AppContext& ctx) {
  ScheduledExams& exams = *ctx.scheduled_exams;
  exams.refresh();
  // An exam left in the middle (a reload, another screen) comes back first.
  show_view(exams.sitting() ? View::sitting : View::list);
}

bool ScheduledExamScreen::on_back(AppContext&) {
  if (m_confirm_submit) {
    m_confirm_submit = false;
    ++m_view_serial;
    request_redraw();
    return true;
  }
  if (m_view == View::list) return false;
  show_view(View::list);
  return true;
}

void ScheduledExamScreen::draw(AppContext& ctx, float width) {
  ScheduledExams& exams = *ctx.scheduled_exams;
  if (m_scroll_to_top) {
    ImGui::SetScrollY(0.0f);
    m_scroll_to_top = false;
  }
  // The answers arrived (or the sitting was restored): the view follows.
  if (m_view == View::sitting && !exams.sitting() && !exams.starting() && exams.result()) show_view(View::result);
  const std::uint64_t drawing = serial(ctx);
  m_drawn_serial = drawing;
  m_drawn_language = ctx.language;
  m_drawn_countdown.clear();
  switch (m_view) {
    case View::list: draw_list(ctx, width); break;
    case View::sitting: draw_sitting(ctx, width); break;
    case View::result: draw_result(ctx, width); break;
    case View::ranking: draw_ranking(ctx, width); break;
  }
  // A frame shows the state it started with; a tap that changed it gets the frame that shows it.
  if (serial(ctx) != drawing) request_redraw();
}

void ScheduledExamScreen::draw_problem(AppContext& ctx, float width) {
  const auto& problem = ctx.scheduled_exams->problem();
  if (!problem || problem->action == "list") return;  // the list says it itself
  const std::string& l = ctx.language;
  std::string text;
  if (problem->code == "offline") text = tr(l, "No connection: try again when you are online.", "Pas de connexion : réessayez une fois en ligne.");
  else if (problem->code == "exam_not_started") text = tr(l, "This exam has not started yet.", "Cet examen n’a pas encore commencé.");
  else if (problem->code == "exam_closed") text = tr(l, "This exam is over.", "Cet examen est terminé.");
  else text = problem->message;
  ImGui::PushStyleColor(ImGuiCol_Text, palette().warning);
  wrapped_text(text, width);
  ImGui::PopStyleColor();
}

// [SECTION] The list and the two choices

void ScheduledExamScreen::draw_list(AppContext& ctx, float width) {
  const std::string& l = ctx.language;
  const Palette& p = palette();
  ScheduledExams& exams = *ctx.scheduled_exams;
  const float inner = width - 2 * kPadding;
  ImGui::Dummy(ImVec2(0, 4));
  if (exams.sitting()) {
    if (tap_button("scheduled.resume", tr(l, "Back to the exam under way", "Reprendre l’examen en cours"), ImVec2(width, kMinTapHeight))) {
      return show_view(View::sitting);
    }
  }
  draw_problem(ctx, width);
  if (!exams.loaded()) {
    if (exams.offline()) {
      muted_text(tr(l, "Offline: the exams show when the phone is online.", "Hors ligne : les examens s’affichent une fois en ligne."), width);
    } else if (exams.problem() && exams.problem()->action == "list") {
      muted_text(exams.problem()->message, width);
    } else {
      muted_text(tr(l, "Loading the exams…", "Chargement des examens…"), width);
    }
  } else if (exams.exams().empty()) {
    muted_text(tr(l, "No exam is scheduled for you in the next day.", "Aucun examen n’est prévu pour vous dans les prochaines 24 heures."), width);
  }
  bool counting = false;
  for (const ScheduledExam& exam : exams.exams()) {
    const ExamStatus status = exams.status_of(exam);
    const bool submitted = exam.attempt && exam.attempt->submitted_at;
    ImGui::PushID(static_cast<int>(exam.id));
    begin_card(width);
    wrapped_text(exam.name, inner);
    const std::string id = std::to_string(exam.id);
    if (submitted) {
      const ScheduledAttempt& attempt = *exam.attempt;
      ImGui::TextColored(attempt.passed ? p.right : p.wrong, "%s",
                         format(tr(l, "%s %d/%d", "%s %d/%d"), attempt.passed ? "✓" : "✗", attempt.score, attempt.total).c_str());
      ImGui::SameLine(0, 12);
      ImGui::TextColored(attempt.counted ? p.text_muted : p.warning, "%s",
                         attempt.counted ? tr(l, "counted", "compté") : tr(l, "late: not counted", "en retard : non compté"));
      const float half = (inner - kGap) / 2;
      if (tap_button("scheduled.result." + id, tr(l, "Review", "Correction"), ImVec2(half, kMinTapHeight), ButtonKind::secondary)) {
        exams.open_result(exam.id);
        show_view(View::result);
      }
      ImGui::SameLine(0, kGap);
      if (tap_button("scheduled.ranking." + id, tr(l, "Ranking", "Classement"), ImVec2(half, kMinTapHeight), ButtonKind::secondary)) {
        exams.open_ranking(exam.id);
        show_view(View::ranking);
      }
    } else if (status == ExamStatus::upcoming) {
      const std::string countdown = duration_text(exams.ms_until_start(exam));
      if (m_drawn_countdown.empty()) m_drawn_countdown = countdown;
      ImGui::PushFont(ctx.fonts.large);
      if (exams.ms_until_start(exam) > 3'600'000) {
        // Hours away: when, as a student plans their day; the countdown below.
        wrapped_text(format(tr(l, "Starts %s", "Commence le %s"), format_local_time(exam.starts_at).c_str()), inner);
        ImGui::PopFont();
        muted_text(format(tr(l, "in %s", "dans %s"), countdown.c_str()), inner);
      } else {
        wrapped_text(format(tr(l, "Starts in %s", "Commence dans %s"), countdown.c_str()), inner);
        ImGui::PopFont();
      }
      muted_text(format(tr(l, "%d questions · %lld min · pass with %d", "%d questions · %lld min · %d pour réussir"), exam.question_count,
                        static_cast<long long>((exam.ends_at - exam.starts_at) / 60), exam.pass_mark),
                 inner);
      counting = true;
    } else if (status == ExamStatus::open) {
      const bool started = exam.attempt.has_value();
      muted_text(format(tr(l, "Open · %s left", "Ouvert · reste %s"), duration_text(exams.ms_until_end(exam)).c_str()), inner);
      const bool here = exams.sitting() && exams.sitting()->exam.id == exam.id;
      const char* label = here || started ? tr(l, "Continue", "Continuer") : tr(l, "Sit now", "Commencer");
      if (tap_button("scheduled.sit." + id, exams.starting() ? tr(l, "Starting…", "Ouverture…") : label, ImVec2(inner, kMinTapHeight))) {
        exams.start(exam.id);
        show_view(View::sitting);
      }
      counting = true;
    } else {
      muted_text(
          exam.attempt ? tr(l, "Over: started, not submitted", "Terminé : commencé, non rendu") : tr(l, "Over: not sat", "Terminé : non passé"),
          inner);
    }
    end_card(submitted ? to_u32(exam.attempt->passed ? p.right : p.wrong) : status == ExamStatus::open ? to_u32(p.accent) : 0);
    ImGui::PopID();
  }
  if (counting) request_redraw_in(1000);
  ImGui::Dummy(ImVec2(0, 4));
  if (tap_button("scheduled.refresh", exams.loading() ? tr(l, "Refreshing…", "Actualisation…") : tr(l, "Refresh", "Actualiser"),
                 ImVec2(width, kMinTapHeight), ButtonKind::secondary)) {
    exams.refresh();
  }
  draw_choices(ctx, width);
}

void ScheduledExamScreen::draw_choices(AppContext& ctx, float width) {
  const std::string& l = ctx.language;
  ScheduledExams& exams = *ctx.scheduled_exams;
  ImGui::Dummy(ImVec2(0, 8));
  heading(tr(l, "Your choices", "Vos choix"), ctx.fonts.large);
  if (toggle_row("scheduled.remind_me", tr(l, "Remind me 10 minutes before each exam", "Me prévenir 10 minutes avant chaque examen"),
                 exams.remind_me(), width)) {
    exams.set_remind_me(!exams.remind_me());
  }
  if (toggle_row("scheduled.show_me", tr(l, "Show my name and score in rankings", "Afficher mon nom et mon score dans les classements"),
                 exams.show_me(), width)) {
    exams.set_show_me(!exams.show_me());
  }
}

// [SECTION] Sitting

void ScheduledExamScreen::draw_sitting(AppContext& ctx, float width) {
  const std::string& l = ctx.language;
  const Palette& p = palette();
  ScheduledExams& exams = *ctx.scheduled_exams;
  if (!exams.sitting()) {
    ImGui::Dummy(ImVec2(0, 8));
    if (exams.starting() || exams.result_loading()) muted_text(tr(l, "Opening the exam…", "Ouverture de l’examen…"), width);
    draw_problem(ctx, width);
    if (tap_button("scheduled.list", tr(l, "All exams", "Tous les examens"), ImVec2(width, kMinTapHeight), ButtonKind::secondary))
      show_view(View::list);
    return;
  }
  const ScheduledExams::Sitting& sitting = *exams.sitting();
  const std::size_t count = sitting.paper.questions.size();
  if (count == 0) {
    muted_text(tr(l, "This exam has no question.", "Cet examen n’a aucune question."), width);
    return;
  }
  const std::size_t index = std::min(sitting.index, count - 1);
  const Question& question = sitting.paper.questions[index];

  // "Question 3 of 20 ........ 12:34"
  const std::int64_t left_ms = exams.ms_until_end(sitting.exam);
  const std::string left = duration_text(left_ms);
  m_drawn_countdown = left;
  ImGui::TextColored(p.text_muted, "%s", format(tr(l, "Question %zu of %zu", "Question %zu sur %zu"), index + 1, count).c_str());
  ImGui::PushFont(ctx.fonts.large);
  ImGui::SameLine(width - ImGui::CalcTextSize(left.c_str()).x);
  ImGui::TextColored(left_ms <= kWarningMs ? p.warning : p.text, "%s", left.c_str());
  ImGui::PopFont();
  std::size_t answered = 0;
  for (const auto& [id, choices] : sitting.answers) answered += choices.empty() ? 0 : 1;
  progress_bar(static_cast<float>(answered) / static_cast<float>(count), width, 6.0f);
  // The connection comes and goes by itself, between a student's aim and their tap: the lines that
  // say so keep their height either way, so the question and its buttons never move under a finger.
  if (sitting.submit_pending) {
    // Submitted: what happens to the answers comes first, above the (now fixed) questions.
    ImGui::Dummy(ImVec2(0, 4));
    begin_card(width);
    const std::string kept = tr(l, "Submitted while offline: your answers are kept on this phone and sent as soon as the network is back.",
                                "Rendu hors ligne : vos réponses sont gardées sur ce téléphone et envoyées dès le retour du réseau.");
    const std::string sending = tr(l, "Sending your answers…", "Envoi de vos réponses…");
    steady_text(exams.offline() ? kept : sending, {kept, sending}, exams.offline() ? p.warning : p.text, width - 2 * kPadding);
    end_card(to_u32(p.warning));
    // "No connection" would contradict the card: the answers go by themselves once online.
    if (exams.problem() && exams.problem()->code != "offline") draw_problem(ctx, width);
  } else {
    const std::string offline = tr(l, "Offline: your answers are kept on this phone", "Hors ligne : vos réponses sont gardées sur ce téléphone");
    steady_text(exams.offline() ? offline : std::string(), {offline}, p.warning, width);
  }
  if (!sitting.submit_pending) request_redraw_in(1000);
  ImGui::Dummy(ImVec2(0, 4));

  AppContext paper_ctx = with_paper(ctx, sitting.paper);
  QuestionLook look;
  if (auto found = sitting.answers.find(question.id); found != sitting.answers.end()) look.selected = found->second;
  look.enabled = !sitting.submit_pending;
  if (auto choice = draw_question(paper_ctx, question, look, width)) {
    exams.answer(*choice);
    if (m_confirm_submit) ++m_view_serial;
    m_confirm_submit = false;
  }
  if (look.enabled) {
    if (auto key = choice_key_pressed(question.choices.size()); key && !ImGui::GetIO().WantTextInput) exams.answer(*key);
  }
  if (question.multiple_answers)
    muted_text(tr(l, "Several answers may be right: tap each one.", "Plusieurs réponses possibles : touchez chacune."), width);
  if (index + 1 < count) prefetch_pictures(paper_ctx, sitting.paper.questions[index + 1]);

  ImGui::Dummy(ImVec2(0, 6));
  const float half = (width - kGap) / 2;
  if (tap_button("scheduled.previous", tr(l, "← Previous", "← Précédente"), ImVec2(half, kMinTapHeight), ButtonKind::secondary) && index > 0) {
    exams.go_to(index - 1);
    m_scroll_to_top = true;
  }
  ImGui::SameLine(0, kGap);
  if (tap_button("scheduled.next", tr(l, "Next →", "Suivante →"), ImVec2(half, kMinTapHeight), ButtonKind::secondary) && index + 1 < count) {
    exams.go_to(index + 1);
    m_scroll_to_top = true;
  }
  ImGui::Dummy(ImVec2(0, 6));
  if (sitting.submit_pending) return;
  if (!m_confirm_submit) {
    if (tap_button("scheduled.submit", tr(l, "Submit my answers", "Rendre mes réponses"), ImVec2(width, kMinTapHeight))) {
      m_confirm_submit = true;
      m_scroll_to_confirm = true;
      ++m_view_serial;
      request_redraw();
    }
  } else {
    begin_card(width);
    const float inner = width - 2 * kPadding;
    const std::size_t unanswered = count - std::min(answered, count);
    wrapped_text(unanswered > 0
                     ? format(tr(l, "Submit now? %zu question(s) not answered.", "Rendre maintenant ? %zu question(s) sans réponse."), unanswered)
                     : std::string(tr(l, "Submit now? You cannot change your answers after.",
                                      "Rendre maintenant ? Vous ne pourrez plus changer vos réponses.")),
                 inner);
    const float inner_half = (inner - kGap) / 2;
    if (tap_button("scheduled.submit.confirm", tr(l, "Submit", "Rendre"), ImVec2(inner_half, kMinTapHeight))) {
      m_confirm_submit = false;
      m_scroll_to_top = true;  // the submission's fate is said at the top
      ++m_view_serial;
      exams.submit();
    }
    ImGui::SameLine(0, kGap);
    if (tap_button("scheduled.submit.cancel", tr(l, "Keep answering", "Continuer"), ImVec2(inner_half, kMinTapHeight), ButtonKind::secondary)) {
      m_confirm_submit = false;
      ++m_view_serial;
    }
    end_card(to_u32(p.warning));
    if (m_scroll_to_confirm) {
      ImGui::SetScrollHereY(1.0f);
      m_scroll_to_confirm = false;
    }
  }
  draw_problem(ctx, width);
}

// [SECTION] Result and review

void ScheduledExamScreen::draw_result(AppContext& ctx, float width) {
  const std::string& l = ctx.language;
  const Palette& p = palette();
  ScheduledExams& exams = *ctx.scheduled_exams;
  if (!exams.result()) {
    ImGui::Dummy(ImVec2(0, 8));
    if (exams.result_loading()) muted_text(tr(l, "Loading the result…", "Chargement du résultat…"), width);
    draw_problem(ctx, width);
    if (tap_button("scheduled.list", tr(l, "All exams", "Tous les examens"), ImVec2(width, kMinTapHeight), ButtonKind::secondary))
      show_view(View::list);
    return;
  }
  const ScheduledResult& result = *exams.result();
  const ScheduledAttempt& attempt = result.attempt;
  const float inner = width - 2 * kPadding;
  begin_card(width);
  wrapped_text(result.exam.name, inner);
  ImGui::PushFont(ctx.fonts.large);
  ImGui::TextColored(attempt.passed ? p.right : p.wrong, "%s",
                     attempt.passed ? tr(l, "✓ Passed", "✓ Réussi") : tr(l, "✗ Not passed", "✗ Non réussi"));
  wrapped_text(format(tr(l, "%d right out of %d", "%d bonnes réponses sur %d"), attempt.score, attempt.total), inner);
  ImGui::PopFont();
  const int total = std::max(attempt.total, 1);
  progress_bar(static_cast<float>(attempt.score) / static_cast<float>(total), inner, 12.0f,
               static_cast<float>(result.exam.pass_mark) / static_cast<float>(total));
  muted_text(format(tr(l, "Pass mark: %d of %d", "Seuil de réussite : %d sur %d"), result.exam.pass_mark, attempt.total), inner);
  ImGui::PushStyleColor(ImGuiCol_Text, attempt.counted ? p.right : p.warning);
  wrapped_text(attempt.counted
                   ? tr(l, "Counted: your answers arrived in time.", "Compté : vos réponses sont arrivées à temps.")
                   : tr(l, "Late: your answers arrived after the end and the grace period. They are recorded, not counted.",
                        "En retard : vos réponses sont arrivées après la fin et le délai de grâce. Elles sont enregistrées, non comptées."),
               inner);
  ImGui::PopStyleColor();
  end_card(to_u32(attempt.passed ? p.right : p.wrong));

  const float half = (width - kGap) / 2;
  if (tap_button("scheduled.result.ranking", tr(l, "Ranking", "Classement"), ImVec2(half, kMinTapHeight), ButtonKind::secondary)) {
    exams.open_ranking(result.exam.id);
    return show_view(View::ranking);
  }
  ImGui::SameLine(0, kGap);
  if (tap_button("scheduled.result.list", tr(l, "All exams", "Tous les examens"), ImVec2(half, kMinTapHeight), ButtonKind::secondary)) {
    return show_view(View::list);
  }

  ImGui::Dummy(ImVec2(0, 8));
  heading(tr(l, "Review", "Correction"), ctx.fonts.large);
  AppContext paper_ctx = with_paper(ctx, result.paper);
  for (std::size_t i = 0; i < result.review.size() && i < result.paper.questions.size(); ++i) {
    const ScheduledReviewItem& item = result.review[i];
    const Question& question = result.paper.questions[i];
    ImGui::PushID(static_cast<int>(i));
    ImGui::Dummy(ImVec2(0, 6));
    const ImVec2 rule = ImGui::GetCursorScreenPos();
    ImGui::GetWindowDrawList()->AddLine(rule, ImVec2(rule.x + width, rule.y), p.track, 2.0f);
    ImGui::Dummy(ImVec2(width, 6));
    ImGui::TextColored(p.text_muted, "%s", format(tr(l, "Question %zu of %zu", "Question %zu sur %zu"), i + 1, result.review.size()).c_str());
    ImGui::SameLine(0, 12.0f);
    ImGui::TextColored(item.right ? p.right : p.wrong, "%s",
                       item.right             ? tr(l, "✓ right", "✓ juste")
                       : !item.chosen.empty() ? tr(l, "✗ wrong", "✗ faux")
                                              : tr(l, "✗ not answered", "✗ sans réponse"));
    QuestionLook look;
    look.selected = item.chosen;
    look.reveal = true;
    look.enabled = false;
    draw_question(paper_ctx, question, look, width);
    draw_feedback(paper_ctx, question, item.right, width);
    ImGui::PopID();
  }
  ImGui::Dummy(ImVec2(0, 8));
  if (tap_button("scheduled.result.end", tr(l, "All exams", "Tous les examens"), ImVec2(width, kMinTapHeight), ButtonKind::secondary))
    show_view(View::list);
}

// [SECTION] Ranking

void ScheduledExamScreen::draw_ranking(AppContext& ctx, float width) {
  const std::string& l = ctx.language;
  const Palette& p = palette();
  ScheduledExams& exams = *ctx.scheduled_exams;
  ImGui::Dummy(ImVec2(0, 4));
  draw_problem(ctx, width);
  const auto& ranking = exams.ranking();
  if (!ranking) {
    muted_text(tr(l, "Loading the ranking…", "Chargement du classement…"), width);
  } else {
    muted_text(tr(l, "Counted attempts of the students who chose to appear, best first.",
                  "Tentatives comptées des élèves qui ont choisi d’apparaître, les meilleures d’abord."),
               width);
    if (ranking->rows.empty()) muted_text(tr(l, "Nobody appears in this ranking yet.", "Personne n’apparaît encore dans ce classement."), width);
    const float inner = width - 2 * kPadding;
    for (const RankingRow& row : ranking->rows) {
      begin_card(width);
      const std::string score = format(tr(l, "%d right · %s", "%d justes · %s"), row.score, duration_text(row.seconds * 1000).c_str());
      const std::string name = format("%d. %s", row.rank, row.name.c_str());
      const float score_width = ImGui::CalcTextSize(score.c_str()).x;
      const auto lines = wrap_lines(ImGui::GetFont(), ImGui::GetFontSize(), name, inner - score_width - kGap, 1);
      ImGui::TextUnformatted(lines.empty() ? "" : lines.front().c_str());
      ImGui::SameLine(inner - score_width);
      ImGui::TextColored(p.text_muted, "%s", score.c_str());
      end_card();
    }
  }
  ImGui::Dummy(ImVec2(0, 4));
  if (toggle_row("scheduled.show_me", tr(l, "Show my name and score in rankings", "Afficher mon nom et mon score dans les classements"),
                 exams.show_me(), width)) {
    exams.set_show_me(!exams.show_me());
  }
  if (tap_button("scheduled.ranking.list", tr(l, "All exams", "Tous les examens"), ImVec2(width, kMinTapHeight), ButtonKind::secondary)) {
    show_view(View::list);
  }
}

// [SECTION] Test hook state

nlohmann::json ScheduledExamScreen::state(const AppContext& ctx) const {
  static const char* kViewNames[] = {"list", "sitting", "result", "ranking"};
  // "mode", not "view": the tests' screenDrawn() compares serials (harness.mjs).
  nlohmann::json state = {{"mode", kViewNames[static_cast<int>(m_view)]},
                          {"serial", serial(ctx)},
                          {"confirm_submit", m_confirm_submit},
                          {"drawn", {{"serial", m_drawn_serial}, {"language", m_drawn_language}, {"countdown", m_drawn_countdown}}}};
  if (ctx.scheduled_exams) state["exams"] = ctx.scheduled_exams->state_json();
  return state;
}

}  // namespace umuhanda
