// ExamScreen: a mock exam drawn from the pack's blueprint (topic quotas, time limit, pass mark) or
// one of its fixed exam sets. Three views: the intro (what the exam is, Start, the fixed sets),
// the exam (countdown, one question at a time, flags, a grid to jump, submit), and the result
// (score, pass or fail, every answer reviewed with its explanation). The exam in progress is saved
// in storage after every change, end time included, so a reload or a day offline resumes it with
// the clock still running; if the time ran out meanwhile it is submitted as soon as it is read.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "app/screen.hpp"
#include "platform/key_value_store.hpp"
#include "umuhanda/exam_session.hpp"

namespace umuhanda {

class ExamScreen final : public Screen {
public:
  ScreenId id() const override { return ScreenId::exam; }
  std::string title(const AppContext& ctx) const override;
  void on_show(AppContext& ctx) override;
  void on_pack_changed(AppContext& ctx) override;
  // An exam under way, or one saved by an earlier visit not read yet, keeps the pack it was drawn from.
  bool holds_pack() const override;
  bool on_back(AppContext& ctx) override;
  void draw(AppContext& ctx, float width) override;
  nlohmann::json state(const AppContext& ctx) const override;

  // A new exam from the first blueprint (the intro first), or the predefined exam set
  // `exam_set_id` at once. An exam under way is resumed instead: one exam at a time.
  void begin(AppContext& ctx, std::optional<std::string> exam_set_id);
  // At start: reads an exam left in progress (its end time keeps running across reloads).
  void load_saved(AppContext& ctx);

private:
  enum class Phase { intro, running, result };

  // [SECTION] Exam lifecycle
  void start(AppContext& ctx, const std::optional<std::string>& exam_set_id);
  void restore(AppContext& ctx);
  void answer(AppContext& ctx, std::size_t choice);
  void go_to(AppContext& ctx, std::size_t index);
  void toggle_flag(AppContext& ctx);
  void request_submit(AppContext& ctx);
  void submit(AppContext& ctx);
  void on_submitted(AppContext& ctx);
  // Records a submitted exam once the progress log is read (or at once: ProgressStore then queues it).
  void record_if_due(AppContext& ctx, bool even_before_the_log_is_read = false);
  void save(AppContext& ctx);
  void forget_saved(AppContext& ctx);
  void changed();

  // [SECTION] Drawing
  void draw_intro(AppContext& ctx, float width);
  void draw_running(AppContext& ctx, float width);
  void draw_exam_header(AppContext& ctx, float width, std::int64_t remaining_ms);
  void draw_navigation(AppContext& ctx, float width);
  bool draw_grid_and_submit(AppContext& ctx, float width, float column_left, float column_top);
  void draw_grid(AppContext& ctx, float width);
  void draw_submit(AppContext& ctx, float width);
  void draw_result(AppContext& ctx, float width);
  void draw_review(AppContext& ctx, float width);
  void handle_exam_keys(AppContext& ctx, std::size_t choice_count);

  Phase m_phase = Phase::intro;
  std::optional<ExamSession> m_session;
  std::optional<std::string> m_saved_json;  // read from storage, waiting for the pack
  bool m_reading_saved = false;
  bool m_restored = false;           // the exam on screen came from storage
  bool m_record_due = false;         // submitted, not in the progress log yet
  bool m_confirm_submit = false;     // "3 questions unanswered. Submit anyway?"
  bool m_scroll_to_confirm = false;
  bool m_mistakes_only = false;
  std::string m_start_error;         // why the last exam could not be drawn
  std::size_t m_saves_pending = 0;
  std::size_t m_saves_done = 0;
  std::optional<StorageError> m_save_error;
  std::uint64_t m_serial = 0;        // grows with every change on screen: the tests' "drawn" check
  std::uint64_t m_drawn_serial = 0;
  std::string m_drawn_language;
  std::string m_drawn_clock;         // the countdown as the last frame showed it
};

}  // namespace umuhanda
