// PracticeApp: the first slice of the student client. Loads the catalog and the first pack from
// the server, then runs a PracticeSession: one question, a choice, right or wrong with the
// explanation, next. Drawn with Dear ImGui; talks to the network only through HttpClient.
#pragma once

#include <array>
#include <map>
#include <optional>
#include <string>

#include "app/ui_font.hpp"
#include "platform/http_client.hpp"
#include "umuhanda/practice_session.hpp"

struct ImVec2;

namespace umuhanda {

class PracticeApp {
public:
  PracticeApp(HttpClient& http, UiFonts fonts);

  void start();  // fetches the catalog, then the first pack
  void draw();   // one frame of UI, between ImGui::NewFrame() and ImGui::Render()
  std::string state_json() const;

private:
  enum class Phase { loading_catalog, loading_pack, question, failed };
  struct Rect {
    float x = 0, y = 0, width = 0, height = 0;
  };

  void on_catalog(const HttpResponse& response);
  void on_pack(const HttpResponse& response);
  void fail(std::string message);
  void choose(std::size_t choice);
  void go_next();

  void draw_header(float width);
  void draw_status(const char* text);
  void draw_question(float width);
  bool draw_choice(std::size_t index, const std::string& text, float width);
  void handle_keys();
  const char* ui(const char* key) const;

  HttpClient& m_http;
  UiFonts m_fonts;
  Phase m_phase = Phase::loading_catalog;
  std::string m_error;
  std::string m_language = "en";
  std::optional<PracticeSession> m_session;
  std::array<Rect, kMaxChoices> m_choice_rects{};
  Rect m_next_rect;
  std::map<std::string, Rect> m_language_rects;
};

}  // namespace umuhanda
