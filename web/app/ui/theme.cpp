// The three palettes. Contrast of text on background: dark 13:1, light 15:1, high contrast 21:1
// (black/white with pure yellow accents), all above WCAG AA's 4.5:1 for body text.
#include "app/ui/theme.hpp"

namespace umuhanda {
namespace {

const Palette kDark = {
    .background = {0.07f, 0.09f, 0.13f, 1.0f},
    .text = {0.93f, 0.94f, 0.97f, 1.0f},
    .text_muted = {0.64f, 0.69f, 0.78f, 1.0f},
    .accent = {0.15f, 0.39f, 0.92f, 1.0f},
    .accent_hovered = {0.23f, 0.47f, 0.96f, 1.0f},
    .accent_text = {1.0f, 1.0f, 1.0f, 1.0f},
    .surface = IM_COL32(31, 39, 56, 255),
    .surface_hovered = IM_COL32(41, 53, 77, 255),
    .border = IM_COL32(66, 82, 112, 255),
    .track = IM_COL32(46, 58, 82, 255),
    .right = {0.45f, 0.87f, 0.55f, 1.0f},
    .wrong = {0.98f, 0.50f, 0.50f, 1.0f},
    .warning = {0.98f, 0.78f, 0.35f, 1.0f},
    .right_fill = IM_COL32(22, 101, 52, 255),
    .wrong_fill = IM_COL32(153, 27, 27, 255),
    .selected_fill = IM_COL32(30, 64, 150, 255),
    .flag = IM_COL32(245, 158, 11, 255),
    .picture_plate = IM_COL32(233, 237, 244, 255),
    .picture_waiting = IM_COL32(52, 63, 86, 255),
};

const Palette kLight = {
    .background = {0.97f, 0.97f, 0.98f, 1.0f},
    .text = {0.07f, 0.09f, 0.13f, 1.0f},
    .text_muted = {0.33f, 0.37f, 0.45f, 1.0f},
    .accent = {0.11f, 0.31f, 0.85f, 1.0f},
    .accent_hovered = {0.15f, 0.39f, 0.92f, 1.0f},
    .accent_text = {1.0f, 1.0f, 1.0f, 1.0f},
    .surface = IM_COL32(255, 255, 255, 255),
    .surface_hovered = IM_COL32(232, 238, 250, 255),
    .border = IM_COL32(203, 210, 222, 255),
    .track = IM_COL32(221, 226, 235, 255),
    .right = {0.08f, 0.50f, 0.24f, 1.0f},
    .wrong = {0.73f, 0.11f, 0.11f, 1.0f},
    .warning = {0.60f, 0.35f, 0.0f, 1.0f},
    .right_fill = IM_COL32(187, 247, 208, 255),
    .wrong_fill = IM_COL32(254, 202, 202, 255),
    .selected_fill = IM_COL32(191, 219, 254, 255),
    .flag = IM_COL32(217, 119, 6, 255),
    .picture_plate = IM_COL32(255, 255, 255, 255),
    .picture_waiting = IM_COL32(226, 231, 240, 255),
};

const Palette kHighContrast = {
    .background = {0.0f, 0.0f, 0.0f, 1.0f},
    .text = {1.0f, 1.0f, 1.0f, 1.0f},
    .text_muted = {0.90f, 0.90f, 0.90f, 1.0f},
    .accent = {1.0f, 0.93f, 0.0f, 1.0f},
    .accent_hovered = {1.0f, 1.0f, 0.4f, 1.0f},
    .accent_text = {0.0f, 0.0f, 0.0f, 1.0f},
    .surface = IM_COL32(0, 0, 0, 255),
    .surface_hovered = IM_COL32(40, 40, 40, 255),
    .border = IM_COL32(255, 255, 255, 255),
    .track = IM_COL32(90, 90, 90, 255),
    .right = {0.3f, 1.0f, 0.4f, 1.0f},
    .wrong = {1.0f, 0.45f, 0.45f, 1.0f},
    .warning = {1.0f, 0.93f, 0.0f, 1.0f},
    .right_fill = IM_COL32(0, 110, 30, 255),
    .wrong_fill = IM_COL32(150, 0, 0, 255),
    .selected_fill = IM_COL32(0, 60, 160, 255),
    .flag = IM_COL32(255, 237, 0, 255),
    .picture_plate = IM_COL32(255, 255, 255, 255),
    .picture_waiting = IM_COL32(60, 60, 60, 255),
};

const Palette* g_palette = &kDark;

ImVec4 mix(const ImVec4& a, const ImVec4& b, float t) {
  return {a.x + (b.x - a.x) * t, a.y + (b.y - a.y) * t, a.z + (b.z - a.z) * t, 1.0f};
}

}  // namespace

std::string_view to_string(ThemeKind theme) { return kThemeNames[static_cast<int>(theme)]; }

std::optional<ThemeKind> theme_from(std::string_view name) {
  for (int i = 0; i < 3; ++i)
    if (kThemeNames[i] == name) return static_cast<ThemeKind>(i);
  return std::nullopt;
}

ImU32 to_u32(const ImVec4& colour) { return ImGui::ColorConvertFloat4ToU32(colour); }

const Palette& palette() { return *g_palette; }

void apply_theme(ThemeKind theme) {
  g_palette = theme == ThemeKind::light ? &kLight : theme == ThemeKind::high_contrast ? &kHighContrast : &kDark;
  const Palette& p = *g_palette;
  ImGuiStyle& style = ImGui::GetStyle();
  if (theme == ThemeKind::light) ImGui::StyleColorsLight(&style);
  else ImGui::StyleColorsDark(&style);
  style.WindowPadding = ImVec2(16, 16);
  style.FrameRounding = 10.0f;
  style.FramePadding = ImVec2(14, 10);
  style.ItemSpacing = ImVec2(10, 12);
  style.WindowBorderSize = 0.0f;
  style.FrameBorderSize = theme == ThemeKind::high_contrast ? 2.0f : 0.0f;
  style.ScrollbarSize = 10.0f;
  style.Colors[ImGuiCol_WindowBg] = p.background;
  style.Colors[ImGuiCol_ChildBg] = p.background;
  style.Colors[ImGuiCol_PopupBg] = ImGui::ColorConvertU32ToFloat4(p.surface);
  style.Colors[ImGuiCol_Text] = p.text;
  style.Colors[ImGuiCol_TextDisabled] = p.text_muted;
  style.Colors[ImGuiCol_Border] = ImGui::ColorConvertU32ToFloat4(p.border);
  style.Colors[ImGuiCol_Button] = p.accent;
  style.Colors[ImGuiCol_ButtonHovered] = p.accent_hovered;
  style.Colors[ImGuiCol_ButtonActive] = mix(p.accent, p.background, 0.15f);
  style.Colors[ImGuiCol_PlotHistogram] = p.accent;
  style.Colors[ImGuiCol_FrameBg] = ImGui::ColorConvertU32ToFloat4(p.surface);
  style.Colors[ImGuiCol_FrameBgHovered] = ImGui::ColorConvertU32ToFloat4(p.surface_hovered);
  style.Colors[ImGuiCol_FrameBgActive] = ImGui::ColorConvertU32ToFloat4(p.surface_hovered);
  style.Colors[ImGuiCol_CheckMark] = p.accent;
  style.Colors[ImGuiCol_SliderGrab] = p.accent;
  style.Colors[ImGuiCol_SliderGrabActive] = p.accent_hovered;
  style.Colors[ImGuiCol_Header] = ImGui::ColorConvertU32ToFloat4(p.surface);
  style.Colors[ImGuiCol_HeaderHovered] = ImGui::ColorConvertU32ToFloat4(p.surface_hovered);
  style.Colors[ImGuiCol_HeaderActive] = ImGui::ColorConvertU32ToFloat4(p.surface_hovered);
  style.Colors[ImGuiCol_Separator] = ImGui::ColorConvertU32ToFloat4(p.track);
  style.Colors[ImGuiCol_ScrollbarBg] = p.background;
  style.Colors[ImGuiCol_TextSelectedBg] = mix(p.accent, p.background, 0.5f);
}

}  // namespace umuhanda
