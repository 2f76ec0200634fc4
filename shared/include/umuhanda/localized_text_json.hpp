// A LocalizedText as a JSON object of its languages ({"en": "Road signs", "fr": "…"}), as the
// HTTP API sends topic titles and question prompts, and back.
#pragma once

#include <nlohmann/json.hpp>

#include "umuhanda/localized_text.hpp"

namespace umuhanda {

nlohmann::json localized_text_json(const LocalizedText& text);
// Every string member of `json`; anything else (not an object, a number) is left out.
LocalizedText localized_text_from_json(const nlohmann::json& json);

}  // namespace umuhanda
