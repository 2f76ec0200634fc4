// The student's settings: language, theme and text size. Stored as JSON under "settings" in the
// "meta" store; unknown or broken values fall back to the defaults, one field at a time.
#pragma once

#include <string>

#include "app/ui/theme.hpp"

namespace umuhanda {

inline constexpr const char* kSettingsKey = "settings";

enum class TextSize { normal, large, larger };
inline constexpr float kTextScales[] = {1.0f, 1.15f, 1.3f};
inline float text_scale(TextSize size) { return kTextScales[static_cast<int>(size)]; }

struct Settings {
  std::string language;  // "" = the pack's first language
  ThemeKind theme = ThemeKind::dark;
  TextSize text_size = TextSize::normal;

  bool operator==(const Settings&) const = default;
};

std::string settings_to_json(const Settings& settings);
Settings settings_from_json(const std::string& text);

}  // namespace umuhanda
