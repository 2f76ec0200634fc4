// AuditLogScreen: for admins, every decision the school's staff and the server made, newest first
// (docs/staff.md, "Audit log"): payments approved and rejected, plans saved, granted and ended,
// roles changed. Who, when, what, in a sentence an owner reads; narrowed by kind or by a word (a
// name, a transaction's payment number, a plan).
#pragma once

#include <string>

#include "app/screen.hpp"

namespace umuhanda {

class AuditLogScreen final : public Screen {
public:
  ScreenId id() const override { return ScreenId::audit_log; }
  std::string title(const AppContext& ctx) const override;
  void on_show(AppContext& ctx) override;
  void draw(AppContext& ctx, float width) override;
  nlohmann::json state(const AppContext& ctx) const override;

private:
  nlohmann::json shown(const AppContext& ctx) const;

  std::string m_kind;  // "", "payment", "plan", "subscription", "user": the action's first word
  char m_filter[64] = {};
  std::size_t m_listed = 0;  // entries shown by the last frame
  nlohmann::json m_drawn = nlohmann::json::object();
};

}  // namespace umuhanda
