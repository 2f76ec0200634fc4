// Decoding a PNG or JPEG file to RGBA pixels in memory (stb_image), before it becomes a texture.
#pragma once

#include <string_view>
#include <vector>

#include "umuhanda/expected.hpp"

namespace umuhanda {

struct DecodedImage {
  int width = 0;
  int height = 0;
  std::vector<unsigned char> pixels;  // width * height * 4 bytes, rows top to bottom
};

inline constexpr int kMaxImageSide = 2048;  // larger pictures are refused, not decoded

Expected<DecodedImage> decode_image_rgba(std::string_view encoded);

}  // namespace umuhanda
