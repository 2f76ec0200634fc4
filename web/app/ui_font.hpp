// The UI fonts: DejaVu Sans cut to the glyphs Kinyarwanda, English and French need, embedded in
// the binary and rasterised at the device pixel ratio so text is crisp on HiDPI phones.
#pragma once

struct ImFont;

namespace umuhanda {

struct UiFonts {
  ImFont* body = nullptr;
  ImFont* large = nullptr;
};

UiFonts load_ui_fonts(float body_css_px, float large_css_px, float pixel_ratio);

}  // namespace umuhanda
