// The admins' scheduled exams (see exam_admin_screen.hpp).
#include "app/screens/exam_admin_screen.hpp"

#include <imgui.h>

#include <algorithm>

#include "app/exam_admin.hpp"
#include "app/item_statistics.hpp"
#include "app/ui/theme.hpp"
#include "app/ui/widgets.hpp"
#include "platform/app_window.hpp"

namespace umuhanda {
namespace {

std::string day_list(const std::vector<std::string>& days) {
  std::string out;
  for (const std::string& day : days) out += (out.empty() ? "" : " ") + day;
  return out;
}

}  // namespace

std::string ExamAdminScreen::title(const AppContext& ctx) const { return tr(ctx.language, "Scheduled exams", "Examens programmés"); }

void ExamAdminScreen::on_show(AppContext& ctx) {
  m_problem.reset();
  ctx.exam_admin->load(ctx.clock.now_ms());
}

void ExamAdminScreen::draw(AppContext& ctx, float width) {
  const nlohmann::json drawing = shown(ctx);
  const std::string& l = ctx.language;
  ExamAdmin& admin = *ctx.exam_admin;
  admin.tick(ctx.clock.now_ms());
  const float inner = width - 2 * kPadding;

  if (m_problem || !admin.problem().empty()) {
    ImGui::PushStyleColor(ImGuiCol_Text, palette().warning);
    wrapped_text(m_problem ? m_problem->message : admin.problem(), width);
    ImGui::PopStyleColor();
  }
  if (!admin.loaded()) {
    if (admin.problem().empty()) muted_text(tr(l, "Loading the exams…", "Chargement des examens…"), width);
  } else {
    // Open now, then coming (the next few), then the past week's, newest first.
    std::vector<const ExamSummary*> open, coming, past;
    for (const ExamSummary& exam : admin.exams()) {
      (exam.status == "open" ? open : exam.status == "upcoming" ? coming : past).push_back(&exam);
    }
    std::reverse(past.begin(), past.end());
    if (coming.size() > 4) coming.resize(4);

    heading(tr(l, "Now", "En cours"), ctx.fonts.large);
    if (open.empty()) muted_text(tr(l, "No exam is open now.", "Aucun examen n’est ouvert."), width);
    for (const ExamSummary* exam : open) {
      begin_card(width);
      wrapped_text(exam->name + "  •  " + format_local_time(exam->starts_at), inner);
      wrapped_text(format(tr(l, "%lld started  •  %lld submitted", "%lld commencés  •  %lld rendus"), static_cast<long long>(exam->started),
                          static_cast<long long>(exam->submitted)),
                   inner);
      progress_bar(exam->started == 0 ? 0.0f : static_cast<float>(exam->submitted) / static_cast<float>(exam->started), inner, 10.0f);
      end_card(to_u32(palette().accent));
    }

    heading(tr(l, "Coming", "À venir"), ctx.fonts.large);
    if (coming.empty()) muted_text(tr(l, "None generated: check the rules below.", "Aucun de généré : voyez les règles ci-dessous."), width);
    for (const ExamSummary* exam : coming) muted_text(format_local_time(exam->starts_at) + "  •  " + exam->name, width);

    heading(tr(l, "Results of the last 7 days", "Résultats des 7 derniers jours"), ctx.fonts.large);
    bool any_past = false;
    for (const ExamSummary* exam : past) {
      if (exam->started == 0) continue;  // hourly exams nobody sat would bury the others
      any_past = true;
      const std::string id = std::to_string(exam->id);
      begin_card(width);
      wrapped_text(exam->name + "  •  " + format_local_time(exam->starts_at), inner);
      const std::string rate = exam->pass_rate ? format("%.0f %%", *exam->pass_rate) : std::string("–");
      wrapped_text(format(tr(l, "%lld counted  •  %lld passed (%s)  •  mean %.1f of %d", "%lld comptés  •  %lld reçus (%s)  •  moyenne %.1f sur %d"),
                          static_cast<long long>(exam->counted), static_cast<long long>(exam->passed), rate.c_str(), exam->mean_score.value_or(0.0),
                          exam->question_count),
                   inner);
      if (exam->pass_rate) progress_bar(static_cast<float>(*exam->pass_rate / 100.0), inner, 10.0f);
      if (exam->submitted > exam->counted)
        muted_text(format(tr(l, "%lld arrived late: recorded, not counted", "%lld arrivés en retard : gardés, non comptés"),
                          static_cast<long long>(exam->submitted - exam->counted)),
                   inner);
      if (exam->submitted > 0 && tap_button("exam_admin.questions." + id, tr(l, "Its questions' figures", "Les chiffres de ses questions"),
                                            ImVec2(inner, kMinTapHeight), ButtonKind::secondary)) {
        ctx.item_statistics->request_exam("scheduled:" + id);
        ctx.navigator.show(ScreenId::item_statistics);
      }
      end_card();
    }
    if (!any_past) muted_text(tr(l, "Nobody sat an exam in the last 7 days.", "Personne n’a passé d’examen ces 7 derniers jours."), width);

    heading(tr(l, "Rules", "Règles"), ctx.fonts.large);
    if (admin.rules().empty())
      muted_text(tr(l, "No rule yet: see docs/exams.md to set one.", "Aucune règle : voir docs/exams.md pour en créer une."), width);
    auto done = [this](std::optional<AccountProblem> problem) {
      m_problem = std::move(problem);
      request_redraw();
    };
    const std::vector<ExamRule> rules = admin.rules();  // a copy: switching one changes the list
    for (const ExamRule& rule : rules) {
      const std::string id = std::to_string(rule.id);
      begin_card(width);
      wrapped_text(rule.name, inner);
      std::string times;
      for (const std::string& time : rule.times) times += (times.empty() ? "" : ", ") + time;
      muted_text(day_list(rule.days) + "  •  " + times + "  •  " +
                     format(tr(l, "%lld min grace", "%lld min de grâce"), static_cast<long long>(rule.grace_seconds / 60)),
                 inner);
      if (tap_button("exam_admin.rule." + id,
                     rule.active ? tr(l, "On: switch off", "Active : désactiver") : tr(l, "Off: switch on", "Désactivée : activer"),
                     ImVec2(inner, kMinTapHeight), rule.active ? ButtonKind::secondary : ButtonKind::primary)) {
        admin.set_active(rule.id, !rule.active, done);
      }
      end_card(rule.active ? 0 : to_u32(palette().warning));
    }
  }
  ImGui::Dummy(ImVec2(0, 4));
  if (tap_button("exam_admin.refresh", tr(l, "Refresh", "Actualiser"), ImVec2(width, kMinTapHeight), ButtonKind::secondary))
    admin.load(ctx.clock.now_ms());
  m_drawn = drawing;
  if (shown(ctx) != drawing) request_redraw();
}

nlohmann::json ExamAdminScreen::shown(const AppContext& ctx) const {
  return {{"language", ctx.language}, {"revision", ctx.exam_admin->revision()}, {"problem", m_problem ? m_problem->code : ""}};
}

nlohmann::json ExamAdminScreen::state(const AppContext& ctx) const {
  nlohmann::json state = {{"view", shown(ctx)}, {"drawn", m_drawn}};
  state["admin"] = ctx.exam_admin->state_json();
  return state;
}

}  // namespace umuhanda
