// ClassScreen: one class's roster for its instructor (or an admin): the join code to write on the
// board, copy or show as a QR code, and each student's last activity, answers, recent accuracy and
// readiness, as the server computes them from the students' synced progress. Opened from
// Settings' list of classes.
#pragma once

#include <string>

#include "app/classes.hpp"
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
  // The code, Copy, and the QR code the server renders for it.
  void draw_join_code(AppContext& ctx, const ClassSummary& summary, float width);

  nlohmann::json m_drawn = nlohmann::json::object();
  std::string m_copied_code;  // the code the last Copy was for, and whether the clipboard took it
  bool m_copy_worked = false;
  nlohmann::json m_code_picture_drawn;  // where the QR code was drawn last frame (CSS px), null when not
};

}  // namespace umuhanda
