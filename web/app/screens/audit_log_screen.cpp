// The admins' audit log (see audit_log_screen.hpp).
#include "app/screens/audit_log_screen.hpp"

#include <imgui.h>

#include <algorithm>
#include <cctype>

#include "app/people.hpp"
#include "app/ui/theme.hpp"
#include "app/ui/widgets.hpp"
#include "platform/app_window.hpp"

namespace umuhanda {
namespace {

const char* kind_label(const std::string& kind, const std::string& l) {
  if (kind == "payment") return tr(l, "Payments", "Paiements");
  if (kind == "subscription") return tr(l, "Plans run", "Abonnements");
  if (kind == "plan") return tr(l, "Plans set", "Formules");
  if (kind == "user") return tr(l, "Roles", "Rôles");
  return tr(l, "All", "Tout");
}

std::string lower(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return text;
}

}  // namespace

std::string AuditLogScreen::title(const AppContext& ctx) const { return tr(ctx.language, "Audit log", "Journal d’audit"); }

void AuditLogScreen::on_show(AppContext& ctx) { ctx.people->load_audit(); }

void AuditLogScreen::draw(AppContext& ctx, float width) {
  const nlohmann::json drawing = shown(ctx);
  const std::string& l = ctx.language;
  People& people = *ctx.people;
  text_field("audit.filter", tr(l, "A name, a plan, a payment number…", "Un nom, une formule, un n° de paiement…"), m_filter, sizeof m_filter, width);
  const float gap = ImGui::GetStyle().ItemSpacing.x;
  const bool narrow = width < 600;
  const int per_row = narrow ? 3 : 5;
  const float chip = (width - static_cast<float>(per_row - 1) * gap) / static_cast<float>(per_row);
  const char* kinds[] = {"", "payment", "subscription", "plan", "user"};
  for (int i = 0; i < 5; ++i) {
    if (i % per_row != 0) ImGui::SameLine();
    const std::string kind = kinds[i];
    if (tap_button("audit.kind." + (kind.empty() ? std::string("all") : kind), kind_label(kind, l), ImVec2(chip, kMinTapHeight),
                   kind == m_kind ? ButtonKind::primary : ButtonKind::secondary)) {
      m_kind = kind;
    }
  }
  if (!people.problem().empty()) {
    ImGui::PushStyleColor(ImGuiCol_Text, palette().warning);
    wrapped_text(people.problem(), width);
    ImGui::PopStyleColor();
  }
  if (!people.audit_loaded()) {
    muted_text(tr(l, "Loading the log…", "Chargement du journal…"), width);
  }
  const std::string filter = lower(m_filter);
  const float inner = width - 2 * kPadding;
  m_listed = 0;
  for (const AuditRecord& record : people.audit()) {
    if (!m_kind.empty() && record.action.rfind(m_kind + ".", 0) != 0) continue;
    const std::string who = audit_actor(record, l);
    const std::string what = describe_audit_action(record, l);
    if (!filter.empty() && lower(who + " " + what + " " + record.subject + " " + record.details.dump()).find(filter) == std::string::npos) continue;
    ++m_listed;
    begin_card(width);
    wrapped_text(who + " " + what, inner);
    muted_text(format_local_time(record.at) + "  •  " + record.action, inner);
    end_card();
  }
  if (people.audit_loaded() && m_listed == 0) muted_text(tr(l, "Nothing matches.", "Rien ne correspond."), width);
  if (people.audit().size() >= 500) {
    muted_text(tr(l, "The newest 500 entries are shown.", "Les 500 entrées les plus récentes sont affichées."), width);
  }
  ImGui::Dummy(ImVec2(0, 4));
  if (tap_button("audit.refresh", tr(l, "Refresh", "Actualiser"), ImVec2(width, kMinTapHeight), ButtonKind::secondary)) people.load_audit();
  m_drawn = drawing;
  if (shown(ctx) != drawing) request_redraw();
}

nlohmann::json AuditLogScreen::shown(const AppContext& ctx) const {
  return {{"language", ctx.language}, {"revision", ctx.people->revision()}, {"kind", m_kind}, {"filter", std::string(m_filter)}};
}

nlohmann::json AuditLogScreen::state(const AppContext& ctx) const {
  return {{"view", shown(ctx)}, {"drawn", m_drawn}, {"listed", m_listed}, {"people", ctx.people->state_json()}};
}

}  // namespace umuhanda
