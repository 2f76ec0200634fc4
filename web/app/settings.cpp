// Settings as JSON.
#include "app/settings.hpp"

#include <nlohmann/json.hpp>

namespace umuhanda {
namespace {
const char* kTextSizeNames[] = {"normal", "large", "larger"};
}

std::string settings_to_json(const Settings& settings) {
  nlohmann::json json = {{"language", settings.language},
                         {"theme", std::string(to_string(settings.theme))},
                         {"text_size", kTextSizeNames[static_cast<int>(settings.text_size)]}};
  return json.dump();
}

Settings settings_from_json(const std::string& text) {
  Settings settings;
  const auto json = nlohmann::json::parse(text, nullptr, false);
  if (!json.is_object()) return settings;
  if (auto it = json.find("language"); it != json.end() && it->is_string()) settings.language = it->get<std::string>();
  if (auto it = json.find("theme"); it != json.end() && it->is_string()) {
    if (auto theme = theme_from(it->get<std::string>())) settings.theme = *theme;
  }
  if (auto it = json.find("text_size"); it != json.end() && it->is_string()) {
    for (int i = 0; i < 3; ++i)
      if (*it == kTextSizeNames[i]) settings.text_size = static_cast<TextSize>(i);
  }
  return settings;
}

}  // namespace umuhanda
