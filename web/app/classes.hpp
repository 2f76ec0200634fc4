// Classes as the client sees them (docs/api.md, "Classes"): a student's classes and joining one
// with the code an instructor gave; an instructor's classes and a class's roster (each student's
// last activity, readiness and topics, and the class's weakest topics, computed by the server from
// their synced progress), and one student's page. Online only: nothing here is stored on the device.
#pragma once

#include <cstdint>
#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "app/account.hpp"
#include "platform/http_client.hpp"
#include "umuhanda/class_statistics.hpp"
#include "umuhanda/diagnostic.hpp"
#include "umuhanda/localized_text.hpp"
#include "umuhanda/statistics.hpp"
#include "umuhanda/student_roster.hpp"

namespace umuhanda {

struct ClassSummary {
  std::int64_t id = 0;
  std::string name;
  std::string instructor;
  std::int64_t students = 0;
  std::string join_code;  // "7KQ4-MX2P" for its instructor and admins; empty for students
  bool joining = false;
};

struct RosterStudent {
  std::int64_t id = 0;
  std::string name;
  std::optional<std::int64_t> last_activity_ms;
  std::int64_t answers = 0;
  std::optional<double> recent_accuracy;  // 0..1, nullopt before any answer
  std::int64_t seen = 0, mastered = 0, total = 0, exams_taken = 0;
  bool ready = false;
  bool disabled = false;                // the account cannot sign in (staff disabled it)
  std::vector<TopicStatistics> topics;  // the heatmap's row: one per topic of the class, in its order
};

// A one-time password reset code staff issued, to hand to the student (docs/api.md, "Password resets").
struct IssuedResetCode {
  std::int64_t user_id = 0;
  std::string name;
  std::string code;  // "4821 0937", as said on the phone
  std::int64_t expires_at = 0;
};

// Students added from a class list (docs/staff.md, "Adding students from a file"): the file read
// in the browser with the core's parse_student_roster; nothing is sent while it has a problem.
// Once sent, the accounts created (each with its one-time reset code) and the logins that
// already had one.
struct CreatedStudent {
  std::int64_t user_id = 0;
  std::string name;
  std::string login;       // E.164: display_phone for people
  std::string reset_code;  // "4821 0937"
  std::int64_t expires_at = 0;
};
struct ExistingLogin {
  std::string login;
  std::string status;  // "added_existing" (a student, now in the class) or "exists" (staff, left alone)
  std::string name;    // the account's own name, for "added_existing"
};
struct StudentImport {
  std::int64_t class_id = 0;
  std::string file_name;
  std::vector<RosterEntry> students;  // what the file holds, when it has no problem
  Diagnostics problems;               // every problem of the file, located ("class.csv:4:2: ...")
  bool sending = false;
  bool sent = false;
  std::string refusal;  // why the server refused (nothing was created then)
  std::vector<CreatedStudent> created;
  std::vector<ExistingLogin> existing;

  bool ready() const { return problems.empty() && !students.empty() && !sent && !sending; }
};

// A topic of the pack the roster was computed over, with its title in each language the pack has.
struct RosterTopic {
  std::string id;
  LocalizedText title;
};

struct Roster {
  ClassSummary summary;
  std::vector<RosterTopic> topics;  // the heatmap's columns, in the pack's order
  std::vector<RosterStudent> students;
  std::vector<ClassTopic> weakest;  // the server's weakest_topics (class_statistics.hpp), weakest first
  std::int64_t weakest_min_answers = 0;
};

// The title of topic `id` among `topics` in `language`, or the id itself when it has none.
std::string topic_title(const std::vector<RosterTopic>& topics, const std::string& id, const std::string& language);

// How a heatmap cell is coloured: by the student's recent accuracy in the topic. 80 %: the
// readiness rule asks for the pass ratio (60 % in the default pack's test), and a topic well above
// it is one the instructor can leave; under 50 % the student gets more wrong than right.
enum class MasteryBand { not_practised, low, middling, good };
inline constexpr double kGoodAccuracy = 0.8;
inline constexpr double kLowAccuracy = 0.5;
MasteryBand mastery_band(const TopicStatistics& topic);

// One student's page for their instructor (docs/api.md, "Classes"): the roster's figures, their
// topics, every mock exam, and the questions they still get wrong (the newest first).
struct StudentMistake {
  std::string question_id;
  std::string topic;
  LocalizedText prompt;
  std::int64_t wrong = 0, answered = 0, last_answered_at_ms = 0;
};
struct StudentPage {
  std::int64_t class_id = 0;
  RosterStudent student;  // its topics are the page's, with their titles in `titles`
  std::vector<RosterTopic> titles;
  std::vector<ExamScore> exams;  // oldest first
  std::vector<StudentMistake> mistakes;
  std::int64_t mistake_count = 0;  // all of them: the server sends the newest 50
};

// A class's join code as a QR code: the PNG the server renders, fetched with the roster while
// joining is on, for the screen to decode into a texture under key().
struct CodePicture {
  std::int64_t class_id = 0;
  std::string code;  // the code it shows: a rotated code is another picture
  std::string png;   // empty until it arrived
  bool loading = false;
  std::string problem;  // why it could not be fetched
  std::string key() const { return "class-code:" + std::to_string(class_id) + ":" + code; }
};

class Classes {
public:
  using Done = std::function<void(std::optional<AccountProblem>)>;

  explicit Classes(HttpClient& http) : m_http(http) {}

  void refresh();  // the caller's classes
  // Joins with a typed code ("7kq4 mx2p" is read as 7KQ4-MX2P by the server).
  void join(const std::string& code, Done on_done);
  // Instructors and admins: a new class (its join code comes with it).
  void create(const std::string& name, Done on_done);
  void open_roster(std::int64_t class_id);
  // A student of the class, for the student screen (student_page() once it arrived).
  void open_student(std::int64_t class_id, std::int64_t student_id);
  // The student the student screen shows (chosen on the class screen, loaded when that screen opens).
  void select_student(std::int64_t student_id) { m_selected_student = student_id; }
  // The class's instructor or an admin: a new name; a new join code (the old one then joins
  // nobody); joining switched off or on again (the same code). The roster's class and the list
  // take the server's answer.
  enum class CodeAction { rotate, off, on };
  void rename(std::int64_t class_id, const std::string& name, Done on_done);
  void change_code(std::int64_t class_id, CodeAction action, Done on_done);
  // Staff, for a student of the roster: a reset code (kept as reset_code() to show), and the
  // account disabled (its sessions end) or enabled again (the roster's flag follows).
  void issue_reset_code(std::int64_t user_id, Done on_done);
  void set_disabled(std::int64_t user_id, bool disabled, Done on_done);
  const std::optional<IssuedResetCode>& reset_code() const { return m_reset_code; }
  // Staff, for the roster's class: a class list file read (every problem kept, nothing sent), then
  // its students created, in one request; the roster reloads after. forget_student_file() closes it.
  void read_student_file(std::int64_t class_id, const std::string& file_name, const std::string& text);
  // A file the device could not read (too large, unreadable): its one problem, `why`.
  void student_file_unreadable(std::int64_t class_id, const std::string& file_name, const std::string& why);
  void create_students(Done on_done);
  void forget_student_file() { m_import.reset(); }
  const std::optional<StudentImport>& student_import() const { return m_import; }
  // The created students as tab-separated lines (name, phone, reset code, valid until HH:MM UTC),
  // for "Copy all" into a spreadsheet or a message.
  std::string created_students_text() const;
  // The class a roster screen shows (chosen in Settings, loaded when the screen opens).
  void select(std::int64_t class_id) { m_selected = class_id; }
  std::int64_t selected() const { return m_selected; }
  void forget();  // after signing out

  const std::vector<ClassSummary>& list() const { return m_list; }
  bool loaded() const { return m_loaded; }
  const std::optional<Roster>& roster() const { return m_roster; }
  const std::optional<StudentPage>& student_page() const { return m_student_page; }
  bool student_loading() const { return m_student_loading; }
  std::int64_t selected_student() const { return m_selected_student; }
  const std::string& student_problem() const { return m_student_problem; }  // why the page could not be loaded
  // The roster's class's code picture; nullopt while joining is off or before a roster loaded.
  const std::optional<CodePicture>& code_picture() const { return m_code_picture; }
  bool roster_loading() const { return m_roster_loading; }
  const std::string& problem() const { return m_problem; }
  std::uint64_t revision() const { return m_revision; }
  nlohmann::json state_json() const;

private:
  void load_code_picture(const ClassSummary& summary);
  // A class the server sent back after a change: the roster's summary (and code picture) and the list.
  void changed(HttpResponse response, const Done& on_done);

  HttpClient& m_http;
  std::vector<ClassSummary> m_list;
  bool m_loaded = false;
  std::optional<Roster> m_roster;
  std::optional<StudentPage> m_student_page;
  bool m_student_loading = false;
  std::int64_t m_selected_student = 0;
  std::string m_student_problem;
  std::optional<CodePicture> m_code_picture;
  std::optional<IssuedResetCode> m_reset_code;
  std::optional<StudentImport> m_import;
  bool m_roster_loading = false;
  std::string m_problem;
  std::uint64_t m_revision = 0;
  std::int64_t m_selected = 0;
};

// "14:05 UTC" for Unix seconds: when a reset code stops working.
std::string utc_time_of_day(std::int64_t unix_seconds);

// From the server's JSON; nullopt when it is not one.
std::optional<ClassSummary> class_summary_from(const nlohmann::json& json);
// A roster's or student page's answer (docs/api.md); nullopt when it is not one.
std::optional<Roster> roster_from(const nlohmann::json& json);
std::optional<StudentPage> student_page_from(const nlohmann::json& json);

}  // namespace umuhanda
