// ClassScreen: one class's roster for its instructor (or an admin): the join code to write on the
// board, copy or show as a QR code; the class's weakest topics and a student x topic heatmap of
// recent accuracy (a row opens the student's page, ClassStudentScreen); each student's last
// activity, answers, recent accuracy and readiness, as the server computes them from the students'
// synced progress; the class's name and join code to manage, students added from a class list
// file, and the roster and results as spreadsheets. Opened from Settings' list of classes.
#pragma once

#include <optional>
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
  // The topics the class knows least (the server ranks them), each as a bar with its figures.
  void draw_weakest(AppContext& ctx, const Roster& roster, float width);
  // Rows of students, columns of topics, each cell coloured by the student's recent accuracy; a
  // key of the columns' numbers and a legend of the colours. A row is a tap target.
  void draw_heatmap(AppContext& ctx, const Roster& roster, float width);
  // Rename, a new join code (after a confirmation), joining off and on.
  void draw_management(AppContext& ctx, const ClassSummary& summary, float width);
  // A student's card's actions: a reset code (shown large once issued), disable (after a
  // confirmation) or enable.
  void draw_student_actions(AppContext& ctx, const RosterStudent& student, float inner);
  // Add students from a file: the file chosen, its problems or the students it holds, "Create N
  // accounts", then the new accounts' reset codes with Copy all (the logic is Classes').
  void draw_student_file(AppContext& ctx, const ClassSummary& summary, float width);
  void draw_created_students(AppContext& ctx, const StudentImport& file, float width);
  // What the server said to the last change: shown under the buttons.
  Classes::Done notice_when_done(std::string success);

  nlohmann::json m_drawn = nlohmann::json::object();
  std::string m_copied_code;  // the code the last Copy was for, and whether the clipboard took it
  bool m_copy_worked = false;
  std::optional<bool> m_copied_codes;   // whether Copy all of the new students' codes worked, once tapped
  nlohmann::json m_code_picture_drawn;  // where the QR code was drawn last frame (CSS px), null when not
  nlohmann::json m_heatmap_rows;        // the heatmap's rows as drawn last frame (CSS px), null when not
  char m_name[128] = {};
  std::int64_t m_name_for = 0;  // the class m_name was filled in for
  bool m_confirm_rotate = false;
  std::int64_t m_confirm_disable = 0;     // the student whose disabling waits for a confirmation
  std::int64_t m_student_notice_for = 0;  // the student m_notice is about, 0: the class
  bool m_busy = false;                    // a change is on its way
  std::string m_notice;
  bool m_notice_is_problem = false;
};

}  // namespace umuhanda
