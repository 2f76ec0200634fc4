// The class roster screen: the join code (large, Copy, its QR code) and the students.
#include "app/screens/class_screen.hpp"

#include <imgui.h>

#include "app/classes.hpp"
#include "app/pictures.hpp"
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

void ClassScreen::draw_join_code(AppContext& ctx, const ClassSummary& summary, float width) {
  const std::string& l = ctx.language;
  muted_text(tr(l, "Join code (students type it in Settings):", "Code pour rejoindre (à taper dans Réglages) :"), width);
  // The code large enough to copy onto a board, and Copy beside it (below it when the text size
  // leaves no room).
  const ImVec2 origin = ImGui::GetCursorPos();
  ImGui::PushFont(ctx.fonts.large);
  const ImVec2 code_size = ImGui::CalcTextSize(summary.join_code.c_str());
  ImGui::PopFont();
  const bool copied = m_copied_code == summary.join_code;
  const char* copy_label = copied ? (m_copy_worked ? tr(l, "✓ Copied", "✓ Copié") : tr(l, "Not copied", "Non copié")) : tr(l, "Copy", "Copier");
  const float button = std::max(ImGui::CalcTextSize(tr(l, "Not copied", "Non copié")).x + 2 * kPadding, 2 * kMinTapSize);
  const bool beside = code_size.x + kGap + button <= width;
  const float row = std::max(kMinTapHeight, code_size.y);
  ImGui::SetCursorPos(ImVec2(origin.x, origin.y + (beside ? (row - code_size.y) / 2 : 0)));
  ImGui::PushFont(ctx.fonts.large);
  ImGui::TextUnformatted(summary.join_code.c_str());
  ImGui::PopFont();
  const float button_y = beside ? origin.y + (row - kMinTapHeight) / 2 : origin.y + code_size.y + kGap;
  ImGui::SetCursorPos(ImVec2(beside ? origin.x + width - button : origin.x, button_y));
  if (tap_button("class.copy_code", copy_label, ImVec2(beside ? button : width, kMinTapHeight), ButtonKind::secondary)) {
    ctx.device.copy_text(summary.join_code, [this, code = summary.join_code](bool worked) {
      m_copied_code = code;
      m_copy_worked = worked;
    });
  }
  ImGui::SetCursorPos(ImVec2(origin.x, std::max(origin.y + row, button_y + kMinTapHeight) + kGap));

  // The QR code the server renders: a phone's camera reads the code off a projector or a print.
  const auto& picture = ctx.classes->code_picture();
  if (!picture || picture->class_id != summary.id) return;
  const float side = std::min(width, 280.0f);
  const ImVec2 min(ImGui::GetCursorScreenPos().x + (width - side) / 2, ImGui::GetCursorScreenPos().y);
  const Texture* texture = picture->png.empty() ? nullptr : ctx.pictures.decoded(picture->key(), picture->png);
  const bool failed = !picture->problem.empty() || ctx.pictures.failed_key(picture->key());
  draw_texture(texture, failed, min, side);
  ImGui::Dummy(ImVec2(width, side));
  m_code_picture_drawn = texture ? nlohmann::json{{"x", min.x}, {"y", min.y}, {"size", side}, {"pixels", texture->width}} : nlohmann::json();
  muted_text(picture->problem.empty()
                 ? tr(l, "Scan it with a phone’s camera to read the code.", "Scannez-le avec l’appareil photo d’un téléphone pour lire le code.")
                 : picture->problem,
             width);
}

void ClassScreen::draw(AppContext& ctx, float width) {
  const nlohmann::json drawing = shown(ctx);
  const std::string& l = ctx.language;
  Classes& classes = *ctx.classes;
  m_code_picture_drawn = nlohmann::json();  // set again when this frame draws the QR code
  const auto& roster = classes.roster();
  if (!roster || roster->summary.id != classes.selected()) {
    muted_text(classes.roster_loading() ? tr(l, "Loading the roster…", "Chargement de la liste…") : classes.problem(), width);
  } else {
    const ClassSummary& summary = roster->summary;
    if (summary.joining) {
      draw_join_code(ctx, summary, width);
    } else {
      muted_text(tr(l, "Join code (students type it in Settings):", "Code pour rejoindre (à taper dans Réglages) :"), width);
      ImGui::PushFont(ctx.fonts.large);
      ImGui::TextUnformatted(tr(l, "joining is switched off", "inscriptions fermées"));
      ImGui::PopFont();
    }
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
  return {{"language", ctx.language},
          {"class_id", ctx.classes->selected()},
          {"revision", ctx.classes->revision()},
          {"copied", m_copied_code.empty() ? nlohmann::json() : nlohmann::json{{"code", m_copied_code}, {"worked", m_copy_worked}}}};
}

nlohmann::json ClassScreen::state(const AppContext& ctx) const {
  nlohmann::json state = {{"view", shown(ctx)}, {"drawn", m_drawn}, {"code_picture", m_code_picture_drawn}};
  state["classes"] = ctx.classes->state_json();
  return state;
}

}  // namespace umuhanda
