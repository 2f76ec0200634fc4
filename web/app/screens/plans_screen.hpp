// PlansScreen: a student's plan and paying for one, as Rwandans pay today (docs/payments.md): the
// plan running and until when, the requests sent and what the school decided (with its reason);
// the plans on offer; for the one chosen, the school's instructions for each operator it takes
// (USSD code, merchant code, payee, the exact amount) and the "I have paid" form: the phone paid
// from and the transaction id from the operator's SMS. Staff decide on the request elsewhere
// (PaymentQueueScreen); the student's page unlocks by itself when they approve (LiveUpdates).
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "app/account.hpp"
#include "app/screen.hpp"

namespace umuhanda {

class PlansScreen final : public Screen {
public:
  ScreenId id() const override { return ScreenId::plans; }
  std::string title(const AppContext& ctx) const override;
  void on_show(AppContext& ctx) override;
  void draw(AppContext& ctx, float width) override;
  bool on_back(AppContext& ctx) override;
  nlohmann::json state(const AppContext& ctx) const override;

private:
  void draw_overview(AppContext& ctx, float width);
  void draw_paying(AppContext& ctx, float width);
  void send(AppContext& ctx);
  nlohmann::json shown(const AppContext& ctx) const;

  std::int64_t m_plan = 0;  // the plan being paid for; 0: the overview
  std::string m_operator;   // the operator chosen to pay through
  char m_phone[32] = {};
  char m_transaction[64] = {};
  std::optional<AccountProblem> m_problem;
  bool m_sent = false;  // a request just went through: the overview says what happens next
  nlohmann::json m_drawn = nlohmann::json::object();
};

}  // namespace umuhanda
