// The inbox screen (see inbox_screen.hpp).
#include "app/screens/inbox_screen.hpp"

#include <imgui.h>

#include "app/account.hpp"
#include "app/inbox.hpp"
#include "app/ui/theme.hpp"
#include "app/ui/widgets.hpp"
#include "platform/app_window.hpp"

namespace umuhanda {
namespace {

// Where a notification leads, if anywhere.
std::optional<ScreenId> destination(const InboxItem& item, const AppContext& ctx) {
  const auto& user = ctx.account->user();
  const bool staff = user && user->role != "student";
  if (item.kind == "payment.requested") return staff ? std::optional(ScreenId::payment_queue) : std::nullopt;
  if (item.kind == "contact.received") return staff ? std::optional(ScreenId::contact_messages) : std::nullopt;
  if (item.kind.starts_with("payment.") || item.kind.starts_with("subscription.")) return ScreenId::plans;
  return std::nullopt;
}

}  // namespace

std::string InboxScreen::title(const AppContext& ctx) const { return tr(ctx.language, "Inbox", "Messages"); }

void InboxScreen::on_show(AppContext& ctx) {
  m_new.clear();
  for (const InboxItem& item : ctx.inbox->items()) {
    if (!item.read) m_new.insert(item.id);
  }
  m_marked = false;
  ctx.inbox->refresh(ctx.language);
}

void InboxScreen::draw(AppContext& ctx, float width) {
  const nlohmann::json drawing = shown(ctx);
  const std::string& l = ctx.language;
  Inbox& inbox = *ctx.inbox;
  const float inner = width - 2 * kPadding;
  // Read once seen: what arrived unread stays marked new on this visit.
  if (inbox.loaded() && !inbox.loading() && inbox.language() == l) {
    for (const InboxItem& item : inbox.items()) {
      if (!item.read) m_new.insert(item.id);
    }
    if (inbox.unread() > 0) {
      inbox.mark_all_read();
      m_marked = true;
    }
  }
  if (!inbox.loaded()) {
    muted_text(inbox.problem().empty() ? tr(l, "Loading…", "Chargement…") : inbox.problem(), width);
  } else if (inbox.items().empty()) {
    muted_text(tr(l, "Nothing yet. Payments, plans, exam results and new questions are told here.",
                  "Rien pour l’instant. Paiements, formules, résultats d’examens et nouvelles questions s’affichent ici."),
               width);
  }
  for (const InboxItem& item : inbox.items()) {
    const bool fresh = m_new.contains(item.id);
    begin_card(width);
    const std::string subject = item.subject.empty() ? item.kind : item.subject;
    if (fresh) ImGui::PushStyleColor(ImGuiCol_Text, palette().accent);
    wrapped_text((fresh ? "• " : "") + subject, inner);
    if (fresh) ImGui::PopStyleColor();
    if (!item.summary.empty()) muted_text(item.summary, inner);
    muted_text(format_local_time(item.created_at), inner);
    const auto leads_to = destination(item, ctx);
    if (leads_to) {
      const char* label =
          *leads_to == ScreenId::payment_queue ? tr(l, "Check the payments", "Vérifier les paiements") : tr(l, "See my plan", "Voir ma formule");
      if (tap_button("inbox.open." + std::to_string(item.id), label, ImVec2(inner, kMinTapHeight), ButtonKind::secondary)) {
        end_card(fresh ? to_u32(palette().accent) : 0);
        ctx.navigator.show(*leads_to);
        return;
      }
    }
    end_card(fresh ? to_u32(palette().accent) : 0);
  }
  ImGui::Dummy(ImVec2(0, 4));
  if (tap_button("inbox.refresh", tr(l, "Refresh", "Actualiser"), ImVec2(width, kMinTapHeight), ButtonKind::secondary)) inbox.refresh(l);
  m_drawn = drawing;
  if (shown(ctx) != drawing) request_redraw();
}

nlohmann::json InboxScreen::shown(const AppContext& ctx) const {
  return {{"language", ctx.language}, {"revision", ctx.inbox->revision()}, {"new", m_new.size()}, {"marked", m_marked}};
}

nlohmann::json InboxScreen::state(const AppContext& ctx) const {
  nlohmann::json state = {{"view", shown(ctx)}, {"drawn", m_drawn}};
  state["inbox"] = ctx.inbox->state_json();
  return state;
}

}  // namespace umuhanda
