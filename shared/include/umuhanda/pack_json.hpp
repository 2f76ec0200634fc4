// pack.json <-> Pack. Reading reports every structural problem (wrong type, missing field) with
// its JSON path; the content rules are checked separately by validate_pack().
#pragma once

#include <string>
#include <string_view>

#include "umuhanda/expected.hpp"
#include "umuhanda/pack.hpp"

namespace umuhanda {

Expected<Pack> parse_pack_json(std::string_view text);

// Canonical form: compact, keys sorted, so equal packs give equal bytes (and equal ETags).
std::string to_json(const Pack& pack);

}  // namespace umuhanda
