// Searching the pack's road signs the way students type: case and accents ignored ("cedez" finds
// "Cédez"), words in any order, the code with or without its dash ("c01" finds "C-01").
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "umuhanda/pack.hpp"

namespace umuhanda {

// Signs in which every word of `query` appears in the code, or the name or meaning in `language`,
// in grid order: by category, then pack order. An empty query finds every sign.
std::vector<const Sign*> find_signs(const Pack& pack, std::string_view query, const std::string& language);

// The questions whose prompt or one of whose choices shows the sign, in pack order.
std::vector<const Question*> questions_showing_sign(const Pack& pack, const std::string& sign_id);

}  // namespace umuhanda
