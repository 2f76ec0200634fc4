// PracticeApp: the practice screen of the student client. Shows the pack ContentSync provides
// (the stored one first, offline or not), runs a PracticeSession over every question, sign
// pictures included: one question, a choice, right or wrong with the explanation, next. Every
// answer goes to the ProgressStore. Drawn with Dear ImGui; no platform code here, only seams.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "app/content_sync.hpp"
#include "app/pictures.hpp"
#include "app/progress_store.hpp"
#include "app/ui_font.hpp"
#include "platform/key_value_store.hpp"
#include "umuhanda/clock.hpp"
#include "umuhanda/practice_session.hpp"

struct ImVec2;

namespace umuhanda {

class PracticeApp {
public:
  PracticeApp(KeyValueStore& storage, ContentSync& content, ProgressStore& progress, Pictures& pictures, const Clock& clock, UiFonts fonts);

  void start();  // opens storage, then shows the stored pack and revalidates it
  void draw();   // one frame of UI, between ImGui::NewFrame() and ImGui::Render()
  nlohmann::json state() const;

private:
  enum class Phase { starting, loading, question, failed };
  struct Rect {
    float x = 0, y = 0, width = 0, height = 0;
  };

  void on_storage_open(std::optional<StorageError> error);
  void on_pack(const Pack& pack, ContentSync::PackSource source);
  void fail(std::string message);
  void choose(std::size_t choice);
  void go_next();
  void scroll_by_drag();

  void draw_header(float width);
  std::string status_line(std::optional<float>& fraction) const;
  void draw_storage_warning(float width);
  void draw_status(const char* text);
  void draw_loading(float width);
  void draw_question(float width);
  void draw_picture(const MediaItem* item, const ImVec2& min, float size);
  bool draw_choice_row(std::size_t index, const Choice& choice, float width);
  void draw_picture_choices(float width);
  void draw_choice_frame(std::size_t index, const ImVec2& min, const ImVec2& max, bool hovered);
  void prefetch_next_pictures();
  void handle_keys();
  const char* ui(const char* key) const;

  KeyValueStore& m_storage;
  ContentSync& m_content;
  ProgressStore& m_progress;
  Pictures& m_pictures;
  const Clock& m_clock;
  UiFonts m_fonts;
  Phase m_phase = Phase::starting;
  std::string m_error;
  std::string m_language = "en";
  std::optional<PracticeSession> m_session;
  bool m_update_waiting = false;  // a newer pack is stored; it is used from the next start
  bool m_question_drawn = false;
  bool m_scroll_to_top = false;
  float m_scroll_y = 0, m_scroll_max_y = 0;  // as last drawn, for the test hook
  std::int64_t m_question_shown_ms = 0;
  std::optional<bool> m_storage_open;
  std::optional<bool> m_storage_persisted;
  std::array<Rect, kMaxChoices> m_choice_rects{};
  Rect m_next_rect;
  Rect m_prompt_picture_rect;
  std::string m_status_text;  // as last drawn, for the test hook
  nlohmann::json m_drawn;     // what the last frame showed (position, answered, language, pictures)
  std::map<std::string, Rect> m_language_rects;
};

}  // namespace umuhanda
