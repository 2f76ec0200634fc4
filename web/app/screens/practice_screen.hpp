// PracticeScreen: one question at a time from a PracticeQueue (spaced repetition, see
// docs/spaced-repetition.md): by topic, "my mistakes" or "not yet seen". A tap (or 1-6 / A-F)
// answers; right or wrong shows at once with the explanation; Enter or "Next" goes on. Every answer
// goes to the progress log.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "app/screen.hpp"

namespace umuhanda {

class PracticeScreen final : public Screen {
public:
  ScreenId id() const override { return ScreenId::practice; }
  std::string title(const AppContext& ctx) const override;
  void on_pack_changed(AppContext& ctx) override;
  bool holds_pack() const override { return m_answered_in_run > 0; }
  void draw(AppContext& ctx, float width) override;
  nlohmann::json state(const AppContext& ctx) const override;

  // A new run over `scope`, with the boxes the progress log gives.
  void begin(AppContext& ctx, const PracticeScope& scope);
  const PracticeScope& scope() const { return m_scope; }
  bool has_run() const { return m_queue.has_value(); }

private:
  void choose(AppContext& ctx, std::size_t choice);
  void go_next(AppContext& ctx);
  void draw_finished(AppContext& ctx, float width);

  PracticeScope m_scope;
  std::optional<PracticeQueue> m_queue;
  std::optional<std::string> m_question_id;  // on display; nullopt when the scope has no question left
  std::optional<std::size_t> m_selected;     // the answer given to it
  std::optional<std::string> m_next_id;      // once answered: the question the queue offers next
  std::int64_t m_question_shown_ms = 0;
  std::size_t m_answered_in_run = 0;
  std::size_t m_right_in_run = 0;
  std::uint64_t m_question_serial = 0;  // grows with every question shown: the tests' "drawn" check
  std::uint64_t m_drawn_serial = 0;
  bool m_drawn_answered = false;
  std::string m_drawn_language;
  bool m_first_question_drawn = false;
};

}  // namespace umuhanda
