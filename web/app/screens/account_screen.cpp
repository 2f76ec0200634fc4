// The account screen: two forms (sign in, create an account) over Account.
#include "app/screens/account_screen.hpp"

#include <imgui.h>

#include <algorithm>
#include <cstring>

#include "app/ui/theme.hpp"
#include "app/ui/widgets.hpp"
#include "platform/app_window.hpp"

namespace umuhanda {
namespace {

// The server's problems in the student's language where the code is known; its own text otherwise.
std::string problem_text(const AccountProblem& problem, const std::string& l) {
  if (problem.code == "offline")
    return tr(l, "No connection: signing in needs the internet. Practice goes on offline.",
              "Pas de connexion : il faut internet pour se connecter. L’entraînement continue hors ligne.");
  if (problem.code == "wrong_login")
    return tr(l, "The phone number or email, or the password, is wrong.", "Le numéro ou l’e-mail, ou le mot de passe, est faux.");
  if (problem.code == "too_many_requests")
    return tr(l, "Too many tries: wait a few minutes, then try again.", "Trop d’essais : attendez quelques minutes.");
  if (problem.code == "wrong_code") {
    return tr(l, "The code is wrong or no longer valid (10 minutes, 5 tries): check it, or ask for a new one.",
              "Le code est faux ou n’est plus valable (10 minutes, 5 essais) : vérifiez-le, ou demandez-en un nouveau.");
  }
  if (problem.code == "account_disabled") return tr(l, "This account has been disabled by the school.", "Ce compte a été désactivé par l’école.");
  if (problem.code == "sign_in_locked") {
    return tr(l, "Sign-in is locked after too many wrong passwords: ask your school for a new one.",
              "Connexion bloquée après trop d’erreurs : demandez un nouveau mot de passe à l’école.");
  }
  return problem.message;
}

}  // namespace

std::string AccountScreen::title(const AppContext& ctx) const {
  switch (m_mode) {
    case Mode::sign_in: return tr(ctx.language, "Sign in", "Connexion");
    case Mode::sign_up: return tr(ctx.language, "New account", "Inscription");
    case Mode::reset: return tr(ctx.language, "New password", "Nouveau mot de passe");
  }
  return "";
}

void AccountScreen::on_show(AppContext&) {
  m_problem.reset();
  std::memset(m_password, 0, sizeof m_password);
}

void AccountScreen::submit(AppContext& ctx) {
  Account& account = *ctx.account;
  if (account.busy()) return;
  m_problem.reset();
  auto done = [this, &ctx](std::optional<AccountProblem> problem) {
    m_problem = std::move(problem);
    std::memset(m_password, 0, sizeof m_password);  // never kept longer than the request
    if (!m_problem) std::memset(m_code, 0, sizeof m_code);
    if (!m_problem) ctx.navigator.back();
    request_redraw();
  };
  if (m_mode == Mode::sign_in) account.sign_in(m_login, m_password, done);
  else if (m_mode == Mode::sign_up) account.sign_up(m_name, m_login, m_password, done);
  else account.reset_password(m_login, m_code, m_password, done);
}

void AccountScreen::draw(AppContext& ctx, float width) {
  const nlohmann::json drawing = shown(ctx);
  const std::string& l = ctx.language;
  Account& account = *ctx.account;
  muted_text(tr(l,
                "With an account, your answers and exam results follow you to every phone or computer you sign in on. "
                "Practising never needs one.",
                "Avec un compte, vos réponses et vos examens vous suivent sur chaque téléphone ou ordinateur où vous vous connectez. "
                "L’entraînement n’en a jamais besoin."),
             width);
  ImGui::Dummy(ImVec2(0, 4));
  const float half = (width - ImGui::GetStyle().ItemSpacing.x) / 2;
  if (tap_button("account.mode.sign_in", tr(l, "I have an account", "J’ai un compte"), ImVec2(half, kMinTapHeight),
                 m_mode != Mode::sign_up ? ButtonKind::primary : ButtonKind::secondary)) {
    m_mode = Mode::sign_in;
    m_problem.reset();
  }
  ImGui::SameLine();
  if (tap_button("account.mode.sign_up", tr(l, "New account", "Nouveau compte"), ImVec2(half, kMinTapHeight),
                 m_mode == Mode::sign_up ? ButtonKind::primary : ButtonKind::secondary)) {
    m_mode = Mode::sign_up;
    m_problem.reset();
  }
  ImGui::Dummy(ImVec2(0, 4));
  bool enter = false;
  if (m_mode == Mode::sign_up) {
    ImGui::TextUnformatted(tr(l, "Your name", "Votre nom"));
    enter |= text_field("account.name", tr(l, "First and last name", "Prénom et nom"), m_name, sizeof m_name, width, false);
  }
  if (m_mode == Mode::reset) {
    muted_text(tr(l, "Your instructor or school gives you a code of 8 digits. It works for 10 minutes.",
                  "Votre moniteur ou votre école vous donne un code de 8 chiffres, valable 10 minutes."),
               width);
  }
  ImGui::TextUnformatted(tr(l, "Phone number or email", "Numéro de téléphone ou e-mail"));
  enter |= text_field("account.login", "078 123 4567", m_login, sizeof m_login, width, false);
  if (m_mode == Mode::reset) {
    ImGui::TextUnformatted(tr(l, "Reset code", "Code de réinitialisation"));
    enter |= text_field("account.code", "4821 0937", m_code, sizeof m_code, width, false);
  }
  ImGui::TextUnformatted(m_mode == Mode::reset ? tr(l, "New password", "Nouveau mot de passe") : tr(l, "Password", "Mot de passe"));
  enter |= text_field("account.password", m_mode != Mode::sign_in ? tr(l, "At least 8 characters", "Au moins 8 caractères") : "", m_password,
                      sizeof m_password, width, true);
  if (m_mode != Mode::sign_in) {
    muted_text(tr(l, "Any 8 characters or more; a common word or 12345678 is refused. A phone: 07X XXX XXXX.",
                  "8 caractères ou plus ; un mot courant ou 12345678 est refusé. Un téléphone : 07X XXX XXXX."),
               width);
  }
  if (m_problem) {
    ImGui::PushStyleColor(ImGuiCol_Text, palette().warning);
    wrapped_text(problem_text(*m_problem, l), width);
    ImGui::PopStyleColor();
  }
  ImGui::Dummy(ImVec2(0, 4));
  const char* label = m_mode == Mode::sign_in   ? tr(l, "Sign in", "Se connecter")
                      : m_mode == Mode::sign_up ? tr(l, "Create my account", "Créer mon compte")
                                                : tr(l, "Set my new password", "Enregistrer le mot de passe");
  if (account.busy()) label = tr(l, "Please wait…", "Patientez…");
  if (tap_button("account.submit", label, ImVec2(width, kMinTapHeight)) || enter) submit(ctx);
  if (m_mode == Mode::sign_in) {
    ImGui::Dummy(ImVec2(0, 4));
    if (tap_button("account.mode.reset", tr(l, "Forgot your password? I have a reset code", "Mot de passe oublié ? J’ai un code"),
                   ImVec2(width, kMinTapHeight), ButtonKind::secondary)) {
      m_mode = Mode::reset;
      m_problem.reset();
    }
  }
  m_drawn = drawing;
  if (shown(ctx) != drawing) request_redraw();
}

nlohmann::json AccountScreen::shown(const AppContext& ctx) const {
  return {{"mode", m_mode == Mode::sign_in   ? "sign_in"
                   : m_mode == Mode::sign_up ? "sign_up"
                                             : "reset"},
          {"code_length", std::strlen(m_code)},
          {"language", ctx.language},
          {"busy", ctx.account->busy()},
          {"problem", m_problem ? m_problem->code : ""},
          {"name_length", std::strlen(m_name)},
          {"login_length", std::strlen(m_login)},
          {"password_length", std::strlen(m_password)}};
}

nlohmann::json AccountScreen::state(const AppContext& ctx) const {
  nlohmann::json state = {{"view", shown(ctx)}, {"drawn", m_drawn}};
  if (m_problem) state["problem_message"] = m_problem->message;
  return state;
}

}  // namespace umuhanda
