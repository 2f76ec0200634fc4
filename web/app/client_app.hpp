// ClientApp: the student client as a whole. Opens storage, shows the stored pack before the
// network answers (ContentSync), loads the progress log and the settings, and runs the screens:
// Home is the root, every other screen is one tap away from it and Esc (or ←) goes back. The
// header (title, back, language, one status line that doubles as the download bar) is drawn
// here, the rest by the screen on display. Drawn with Dear ImGui; no platform code, only seams.
#pragma once

#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "app/account.hpp"
#include "app/classes.hpp"
#include "app/contact.hpp"
#include "app/content_sync.hpp"
#include "app/entitlements.hpp"
#include "app/exam_admin.hpp"
#include "app/inbox.hpp"
#include "app/item_statistics.hpp"
#include "app/pack_manager.hpp"
#include "app/payments.hpp"
#include "app/people.hpp"
#include "app/pictures.hpp"
#include "app/plan_editor.hpp"
#include "app/progress_store.hpp"
#include "app/progress_sync.hpp"
#include "app/scheduled_exams.hpp"
#include "app/screen.hpp"
#include "app/screens/account_screen.hpp"
#include "app/screens/audit_log_screen.hpp"
#include "app/screens/class_screen.hpp"
#include "app/screens/class_student_screen.hpp"
#include "app/screens/contact_messages_screen.hpp"
#include "app/screens/contact_screen.hpp"
#include "app/screens/exam_admin_screen.hpp"
#include "app/screens/exam_screen.hpp"
#include "app/screens/home_screen.hpp"
#include "app/screens/inbox_screen.hpp"
#include "app/screens/item_statistics_screen.hpp"
#include "app/screens/lessons_screen.hpp"
#include "app/screens/packs_screen.hpp"
#include "app/screens/payment_queue_screen.hpp"
#include "app/screens/people_screen.hpp"
#include "app/screens/plan_editor_screen.hpp"
#include "app/screens/plans_screen.hpp"
#include "app/screens/practice_screen.hpp"
#include "app/screens/progress_screen.hpp"
#include "app/screens/scheduled_exam_screen.hpp"
#include "app/screens/settings_screen.hpp"
#include "app/screens/signs_screen.hpp"
#include "platform/app_window.hpp"
#include "platform/device.hpp"
#include "platform/key_value_store.hpp"

namespace umuhanda {

// What the client does with the school's server once someone signs in: one bundle, so that a new
// service is added here and where main.cpp makes it, not to every constructor on the way.
struct SchoolServices {
  Account& account;
  ProgressSync& sync;
  Classes& classes;
  Entitlements& entitlements;
  Payments& payments;
  Inbox& inbox;
  ContactMessages& contact;
  ScheduledExams& scheduled_exams;
  ItemStatisticsReport& item_statistics;
  ExamAdmin& exam_admin;
  PackManager& packs;
  People& people;
  PlanEditor& plan_editor;
};

class ClientApp final : public Navigator {
public:
  ClientApp(AppWindow& window, KeyValueStore& storage, ContentSync& content, ProgressStore& progress, Pictures& pictures, Device& device,
            const Clock& clock, std::uint64_t random_seed, const SchoolServices& school);

  void start();  // opens storage, then settings, the stored pack and the progress log
  void draw();   // one frame of UI, between ImGui::NewFrame() and ImGui::Render()
  nlohmann::json state() const;
  // A notification the live stream just brought (its kind): the inbox, the student's payments or
  // the staff's queue are asked again.
  void on_notification(const std::string& kind);

  // Navigator
  void show(ScreenId screen) override;
  void back() override;
  void start_practice(const PracticeScope& scope) override;
  void start_exam(std::optional<std::string> exam_set_id) override;
  void resume_exam() override;
  bool exam_in_progress() const override { return m_exam.holds_pack(); }
  void open_sign(const std::string& sign_id) override;
  void open_lesson(const std::string& lesson_slug) override;

private:
  enum class Phase { starting, loading, ready, failed };

  void on_storage_open(std::optional<StorageError> error);
  void on_pack(const Pack& pack, ContentSync::PackSource source);
  void open_linked_screen();
  void apply_settings(const Settings& settings, bool save);
  void load_fonts();
  void choose_language();
  Screen& screen(ScreenId id);
  Screen& current() { return screen(m_stack.back()); }
  void handle_global_keys();
  void follow_account();

  void draw_header(float width);
  std::string status_line(std::optional<float>& fraction) const;
  void draw_storage_warning(float width);
  void draw_loading(float width);

  AppWindow& m_window;
  ContentSync& m_content;
  ProgressStore& m_progress;
  Account& m_account;
  ProgressSync& m_sync;
  Classes& m_classes;
  ScheduledExams& m_scheduled_exams;
  Entitlements& m_entitlements;
  Payments& m_payments;
  Inbox& m_inbox;
  ContactMessages& m_contact;
  ItemStatisticsReport& m_item_statistics;
  ExamAdmin& m_exam_admin;
  PackManager& m_packs;
  People& m_people;
  PlanEditor& m_plan_editor;
  std::uint64_t m_entitlements_seen = 0;
  std::uint64_t m_account_seen = 0;  // Account::revision() when the classes were last fetched
  RandomSource m_random;
  UiFonts m_fonts;
  Settings m_settings;
  AppContext m_ctx;

  HomeScreen m_home;
  PracticeScreen m_practice;
  ExamScreen m_exam;
  SignsScreen m_signs;
  LessonsScreen m_lessons;
  ProgressScreen m_progress_screen;
  AccountScreen m_account_screen;
  ClassScreen m_class_screen;
  ClassStudentScreen m_class_student_screen;
  PlansScreen m_plans_screen;
  InboxScreen m_inbox_screen;
  PaymentQueueScreen m_payment_queue_screen;
  ContactScreen m_contact_screen;
  ContactMessagesScreen m_contact_messages_screen;
  ScheduledExamScreen m_scheduled_exam_screen;
  ItemStatisticsScreen m_item_statistics_screen;
  ExamAdminScreen m_exam_admin_screen;
  PacksScreen m_packs_screen;
  PeopleScreen m_people_screen;
  AuditLogScreen m_audit_log_screen;
  PlanEditorScreen m_plan_editor_screen;
  SettingsScreen m_settings_screen;
  std::vector<ScreenId> m_stack{ScreenId::home};

  Phase m_phase = Phase::starting;
  std::string m_error;
  std::optional<Pack> m_pack;     // the pack in use (m_ctx.pack points here)
  bool m_update_waiting = false;  // a newer pack is stored; it is used from the next start
  bool m_settings_loaded = false;
  std::optional<bool> m_storage_persisted;
  std::string m_status_text;   // as last drawn, for the test hook
  std::string m_header_title;  // as last drawn (maybe smaller, maybe cut with "…"), for the test hook
  float m_scroll_y = 0, m_scroll_max_y = 0;
  bool m_scroll_to_top = false;
  bool m_first_screen_drawn = false;
  ScreenId m_drawn_screen = ScreenId::home;  // the screen the last frame showed
};

}  // namespace umuhanda
