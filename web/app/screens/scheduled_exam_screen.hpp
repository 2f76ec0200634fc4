// ScheduledExamScreen: the school's scheduled exams for a signed-in student (docs/exams.md). The list
// (a live countdown to each next exam by the server's clock, "Sit now" on an open one, the result of
// past ones), sitting one question at a time with the time left and a line saying the answers are
// kept on this phone while offline, the result (passed or not, counted or late, as the server says)
// with the review, the ranking, and the two choices. ScheduledExams (app/scheduled_exams.hpp) does
// the work; this screen draws it and forwards taps.
#pragma once

#include <cstdint>
#include <string>

#include "app/screen.hpp"

namespace umuhanda {

class ScheduledExamScreen final : public Screen {
public:
  enum class View { list, sitting, result, ranking };

  ScreenId id() const override { return ScreenId::scheduled_exams; }
  std::string title(const AppContext& ctx) const override;
  void on_show(AppContext& ctx) override;
  void draw(AppContext& ctx, float width) override;
  bool on_back(AppContext& ctx) override;
  nlohmann::json state(const AppContext& ctx) const override;

private:
  void show_view(View view);
  void draw_list(AppContext& ctx, float width);
  void draw_choices(AppContext& ctx, float width);
  void draw_sitting(AppContext& ctx, float width);
  void draw_result(AppContext& ctx, float width);
  void draw_ranking(AppContext& ctx, float width);
  void draw_problem(AppContext& ctx, float width);

  std::uint64_t serial(const AppContext& ctx) const;

  View m_view = View::list;
  std::uint64_t m_view_serial = 0;  // moves on with every change of view or of the submit question
  bool m_confirm_submit = false;
  bool m_scroll_to_top = false;
  bool m_scroll_to_confirm = false;  // the submit question just opened: brought into view once
  std::uint64_t m_drawn_serial = 0;
  std::string m_drawn_language;
  std::string m_drawn_countdown;  // the first countdown or time left as last drawn, for the tests
};

}  // namespace umuhanda
