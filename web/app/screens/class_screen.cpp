// The class roster screen.
#include "app/screens/class_screen.hpp"

#include <imgui.h>

#include "app/classes.hpp"
#include "app/ui/theme.hpp"
#include "app/ui/widgets.hpp"
#include "platform/app_window.hpp"
#include "platform/device.hpp"

namespace umuhanda {
namespace {

// "today", "yesterday", "5 days ago", "never".
std::string last_active(const std::optional<std::int64_t>& at_ms, std::int64_t now_ms, const std::string& l) {
  if (!at_ms) return tr(l, "never", "jamais");
  const std::int64_t days = std::max<std::int64_t>(0, (now_ms - *at_ms) / 86'400'000);
  if (days == 0) return tr(l, "today", "aujourd’hui");
  if (days == 1) return tr(l, "yesterday", "hier");
  return format(tr(l, "%lld days ago", "il y a %lld jours"), static_cast<long long>(days));
}

}  // namespace

std::string ClassScreen::title(const AppContext& ctx) const {
  const auto& roster = ctx.classes->roster();
  return roster && roster->summary.id == ctx.classes->selected() ? roster->summary.name : tr(ctx.language, "Class", "Classe");
}

void ClassScreen::on_show(AppContext& ctx) {
  if (ctx.classes->selected() > 0) ctx.classes->open_roster(ctx.classes->selected());
}

void ClassScreen::draw(AppContext& ctx, float width) {
  const nlohmann::json drawing = shown(ctx);
  const std::string& l = ctx.language;
  Classes& classes = *ctx.classes;
  const auto& roster = classes.roster();
  if (!roster || roster->summary.id != classes.selected()) {
    muted_text(classes.roster_loading() ? tr(l, "Loading the roster…", "Chargement de la liste…") : classes.problem(), width);
  } else {
    const ClassSummary& summary = roster->summary;
    muted_text(tr(l, "Join code (students type it in Settings):", "Code pour rejoindre (à taper dans Réglages) :"), width);
    ImGui::PushFont(ctx.fonts.large);
    ImGui::TextUnformatted(summary.joining ? summary.join_code.c_str() : tr(l, "joining is switched off", "inscriptions fermées"));
    ImGui::PopFont();
    ImGui::Dummy(ImVec2(0, 4));
    if (roster->students.empty()) {
      muted_text(tr(l, "No student has joined yet.", "Aucun élève n’a encore rejoint la classe."), width);
    }
    const float inner = width - 2 * kPadding;
    for (const RosterStudent& student : roster->students) {
      begin_card(width);
      ImGui::TextUnformatted(student.name.c_str());
      const std::string accuracy = student.recent_accuracy ? format_percent(*student.recent_accuracy, l) : std::string("–");
      muted_text(format(tr(l, "Last active %s · %lld answers · accuracy %s · %lld exams", "Actif %s · %lld réponses · réussite %s · %lld examens"),
                        last_active(student.last_activity_ms, ctx.clock.now_ms(), l).c_str(), static_cast<long long>(student.answers),
                        accuracy.c_str(), static_cast<long long>(student.exams_taken)),
                 inner);
      ImGui::PushStyleColor(ImGuiCol_Text, student.ready ? palette().right : palette().text_muted);
      wrapped_text(student.ready ? tr(l, "✓ Ready for the test", "✓ Prêt pour l’examen") : tr(l, "Not ready yet", "Pas encore prêt"), inner);
      ImGui::PopStyleColor();
      end_card(student.ready ? to_u32(palette().right) : 0);
    }
  }
  ImGui::Dummy(ImVec2(0, 4));
  if (roster && roster->summary.id == classes.selected() && !roster->students.empty() &&
      tap_button("class.download", tr(l, "Download as a spreadsheet (CSV)", "Télécharger en tableur (CSV)"), ImVec2(width, kMinTapHeight),
                 ButtonKind::secondary)) {
    // The server writes the file (the same figures, a line a student); the browser saves it.
    ctx.device.download("/api/v1/classes/" + std::to_string(classes.selected()) + "/roster.csv");
  }
  if (tap_button("class.refresh", tr(l, "Refresh", "Actualiser"), ImVec2(width, kMinTapHeight), ButtonKind::secondary) && classes.selected() > 0) {
    classes.open_roster(classes.selected());
  }
  m_drawn = drawing;
  if (shown(ctx) != drawing) request_redraw();
}

nlohmann::json ClassScreen::shown(const AppContext& ctx) const {
  return {{"language", ctx.language}, {"class_id", ctx.classes->selected()}, {"revision", ctx.classes->revision()}};
}

nlohmann::json ClassScreen::state(const AppContext& ctx) const {
  nlohmann::json state = {{"view", shown(ctx)}, {"drawn", m_drawn}};
  state["classes"] = ctx.classes->state_json();
  return state;
}

}  // namespace umuhanda
