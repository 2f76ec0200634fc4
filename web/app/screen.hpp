// What every screen of the client gets (AppContext) and offers (Screen). ClientApp owns the
// screens, the services and the navigation; a screen draws itself into the content column and
// asks the Navigator to go elsewhere. No platform code here, only seams.
#pragma once

#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "app/settings.hpp"
#include "app/ui_font.hpp"
#include "umuhanda/clock.hpp"
#include "umuhanda/pack.hpp"
#include "umuhanda/spaced_repetition.hpp"

namespace umuhanda {

class Account;
class Classes;
class ContactMessages;
class Inbox;
class Payments;
class ContentSync;
class Device;
class ProgressSync;
class KeyValueStore;
class Pictures;
class ProgressStore;
class ScheduledExams;
class ItemStatisticsReport;
class ExamAdmin;
class PackManager;
class People;
class PlanEditor;

enum class ScreenId {
  home,
  practice,
  exam,
  signs,
  lessons,
  progress,
  settings,
  account,
  class_roster,
  plans,
  inbox,
  payment_queue,
  contact,
  contact_messages,
  scheduled_exams,
  item_statistics,
  exam_admin,
  packs,
  people,
  audit_log,
  plan_editor,
  class_student
};
inline constexpr const char* kScreenNames[] = {
    "home",         "practice", "exam",   "signs",         "lessons",     "progress",         "settings",        "account",
    "class_roster", "plans",    "inbox",  "payment_queue", "contact",     "contact_messages", "scheduled_exams", "item_statistics",
    "exam_admin",   "packs",    "people", "audit_log",     "plan_editor", "class_student"};
inline const char* to_string(ScreenId id) { return kScreenNames[static_cast<int>(id)]; }

// Going from one screen to another, with what the next one needs. Each call replaces the screen
// on display (Home is always the root; back() from any screen goes to where the student came from).
class Navigator {
public:
  virtual ~Navigator() = default;
  virtual void show(ScreenId screen) = 0;
  virtual void back() = 0;
  virtual void start_practice(const PracticeScope& scope) = 0;
  // A mock exam from the pack's first blueprint, or the given predefined exam set.
  virtual void start_exam(std::optional<std::string> exam_set_id) = 0;
  virtual void resume_exam() = 0;  // the exam in progress, if any
  // Whether an exam is under way (begun or restored at start, not yet submitted): Home offers to
  // resume it.
  virtual bool exam_in_progress() const { return false; }
  virtual void open_sign(const std::string& sign_id) = 0;
  virtual void open_lesson(const std::string& lesson_slug) = 0;
};

struct AppContext {
  KeyValueStore& storage;
  ContentSync& content;
  ProgressStore& progress;
  Pictures& pictures;
  Device& device;
  const Clock& clock;
  RandomSource& random;
  Navigator& navigator;
  const UiFonts& fonts;         // rebuilt when the text size changes: read it every frame
  Settings& settings;           // change through ClientApp::change_settings (saved and applied)
  const Pack* pack = nullptr;   // the pack in use; nullptr until one is loaded
  std::string language = "en";  // a language of the pack: settings.language if the pack has it
  bool storage_open = false;
  std::function<void(const Settings&)> change_settings;
  Account* account = nullptr;                       // who is signed in (set by ClientApp)
  ProgressSync* sync = nullptr;                     // the progress log's sync with the server (set by ClientApp)
  Classes* classes = nullptr;                       // the signed-in user's classes (set by ClientApp)
  Payments* payments = nullptr;                     // plans, the student's requests, staff's queue (set by ClientApp)
  Inbox* inbox = nullptr;                           // the signed-in person's notifications (set by ClientApp)
  ContactMessages* contact = nullptr;               // writing to the school; staff's list (set by ClientApp)
  ScheduledExams* scheduled_exams = nullptr;        // the signed-in student's scheduled exams (set by ClientApp)
  ItemStatisticsReport* item_statistics = nullptr;  // staff: how the pack's questions work (set by ClientApp)
  ExamAdmin* exam_admin = nullptr;                  // admins: the scheduled exams and their rules (set by ClientApp)
  PackManager* packs = nullptr;                     // staff: the school's packs and their versions (set by ClientApp)
  People* people = nullptr;                         // admins: accounts, roles, plans, the audit log (set by ClientApp)
  PlanEditor* plan_editor = nullptr;                // admins: the school's plans, edited (set by ClientApp)
};

class Screen {
public:
  virtual ~Screen() = default;
  virtual ScreenId id() const = 0;
  // The title shown in the header (in ctx.language).
  virtual std::string title(const AppContext& ctx) const = 0;
  // Called when the screen comes on display.
  virtual void on_show(AppContext&) {}
  // Called when another screen replaces it (or back() leaves it).
  virtual void on_hide(AppContext&) {}
  // A new pack replaced the one in use (only happens before the student started anything).
  virtual void on_pack_changed(AppContext&) {}
  // One frame: the content column at the cursor, `width` CSS px wide.
  virtual void draw(AppContext& ctx, float width) = 0;
  // True while the student is in the middle of something a pack swap would disturb (an answer
  // given in this practice run, an exam under way): a newer pack then waits for the next start.
  virtual bool holds_pack() const { return false; }
  // Esc or the header's back arrow: true when the screen handled it itself (e.g. closing a detail
  // view); otherwise the Navigator goes back.
  virtual bool on_back(AppContext&) { return false; }
  // What the browser tests read through the test hook.
  virtual nlohmann::json state(const AppContext&) const { return nlohmann::json::object(); }
};

}  // namespace umuhanda
