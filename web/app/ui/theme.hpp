// The client's colours: one palette per theme (dark, light, high contrast). Screens take every
// colour from palette(), never a literal, so a theme switch repaints everything.
#pragma once

#include <imgui.h>

#include <optional>
#include <string_view>

namespace umuhanda {

enum class ThemeKind { dark, light, high_contrast };
inline constexpr std::string_view kThemeNames[] = {"dark", "light", "high_contrast"};
std::string_view to_string(ThemeKind theme);
std::optional<ThemeKind> theme_from(std::string_view name);

struct Palette {
  ImVec4 background;      // the page
  ImVec4 text;
  ImVec4 text_muted;      // secondary lines, hints
  ImVec4 accent;          // primary buttons, active tabs, progress fill
  ImVec4 accent_hovered;
  ImVec4 accent_text;     // text on `accent`
  ImU32 surface;          // cards, answer rows
  ImU32 surface_hovered;
  ImU32 border;
  ImU32 track;            // empty part of progress bars and charts' grid
  ImVec4 right;           // text: right answer, passed
  ImVec4 wrong;           // text: wrong answer, failed
  ImVec4 warning;         // text: storage problems
  ImU32 right_fill;       // answer rows marked right / wrong
  ImU32 wrong_fill;
  ImU32 selected_fill;    // an exam answer chosen (no right/wrong shown yet)
  ImU32 flag;             // flagged exam questions
  // Road signs are drawn for daylight: a light plate behind them keeps black borders visible.
  ImU32 picture_plate;
  ImU32 picture_waiting;
};

// Sets ImGui's style for `theme` and makes it the palette() every screen reads.
void apply_theme(ThemeKind theme);
const Palette& palette();
ImU32 to_u32(const ImVec4& colour);

}  // namespace umuhanda
