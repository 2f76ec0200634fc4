// gzip and brotli encoders for precompressed response bodies. Run at import or start-up, never on
// the request path, so they use the highest compression levels.
#pragma once

#include <string>
#include <string_view>

namespace umuhanda {

std::string gzip_compress(std::string_view bytes);
std::string brotli_compress(std::string_view bytes);

}  // namespace umuhanda
