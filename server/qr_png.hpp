// A QR code as a PNG image: text encoded by libqrencode, drawn black on white inside the 4-module
// quiet zone the standard asks for, and written as a 1-bit greyscale PNG with zlib. The server
// renders a class's join code with it (docs/api.md, "Classes"). No I/O.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "umuhanda/expected.hpp"

namespace umuhanda {

// A QR symbol's modules without the quiet zone: `size` rows of `size`, true for dark.
struct QrModules {
  int size = 0;
  std::vector<bool> dark;  // row-major
  bool at(int x, int y) const { return dark[static_cast<std::size_t>(y) * static_cast<std::size_t>(size) + static_cast<std::size_t>(x)]; }
};

// `text` as the smallest QR symbol that holds it at error-correction level M (15 % of the symbol
// may be lost), case kept. Fails for empty text or more than a symbol of version 40 holds.
Expected<QrModules> encode_qr(std::string_view text);

inline constexpr int kQrQuietModules = 4;

// The symbol as a PNG: each module `module_pixels` square, the quiet zone included, so the image
// is (size + 8) * module_pixels pixels wide and tall. A 1-bit greyscale image, 0 black and 1 white.
std::string qr_png(const QrModules& modules, int module_pixels);

// encode_qr then qr_png with modules as large as needed for an image at least `min_pixels` wide:
// a phone's camera reads it from a projector, and the browser scales it without inventing grey.
Expected<std::string> qr_code_png(std::string_view text, int min_pixels);

}  // namespace umuhanda
