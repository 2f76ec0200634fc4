// The content rules of a pack. Every rule broken is reported, not just the first.
#pragma once

#include "umuhanda/diagnostic.hpp"
#include "umuhanda/expected.hpp"
#include "umuhanda/pack.hpp"

namespace umuhanda {

// Errors make a pack unusable; warnings (a missing explanation, ...) do not.
Diagnostics validate_pack(const Pack& pack);

// parse_pack_json() then validate_pack(): a pack only when there is no error at all.
// Warnings are appended to `warnings` when given.
Expected<Pack> load_pack(std::string_view json_text, Diagnostics* warnings = nullptr);

}  // namespace umuhanda
