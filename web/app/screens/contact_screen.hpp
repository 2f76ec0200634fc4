// ContactScreen: anyone writes to the school (docs/api.md, "Contact messages"): a question, an error
// in the app or in a question, a payment question or anything else. Signed in, the account says who
// wrote; otherwise a name and a phone or email to answer on. An error report carries what the app
// knows of where the student was (the screen, the pack and its version), never their answers.
#pragma once

#include <optional>
#include <string>

#include "app/account.hpp"
#include "app/screen.hpp"

namespace umuhanda {

class ContactScreen final : public Screen {
public:
  ScreenId id() const override { return ScreenId::contact; }
  std::string title(const AppContext& ctx) const override;
  void on_show(AppContext& ctx) override;
  void draw(AppContext& ctx, float width) override;
  nlohmann::json state(const AppContext& ctx) const override;

  // The screen the student came from, for an error report's context.
  void set_origin(std::string screen) { m_origin = std::move(screen); }

private:
  void send(AppContext& ctx);
  nlohmann::json shown(const AppContext& ctx) const;

  std::string m_topic = "question";
  std::string m_origin;
  char m_message[16384] = {};  // 4,000 characters of any script
  char m_name[128] = {};
  char m_reply_to[256] = {};
  std::optional<AccountProblem> m_problem;
  bool m_sent = false;
  nlohmann::json m_drawn = nlohmann::json::object();
};

}  // namespace umuhanda
