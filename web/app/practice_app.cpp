// [SECTION] Loading: catalog, then pack
// [SECTION] Input: clicks, taps and keys
// [SECTION] Drawing
// [SECTION] Test hook state
#include "app/practice_app.hpp"

#include <SDL_scancode.h>
#include <imgui.h>

#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>

#include "umuhanda/pack_validation.hpp"

namespace umuhanda {
namespace {

constexpr float kMaxContentWidth = 720.0f;  // CSS px: a comfortable line length on a desktop
constexpr float kMinTapHeight = 52.0f;      // CSS px: above the 44 px touch-target minimum
constexpr float kPadding = 14.0f;

const ImVec4 kTextMuted{0.64f, 0.69f, 0.78f, 1.0f};
const ImU32 kChoiceFill = IM_COL32(31, 39, 56, 255);
const ImU32 kChoiceHover = IM_COL32(41, 53, 77, 255);
const ImU32 kChoiceBorder = IM_COL32(66, 82, 112, 255);
const ImU32 kRightFill = IM_COL32(22, 101, 52, 255);
const ImU32 kWrongFill = IM_COL32(153, 27, 27, 255);
const ImVec4 kRightText{0.45f, 0.87f, 0.55f, 1.0f};
const ImVec4 kWrongText{0.98f, 0.50f, 0.50f, 1.0f};

// Interface words. Kinyarwanda is left out until a native speaker supplies it: the UI falls
// back to English where a translation is missing.
const std::map<std::string, std::map<std::string, const char*>> kUiText = {
    {"loading", {{"en", "Loading questions…"}, {"fr", "Chargement des questions…"}}},
    {"question_of", {{"en", "Question %zu of %zu"}, {"fr", "Question %zu sur %zu"}}},
    {"score", {{"en", "%zu right of %zu"}, {"fr", "%zu justes sur %zu"}}},
    {"right", {{"en", "✓ Right"}, {"fr", "✓ Bonne réponse"}}},
    {"wrong", {{"en", "✗ Wrong: the answer is %c"}, {"fr", "✗ Faux : la bonne réponse est %c"}}},
    {"next", {{"en", "Next question  →"}, {"fr", "Question suivante  →"}}},
    {"hint", {{"en", "Tap an answer, or press 1-%zu"}, {"fr", "Touchez une réponse, ou tapez 1-%zu"}}},
    {"retry", {{"en", "Try again"}, {"fr", "Réessayer"}}},
    {"failed", {{"en", "Could not load the questions"}, {"fr", "Impossible de charger les questions"}}},
};

}  // namespace

PracticeApp::PracticeApp(HttpClient& http, UiFonts fonts) : m_http(http), m_fonts(fonts) {
  ImGuiStyle& style = ImGui::GetStyle();
  ImGui::StyleColorsDark(&style);
  style.WindowPadding = ImVec2(16, 16);
  style.FrameRounding = 10.0f;
  style.FramePadding = ImVec2(14, 10);
  style.ItemSpacing = ImVec2(10, 12);
  style.WindowBorderSize = 0.0f;
  style.Colors[ImGuiCol_WindowBg] = ImVec4(0.07f, 0.09f, 0.13f, 1.0f);
  style.Colors[ImGuiCol_Button] = ImVec4(0.15f, 0.39f, 0.92f, 1.0f);
  style.Colors[ImGuiCol_ButtonHovered] = ImVec4(0.23f, 0.47f, 0.96f, 1.0f);
  style.Colors[ImGuiCol_ButtonActive] = ImVec4(0.11f, 0.31f, 0.85f, 1.0f);
}

const char* PracticeApp::ui(const char* key) const {
  const auto& translations = kUiText.at(key);
  auto it = translations.find(m_language);
  return it != translations.end() ? it->second : translations.at("en");
}

// [SECTION] Loading: catalog, then pack

void PracticeApp::start() {
  m_phase = Phase::loading_catalog;
  m_http.get("/api/v1/packs", {}, [this](HttpResponse response) { on_catalog(response); });
}

void PracticeApp::fail(std::string message) {
  m_phase = Phase::failed;
  m_error = std::move(message);
}

void PracticeApp::on_catalog(const HttpResponse& response) {
  if (!response.ok()) return fail("catalog: " + (response.error.empty() ? "HTTP " + std::to_string(response.status) : response.error));
  auto catalog = nlohmann::json::parse(response.body, nullptr, false);
  if (catalog.is_discarded() || !catalog.contains("packs") || !catalog["packs"].is_array() || catalog["packs"].empty()) {
    return fail("catalog: the server offers no pack");
  }
  const auto& first = catalog["packs"][0];
  if (!first.contains("url") || !first["url"].is_string()) return fail("catalog: packs[0].url is missing");
  m_phase = Phase::loading_pack;
  m_http.get(first["url"].get<std::string>(), {}, [this](HttpResponse pack_response) { on_pack(pack_response); });
}

void PracticeApp::on_pack(const HttpResponse& response) {
  if (!response.ok()) return fail("pack: " + (response.error.empty() ? "HTTP " + std::to_string(response.status) : response.error));
  auto pack = load_pack(response.body);
  if (!pack) return fail("pack: " + to_string(pack.errors()[0]));
  const auto& languages = pack->languages;
  if (std::find(languages.begin(), languages.end(), m_language) == languages.end()) m_language = languages.front();
  // FIXME: the client cannot draw sign pictures yet (Student client issue): until it can,
  // practise only the questions that need no picture, rather than show an unanswerable one.
  Pack practice = std::move(pack).value();
  std::erase_if(practice.questions, [](const Question& question) {
    if (!question.sign.empty() || !question.image.empty()) return true;
    return std::any_of(question.choices.begin(), question.choices.end(), [](const Choice& c) { return c.text.empty(); });
  });
  if (practice.questions.empty()) return fail("pack: no question can be shown without pictures yet");
  m_session.emplace(std::move(practice));
  m_phase = Phase::question;
}

// [SECTION] Input: clicks, taps and keys

void PracticeApp::choose(std::size_t choice) {
  if (m_session) m_session->answer(choice);
}

void PracticeApp::go_next() {
  if (m_session) m_session->next();
}

void PracticeApp::handle_keys() {
  if (!m_session) return;
  const std::size_t count = m_session->current().choices.size();
  for (std::size_t i = 0; i < count; ++i) {
    if (ImGui::IsKeyPressed(SDL_SCANCODE_1 + static_cast<int>(i), false) || ImGui::IsKeyPressed(SDL_SCANCODE_A + static_cast<int>(i), false)) {
      choose(i);
    }
  }
  if (m_session->answered() && (ImGui::IsKeyPressed(SDL_SCANCODE_RETURN, false) || ImGui::IsKeyPressed(SDL_SCANCODE_KP_ENTER, false))) {
    go_next();
  }
}

// [SECTION] Drawing

void PracticeApp::draw() {
  const ImGuiIO& io = ImGui::GetIO();
  ImGui::SetNextWindowPos(ImVec2(0, 0));
  ImGui::SetNextWindowSize(io.DisplaySize);
  ImGui::Begin("Umuhanda", nullptr,
               ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings |
                   ImGuiWindowFlags_NoBringToFrontOnFocus);
  const float width = std::min(kMaxContentWidth, io.DisplaySize.x - 2 * ImGui::GetStyle().WindowPadding.x);
  const float indent = std::max(0.0f, (io.DisplaySize.x - width) / 2 - ImGui::GetStyle().WindowPadding.x);
  ImGui::SetCursorPosX(ImGui::GetCursorPosX() + indent);
  ImGui::BeginGroup();
  draw_header(width);
  switch (m_phase) {
    case Phase::loading_catalog:
    case Phase::loading_pack: draw_status(ui("loading")); break;
    case Phase::failed:
      draw_status(ui("failed"));
      ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + width);
      ImGui::TextColored(kTextMuted, "%s", m_error.c_str());
      ImGui::PopTextWrapPos();
      if (ImGui::Button(ui("retry"), ImVec2(width, kMinTapHeight))) start();
      break;
    case Phase::question:
      handle_keys();
      draw_question(width);
      break;
  }
  ImGui::EndGroup();
  ImGui::End();
}

void PracticeApp::draw_header(float width) {
  ImGui::PushFont(m_fonts.large);
  ImGui::TextUnformatted("Umuhanda");
  ImGui::PopFont();
  if (m_session) {
    // Language switch, right-aligned: one button per language the pack is written in.
    const auto& languages = m_session->pack().languages;
    const float button_width = 56.0f;
    // Inside a group, SameLine() offsets count from the group's left edge.
    ImGui::SameLine(width - button_width * static_cast<float>(languages.size()) -
                    ImGui::GetStyle().ItemSpacing.x * static_cast<float>(languages.size() - 1));
    for (std::size_t i = 0; i < languages.size(); ++i) {
      if (i > 0) ImGui::SameLine();
      const bool active = languages[i] == m_language;
      ImGui::PushStyleColor(ImGuiCol_Button, active ? ImGui::GetStyle().Colors[ImGuiCol_Button] : ImVec4(0.16f, 0.2f, 0.28f, 1.0f));
      std::string label = languages[i];
      std::transform(label.begin(), label.end(), label.begin(), [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
      if (ImGui::Button(label.c_str(), ImVec2(button_width, 44.0f))) m_language = languages[i];
      ImGui::PopStyleColor();
      const ImVec2 min = ImGui::GetItemRectMin(), max = ImGui::GetItemRectMax();
      m_language_rects[languages[i]] = Rect{min.x, min.y, max.x - min.x, max.y - min.y};
    }
    ImGui::TextColored(kTextMuted, "%s", m_session->pack().title.in(m_language).c_str());
  }
  // A rule as wide as the content column (ImGui's Separator spans the whole window).
  const ImVec2 start = ImGui::GetCursorScreenPos();
  ImGui::GetWindowDrawList()->AddLine(start, ImVec2(start.x + width, start.y), IM_COL32(66, 82, 112, 255));
  ImGui::Dummy(ImVec2(width, 1));
}

void PracticeApp::draw_status(const char* text) {
  ImGui::Dummy(ImVec2(0, 24));
  ImGui::PushFont(m_fonts.large);
  ImGui::TextUnformatted(text);
  ImGui::PopFont();
}

bool PracticeApp::draw_choice(std::size_t index, const std::string& text, float width) {
  const float badge = 34.0f;
  const float wrap_width = width - badge - 3 * kPadding;
  const ImVec2 text_size = ImGui::CalcTextSize(text.c_str(), nullptr, false, wrap_width);
  const float height = std::max(kMinTapHeight, text_size.y + 2 * kPadding);

  ImGui::PushID(static_cast<int>(index));
  const bool clicked = ImGui::InvisibleButton("choice", ImVec2(width, height));
  const bool hovered = ImGui::IsItemHovered();
  ImGui::PopID();
  const ImVec2 min = ImGui::GetItemRectMin();
  const ImVec2 max = ImGui::GetItemRectMax();
  m_choice_rects[index] = Rect{min.x, min.y, max.x - min.x, max.y - min.y};

  ImU32 fill = hovered && !m_session->answered() ? kChoiceHover : kChoiceFill;
  if (m_session->answered()) {
    if (m_session->current().is_correct(index)) fill = kRightFill;
    else if (m_session->selected() == index) fill = kWrongFill;
  }
  ImDrawList* draw = ImGui::GetWindowDrawList();
  draw->AddRectFilled(min, max, fill, 10.0f);
  draw->AddRect(min, max, kChoiceBorder, 10.0f, 0, 1.0f);
  const ImVec2 badge_center(min.x + kPadding + badge / 2, min.y + height / 2);
  draw->AddCircleFilled(badge_center, badge / 2, IM_COL32(255, 255, 255, 40));
  const char letter[2] = {static_cast<char>('A' + index), 0};
  const ImVec2 letter_size = ImGui::CalcTextSize(letter);
  draw->AddText(ImVec2(badge_center.x - letter_size.x / 2, badge_center.y - letter_size.y / 2), IM_COL32_WHITE, letter);
  draw->AddText(ImGui::GetFont(), ImGui::GetFontSize(), ImVec2(min.x + badge + 2 * kPadding, min.y + (height - text_size.y) / 2),
                IM_COL32(236, 240, 247, 255), text.c_str(), nullptr, wrap_width);
  return clicked;
}

void PracticeApp::draw_question(float width) {
  const PracticeSession& session = *m_session;
  const Question& question = session.current();
  const Pack& pack = session.pack();
  const std::string topic_name = [&] {
    for (const auto& topic : pack.topics)
      if (topic.id == question.topic) return topic.name.in(m_language);
    return std::string();
  }();

  char line[160];
  std::snprintf(line, sizeof line, ui("question_of"), session.position() + 1, pack.questions.size());
  std::string meta = std::string(line) + "  •  " + topic_name;
  if (session.answered_count() > 0) {
    std::snprintf(line, sizeof line, ui("score"), session.right_count(), session.answered_count());
    meta += "  •  " + std::string(line);
  }
  // Wrapped, not clipped: on a narrow phone the line continues below.
  ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + width);
  ImGui::PushStyleColor(ImGuiCol_Text, kTextMuted);
  ImGui::TextUnformatted(meta.c_str());
  ImGui::PopStyleColor();
  ImGui::PopTextWrapPos();

  ImGui::PushFont(m_fonts.large);
  ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + width);
  ImGui::TextUnformatted(question.prompt.in(m_language).c_str());
  ImGui::PopTextWrapPos();
  ImGui::PopFont();
  ImGui::Dummy(ImVec2(0, 4));

  for (std::size_t i = 0; i < question.choices.size(); ++i) {
    if (draw_choice(i, question.choices[i].text.in(m_language), width)) choose(i);
  }

  if (!session.answered()) {
    std::snprintf(line, sizeof line, ui("hint"), question.choices.size());
    ImGui::TextColored(kTextMuted, "%s", line);
    m_next_rect = Rect{};
    return;
  }
  ImGui::Dummy(ImVec2(0, 4));
  ImGui::PushFont(m_fonts.large);
  if (session.outcome() == AnswerOutcome::right) {
    ImGui::TextColored(kRightText, "%s", ui("right"));
  } else {
    std::snprintf(line, sizeof line, ui("wrong"), static_cast<char>('A' + question.correct.front()));
    ImGui::TextColored(kWrongText, "%s", line);
  }
  ImGui::PopFont();
  if (!question.explanation.empty()) {
    ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + width);
    ImGui::TextUnformatted(question.explanation.in(m_language).c_str());
    ImGui::PopTextWrapPos();
  }
  if (ImGui::Button(ui("next"), ImVec2(width, kMinTapHeight))) go_next();
  const ImVec2 min = ImGui::GetItemRectMin(), max = ImGui::GetItemRectMax();
  m_next_rect = Rect{min.x, min.y, max.x - min.x, max.y - min.y};
}

// [SECTION] Test hook state

std::string PracticeApp::state_json() const {
  static const char* kPhaseNames[] = {"loading_catalog", "loading_pack", "question", "failed"};
  auto rect_json = [](const Rect& r) { return nlohmann::json{{"x", r.x}, {"y", r.y}, {"width", r.width}, {"height", r.height}}; };
  nlohmann::json state = {{"phase", kPhaseNames[static_cast<int>(m_phase)]}, {"language", m_language}};
  if (m_phase == Phase::failed) state["error"] = m_error;
  if (m_session) {
    const Question& question = m_session->current();
    state["pack"] = m_session->pack().id;
    state["position"] = m_session->position();
    state["question_id"] = question.id;
    state["prompt"] = question.prompt.in(m_language);
    state["choice_count"] = question.choices.size();
    state["answered"] = m_session->answered();
    state["answered_count"] = m_session->answered_count();
    state["right_count"] = m_session->right_count();
    if (auto selected = m_session->selected()) state["selected"] = *selected;
    if (auto outcome = m_session->outcome()) {
      state["outcome"] = *outcome == AnswerOutcome::right ? "right" : "wrong";
      state["correct"] = question.correct.front();
      state["explanation"] = question.explanation.in(m_language);
    }
    nlohmann::json rects = nlohmann::json::array();
    for (std::size_t i = 0; i < question.choices.size(); ++i) rects.push_back(rect_json(m_choice_rects[i]));
    state["choice_rects"] = std::move(rects);
    if (m_next_rect.width > 0) state["next_rect"] = rect_json(m_next_rect);
    nlohmann::json languages = nlohmann::json::object();
    for (const auto& [language, rect] : m_language_rects) languages[language] = rect_json(rect);
    state["language_rects"] = std::move(languages);
  }
  return state.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace umuhanda
