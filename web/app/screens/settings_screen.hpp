// SettingsScreen: language, theme (dark, light, high contrast) and text size, applied at once
// through ctx.change_settings; the storage the app uses, with "Clear cached data" (the pack and its
// pictures, downloaded again after a restart; never progress or settings); and "Reset progress".
// Both deletions ask first in an inline panel that says what goes: Enter confirms, Esc cancels.
// Last, the account and its sync (sign in, the sync's state, sign out) and the classes.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "app/screen.hpp"
#include "app/ui/key_focus.hpp"
#include "platform/device.hpp"

namespace umuhanda {

class SettingsScreen final : public Screen {
public:
  ScreenId id() const override { return ScreenId::settings; }
  std::string title(const AppContext& ctx) const override;
  void on_show(AppContext& ctx) override;
  bool on_back(AppContext& ctx) override;
  void draw(AppContext& ctx, float width) override;
  nlohmann::json state(const AppContext& ctx) const override;

private:
  enum class Confirm { none, clear_cache, reset };

  void estimate_storage(AppContext& ctx);
  void clear_cache(AppContext& ctx);
  void reset_progress(AppContext& ctx);
  void open_confirm(Confirm confirm);
  void draw_contact(AppContext& ctx, float width);
  void draw_account(AppContext& ctx, float width);
  void draw_classes(AppContext& ctx, float width);
  void draw_your_data(AppContext& ctx, float width);
  void draw_appearance(AppContext& ctx, float width);
  void draw_storage(AppContext& ctx, float width);
  void draw_progress(AppContext& ctx, float width);
  // A confirmation panel: `question`, then the danger button and Cancel. Returns true when confirmed.
  bool draw_confirm_panel(AppContext& ctx, const std::string& name, const std::string& question, const std::string& note, const char* confirm_label,
                          float width);
  nlohmann::json shown(const AppContext& ctx) const;

  Confirm m_confirm = Confirm::none;
  int m_scroll_stage = 0;  // 1: bring the panel into view; 2: the frame that shows it
  std::optional<StorageEstimate> m_estimate;
  bool m_estimate_pending = false;
  bool m_estimate_unknown = false;  // the browser cannot tell
  bool m_clearing = false;
  bool m_resetting = false;
  std::string m_notice;  // what the last action did ("Progress deleted.")
  bool m_notice_is_problem = false;
  bool m_deleting_open = false;      // the account deletion panel is shown
  bool m_signing_out = false;        // a sign-out waits for the sync, then for the server
  char m_delete_password[160] = {};  // cleared after every try
  char m_class_field[96] = {};       // a class code to join (students) or a new class's name (staff)
  std::string m_class_notice;
  bool m_class_notice_is_problem = false;
  KeyFocus m_focus;
  nlohmann::json m_drawn = nlohmann::json::object();
};

}  // namespace umuhanda
