// The plans and payment screen (see plans_screen.hpp).
#include "app/screens/plans_screen.hpp"

#include <imgui.h>

#include <cstring>

#include "app/payments.hpp"
#include "app/ui/theme.hpp"
#include "app/ui/widgets.hpp"
#include "platform/app_window.hpp"
#include "umuhanda/notification_text.hpp"  // format_rwf

namespace umuhanda {
namespace {

constexpr std::size_t kRequestsShown = 5;

std::string problem_text(const AccountProblem& problem, const std::string& l) {
  if (problem.code == "offline")
    return tr(l, "No connection: sending needs the internet. Keep the SMS and send it once online.",
              "Pas de connexion : l’envoi demande internet. Gardez le SMS et envoyez-le une fois en ligne.");
  if (problem.code == "transaction_id_used") {
    return tr(l, "This transaction id was already sent. Check the SMS: each payment has its own id.",
              "Ce numéro de transaction a déjà été envoyé. Vérifiez le SMS : chaque paiement a le sien.");
  }
  return problem.message;
}

// The state of a request, for the student: what happens next, in words.
void request_card(const PaymentRecord& request, const Payments& payments, const std::string& l, float width) {
  const float inner = width - 2 * kPadding;
  begin_card(width);
  const PlanOffer* plan = payments.find_plan(request.plan_slug);
  const std::string name = plan ? plan->name_in(l) : request.plan_slug;
  wrapped_text(name + "  •  " + format_rwf(request.amount_rwf, l), inner);
  muted_text(format(tr(l, "%s, transaction %s, sent %s", "%s, transaction %s, envoyé le %s"),
                    operator_display_name(payments.operators(), request.operator_id).c_str(), request.transaction_id.c_str(),
                    format_local_time(request.created_at).c_str()),
             inner);
  ImU32 border = 0;
  if (request.state == "approved") {
    ImGui::PushStyleColor(ImGuiCol_Text, palette().right);
    wrapped_text(tr(l, "✓ Approved", "✓ Approuvé"), inner);
    ImGui::PopStyleColor();
    border = to_u32(palette().right);
  } else if (request.state == "rejected") {
    ImGui::PushStyleColor(ImGuiCol_Text, palette().wrong);
    wrapped_text(format(tr(l, "Not approved: %s", "Non approuvé : %s"), request.reason.c_str()), inner);
    ImGui::PopStyleColor();
    border = to_u32(palette().wrong);
  } else {
    muted_text(tr(l, "Waiting for the school to find it on its statement. You are told here as soon as it decides.",
                  "En attente : l’école le cherche sur son relevé. Vous êtes prévenu ici dès qu’elle décide."),
               inner);
  }
  end_card(border);
}

}  // namespace

std::string PlansScreen::title(const AppContext& ctx) const {
  if (m_plan != 0) {
    if (const PlanOffer* plan = ctx.payments->find_plan(m_plan)) return plan->name_in(ctx.language);
  }
  return tr(ctx.language, "Plans", "Formules");
}

void PlansScreen::on_show(AppContext& ctx) {
  m_plan = 0;
  m_problem.reset();
  m_sent = false;
  ctx.payments->load_offer();
  if (ctx.account->state() == AccountState::signed_in) ctx.payments->load_mine();
}

bool PlansScreen::on_back(AppContext&) {
  if (m_plan == 0) return false;
  m_plan = 0;
  m_problem.reset();
  request_redraw();
  return true;
}

void PlansScreen::draw(AppContext& ctx, float width) {
  const nlohmann::json drawing = shown(ctx);
  if (m_plan != 0 && ctx.payments->find_plan(m_plan)) draw_paying(ctx, width);
  else draw_overview(ctx, width);
  m_drawn = drawing;
  if (shown(ctx) != drawing) request_redraw();
}

void PlansScreen::draw_overview(AppContext& ctx, float width) {
  const std::string& l = ctx.language;
  Payments& payments = *ctx.payments;
  const float inner = width - 2 * kPadding;
  const bool signed_in = ctx.account->state() == AccountState::signed_in;

  // What runs now.
  if (signed_in) {
    begin_card(width);
    if (const auto& running = payments.running()) {
      const PlanOffer* plan = payments.find_plan(running->plan_slug);
      ImGui::PushStyleColor(ImGuiCol_Text, palette().right);
      wrapped_text(format(tr(l, "✓ Your plan: %s", "✓ Votre formule : %s"), plan ? plan->name_in(l).c_str() : running->plan_slug.c_str()), inner);
      ImGui::PopStyleColor();
      muted_text(
          format(tr(l, "Everything it opens is yours until %s, offline too.", "Tout ce qu’elle ouvre est à vous jusqu’au %s, hors ligne aussi."),
                 format_local_time(running->ends_at).c_str()),
          inner);
      end_card(to_u32(palette().right));
    } else {
      wrapped_text(tr(l, "No plan is running.", "Aucune formule en cours."), inner);
      muted_text(tr(l, "The free questions stay open. A plan opens every question, exam and lesson of the school's packs.",
                    "Les questions gratuites restent ouvertes. Une formule ouvre toutes les questions, examens et leçons de l’école."),
                 inner);
      end_card();
    }
    if (m_sent && payments.pending_count() > 0) {
      ImGui::PushStyleColor(ImGuiCol_Text, palette().right);
      wrapped_text(tr(l, "Sent. The school checks the payment and tells you here; the packs open by themselves once it is approved.",
                      "Envoyé. L’école vérifie le paiement et vous prévient ici ; les packs s’ouvrent seuls une fois approuvé."),
                   width);
      ImGui::PopStyleColor();
    }
    const auto& requests = payments.requests();
    if (!requests.empty()) {
      ImGui::Dummy(ImVec2(0, 4));
      muted_text(tr(l, "Your payments", "Vos paiements"), width);
      for (std::size_t i = 0; i < requests.size() && i < kRequestsShown; ++i) request_card(requests[i], payments, l, width);
    }
  } else {
    muted_text(tr(l, "Sign in to buy a plan: the school needs to know whose payment it is. Practising never needs an account.",
                  "Connectez-vous pour acheter une formule : l’école doit savoir de qui vient le paiement. S’entraîner n’en a jamais besoin."),
               width);
    if (tap_button("plans.sign_in", tr(l, "Sign in or create an account", "Se connecter ou créer un compte"), ImVec2(width, kMinTapHeight))) {
      ctx.navigator.show(ScreenId::account);
      return;
    }
  }

  // What the school offers.
  ImGui::Dummy(ImVec2(0, 4));
  muted_text(tr(l, "Plans", "Formules"), width);
  if (!payments.offer_loaded()) {
    muted_text(payments.problem().empty() ? tr(l, "Loading the plans…", "Chargement des formules…") : payments.problem(), width);
  } else if (!payments.takes_payments()) {
    muted_text(tr(l, "This school takes no payments in the app: ask at its office.",
                  "Cette école ne prend pas de paiement dans l’application : renseignez-vous à son bureau."),
               width);
  } else {
    for (const PlanOffer& plan : payments.plans()) {
      const std::string subtitle = describe_duration(plan.duration_seconds, l) + "  •  " + format_rwf(plan.price_rwf, l);
      if (tap_row("plans.plan." + plan.slug, plan.name_in(l), subtitle, width) && signed_in) {
        m_plan = plan.id;
        m_operator = payments.operators().front().id;
        m_problem.reset();
        m_sent = false;
        std::memset(m_transaction, 0, sizeof m_transaction);
        request_redraw();
      }
    }
  }
  ImGui::Dummy(ImVec2(0, 4));
  if (tap_button("plans.refresh", tr(l, "Refresh", "Actualiser"), ImVec2(width, kMinTapHeight), ButtonKind::secondary)) on_show(ctx);
}

void PlansScreen::draw_paying(AppContext& ctx, float width) {
  const std::string& l = ctx.language;
  Payments& payments = *ctx.payments;
  const PlanOffer& plan = *payments.find_plan(m_plan);
  const float inner = width - 2 * kPadding;
  const std::string price = format_rwf(plan.price_rwf, l);

  ImGui::PushFont(ctx.fonts.large);
  wrapped_text(price, width);
  ImGui::PopFont();
  muted_text(format(tr(l, "%s for %s", "%s pour %s"), plan.name_in(l).c_str(), describe_duration(plan.duration_seconds, l).c_str()), width);
  ImGui::Dummy(ImVec2(0, 4));

  // The operator: a button each when the school takes more than one.
  const auto& operators = payments.operators();
  if (operators.size() > 1) {
    const float gap = ImGui::GetStyle().ItemSpacing.x;
    const float each = (width - gap * static_cast<float>(operators.size() - 1)) / static_cast<float>(operators.size());
    for (std::size_t i = 0; i < operators.size(); ++i) {
      if (i > 0) ImGui::SameLine();
      const PayeeOperator& op = operators[i];
      if (tap_button("plans.operator." + op.id, op.name.c_str(), ImVec2(each, kMinTapHeight),
                     op.id == m_operator ? ButtonKind::primary : ButtonKind::secondary)) {
        m_operator = op.id;
      }
    }
  }
  const PayeeOperator* chosen = &operators.front();
  for (const PayeeOperator& op : operators) {
    if (op.id == m_operator) chosen = &op;
  }

  begin_card(width);
  wrapped_text(format(tr(l, "Pay with %s", "Payer avec %s"), chosen->name.c_str()), inner);
  int step = 1;
  if (!chosen->ussd.empty()) {
    muted_text(format(tr(l, "%d. On the phone you pay from, dial:", "%d. Sur le téléphone qui paie, composez :"), step++), inner);
    ImGui::PushFont(ctx.fonts.large);
    wrapped_text(chosen->ussd, inner);
    ImGui::PopFont();
  }
  muted_text(format(tr(l, "%d. Pay to merchant code %s, in the name of %s.", "%d. Payez au code marchand %s, au nom de %s."), step++,
                    chosen->merchant_code.c_str(), chosen->payee.c_str()),
             inner);
  muted_text(format(tr(l, "%d. The amount, exactly: %s.", "%d. Le montant, exactement : %s."), step++, price.c_str()), inner);
  muted_text(format(tr(l, "%d. %s sends you an SMS with a transaction id. Type it below.",
                       "%d. %s vous envoie un SMS avec un numéro de transaction. Tapez-le ci-dessous."),
                    step++, chosen->name.c_str()),
             inner);
  end_card();

  ImGui::TextUnformatted(tr(l, "The phone number you paid from", "Le numéro qui a payé"));
  bool enter = text_field("plans.phone", "078 123 4567", m_phone, sizeof m_phone, width);
  ImGui::TextUnformatted(tr(l, "Transaction id (in the SMS)", "Numéro de transaction (dans le SMS)"));
  enter |= text_field("plans.transaction", "50012345678", m_transaction, sizeof m_transaction, width);
  if (m_problem) {
    ImGui::PushStyleColor(ImGuiCol_Text, palette().warning);
    wrapped_text(problem_text(*m_problem, l), width);
    ImGui::PopStyleColor();
  }
  ImGui::Dummy(ImVec2(0, 4));
  const char* label = payments.busy() ? tr(l, "Sending…", "Envoi…") : tr(l, "I have paid", "J’ai payé");
  if (tap_button("plans.send", label, ImVec2(width, kMinTapHeight)) || enter) send(ctx);
  if (tap_button("plans.back", tr(l, "Other plans", "Autres formules"), ImVec2(width, kMinTapHeight), ButtonKind::secondary)) on_back(ctx);
}

void PlansScreen::send(AppContext& ctx) {
  Payments& payments = *ctx.payments;
  if (payments.busy()) return;
  const std::string& l = ctx.language;
  if (std::strlen(m_phone) == 0 || std::strlen(m_transaction) == 0) {
    m_problem = AccountProblem{"incomplete", tr(l, "Type the phone number you paid from and the transaction id from the SMS.",
                                                "Tapez le numéro qui a payé et le numéro de transaction du SMS.")};
    return;
  }
  m_problem.reset();
  payments.request(m_plan, m_operator, m_phone, m_transaction, [this](std::optional<AccountProblem> problem) {
    m_problem = std::move(problem);
    if (!m_problem) {
      m_sent = true;
      m_plan = 0;
      std::memset(m_transaction, 0, sizeof m_transaction);
    }
    request_redraw();
  });
}

nlohmann::json PlansScreen::shown(const AppContext& ctx) const {
  return {{"language", ctx.language},
          {"plan", m_plan},
          {"operator", m_operator},
          {"sent", m_sent},
          {"problem", m_problem ? m_problem->code : ""},
          {"phone_length", std::strlen(m_phone)},
          {"transaction_length", std::strlen(m_transaction)},
          {"revision", ctx.payments->revision()},
          {"signed_in", ctx.account->state() == AccountState::signed_in}};
}

nlohmann::json PlansScreen::state(const AppContext& ctx) const {
  nlohmann::json state = {{"view", shown(ctx)}, {"drawn", m_drawn}};
  if (m_problem) state["problem_message"] = m_problem->message;
  state["payments"] = ctx.payments->state_json();
  return state;
}

}  // namespace umuhanda
