// InboxScreen: the signed-in person's notifications, newest first, worded by the server in the
// app's language: payments decided, plans granted, ending and ended, exam results and reminders,
// new pack versions; for staff, payment requests and contact messages. Opening it marks them read;
// those that were new stay marked on this visit. A notification about a payment or a plan opens
// the plans screen, a payment request the staff's list.
#pragma once

#include <cstdint>
#include <set>
#include <string>

#include "app/screen.hpp"

namespace umuhanda {

class InboxScreen final : public Screen {
public:
  ScreenId id() const override { return ScreenId::inbox; }
  std::string title(const AppContext& ctx) const override;
  void on_show(AppContext& ctx) override;
  void draw(AppContext& ctx, float width) override;
  nlohmann::json state(const AppContext& ctx) const override;

private:
  nlohmann::json shown(const AppContext& ctx) const;

  std::set<std::int64_t> m_new;  // unread when the screen opened
  bool m_marked = false;         // marked read on this visit
  nlohmann::json m_drawn = nlohmann::json::object();
};

}  // namespace umuhanda
