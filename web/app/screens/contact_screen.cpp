// The contact form (see contact_screen.hpp).
#include "app/screens/contact_screen.hpp"

#include <imgui.h>

#include <cstring>

#include "app/contact.hpp"
#include "app/ui/theme.hpp"
#include "app/ui/widgets.hpp"
#include "platform/app_window.hpp"

namespace umuhanda {
namespace {

const char* topic_label(const std::string& topic, const std::string& l) {
  if (topic == "question") return tr(l, "A question", "Une question");
  if (topic == "error_report") return tr(l, "An error", "Une erreur");
  if (topic == "payment") return tr(l, "A payment", "Un paiement");
  return tr(l, "Something else", "Autre chose");
}

std::string problem_text(const AccountProblem& problem, const std::string& l) {
  if (problem.code == "offline")
    return tr(l, "No connection: the message needs the internet. It is still here: send it once online.",
              "Pas de connexion : le message a besoin d’internet. Il est toujours là : envoyez-le une fois en ligne.");
  if (problem.code == "too_many_requests")
    return tr(l, "Too many messages in a short time: wait a few minutes.", "Trop de messages en peu de temps : attendez quelques minutes.");
  return problem.message;
}

}  // namespace

std::string ContactScreen::title(const AppContext& ctx) const { return tr(ctx.language, "Write to the school", "Écrire à l’école"); }

void ContactScreen::on_show(AppContext&) {
  m_problem.reset();
  m_sent = false;
}

void ContactScreen::draw(AppContext& ctx, float width) {
  const nlohmann::json drawing = shown(ctx);
  const std::string& l = ctx.language;
  ContactMessages& contact = *ctx.contact;
  const bool signed_in = ctx.account->state() == AccountState::signed_in && ctx.account->user();

  if (m_sent) {
    ImGui::PushStyleColor(ImGuiCol_Text, palette().right);
    wrapped_text(tr(l, "✓ Sent. The school answers on the phone or email it has for you.",
                    "✓ Envoyé. L’école répond au téléphone ou à l’e-mail qu’elle a pour vous."),
                 width);
    ImGui::PopStyleColor();
    if (tap_button("contact.another", tr(l, "Write another message", "Écrire un autre message"), ImVec2(width, kMinTapHeight),
                   ButtonKind::secondary)) {
      m_sent = false;
    }
    m_drawn = drawing;
    if (shown(ctx) != drawing) request_redraw();
    return;
  }

  muted_text(tr(l, "What is it about?", "C’est à propos de quoi ?"), width);
  const float gap = ImGui::GetStyle().ItemSpacing.x;
  const float half = (width - gap) / 2;
  for (int i = 0; i < 4; ++i) {
    if (i % 2 == 1) ImGui::SameLine();
    const std::string topic = kContactTopics[i];
    if (tap_button("contact.topic." + topic, topic_label(topic, l), ImVec2(half, kMinTapHeight),
                   topic == m_topic ? ButtonKind::primary : ButtonKind::secondary)) {
      m_topic = topic;
    }
  }
  if (m_topic == "error_report") {
    muted_text(tr(l, "Say what you saw and where. The app adds the screen you came from and the pack's version, nothing else.",
                  "Dites ce que vous avez vu et où. L’application ajoute l’écran d’où vous venez et la version du pack, rien d’autre."),
               width);
  }
  ImGui::Dummy(ImVec2(0, 4));
  ImGui::TextUnformatted(tr(l, "Your message", "Votre message"));
  const Palette& p = palette();
  ImGui::PushStyleVar(ImGuiStyleVar_FramePadding, ImVec2(kPadding, kPadding));
  ImGui::PushStyleVar(ImGuiStyleVar_FrameBorderSize, std::max(1.0f, ImGui::GetStyle().FrameBorderSize));
  ImGui::PushStyleColor(ImGuiCol_Border, ImGui::ColorConvertU32ToFloat4(p.border));
  ImGui::InputTextMultiline("##contact.message", m_message, sizeof m_message, ImVec2(width, ImGui::GetFontSize() * 7));
  tap_targets().add_last_item("contact.message");
  ImGui::PopStyleColor();
  ImGui::PopStyleVar(2);
  // Dear ImGui 1.86's multi-line field does not wrap: a message longer than a line is shown whole
  // below it, as the school will read it.
  if (ImGui::CalcTextSize(m_message).x > width - 2 * kPadding) muted_text(m_message, width);
  if (m_problem && m_problem->code == "empty" && m_message[0] != '\0') m_problem.reset();

  if (signed_in) {
    muted_text(format(tr(l, "Sent as %s; the school answers on your account's phone or email.",
                         "Envoyé au nom de %s ; l’école répond au téléphone ou à l’e-mail du compte."),
                      ctx.account->user()->name.c_str()),
               width);
  } else {
    ImGui::TextUnformatted(tr(l, "Your name", "Votre nom"));
    text_field("contact.name", tr(l, "First and last name", "Prénom et nom"), m_name, sizeof m_name, width);
    ImGui::TextUnformatted(tr(l, "Phone or email to answer you on", "Téléphone ou e-mail pour vous répondre"));
    text_field("contact.reply_to", "078 123 4567", m_reply_to, sizeof m_reply_to, width);
  }
  if (m_problem) {
    ImGui::PushStyleColor(ImGuiCol_Text, palette().warning);
    wrapped_text(problem_text(*m_problem, l), width);
    ImGui::PopStyleColor();
  }
  ImGui::Dummy(ImVec2(0, 4));
  if (tap_button("contact.send", contact.busy() ? tr(l, "Sending…", "Envoi…") : tr(l, "Send", "Envoyer"), ImVec2(width, kMinTapHeight))) send(ctx);
  m_drawn = drawing;
  if (shown(ctx) != drawing) request_redraw();
}

void ContactScreen::send(AppContext& ctx) {
  ContactMessages& contact = *ctx.contact;
  if (contact.busy()) return;
  const std::string& l = ctx.language;
  if (std::strlen(m_message) == 0) {
    m_problem = AccountProblem{"empty", tr(l, "Write your message first.", "Écrivez d’abord votre message.")};
    return;
  }
  nlohmann::json context = nlohmann::json::object();
  if (m_topic == "error_report") {
    context["screen"] = m_origin;
    context["language"] = l;
    if (ctx.pack) {
      context["pack"] = ctx.pack->id;
      context["pack_version"] = ctx.pack->version;
    }
  }
  m_problem.reset();
  contact.send(m_topic, m_message, m_name, m_reply_to, std::move(context), [this](std::optional<AccountProblem> problem) {
    m_problem = std::move(problem);
    if (!m_problem) {
      m_sent = true;
      std::memset(m_message, 0, sizeof m_message);
    }
    request_redraw();
  });
}

nlohmann::json ContactScreen::shown(const AppContext& ctx) const {
  return {{"language", ctx.language},
          {"topic", m_topic},
          {"sent", m_sent},
          {"problem", m_problem ? m_problem->code : ""},
          {"message_length", std::strlen(m_message)},
          {"name_length", std::strlen(m_name)},
          {"reply_to_length", std::strlen(m_reply_to)},
          {"busy", ctx.contact->busy()}};
}

nlohmann::json ContactScreen::state(const AppContext& ctx) const {
  nlohmann::json state = {{"view", shown(ctx)}, {"drawn", m_drawn}, {"origin", m_origin}};
  if (m_problem) state["problem_message"] = m_problem->message;
  return state;
}

}  // namespace umuhanda
