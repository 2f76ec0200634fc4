// gzip and brotli encoders for precompressed response bodies. Run at import or start-up, never on
// the request path, so they use the highest compression levels.
#pragma once

#include <string>
#include <string_view>

namespace umuhanda {

std::string gzip_compress(std::string_view bytes);
std::string brotli_compress(std::string_view bytes);

// Whether `compressed` decodes to exactly `expected`: a body compressed ahead of time (by the web
// build) is served only after this check, so a stale file next to its source is never sent.
bool gzip_decodes_to(std::string_view compressed, std::string_view expected);
bool brotli_decodes_to(std::string_view compressed, std::string_view expected);

}  // namespace umuhanda
