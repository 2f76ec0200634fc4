// PaymentQueueScreen: for instructors and admins, the "I have paid" requests waiting for a decision
// (docs/payments.md, "For staff"): who, which plan, the amount, the operator, the phone paid from
// and the transaction id to find on the school's MTN or Airtel statement. Approving asks once more
// (it starts a plan and cannot be undone); rejecting needs a reason, which the student reads.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "app/account.hpp"
#include "app/screen.hpp"

namespace umuhanda {

class PaymentQueueScreen final : public Screen {
public:
  ScreenId id() const override { return ScreenId::payment_queue; }
  std::string title(const AppContext& ctx) const override;
  void on_show(AppContext& ctx) override;
  void draw(AppContext& ctx, float width) override;
  nlohmann::json state(const AppContext& ctx) const override;

private:
  enum class Asking { nothing, approve, reject };
  nlohmann::json shown(const AppContext& ctx) const;

  std::int64_t m_payment = 0;  // the request a confirmation or a reason is asked for
  Asking m_asking = Asking::nothing;
  char m_reason[320] = {};
  std::optional<AccountProblem> m_problem;
  std::string m_notice;  // what the last decision did
  nlohmann::json m_drawn = nlohmann::json::object();
};

}  // namespace umuhanda
