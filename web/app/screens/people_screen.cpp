// The admins' people screen (see people_screen.hpp).
#include "app/screens/people_screen.hpp"

#include <imgui.h>

#include <cstring>

#include "app/classes.hpp"
#include "app/payments.hpp"
#include "app/people.hpp"
#include "app/ui/theme.hpp"
#include "app/ui/widgets.hpp"
#include "platform/app_window.hpp"
#include "umuhanda/notification_text.hpp"  // format_rwf
#include "umuhanda/student_roster.hpp"     // display_phone

namespace umuhanda {
namespace {

const char* role_label(const std::string& role, const std::string& l) {
  if (role == "student") return tr(l, "Student", "Élève");
  if (role == "instructor") return tr(l, "Instructor", "Moniteur");
  if (role == "admin") return tr(l, "Admin", "Administrateur");
  return tr(l, "Everyone", "Tous");
}

std::string plan_name(AppContext& ctx, const std::string& slug) {
  const PlanOffer* plan = ctx.payments->find_plan(slug);
  return plan ? plan->name_in(ctx.language) : slug;
}

// "Weekly until 14 Dec 2026 10:00", or "no plan".
std::string plan_line(AppContext& ctx, const std::optional<RunningPlan>& running) {
  const std::string& l = ctx.language;
  if (!running) return tr(l, "no plan running", "aucune formule en cours");
  return format(tr(l, "%s until %s", "%s jusqu’au %s"), plan_name(ctx, running->plan_slug).c_str(), format_local_time(running->ends_at).c_str());
}

std::string login_line(const PersonSummary& person) {
  if (!person.phone.empty()) return display_phone(person.phone);
  return person.email;
}

}  // namespace

std::string PeopleScreen::title(const AppContext& ctx) const { return tr(ctx.language, "People", "Personnes"); }

void PeopleScreen::on_show(AppContext& ctx) {
  m_asking = Asking::nothing;
  m_notice.clear();
  m_problem.reset();
  ctx.people->close();
  ctx.payments->load_offer();  // the plans' names, and those an admin grants
  m_sent_query = "\x01";
}

bool PeopleScreen::on_back(AppContext& ctx) {
  if (ctx.people->open_id() == 0) return false;
  ctx.people->close();
  m_asking = Asking::nothing;
  m_notice.clear();
  m_problem.reset();
  request_redraw();
  return true;
}

std::function<void(std::optional<AccountProblem>)> PeopleScreen::when_done(std::string notice) {
  return [this, notice = std::move(notice)](std::optional<AccountProblem> problem) {
    m_problem = std::move(problem);
    m_notice = m_problem ? std::string() : notice;
    if (!m_problem) {
      m_asking = Asking::nothing;
      std::memset(m_note, 0, sizeof m_note);
    }
    request_redraw();
  };
}

void PeopleScreen::draw(AppContext& ctx, float width) {
  const nlohmann::json drawing = shown(ctx);
  if (ctx.people->open_id() == 0) {
    draw_search(ctx, width);
  } else {
    draw_person(ctx, width);
  }
  m_drawn = drawing;
  if (shown(ctx) != drawing) request_redraw();
}

void PeopleScreen::draw_search(AppContext& ctx, float width) {
  const std::string& l = ctx.language;
  People& people = *ctx.people;
  text_field("people.search", tr(l, "Name or phone (0781…)", "Nom ou téléphone (0781…)"), m_query, sizeof m_query, width);
  // Four filters in a row on a computer, two by two on a phone.
  const float gap = ImGui::GetStyle().ItemSpacing.x;
  const bool narrow = width < 520;
  const float chip = narrow ? (width - gap) / 2 : (width - 3 * gap) / 4;
  const char* roles[] = {"", "student", "instructor", "admin"};
  bool filter_changed = false;
  for (int i = 0; i < 4; ++i) {
    if (i > 0 && !(narrow && i == 2)) ImGui::SameLine();
    const std::string role = roles[i];
    if (tap_button("people.role." + (role.empty() ? std::string("all") : role), role_label(role, l), ImVec2(chip, kMinTapHeight),
                   role == m_role ? ButtonKind::primary : ButtonKind::secondary)) {
      m_role = role;
      filter_changed = true;
    }
  }
  if (filter_changed || m_sent_query != m_query) {
    m_sent_query = m_query;
    people.search(m_query, m_role);
  }
  if (!people.problem().empty()) {
    ImGui::PushStyleColor(ImGuiCol_Text, palette().warning);
    wrapped_text(people.problem(), width);
    ImGui::PopStyleColor();
  }
  if (!people.searched()) {
    muted_text(tr(l, "Looking…", "Recherche…"), width);
    return;
  }
  if (people.found().empty()) {
    muted_text(
        tr(l, "Nobody matches. Try part of the name, or the phone number.", "Personne ne correspond. Essayez une partie du nom, ou le téléphone."),
        width);
    return;
  }
  for (const PersonSummary& person : people.found()) {
    std::string subtitle = std::string(role_label(person.role, l)) + "  •  " + login_line(person);
    if (person.role == "student") subtitle += "  •  " + plan_line(ctx, person.subscription);
    if (person.disabled) subtitle += std::string("  •  ") + tr(l, "disabled", "désactivé");
    if (tap_row("people.person." + std::to_string(person.id), person.name, subtitle, width)) {
      people.open(person.id);
      m_asking = Asking::nothing;
      m_notice.clear();
      m_problem.reset();
    }
  }
  if (people.found().size() >= 50) {
    muted_text(tr(l, "The first 50 are shown: type more of the name to narrow the list.",
                  "Les 50 premiers sont affichés : tapez davantage du nom pour affiner."),
               width);
  }
}

void PeopleScreen::draw_person(AppContext& ctx, float width) {
  const std::string& l = ctx.language;
  People& people = *ctx.people;
  const float inner = width - 2 * kPadding;
  if (!m_notice.empty()) {
    ImGui::PushStyleColor(ImGuiCol_Text, palette().right);
    wrapped_text(m_notice, width);
    ImGui::PopStyleColor();
  }
  if (m_problem) {
    ImGui::PushStyleColor(ImGuiCol_Text, palette().warning);
    wrapped_text(m_problem->message, width);
    ImGui::PopStyleColor();
  }
  if (!people.person()) {
    muted_text(people.problem().empty() ? tr(l, "Loading…", "Chargement…") : people.problem(), width);
    return;
  }
  const PersonSummary person = *people.person();  // a copy: a change made in this frame reloads it
  begin_card(width);
  ImGui::PushFont(ctx.fonts.large);
  wrapped_text(person.name, inner);
  ImGui::PopFont();
  muted_text(std::string(role_label(person.role, l)) + "  •  " + login_line(person), inner);
  muted_text(format(tr(l, "Account since %s", "Compte depuis le %s"), format_local_time(person.created_at).c_str()), inner);
  if (person.disabled) {
    ImGui::PushStyleColor(ImGuiCol_Text, palette().warning);
    wrapped_text(tr(l, "Disabled: cannot sign in.", "Désactivé : ne peut pas se connecter."), inner);
    ImGui::PopStyleColor();
  }
  end_card();
  if (person.role == "student") draw_plan(ctx, person, inner);
  draw_role(ctx, person, inner);
  draw_account(ctx, person, inner);
  draw_history(ctx, inner);
}

void PeopleScreen::draw_plan(AppContext& ctx, const PersonSummary& person, float inner) {
  const std::string& l = ctx.language;
  People& people = *ctx.people;
  const float gap = ImGui::GetStyle().ItemSpacing.x;
  const float half = (inner - gap) / 2;
  begin_card(inner + 2 * kPadding);
  heading(tr(l, "Plan", "Formule"), ctx.fonts.large);
  wrapped_text(plan_line(ctx, person.subscription), inner);
  if (m_asking == Asking::grant) {
    muted_text(tr(l, "Which plan? It starts now, or after the one running.", "Quelle formule ? Elle commence maintenant, ou après celle en cours."),
               inner);
    for (const PlanOffer& plan : ctx.payments->plans()) {
      const std::string label = plan.name_in(l) + "  •  " + describe_duration(plan.duration_seconds, l) + "  •  " + format_rwf(plan.price_rwf, l);
      if (tap_button("people.grant.plan." + plan.slug, label.c_str(), ImVec2(inner, kMinTapHeight),
                     m_plan == plan.id ? ButtonKind::primary : ButtonKind::secondary)) {
        m_plan = plan.id;
      }
    }
    text_field("people.note", tr(l, "Why (kept in the audit log)", "Pourquoi (gardé dans le journal)"), m_note, sizeof m_note, inner);
    if (tap_button("people.grant.confirm", people.busy() ? tr(l, "Granting…", "Attribution…") : tr(l, "Grant", "Attribuer"),
                   ImVec2(half, kMinTapHeight)) &&
        !people.busy()) {
      if (m_plan == 0) {
        m_problem = AccountProblem{"plan", tr(l, "Choose a plan first.", "Choisissez d’abord une formule.")};
      } else {
        people.grant(person.id, m_plan, m_note, when_done(format(tr(l, "✓ Plan granted to %s.", "✓ Formule attribuée à %s."), person.name.c_str())));
      }
    }
    ImGui::SameLine();
    if (tap_button("people.cancel", tr(l, "Cancel", "Annuler"), ImVec2(half, kMinTapHeight), ButtonKind::secondary)) m_asking = Asking::nothing;
  } else if (m_asking == Asking::end) {
    wrapped_text(format(tr(l, "End %s's plan now? Their restricted packs close when their app next goes online.",
                           "Arrêter la formule de %s maintenant ? Ses packs réservés se ferment à la prochaine connexion."),
                        person.name.c_str()),
                 inner);
    text_field("people.note", tr(l, "Why (kept in the audit log)", "Pourquoi (gardé dans le journal)"), m_note, sizeof m_note, inner);
    if (tap_button("people.end.confirm", tr(l, "End the plan", "Arrêter la formule"), ImVec2(half, kMinTapHeight), ButtonKind::danger) &&
        !people.busy()) {
      if (std::strlen(m_note) == 0) {
        m_problem =
            AccountProblem{"note", tr(l, "Write why first: it is kept in the audit log.", "Écrivez d’abord pourquoi : c’est gardé au journal.")};
      } else {
        people.end_subscription(person.id, m_note, when_done(tr(l, "✓ Plan ended.", "✓ Formule arrêtée.")));
      }
    }
    ImGui::SameLine();
    if (tap_button("people.cancel", tr(l, "Cancel", "Annuler"), ImVec2(half, kMinTapHeight), ButtonKind::secondary)) m_asking = Asking::nothing;
  } else {
    const bool running = person.subscription.has_value();
    if (tap_button("people.grant", running ? tr(l, "Renew…", "Prolonger…") : tr(l, "Grant a plan…", "Attribuer une formule…"),
                   ImVec2(running ? half : inner, kMinTapHeight), ButtonKind::secondary)) {
      m_asking = Asking::grant;
      m_plan = 0;
      m_problem.reset();
      std::memset(m_note, 0, sizeof m_note);
    }
    if (running) {
      ImGui::SameLine();
      if (tap_button("people.end", tr(l, "End now…", "Arrêter…"), ImVec2(half, kMinTapHeight), ButtonKind::secondary)) {
        m_asking = Asking::end;
        m_problem.reset();
        std::memset(m_note, 0, sizeof m_note);
      }
    }
  }
  end_card();
}

void PeopleScreen::draw_role(AppContext& ctx, const PersonSummary& person, float inner) {
  const std::string& l = ctx.language;
  People& people = *ctx.people;
  const bool self = ctx.account && ctx.account->user() && ctx.account->user()->id == person.id;
  begin_card(inner + 2 * kPadding);
  heading(tr(l, "Role", "Rôle"), ctx.fonts.large);
  if (self) {
    muted_text(tr(l, "Your own role is changed by another admin, so the school always keeps one.",
                  "Votre propre rôle est changé par un autre administrateur : l’école en garde toujours un."),
               inner);
  }
  const float gap = ImGui::GetStyle().ItemSpacing.x;
  const float third = (inner - 2 * gap) / 3;
  const char* roles[] = {"student", "instructor", "admin"};
  for (int i = 0; i < 3; ++i) {
    if (i > 0) ImGui::SameLine();
    const std::string role = roles[i];
    ImGui::BeginDisabled(self);
    if (tap_button("people.role_to." + role, role_label(role, l), ImVec2(third, kMinTapHeight),
                   role == person.role ? ButtonKind::primary : ButtonKind::secondary) &&
        role != person.role) {
      m_asking = Asking::role;
      m_new_role = role;
      m_problem.reset();
    }
    ImGui::EndDisabled();
  }
  if (m_asking == Asking::role) {
    const char* what = m_new_role == "student" ? tr(l, "They lose the staff screens at once.", "Les écrans du personnel lui sont retirés aussitôt.")
                       : m_new_role == "instructor"
                           ? tr(l, "They see packs, classes and payments to check.", "Accès aux packs, aux classes et aux paiements à vérifier.")
                           : tr(l, "They can do everything, you included.", "Tous les droits, y compris sur vous.");
    wrapped_text(format(tr(l, "Make %s %s? %s", "Faire de %s : %s ? %s"), person.name.c_str(), role_label(m_new_role, l), what), inner);
    const float half = (inner - gap) / 2;
    if (tap_button("people.role.confirm", tr(l, "Yes, change", "Oui, changer"), ImVec2(half, kMinTapHeight)) && !people.busy()) {
      people.set_role(person.id, m_new_role, when_done(tr(l, "✓ Role changed.", "✓ Rôle changé.")));
    }
    ImGui::SameLine();
    if (tap_button("people.cancel", tr(l, "Cancel", "Annuler"), ImVec2(half, kMinTapHeight), ButtonKind::secondary)) m_asking = Asking::nothing;
  }
  end_card();
}

void PeopleScreen::draw_account(AppContext& ctx, const PersonSummary& person, float inner) {
  const std::string& l = ctx.language;
  Classes& classes = *ctx.classes;
  People& people = *ctx.people;
  const float gap = ImGui::GetStyle().ItemSpacing.x;
  const float half = (inner - gap) / 2;
  if (person.role == "admin") return;  // the server refuses codes and disabling for admins
  begin_card(inner + 2 * kPadding);
  heading(tr(l, "Signing in", "Connexion"), ctx.fonts.large);
  const auto& issued = classes.reset_code();
  if (issued && issued->user_id == person.id) {
    muted_text(tr(l, "Reset code to give them (valid 10 minutes, used once):", "Code à lui donner (valable 10 minutes, une seule fois) :"), inner);
    ImGui::PushFont(ctx.fonts.large);
    ImGui::TextUnformatted(issued->code.c_str());
    ImGui::PopFont();
  }
  const std::int64_t id = person.id;
  auto reload = [this, &people, id](std::string notice) {
    return [&people, id, done = when_done(std::move(notice))](std::optional<AccountProblem> problem) {
      people.open(id);
      done(std::move(problem));
    };
  };
  if (m_asking == Asking::disable) {
    wrapped_text(
        format(tr(l, "Disable %s? They are signed out everywhere now.", "Désactiver %s ? Déconnexion immédiate partout."), person.name.c_str()),
        inner);
    if (tap_button("people.disable.confirm", tr(l, "Yes, disable", "Oui, désactiver"), ImVec2(half, kMinTapHeight), ButtonKind::danger)) {
      classes.set_disabled(id, true, reload(tr(l, "✓ Account disabled.", "✓ Compte désactivé.")));
    }
    ImGui::SameLine();
    if (tap_button("people.cancel", tr(l, "Cancel", "Annuler"), ImVec2(half, kMinTapHeight), ButtonKind::secondary)) m_asking = Asking::nothing;
  } else {
    if (tap_button("people.reset_code", tr(l, "Reset code", "Code provisoire"), ImVec2(half, kMinTapHeight), ButtonKind::secondary)) {
      classes.issue_reset_code(id, when_done(""));
    }
    ImGui::SameLine();
    if (person.disabled) {
      if (tap_button("people.enable", tr(l, "Enable", "Réactiver"), ImVec2(half, kMinTapHeight), ButtonKind::secondary)) {
        classes.set_disabled(id, false, reload(tr(l, "✓ Account enabled.", "✓ Compte réactivé.")));
      }
    } else if (tap_button("people.disable", tr(l, "Disable…", "Désactiver…"), ImVec2(half, kMinTapHeight), ButtonKind::secondary)) {
      m_asking = Asking::disable;
    }
  }
  end_card();
}

void PeopleScreen::draw_history(AppContext& ctx, float inner) {
  const std::string& l = ctx.language;
  People& people = *ctx.people;
  if (!people.subscriptions().empty()) {
    heading(tr(l, "Plans", "Formules"), ctx.fonts.large);
    for (const SubscriptionRecord& subscription : people.subscriptions()) {
      muted_text(
          format("%s  •  %s → %s  •  %s%s", plan_name(ctx, subscription.plan_slug).c_str(), format_local_time(subscription.starts_at).c_str(),
                 format_local_time(subscription.ends_at).c_str(), subscription.from_payment ? tr(l, "paid", "payée") : tr(l, "granted", "offerte"),
                 subscription.ended ? tr(l, ", ended", ", terminée") : ""),
          inner);
    }
  }
  if (!people.payments().empty()) {
    heading(tr(l, "Payment requests", "Demandes de paiement"), ctx.fonts.large);
    for (const PaymentRecord& payment : people.payments()) {
      std::string line = format_local_time(payment.created_at) + "  •  " + format_rwf(payment.amount_rwf, l) + "  •  " + payment.transaction_id +
                         "  •  " +
                         (payment.state == "approved"   ? tr(l, "approved", "approuvé")
                          : payment.state == "rejected" ? tr(l, "rejected", "refusé")
                                                        : tr(l, "pending", "en attente"));
      if (!payment.reason.empty()) line += ": " + payment.reason;
      muted_text(line, inner);
    }
  }
  if (!people.trail().empty()) {
    heading(tr(l, "What staff did", "Actions du personnel"), ctx.fonts.large);
    for (const AuditRecord& record : people.trail()) {
      muted_text(format_local_time(record.at) + "  •  " + audit_actor(record, l) + " " + describe_audit_action(record, l), inner);
    }
  }
}

nlohmann::json PeopleScreen::shown(const AppContext& ctx) const {
  return {{"language", ctx.language},
          {"revision", ctx.people->revision()},
          {"classes", ctx.classes->revision()},
          {"query", std::string(m_query)},
          {"role", m_role},
          {"asking", static_cast<int>(m_asking)},
          {"new_role", m_new_role},
          {"plan", m_plan},
          {"note_length", std::strlen(m_note)},
          {"notice", m_notice},
          {"problem", m_problem ? m_problem->code : ""}};
}

nlohmann::json PeopleScreen::state(const AppContext& ctx) const {
  nlohmann::json state = {{"view", shown(ctx)}, {"drawn", m_drawn}};
  state["people"] = ctx.people->state_json();
  return state;
}

}  // namespace umuhanda
