// SHA-256 through libsodium: content addressing and strong ETags.
#pragma once

#include <string>
#include <string_view>

namespace umuhanda {

std::string sha256_hex(std::string_view bytes);

}  // namespace umuhanda
