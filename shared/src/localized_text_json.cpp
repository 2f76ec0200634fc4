// LocalizedText to and from a JSON object of its languages.
#include "umuhanda/localized_text_json.hpp"

namespace umuhanda {

nlohmann::json localized_text_json(const LocalizedText& text) {
  nlohmann::json by_language = nlohmann::json::object();
  for (const auto& [language, value] : text.by_language) by_language[language] = value;
  return by_language;
}

LocalizedText localized_text_from_json(const nlohmann::json& json) {
  LocalizedText text;
  if (!json.is_object()) return text;
  for (const auto& [language, value] : json.items()) {
    if (value.is_string()) text.by_language[language] = value.get<std::string>();
  }
  return text;
}

}  // namespace umuhanda
