// SHA-256 through libsodium: media addressing in packs, and the server's strong ETags.
#pragma once

#include <string>
#include <string_view>

namespace umuhanda {

std::string sha256_hex(std::string_view bytes);

}  // namespace umuhanda
