// ExamAdminScreen: for admins, the scheduled exams as a school runs them: the exams open now with
// how many started and submitted (refreshed while they run), those coming, the past week's with
// their pass rate and a way to each one's question figures, and the rules, each switched on or off.
#pragma once

#include <optional>
#include <string>

#include "app/account.hpp"
#include "app/screen.hpp"

namespace umuhanda {

class ExamAdminScreen final : public Screen {
public:
  ScreenId id() const override { return ScreenId::exam_admin; }
  std::string title(const AppContext& ctx) const override;
  void on_show(AppContext& ctx) override;
  void draw(AppContext& ctx, float width) override;
  nlohmann::json state(const AppContext& ctx) const override;

private:
  nlohmann::json shown(const AppContext& ctx) const;

  std::optional<AccountProblem> m_problem;
  nlohmann::json m_drawn = nlohmann::json::object();
};

}  // namespace umuhanda
