// ContactMessagesScreen: for instructors and admins, what people wrote to the school, newest first:
// who, how to answer them, the topic, the message and (for an error report) where it happened.
// Each message moves from new to in progress to resolved, so several staff members share the work.
#pragma once

#include <optional>
#include <string>

#include "app/account.hpp"
#include "app/screen.hpp"

namespace umuhanda {

class ContactMessagesScreen final : public Screen {
public:
  ScreenId id() const override { return ScreenId::contact_messages; }
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
