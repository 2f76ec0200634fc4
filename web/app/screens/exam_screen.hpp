// ExamScreen: a mock exam drawn from the pack's blueprint (topic quotas, time limit, pass mark) or
// one of its fixed exam sets. Three views: the intro (what the exam is, Start, the fixed sets),
// the exam (countdown, one question at a time, flags, a grid to jump, submit), and the result
// (score, pass or fail, every answer reviewed with its explanation). The exam's lifecycle (saved
// after every change, restored after a reload, submitted when time is up, recorded once) is
// MockExam's (app/mock_exam.hpp); the screen draws it, forwards input and navigates.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "app/mock_exam.hpp"
#include "app/screen.hpp"

namespace umuhanda {

class ExamScreen final : public Screen {
public:
  // `ctx` outlives the screen (ClientApp owns both): the exam's events navigate through it.
  explicit ExamScreen(AppContext& ctx);
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
  using Phase = MockExam::Phase;

  // [SECTION] Input to the exam, and its events
  void on_exam_event(AppContext& ctx, MockExam::Event event);
  void answer(AppContext& ctx, std::size_t choice);
  void go_to(AppContext& ctx, std::size_t index);
  void toggle_flag(AppContext& ctx);
  void request_submit(AppContext& ctx);
  void submit(AppContext& ctx);
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

  MockExam m_exam;
  bool m_confirm_submit = false;  // "3 questions unanswered. Submit anyway?"
  bool m_scroll_to_confirm = false;
  bool m_mistakes_only = false;
  std::uint64_t m_serial = 0;  // grows with every change on screen: the tests' "drawn" check
  std::uint64_t m_drawn_serial = 0;
  std::string m_drawn_language;
  std::string m_drawn_clock;  // the countdown as the last frame showed it
};

}  // namespace umuhanda
