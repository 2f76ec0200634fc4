// PracticeApp: the practice screen, its start-up and its test hook state.
// [SECTION] Start: storage, then the pack
// [SECTION] Input: clicks, taps and keys
// [SECTION] Drawing: frame, header, download status
// [SECTION] Drawing: the question, its pictures and choices
// [SECTION] Test hook state
#include "app/practice_app.hpp"

#include <SDL_scancode.h>
#include <imgui.h>
#include <imgui_internal.h>  // SetNextWindowScroll: a new question starts at the top in its first frame

#include <algorithm>
#include <cstdio>
#include <map>
#include <vector>

#include "app/question_pictures.hpp"
#include "platform/app_window.hpp"

namespace umuhanda {
namespace {

constexpr float kMaxContentWidth = 720.0f;  // CSS px: a comfortable line length on a desktop
constexpr float kMinTapHeight = 52.0f;      // CSS px: above the 44 px touch-target minimum
constexpr float kPadding = 14.0f;
constexpr float kGap = 10.0f;               // between picture choices
constexpr float kMaxPromptPicture = 180.0f;  // CSS px; the 256 px image stays sharp up to ~1.4x
constexpr float kMaxChoicePicture = 112.0f;  // CSS px; the 128 px thumbnail

const ImVec4 kTextMuted{0.64f, 0.69f, 0.78f, 1.0f};
const ImVec4 kWarningText{0.98f, 0.78f, 0.35f, 1.0f};
const ImU32 kChoiceFill = IM_COL32(31, 39, 56, 255);
const ImU32 kChoiceHover = IM_COL32(41, 53, 77, 255);
const ImU32 kChoiceBorder = IM_COL32(66, 82, 112, 255);
const ImU32 kRightFill = IM_COL32(22, 101, 52, 255);
const ImU32 kWrongFill = IM_COL32(153, 27, 27, 255);
// Road signs are drawn for daylight: a light plate behind them keeps black borders visible.
const ImU32 kPicturePlate = IM_COL32(233, 237, 244, 255);
const ImU32 kPictureWaiting = IM_COL32(52, 63, 86, 255);
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
    {"downloading_pack", {{"en", "Downloading questions: %s of %s"}, {"fr", "Téléchargement : %s sur %s"}}},
    {"downloading_pack_size_unknown", {{"en", "Downloading questions: %s"}, {"fr", "Téléchargement : %s"}}},
    {"downloading_pictures", {{"en", "Pictures %zu/%zu · %s/%s"}, {"fr", "Images %zu/%zu · %s/%s"}}},
    {"offline", {{"en", "Offline · questions saved here"}, {"fr", "Hors ligne · questions enregistrées"}}},
    {"offline_pictures", {{"en", "Offline · %zu/%zu pictures saved"}, {"fr", "Hors ligne · %zu/%zu images"}}},
    {"check_failed", {{"en", "Could not check for new questions"}, {"fr", "Vérification impossible"}}},
    {"storage_full", {{"en", "This phone’s storage is full: new answers and pictures may not be saved"},
                      {"fr", "La mémoire de ce téléphone est pleine : réponses et images risquent de ne pas être enregistrées"}}},
    {"storage_unavailable", {{"en", "This browser does not let the app save anything: it works only online"},
                             {"fr", "Ce navigateur ne permet pas d’enregistrer : l’application ne marche qu’en ligne"}}},
    {"storage_failed", {{"en", "Saving on this phone failed: answers may be lost"},
                        {"fr", "L’enregistrement sur ce téléphone a échoué : des réponses peuvent être perdues"}}},
    {"update_waiting", {{"en", "New questions are saved: they appear next time you open the app"},
                        {"fr", "De nouvelles questions sont enregistrées : elles apparaîtront à la prochaine ouverture"}}},
};

// "45 KB", "1.1 MB" (French: "45 Ko", "1,1 Mo"): `scale` (the total) picks the unit, so both
// numbers of "x of y" share it.
std::string format_bytes(std::uint64_t bytes, std::uint64_t scale, bool french, bool with_unit = true) {
  const bool megabytes = scale >= 1000 * 1000;
  char text[32];
  std::snprintf(text, sizeof text, megabytes ? "%.1f" : "%.0f", static_cast<double>(bytes) / (megabytes ? 1e6 : 1e3));
  std::string result = text;
  if (french) std::replace(result.begin(), result.end(), '.', ',');
  if (with_unit) result += french ? (megabytes ? " Mo" : " Ko") : (megabytes ? " MB" : " KB");
  return result;
}

ImTextureID texture_id(const Texture& texture) { return reinterpret_cast<ImTextureID>(texture.id); }

// A press that moved further than this (CSS px) is a drag that scrolls, not a tap on what is under it.
constexpr float kDragThreshold = 10.0f;

// Whether ImGui's "clicked" is a tap: the finger or mouse did not travel to scroll the page.
bool tapped(bool clicked) {
  return clicked && ImGui::GetIO().MouseDragMaxDistanceSqr[ImGuiMouseButton_Left] <= kDragThreshold * kDragThreshold;
}

}  // namespace

PracticeApp::PracticeApp(KeyValueStore& storage, ContentSync& content, ProgressStore& progress, Pictures& pictures, const Clock& clock,
                         UiFonts fonts)
    : m_storage(storage), m_content(content), m_progress(progress), m_pictures(pictures), m_clock(clock), m_fonts(fonts) {
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
  style.Colors[ImGuiCol_PlotHistogram] = ImVec4(0.23f, 0.47f, 0.96f, 1.0f);
  style.Colors[ImGuiCol_FrameBg] = ImVec4(0.16f, 0.2f, 0.28f, 1.0f);
}

const char* PracticeApp::ui(const char* key) const {
  const auto& translations = kUiText.at(key);
  auto it = translations.find(m_language);
  return it != translations.end() ? it->second : translations.at("en");
}

// [SECTION] Start: storage, then the pack

void PracticeApp::start() {
  m_phase = Phase::starting;
  m_content.on_pack = [this](const Pack& pack, ContentSync::PackSource source) { on_pack(pack, source); };
  m_content.on_failure = [this](const std::string& reason) {
    if (!m_session) fail(reason);
  };
  m_content.on_media = [this](const std::string& sha256, const std::string& bytes) { m_pictures.arrived(sha256, bytes); };
  m_storage.open([this](std::optional<StorageError> error) { on_storage_open(std::move(error)); });
}

void PracticeApp::on_storage_open(std::optional<StorageError> error) {
  m_storage_open = !error;
  m_phase = Phase::loading;
  m_progress.load(!error);
  m_content.start(!error);
  // Ask once per start: Chromium decides silently (no prompt), and may say yes on a later visit.
  if (!error) m_storage.request_persistence([this](bool persisted) { m_storage_persisted = persisted; });
}

void PracticeApp::fail(std::string message) {
  m_phase = Phase::failed;
  m_error = std::move(message);
}

void PracticeApp::on_pack(const Pack& pack, ContentSync::PackSource) {
  // A newer pack replaces the one on screen only before the first answer of this visit: the
  // student does not lose their place. Otherwise it is already stored and used next time.
  if (m_session && (m_session->answered_count() > 0 || m_session->answered())) {
    m_update_waiting = true;
    return;
  }
  const auto& languages = pack.languages;
  if (std::find(languages.begin(), languages.end(), m_language) == languages.end()) m_language = languages.front();
  m_session.emplace(pack);
  m_phase = Phase::question;
  m_question_shown_ms = m_clock.now_ms();
  m_question_drawn = false;
  request_redraw();
}

// [SECTION] Input: clicks, taps and keys

void PracticeApp::choose(std::size_t choice) {
  if (!m_session || !m_session->answer(choice)) return;
  m_progress.record_answer(m_session->pack().id, m_session->current(), {choice}, m_clock.now_ms() - m_question_shown_ms);
}

void PracticeApp::go_next() {
  if (!m_session || !m_session->next()) return;
  m_question_shown_ms = m_clock.now_ms();
  m_scroll_to_top = true;
}

// A question with a sign, four answers and the explanation is taller than a small phone: a drag
// (finger or mouse) scrolls the page, which ImGui 1.86 only does for the mouse wheel.
void PracticeApp::scroll_by_drag() {
  if (ImGui::IsWindowHovered(ImGuiHoveredFlags_AllowWhenBlockedByActiveItem) && ImGui::IsMouseDragging(ImGuiMouseButton_Left, kDragThreshold)) {
    ImGui::SetScrollY(ImGui::GetScrollY() - ImGui::GetIO().MouseDelta.y);
  }
  m_scroll_y = ImGui::GetScrollY();
  m_scroll_max_y = ImGui::GetScrollMaxY();
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

// [SECTION] Drawing: frame, header, download status

void PracticeApp::draw() {
  const ImGuiIO& io = ImGui::GetIO();
  ImGui::SetNextWindowPos(ImVec2(0, 0));
  ImGui::SetNextWindowSize(io.DisplaySize);
  if (m_scroll_to_top) {
    ImGui::SetNextWindowScroll(ImVec2(-1.0f, 0.0f));
    m_scroll_to_top = false;
  }
  ImGui::Begin("Umuhanda", nullptr,
               ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings |
                   ImGuiWindowFlags_NoBringToFrontOnFocus);
  scroll_by_drag();
  const float width = std::min(kMaxContentWidth, io.DisplaySize.x - 2 * ImGui::GetStyle().WindowPadding.x);
  const float indent = std::max(0.0f, (io.DisplaySize.x - width) / 2 - ImGui::GetStyle().WindowPadding.x);
  ImGui::SetCursorPosX(ImGui::GetCursorPosX() + indent);
  ImGui::BeginGroup();
  draw_header(width);
  switch (m_phase) {
    case Phase::starting:
    case Phase::loading: draw_loading(width); break;
    case Phase::failed:
      draw_status(ui("failed"));
      ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + width);
      ImGui::TextColored(kTextMuted, "%s", m_error.c_str());
      ImGui::PopTextWrapPos();
      if (tapped(ImGui::Button(ui("retry"), ImVec2(width, kMinTapHeight)))) {
        m_phase = Phase::loading;
        m_content.retry();
      }
      break;
    case Phase::question:
      handle_keys();
      draw_question(width);
      break;
  }
  ImGui::EndGroup();
  ImGui::End();
}

// The header: the app name and language switch, then ONE status line and a thin rule that doubles
// as the download progress bar. The status line is always there and never wraps (it is clipped),
// so nothing below moves when a download starts or ends: a tap lands where the student aimed.
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
      if (tapped(ImGui::Button(label.c_str(), ImVec2(button_width, 44.0f)))) m_language = languages[i];
      ImGui::PopStyleColor();
      const ImVec2 min = ImGui::GetItemRectMin(), max = ImGui::GetItemRectMax();
      m_language_rects[languages[i]] = Rect{min.x, min.y, max.x - min.x, max.y - min.y};
    }
  }
  std::optional<float> fraction;
  const std::string status = status_line(fraction);
  const ImVec2 at = ImGui::GetCursorScreenPos();
  ImGui::PushClipRect(at, ImVec2(at.x + width, at.y + ImGui::GetTextLineHeightWithSpacing()), true);
  ImGui::TextColored(kTextMuted, "%s", status.c_str());
  ImGui::PopClipRect();
  m_status_text = status;

  // The rule across the content column (ImGui's Separator spans the whole window), filled from the
  // left as a download progresses.
  const ImVec2 start = ImGui::GetCursorScreenPos();
  ImDrawList* draw = ImGui::GetWindowDrawList();
  constexpr float kRuleHeight = 3.0f;
  draw->AddRectFilled(start, ImVec2(start.x + width, start.y + kRuleHeight), IM_COL32(46, 58, 82, 255), 1.5f);
  if (fraction) {
    const float filled = std::clamp(*fraction, 0.0f, 1.0f) * width;
    draw->AddRectFilled(start, ImVec2(start.x + std::max(filled, 2.0f), start.y + kRuleHeight), IM_COL32(59, 120, 245, 255), 1.5f);
  }
  ImGui::Dummy(ImVec2(width, kRuleHeight));
  draw_storage_warning(width);
}

// The status line: what is downloading, or why the pack on screen is the stored one, or else the
// pack's title. Short texts: it must fit one line on a 360 px phone.
std::string PracticeApp::status_line(std::optional<float>& fraction) const {
  const PackSyncStatus& sync = m_content.sync();
  const ContentSync::MediaProgress& media = m_content.media();
  char line[160];
  const bool fr = m_language == "fr";
  if (sync.state == PackSyncState::downloading) {
    if (sync.bytes_total > 0) {
      std::snprintf(line, sizeof line, ui("downloading_pack"), format_bytes(sync.bytes_received, sync.bytes_total, fr).c_str(),
                    format_bytes(sync.bytes_total, sync.bytes_total, fr).c_str());
    } else {
      std::snprintf(line, sizeof line, ui("downloading_pack_size_unknown"), format_bytes(sync.bytes_received, sync.bytes_received, fr).c_str());
    }
    fraction = static_cast<float>(sync.progress().value_or(0.0));
    return line;
  }
  if (media.active() && !m_content.media_stopped()) {
    // Counted as soon as the bytes are here (saving follows in batches); the bar follows the bytes.
    std::snprintf(line, sizeof line, ui("downloading_pictures"), std::min(media.needed, media.held + media.storing), media.needed,
                  format_bytes(media.bytes_downloaded, media.bytes_to_download, fr, false).c_str(),
                  format_bytes(media.bytes_to_download, media.bytes_to_download, fr).c_str());
    fraction = media.bytes_to_download > 0 ? static_cast<float>(media.bytes_downloaded) / static_cast<float>(media.bytes_to_download) : 0.0f;
    return line;
  }
  if (sync.state == PackSyncState::failed && sync.failure && sync.failure->offline && m_session) {
    if (media.held >= media.needed) return ui("offline");
    std::snprintf(line, sizeof line, ui("offline_pictures"), media.held, media.needed);
    return line;
  }
  if (sync.state == PackSyncState::failed && m_session) return ui("check_failed");
  return m_session ? m_session->pack().title.in(m_language) : std::string();
}

// Storage problems are rare and matter (answers may be lost): a line of their own, wrapped.
void PracticeApp::draw_storage_warning(float width) {
  const auto& problem = m_content.storage_problem() ? m_content.storage_problem() : m_progress.storage_problem();
  const char* warning = nullptr;
  ImVec4 colour = kWarningText;
  if (m_storage_open == false) {
    warning = ui("storage_unavailable");
  } else if (problem) {
    warning = problem->kind == StorageErrorKind::quota_exceeded ? ui("storage_full") : ui("storage_failed");
  } else if (m_update_waiting) {
    warning = ui("update_waiting");
    colour = kTextMuted;
  }
  if (!warning) return;
  ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + width);
  ImGui::TextColored(colour, "%s", warning);
  ImGui::PopTextWrapPos();
}

// Before the first pack: the download is all there is to see, so its bar is a big one.
void PracticeApp::draw_loading(float width) {
  draw_status(ui("loading"));
  std::optional<float> fraction;
  const std::string status = status_line(fraction);
  if (!fraction) return;
  const ImVec2 at = ImGui::GetCursorScreenPos();
  constexpr float kBarHeight = 16.0f;
  ImDrawList* draw = ImGui::GetWindowDrawList();
  draw->AddRectFilled(at, ImVec2(at.x + width, at.y + kBarHeight), IM_COL32(46, 58, 82, 255), kBarHeight / 2);
  const float filled = std::clamp(*fraction, 0.0f, 1.0f) * width;
  if (filled >= 1.0f) draw->AddRectFilled(at, ImVec2(at.x + std::max(filled, kBarHeight), at.y + kBarHeight), IM_COL32(59, 120, 245, 255), kBarHeight / 2);
  ImGui::Dummy(ImVec2(width, kBarHeight));
  ImGui::TextUnformatted(status.c_str());
}

void PracticeApp::draw_status(const char* text) {
  ImGui::Dummy(ImVec2(0, 24));
  ImGui::PushFont(m_fonts.large);
  ImGui::TextUnformatted(text);
  ImGui::PopFont();
}

// [SECTION] Drawing: the question, its pictures and choices

// A picture on its plate, fitted into a `size` square; a darker plate while it loads.
void PracticeApp::draw_picture(const MediaItem* item, const ImVec2& min, float size) {
  ImDrawList* draw = ImGui::GetWindowDrawList();
  const ImVec2 max(min.x + size, min.y + size);
  const Texture* texture = item ? m_pictures.get(*item) : nullptr;
  if (!texture) {
    draw->AddRectFilled(min, max, kPictureWaiting, 8.0f);
    const char* mark = item && m_pictures.failed(*item) ? "?" : "…";
    const ImVec2 mark_size = ImGui::CalcTextSize(mark);
    draw->AddText(ImVec2(min.x + (size - mark_size.x) / 2, min.y + (size - mark_size.y) / 2), IM_COL32(200, 208, 222, 255), mark);
    return;
  }
  draw->AddRectFilled(min, max, kPicturePlate, 8.0f);
  const float inset = size * 0.06f;
  const float room = size - 2 * inset;
  const float scale = room / static_cast<float>(std::max(texture->width, texture->height));
  const float w = static_cast<float>(texture->width) * scale, h = static_cast<float>(texture->height) * scale;
  const ImVec2 image_min(min.x + (size - w) / 2, min.y + (size - h) / 2);
  draw->AddImage(texture_id(*texture), image_min, ImVec2(image_min.x + w, image_min.y + h));
}

void PracticeApp::draw_choice_frame(std::size_t index, const ImVec2& min, const ImVec2& max, bool hovered) {
  ImU32 fill = hovered && !m_session->answered() ? kChoiceHover : kChoiceFill;
  if (m_session->answered()) {
    if (m_session->current().is_correct(index)) fill = kRightFill;
    else if (m_session->selected() == index) fill = kWrongFill;
  }
  ImDrawList* draw = ImGui::GetWindowDrawList();
  draw->AddRectFilled(min, max, fill, 10.0f);
  draw->AddRect(min, max, kChoiceBorder, 10.0f, 0, 1.0f);
  m_choice_rects[index] = Rect{min.x, min.y, max.x - min.x, max.y - min.y};
}

// A full-width row: letter badge, an optional picture, and the text.
bool PracticeApp::draw_choice_row(std::size_t index, const Choice& choice, float width) {
  const float badge = 34.0f;
  const MediaItem* picture = choice_picture(m_session->pack(), choice);
  const float picture_size = picture ? 64.0f : 0.0f;
  const float text_left = badge + 2 * kPadding + (picture ? picture_size + kPadding : 0.0f);
  const float wrap_width = width - text_left - kPadding;
  const std::string text = choice.text.empty() ? std::string() : choice.text.in(m_language);
  const ImVec2 text_size = ImGui::CalcTextSize(text.c_str(), nullptr, false, wrap_width);
  const float height = std::max({kMinTapHeight, text_size.y + 2 * kPadding, picture_size + 2 * 8.0f});

  ImGui::PushID(static_cast<int>(index));
  const bool clicked = ImGui::InvisibleButton("choice", ImVec2(width, height));
  const bool hovered = ImGui::IsItemHovered();
  ImGui::PopID();
  const ImVec2 min = ImGui::GetItemRectMin(), max = ImGui::GetItemRectMax();
  draw_choice_frame(index, min, max, hovered);

  ImDrawList* draw = ImGui::GetWindowDrawList();
  const ImVec2 badge_center(min.x + kPadding + badge / 2, min.y + height / 2);
  draw->AddCircleFilled(badge_center, badge / 2, IM_COL32(255, 255, 255, 40));
  const char letter[2] = {static_cast<char>('A' + index), 0};
  const ImVec2 letter_size = ImGui::CalcTextSize(letter);
  draw->AddText(ImVec2(badge_center.x - letter_size.x / 2, badge_center.y - letter_size.y / 2), IM_COL32_WHITE, letter);
  if (picture) draw_picture(picture, ImVec2(min.x + badge + 2 * kPadding, min.y + (height - picture_size) / 2), picture_size);
  draw->AddText(ImGui::GetFont(), ImGui::GetFontSize(), ImVec2(min.x + text_left, min.y + (height - text_size.y) / 2),
                IM_COL32(236, 240, 247, 255), text.c_str(), nullptr, wrap_width);
  return clicked;
}

// Choices that are all pictures: a grid of picture buttons, two across on a phone, up to four
// on a wider screen, each far above the 44 CSS px tap minimum.
void PracticeApp::draw_picture_choices(float width) {
  const Question& question = m_session->current();
  const std::size_t count = question.choices.size();
  const std::size_t columns = std::min<std::size_t>(count, width >= 560.0f ? 4 : 2);
  const std::size_t rows = (count + columns - 1) / columns;
  const float cell_width = (width - kGap * static_cast<float>(columns - 1)) / static_cast<float>(columns);
  const float picture_size = std::min(kMaxChoicePicture, cell_width - 2 * kPadding);
  const float cell_height = std::max(kMinTapHeight, picture_size + 2 * kPadding);
  const ImVec2 origin = ImGui::GetCursorScreenPos();
  for (std::size_t i = 0; i < count; ++i) {
    const ImVec2 min(origin.x + static_cast<float>(i % columns) * (cell_width + kGap), origin.y + static_cast<float>(i / columns) * (cell_height + kGap));
    ImGui::SetCursorScreenPos(min);
    ImGui::PushID(static_cast<int>(i));
    const bool clicked = ImGui::InvisibleButton("choice", ImVec2(cell_width, cell_height));
    const bool hovered = ImGui::IsItemHovered();
    ImGui::PopID();
    const ImVec2 max(min.x + cell_width, min.y + cell_height);
    draw_choice_frame(i, min, max, hovered);
    draw_picture(choice_picture(m_session->pack(), question.choices[i]), ImVec2(min.x + (cell_width - picture_size) / 2, min.y + kPadding),
                 picture_size);
    // The letter in a badge on the top-left corner, over the cell's padding.
    ImDrawList* draw = ImGui::GetWindowDrawList();
    const float badge = 30.0f;
    const ImVec2 badge_center(min.x + 6 + badge / 2, min.y + 6 + badge / 2);
    draw->AddCircleFilled(badge_center, badge / 2, IM_COL32(18, 22, 31, 220));
    const char letter[2] = {static_cast<char>('A' + i), 0};
    const ImVec2 letter_size = ImGui::CalcTextSize(letter);
    draw->AddText(ImVec2(badge_center.x - letter_size.x / 2, badge_center.y - letter_size.y / 2), IM_COL32_WHITE, letter);
    if (tapped(clicked)) choose(i);
  }
  ImGui::SetCursorScreenPos(origin);
  ImGui::Dummy(ImVec2(width, static_cast<float>(rows) * cell_height + static_cast<float>(rows - 1) * kGap));
}

// Decodes the next question's pictures while the student reads this one.
void PracticeApp::prefetch_next_pictures() {
  const Pack& pack = m_session->pack();
  const Question& next = pack.questions[(m_session->position() + 1) % pack.questions.size()];
  if (const MediaItem* item = prompt_picture(pack, next)) m_pictures.get(*item);
  for (const Choice& choice : next.choices) {
    if (const MediaItem* item = choice_picture(pack, choice)) m_pictures.get(*item);
  }
}

void PracticeApp::draw_question(float width) {
  const PracticeSession& session = *m_session;
  const Question& question = session.current();
  const Pack& pack = session.pack();
  if (!m_question_drawn) {
    m_question_drawn = true;
    m_content.note("question_drawn");
  }
  m_drawn = {{"position", session.position()}, {"answered", session.answered()}, {"language", m_language}};
  const std::string topic_name = [&] {
    for (const auto& topic : pack.topics)
      if (topic.id == question.topic) return topic.name.in(m_language);
    return std::string();
  }();

  char line[160];
  std::vector<std::string> parts;
  std::snprintf(line, sizeof line, ui("question_of"), session.position() + 1, pack.questions.size());
  parts.emplace_back(line);
  parts.push_back(topic_name);
  if (session.answered_count() > 0) {
    std::snprintf(line, sizeof line, ui("score"), session.right_count(), session.answered_count());
    parts.emplace_back(line);
  }
  // "Question 2 of 393  •  Road signs  •  1 right of 2": on a narrow phone it breaks between the
  // parts, never inside one ("1 right of" / "2").
  std::string meta;
  float line_width = 0;
  for (const std::string& part : parts) {
    const std::string joined = meta.empty() || meta.back() == '\n' ? part : "  •  " + part;
    const float joined_width = ImGui::CalcTextSize(joined.c_str()).x;
    if (line_width > 0 && line_width + joined_width > width) {
      meta += "\n" + part;
      line_width = ImGui::CalcTextSize(part.c_str()).x;
    } else {
      meta += joined;
      line_width += joined_width;
    }
  }
  ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + width);
  ImGui::PushStyleColor(ImGuiCol_Text, kTextMuted);
  ImGui::TextUnformatted(meta.c_str());
  ImGui::PopStyleColor();
  ImGui::PopTextWrapPos();

  // The sign the question is about, above the prompt.
  m_prompt_picture_rect = Rect{};
  if (const MediaItem* picture = prompt_picture(pack, question)) {
    // Smaller on short screens, so the answers stay in view under it.
    const float size = std::min({kMaxPromptPicture, width * 0.5f, std::max(96.0f, ImGui::GetIO().DisplaySize.y * 0.18f)});
    const ImVec2 at = ImGui::GetCursorScreenPos();
    const ImVec2 min(at.x + (width - size) / 2, at.y);
    draw_picture(picture, min, size);
    m_prompt_picture_rect = Rect{min.x, min.y, size, size};
    ImGui::Dummy(ImVec2(width, size));
  }

  ImGui::PushFont(m_fonts.large);
  ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + width);
  ImGui::TextUnformatted(question.prompt.in(m_language).c_str());
  ImGui::PopTextWrapPos();
  ImGui::PopFont();
  ImGui::Dummy(ImVec2(0, 4));

  const bool all_pictures = std::all_of(question.choices.begin(), question.choices.end(),
                                        [&](const Choice& choice) { return choice.text.empty() && choice_picture(pack, choice); });
  if (all_pictures) {
    draw_picture_choices(width);
  } else {
    for (std::size_t i = 0; i < question.choices.size(); ++i) {
      if (tapped(draw_choice_row(i, question.choices[i], width))) choose(i);
    }
  }
  prefetch_next_pictures();

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
  if (tapped(ImGui::Button(ui("next"), ImVec2(width, kMinTapHeight)))) go_next();
  const ImVec2 min = ImGui::GetItemRectMin(), max = ImGui::GetItemRectMax();
  m_next_rect = Rect{min.x, min.y, max.x - min.x, max.y - min.y};
}

// [SECTION] Test hook state

nlohmann::json PracticeApp::state() const {
  static const char* kPhaseNames[] = {"starting", "loading", "question", "failed"};
  auto rect_json = [](const Rect& r) { return nlohmann::json{{"x", r.x}, {"y", r.y}, {"width", r.width}, {"height", r.height}}; };
  nlohmann::json state = {{"phase", kPhaseNames[static_cast<int>(m_phase)]}, {"language", m_language}};
  if (m_phase == Phase::failed) state["error"] = m_error;
  nlohmann::json storage = nlohmann::json::object();
  if (m_storage_open) storage["open"] = *m_storage_open;
  if (m_storage_persisted) storage["persisted"] = *m_storage_persisted;
  state["storage"] = std::move(storage);
  state["content"] = m_content.state();
  state["progress"] = m_progress.state();
  state["textures"] = m_pictures.state();
  state["update_waiting"] = m_update_waiting;
  state["status_line"] = m_status_text;
  // The rectangles below are those of this frame: a test compares `drawn` with the state to know
  // they are current.
  state["drawn"] = m_drawn;
  state["scroll"] = {{"y", m_scroll_y}, {"max", m_scroll_max_y}};
  if (m_session) {
    const Question& question = m_session->current();
    const Pack& pack = m_session->pack();
    state["pack"] = pack.id;
    state["pack_title"] = pack.title.in(m_language);
    state["pack_version"] = pack.version;
    state["question_count"] = pack.questions.size();
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
    // Which pictures this question shows, and whether each is on screen (decoded to a texture).
    nlohmann::json pictures = nlohmann::json::array();
    if (const MediaItem* item = prompt_picture(pack, question)) {
      pictures.push_back({{"role", "prompt"}, {"sha256", item->sha256}, {"ready", m_pictures.ready(*item)}});
    }
    for (std::size_t i = 0; i < question.choices.size(); ++i) {
      if (const MediaItem* item = choice_picture(pack, question.choices[i])) {
        pictures.push_back({{"role", "choice"}, {"choice", i}, {"sha256", item->sha256}, {"ready", m_pictures.ready(*item)}});
      }
    }
    state["pictures"] = std::move(pictures);
    nlohmann::json rects = nlohmann::json::array();
    for (std::size_t i = 0; i < question.choices.size(); ++i) rects.push_back(rect_json(m_choice_rects[i]));
    state["choice_rects"] = std::move(rects);
    if (m_prompt_picture_rect.width > 0) state["prompt_picture_rect"] = rect_json(m_prompt_picture_rect);
    if (m_next_rect.width > 0) state["next_rect"] = rect_json(m_next_rect);
    nlohmann::json languages = nlohmann::json::object();
    for (const auto& [language, rect] : m_language_rects) languages[language] = rect_json(rect);
    state["language_rects"] = std::move(languages);
  }
  return state;
}

}  // namespace umuhanda
