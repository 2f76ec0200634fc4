// AccountScreen: sign in, create a student account, or set a new password with the one-time code a
// staff member gave, so that progress follows the student to every device (docs/sync.md). Reached
// from Settings; back there once the server said yes.
// Practice never needs an account: this screen is only for those who want sync.
#pragma once

#include <optional>
#include <string>

#include "app/account.hpp"
#include "app/screen.hpp"

namespace umuhanda {

class AccountScreen final : public Screen {
public:
  enum class Mode { sign_in, sign_up, reset };

  ScreenId id() const override { return ScreenId::account; }
  std::string title(const AppContext& ctx) const override;
  void on_show(AppContext& ctx) override;
  void draw(AppContext& ctx, float width) override;
  nlohmann::json state(const AppContext& ctx) const override;

  void set_mode(Mode mode) { m_mode = mode; }

private:
  void submit(AppContext& ctx);
  nlohmann::json shown(const AppContext& ctx) const;

  Mode m_mode = Mode::sign_in;
  char m_name[128] = {};
  char m_login[128] = {};
  char m_password[160] = {};
  char m_code[32] = {};
  std::optional<AccountProblem> m_problem;
  nlohmann::json m_drawn = nlohmann::json::object();
};

}  // namespace umuhanda
