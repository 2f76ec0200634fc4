// PlanEditorScreen: for admins, the school's plans (docs/payments.md, "Editing plans in the app"):
// each with its duration in words, its price and whether students are offered it; tapping one (or
// "New plan") opens its form: the names in English, French and Kinyarwanda, the duration as a number
// of hours or days, the price, offered or not, and the packs it opens, each mistake shown under its
// field. The logic is PlanEditor's; this screen draws it and keeps the text being typed.
#pragma once

#include <string>

#include "app/screen.hpp"

namespace umuhanda {

class PlanEditorScreen final : public Screen {
public:
  ScreenId id() const override { return ScreenId::plan_editor; }
  std::string title(const AppContext& ctx) const override;
  void on_show(AppContext& ctx) override;
  void draw(AppContext& ctx, float width) override;
  bool on_back(AppContext& ctx) override;
  nlohmann::json state(const AppContext& ctx) const override;

private:
  void draw_list(AppContext& ctx, float width);
  void draw_form(AppContext& ctx, float width);
  nlohmann::json shown(const AppContext& ctx) const;

  bool m_form_open = false;  // the buffers below hold the open draft's text
  char m_slug[48] = {};
  char m_name_en[128] = {};
  char m_name_fr[128] = {};
  char m_name_rw[128] = {};
  char m_duration[16] = {};
  char m_price[24] = {};
  nlohmann::json m_drawn = nlohmann::json::object();
};

}  // namespace umuhanda
