// The staff's list of contact messages (see contact_messages_screen.hpp).
#include "app/screens/contact_messages_screen.hpp"

#include <imgui.h>

#include "app/contact.hpp"
#include "app/ui/theme.hpp"
#include "app/ui/widgets.hpp"
#include "platform/app_window.hpp"

namespace umuhanda {
namespace {

const char* status_label(const std::string& status, const std::string& l) {
  if (status == "new") return tr(l, "New", "Nouveaux");
  if (status == "in_progress") return tr(l, "In progress", "En cours");
  if (status == "resolved") return tr(l, "Resolved", "Réglés");
  return tr(l, "All", "Tous");
}

const char* topic_label(const std::string& topic, const std::string& l) {
  if (topic == "question") return tr(l, "Question", "Question");
  if (topic == "error_report") return tr(l, "Error report", "Signalement d’erreur");
  if (topic == "payment") return tr(l, "Payment", "Paiement");
  return tr(l, "Other", "Autre");
}

}  // namespace

std::string ContactMessagesScreen::title(const AppContext& ctx) const { return tr(ctx.language, "Messages to the school", "Messages à l’école"); }

void ContactMessagesScreen::on_show(AppContext& ctx) {
  m_problem.reset();
  ctx.contact->load(ctx.contact->filter());
}

void ContactMessagesScreen::draw(AppContext& ctx, float width) {
  const nlohmann::json drawing = shown(ctx);
  const std::string& l = ctx.language;
  ContactMessages& contact = *ctx.contact;
  const float gap = ImGui::GetStyle().ItemSpacing.x;

  // The filter: new, in progress, resolved, all.
  const char* filters[] = {"new", "in_progress", "resolved", ""};
  const float pair = (width - gap) / 2;
  for (int i = 0; i < 4; ++i) {
    if (i % 2 == 1) ImGui::SameLine();
    const std::string filter = filters[i];
    if (tap_button("contact_messages.filter." + (filter.empty() ? std::string("all") : filter), status_label(filter, l), ImVec2(pair, kMinTapHeight),
                   filter == contact.filter() ? ButtonKind::primary : ButtonKind::secondary)) {
      contact.load(filter);
    }
  }
  if (m_problem) {
    ImGui::PushStyleColor(ImGuiCol_Text, palette().warning);
    wrapped_text(m_problem->message, width);
    ImGui::PopStyleColor();
  }
  if (!contact.loaded()) {
    muted_text(contact.problem().empty() ? tr(l, "Loading the messages…", "Chargement des messages…") : contact.problem(), width);
  } else if (contact.messages().empty()) {
    muted_text(tr(l, "No message here.", "Aucun message ici."), width);
  }
  const float inner = width - 2 * kPadding;
  const float half = (inner - gap) / 2;
  auto done = [this](std::optional<AccountProblem> problem) {
    m_problem = std::move(problem);
    request_redraw();
  };
  // A copy: a status changed in this frame changes the list.
  const std::vector<ContactMessage> messages = contact.messages();
  for (const ContactMessage& message : messages) {
    const std::string id = std::to_string(message.id);
    begin_card(width);
    wrapped_text(std::string(topic_label(message.topic, l)) + "  •  " + message.name, inner);
    muted_text(format(tr(l, "Answer on %s  •  %s  •  %s", "Répondre au %s  •  %s  •  %s"), message.reply_to.c_str(),
                      format_local_time(message.created_at).c_str(), status_label(message.status, l)),
               inner);
    wrapped_text(message.message, inner);
    if (!message.context.empty()) {
      // What the app added to an error report, as "screen: practice  •  pack: umuhanda-default  •  ...".
      std::string where;
      for (const auto& [key, value] : message.context.items()) {
        if (!where.empty()) where += "  •  ";
        where += key + ": " + (value.is_string() ? value.get<std::string>() : value.dump());
      }
      muted_text(where, inner);
    }
    if (message.status != "in_progress" && message.status != "resolved") {
      if (tap_button("contact_messages.start." + id, tr(l, "I take it", "Je m’en occupe"), ImVec2(half, kMinTapHeight), ButtonKind::secondary))
        contact.set_status(message.id, "in_progress", done);
      ImGui::SameLine();
    }
    if (message.status != "resolved") {
      if (tap_button("contact_messages.resolve." + id, tr(l, "Resolved", "Réglé"),
                     message.status == "in_progress" ? ImVec2(inner, kMinTapHeight) : ImVec2(half, kMinTapHeight)))
        contact.set_status(message.id, "resolved", done);
    } else if (tap_button("contact_messages.reopen." + id, tr(l, "Reopen", "Rouvrir"), ImVec2(inner, kMinTapHeight), ButtonKind::secondary)) {
      contact.set_status(message.id, "new", done);
    }
    end_card(message.status == "new" ? to_u32(palette().accent) : 0);
  }
  ImGui::Dummy(ImVec2(0, 4));
  if (tap_button("contact_messages.refresh", tr(l, "Refresh", "Actualiser"), ImVec2(width, kMinTapHeight), ButtonKind::secondary))
    contact.load(contact.filter());
  m_drawn = drawing;
  if (shown(ctx) != drawing) request_redraw();
}

nlohmann::json ContactMessagesScreen::shown(const AppContext& ctx) const {
  return {{"language", ctx.language}, {"revision", ctx.contact->revision()}, {"problem", m_problem ? m_problem->code : ""}};
}

nlohmann::json ContactMessagesScreen::state(const AppContext& ctx) const {
  nlohmann::json state = {{"view", shown(ctx)}, {"drawn", m_drawn}};
  state["contact"] = ctx.contact->state_json();
  return state;
}

}  // namespace umuhanda
