// HomeScreen: the hub. First "Continue" (the exam under way, else the last practice scope, else a
// first step) and a compact readiness summary; then big rows: practice (every topic, by topic, my
// mistakes, not yet seen), the mock exam, road signs, lessons, progress and settings; last, the
// card of the pack on this phone with its update state. Arrows move a focus ring, Enter takes the
// ringed row (or "Continue" when none is).
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "app/screen.hpp"
#include "app/ui/key_focus.hpp"
#include "umuhanda/statistics.hpp"

namespace umuhanda {

class HomeScreen final : public Screen {
public:
  ScreenId id() const override { return ScreenId::home; }
  std::string title(const AppContext& ctx) const override;
  void on_show(AppContext& ctx) override;
  void on_pack_changed(AppContext& ctx) override;
  void draw(AppContext& ctx, float width) override;
  nlohmann::json state(const AppContext& ctx) const override;

private:
  enum class ContinueKind { exam, practice, start };

  void refresh(const AppContext& ctx);
  void load_last_scope(AppContext& ctx);
  void practise(AppContext& ctx, const PracticeScope& scope);
  ContinueKind continue_kind(const AppContext& ctx) const;
  PracticeScope continue_scope(const AppContext& ctx) const;
  void continue_now(AppContext& ctx);
  std::string scope_name(const AppContext& ctx, const PracticeScope& scope) const;

  void draw_continue(AppContext& ctx, float width);
  void draw_readiness(AppContext& ctx, float width);
  void draw_practice(AppContext& ctx, float width);
  void draw_other_rows(AppContext& ctx, float width);
  // Plans and payments (or the staff's payment requests) and the inbox; true when one was tapped.
  bool draw_school_rows(AppContext& ctx, float width);
  void draw_pack_card(AppContext& ctx, float width);
  // What the frame should show ("view" in state()); "drawn" is the last frame's copy, so a test
  // knows the screen shows the current state when the two are equal.
  nlohmann::json shown(const AppContext& ctx) const;

  // Derived from the progress log and the pack, recomputed only when either changed.
  Statistics m_stats;
  std::size_t m_mistakes = 0;  // questions whose last answer was wrong
  std::size_t m_unseen = 0;    // questions never answered
  bool m_has_practised = false;
  std::optional<std::uint64_t> m_stats_revision;
  std::uint64_t m_pack_serial = 0;  // grows with every pack put in use
  std::uint64_t m_stats_pack_serial = 0;

  // The last practice scope started from Home, kept in the "meta" store across visits.
  std::optional<PracticeScope> m_last_scope;
  bool m_last_scope_asked = false;

  bool m_topics_open = false;
  int m_scroll_stage = 0;  // 1: bring the topic rows into view; 2: the frame that shows it
  KeyFocus m_focus;
  nlohmann::json m_drawn = nlohmann::json::object();
};

}  // namespace umuhanda
