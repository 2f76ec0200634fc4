// ClassScreen: one class's roster for its instructor (or an admin): the join code to write on the
// board, and each student's last activity, answers, recent accuracy and readiness, as the server
// computes them from the students' synced progress. Opened from Settings' list of classes.
#pragma once

#include <string>

#include "app/screen.hpp"

namespace umuhanda {

class ClassScreen final : public Screen {
public:
  ScreenId id() const override { return ScreenId::class_roster; }
  std::string title(const AppContext& ctx) const override;
  void on_show(AppContext& ctx) override;
  void draw(AppContext& ctx, float width) override;
  nlohmann::json state(const AppContext& ctx) const override;

private:
  nlohmann::json shown(const AppContext& ctx) const;
  nlohmann::json m_drawn = nlohmann::json::object();
};

}  // namespace umuhanda
