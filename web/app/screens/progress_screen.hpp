// ProgressScreen: what the progress log says, from statistics.hpp: questions seen and mastered and
// recent accuracy in totals, the mock exam scores as a chart with the pass line, and a bar per
// topic. Read-only apart from a way into a first mock exam when there is none yet.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "app/screen.hpp"
#include "app/ui/key_focus.hpp"
#include "umuhanda/statistics.hpp"

namespace umuhanda {

class ProgressScreen final : public Screen {
public:
  ScreenId id() const override { return ScreenId::progress; }
  std::string title(const AppContext& ctx) const override;
  void on_show(AppContext& ctx) override;
  void on_pack_changed(AppContext& ctx) override;
  void draw(AppContext& ctx, float width) override;
  nlohmann::json state(const AppContext& ctx) const override;

private:
  void refresh(const AppContext& ctx);
  void draw_totals(AppContext& ctx, float width);
  void draw_exams(AppContext& ctx, float width);
  void draw_topics(AppContext& ctx, float width);
  nlohmann::json shown(const AppContext& ctx) const;

  Statistics m_stats;  // recomputed only when the log or the pack changed
  std::optional<std::uint64_t> m_stats_revision;
  std::uint64_t m_pack_serial = 0;
  std::uint64_t m_stats_pack_serial = 0;
  KeyFocus m_focus;
  nlohmann::json m_drawn = nlohmann::json::object();
};

}  // namespace umuhanda
