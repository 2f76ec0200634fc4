// Loading the embedded UI font into ImGui's atlas.
#include "app/ui_font.hpp"

#include <imgui.h>

#include <cstddef>

extern const unsigned char kUiFontTtf[];
extern const std::size_t kUiFontTtf_size;

namespace umuhanda {
namespace {

// Keep in step with the --unicodes list in tools/fonts/subset_font.sh. ImGui's default range stops
// at U+00FF; French also needs œ Œ Ÿ, typographic quotes and apostrophes, dashes, … and €.
const ImWchar kUiGlyphRanges[] = {
    0x0020, 0x00FF, 0x0100, 0x017F, 0x2013, 0x2014, 0x2018, 0x201E, 0x2022, 0x2022, 0x2026, 0x2026,
    0x202F, 0x202F, 0x20AC, 0x20AC, 0x2190, 0x2193, 0x2713, 0x2713, 0x2717, 0x2717, 0,
};

ImFont* add_font(float css_px, float pixel_ratio) {
  ImFontConfig config;
  config.FontDataOwnedByAtlas = false;  // the bytes are static, ImGui must not free them
  config.OversampleH = 1;               // already rasterised at device resolution
  config.OversampleV = 1;
  config.PixelSnapH = true;
  return ImGui::GetIO().Fonts->AddFontFromMemoryTTF(const_cast<unsigned char*>(kUiFontTtf), static_cast<int>(kUiFontTtf_size),
                                                    css_px * pixel_ratio, &config, kUiGlyphRanges);
}

}  // namespace

UiFonts load_ui_fonts(float body_css_px, float large_css_px, float pixel_ratio) {
  UiFonts fonts;
  fonts.body = add_font(body_css_px, pixel_ratio);
  fonts.large = add_font(large_css_px, pixel_ratio);
  // Layout stays in CSS pixels; the atlas holds device pixels.
  ImGui::GetIO().FontGlobalScale = 1.0f / pixel_ratio;
  return fonts;
}

}  // namespace umuhanda
