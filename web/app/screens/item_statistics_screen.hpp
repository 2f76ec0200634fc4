// ItemStatisticsScreen: for instructors and admins, which questions of the pack work (docs/api.md,
// "Item statistics"): a histogram of how easy they are, a sortable, filterable table of every
// question's figures with its flags, each fixed paper's consistency, and a question opened as the
// student sees it with its numbers and how often each choice was picked.
#pragma once

#include <string>

#include "app/item_statistics.hpp"
#include "app/screen.hpp"

namespace umuhanda {

class ItemStatisticsScreen final : public Screen {
public:
  ScreenId id() const override { return ScreenId::item_statistics; }
  std::string title(const AppContext& ctx) const override;
  void on_show(AppContext& ctx) override;
  void draw(AppContext& ctx, float width) override;
  bool on_back(AppContext& ctx) override;
  nlohmann::json state(const AppContext& ctx) const override;

private:
  void draw_list(AppContext& ctx, float width);
  void draw_question_figures(AppContext& ctx, const ItemStatistic& item, float width);
  nlohmann::json shown(const AppContext& ctx) const;

  ItemSort m_sort = ItemSort::flags;
  bool m_descending = true;
  bool m_flagged_only = false;
  std::string m_open;  // the question opened, or "" for the list
  nlohmann::json m_drawn = nlohmann::json::object();
};

}  // namespace umuhanda
