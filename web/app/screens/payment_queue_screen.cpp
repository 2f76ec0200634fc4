// The staff's list of payment requests (see payment_queue_screen.hpp).
#include "app/screens/payment_queue_screen.hpp"

#include <imgui.h>

#include <cstring>

#include "app/payments.hpp"
#include "app/ui/theme.hpp"
#include "app/ui/widgets.hpp"
#include "platform/app_window.hpp"
#include "umuhanda/notification_text.hpp"  // format_rwf

namespace umuhanda {

std::string PaymentQueueScreen::title(const AppContext& ctx) const { return tr(ctx.language, "Payments to check", "Paiements à vérifier"); }

void PaymentQueueScreen::on_show(AppContext& ctx) {
  m_asking = Asking::nothing;
  m_payment = 0;
  m_problem.reset();
  m_notice.clear();
  ctx.payments->load_offer();  // the plans' names
  ctx.payments->load_queue();
}

void PaymentQueueScreen::draw(AppContext& ctx, float width) {
  const nlohmann::json drawing = shown(ctx);
  const std::string& l = ctx.language;
  Payments& payments = *ctx.payments;
  const float inner = width - 2 * kPadding;
  const float gap = ImGui::GetStyle().ItemSpacing.x;
  const float half = (inner - gap) / 2;

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
  if (!payments.queue_loaded()) {
    muted_text(payments.problem().empty() ? tr(l, "Loading the requests…", "Chargement des demandes…") : payments.problem(), width);
  } else if (payments.queue().empty()) {
    muted_text(tr(l, "No payment waits for a decision.", "Aucun paiement n’attend de décision."), width);
  } else {
    muted_text(tr(l, "Find each transaction id on the school's statement before approving: approving starts the plan at once.",
                  "Cherchez chaque numéro de transaction sur le relevé de l’école avant d’approuver : approuver lance la formule aussitôt."),
               width);
  }

  auto done = [this](std::string notice) {
    return [this, notice = std::move(notice)](std::optional<AccountProblem> problem) {
      m_problem = std::move(problem);
      if (!m_problem) m_notice = notice;
      m_asking = Asking::nothing;
      m_payment = 0;
      std::memset(m_reason, 0, sizeof m_reason);
      request_redraw();
    };
  };

  // A copy: a decision made in this frame changes the queue.
  const std::vector<PaymentRecord> queue = payments.queue();
  for (const PaymentRecord& request : queue) {
    const std::string id = std::to_string(request.id);
    const PlanOffer* plan = payments.find_plan(request.plan_id);
    const std::string plan_name = plan ? plan->name_in(l) : request.plan_slug;
    begin_card(width);
    wrapped_text(request.user_name + "  •  " + plan_name + "  •  " + format_rwf(request.amount_rwf, l), inner);
    muted_text(
        format(tr(l, "%s from %s, sent %s", "%s depuis %s, envoyé le %s"), operator_display_name(payments.operators(), request.operator_id).c_str(),
               request.payer_phone.c_str(), format_local_time(request.created_at).c_str()),
        inner);
    muted_text(tr(l, "Transaction id", "Numéro de transaction"), inner);
    ImGui::PushFont(ctx.fonts.large);
    wrapped_text(request.transaction_id, inner);
    ImGui::PopFont();
    const bool this_one = m_payment == request.id;
    if (this_one && m_asking == Asking::approve) {
      wrapped_text(format(tr(l, "Approve %s from %s? The plan starts now.", "Approuver %s de %s ? La formule commence maintenant."),
                          format_rwf(request.amount_rwf, l).c_str(), request.user_name.c_str()),
                   inner);
      if (tap_button("payments.confirm." + id, payments.busy() ? tr(l, "Approving…", "Approbation…") : tr(l, "Yes, approve", "Oui, approuver"),
                     ImVec2(half, kMinTapHeight))) {
        payments.approve(request.id,
                         done(format(tr(l, "Approved: %s's plan runs.", "Approuvé : la formule de %s est lancée."), request.user_name.c_str())));
      }
      ImGui::SameLine();
      if (tap_button("payments.cancel." + id, tr(l, "Cancel", "Annuler"), ImVec2(half, kMinTapHeight), ButtonKind::secondary))
        m_asking = Asking::nothing;
    } else if (this_one && m_asking == Asking::reject) {
      ImGui::TextUnformatted(tr(l, "Why (the student reads it)", "Pourquoi (l’élève le lira)"));
      text_field("payments.reason." + id, tr(l, "Not on our statement", "Absent de notre relevé"), m_reason, sizeof m_reason, inner);
      const bool has_reason = std::strlen(m_reason) > 0;
      if (tap_button("payments.reject_confirm." + id, tr(l, "Reject", "Refuser"), ImVec2(half, kMinTapHeight), ButtonKind::danger)) {
        if (has_reason) {
          payments.reject(request.id, m_reason,
                          done(format(tr(l, "Rejected: %s is told why.", "Refusé : %s en est informé avec le motif."), request.user_name.c_str())));
        } else {
          m_problem = AccountProblem{"reason", tr(l, "Write the reason first: the student reads it.", "Écrivez d’abord le motif : l’élève le lira.")};
        }
      }
      ImGui::SameLine();
      if (tap_button("payments.cancel." + id, tr(l, "Cancel", "Annuler"), ImVec2(half, kMinTapHeight), ButtonKind::secondary))
        m_asking = Asking::nothing;
    } else {
      if (tap_button("payments.approve." + id, tr(l, "Approve…", "Approuver…"), ImVec2(half, kMinTapHeight))) {
        m_payment = request.id;
        m_asking = Asking::approve;
        m_problem.reset();
      }
      ImGui::SameLine();
      if (tap_button("payments.reject." + id, tr(l, "Reject…", "Refuser…"), ImVec2(half, kMinTapHeight), ButtonKind::secondary)) {
        m_payment = request.id;
        m_asking = Asking::reject;
        m_problem.reset();
        std::memset(m_reason, 0, sizeof m_reason);
      }
    }
    end_card();
  }
  ImGui::Dummy(ImVec2(0, 4));
  if (tap_button("payments.refresh", tr(l, "Refresh", "Actualiser"), ImVec2(width, kMinTapHeight), ButtonKind::secondary)) payments.load_queue();
  m_drawn = drawing;
  if (shown(ctx) != drawing) request_redraw();
}

nlohmann::json PaymentQueueScreen::shown(const AppContext& ctx) const {
  return {{"language", ctx.language},
          {"revision", ctx.payments->revision()},
          {"payment", m_payment},
          {"asking", m_asking == Asking::approve  ? "approve"
                     : m_asking == Asking::reject ? "reject"
                                                  : ""},
          {"reason_length", std::strlen(m_reason)},
          {"notice", m_notice},
          {"problem", m_problem ? m_problem->code : ""}};
}

nlohmann::json PaymentQueueScreen::state(const AppContext& ctx) const {
  nlohmann::json state = {{"view", shown(ctx)}, {"drawn", m_drawn}};
  state["payments"] = ctx.payments->state_json();
  return state;
}

}  // namespace umuhanda
