// The JSON bodies the server accepts, parsed into values (errors as located values, never an
// exception): one function per body, fuzzed by tests/fuzz/rollback_body_fuzz.cpp.
#pragma once

#include <string_view>

#include "umuhanda/expected.hpp"

namespace umuhanda {

// POST /api/v1/packs/{id}/rollback: {"version": N}, N a pack version (1 to 2^31-1). Other keys are
// ignored.
Expected<int> parse_rollback_body(std::string_view body);

}  // namespace umuhanda
