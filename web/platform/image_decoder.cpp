// decode_image_rgba over stb_image (Debian's libstb-dev, linked into the build folder as <stb/...>).
// The implementation itself is compiled once, in stb_image.c, without the project's warnings.
#include "platform/image_decoder.hpp"

#include <stb/stb_image.h>

#include <cstring>
#include <limits>
#include <string>

namespace umuhanda {

Expected<DecodedImage> decode_image_rgba(std::string_view encoded) {
  if (encoded.empty() || encoded.size() > static_cast<std::size_t>(std::numeric_limits<int>::max())) {
    return Expected<DecodedImage>::failure("image", "no bytes to decode");
  }
  const auto* bytes = reinterpret_cast<const stbi_uc*>(encoded.data());
  const int length = static_cast<int>(encoded.size());
  int width = 0, height = 0, channels = 0;
  if (!stbi_info_from_memory(bytes, length, &width, &height, &channels)) {
    return Expected<DecodedImage>::failure("image", std::string("not a PNG or JPEG this app can read: ") + stbi_failure_reason());
  }
  if (width < 1 || height < 1 || width > kMaxImageSide || height > kMaxImageSide) {
    return Expected<DecodedImage>::failure("image", std::to_string(width) + "x" + std::to_string(height) + " pixels is outside 1.." +
                                                        std::to_string(kMaxImageSide));
  }
  stbi_uc* pixels = stbi_load_from_memory(bytes, length, &width, &height, &channels, 4);
  if (!pixels) return Expected<DecodedImage>::failure("image", std::string("cannot be decoded: ") + stbi_failure_reason());
  DecodedImage image;
  image.width = width;
  image.height = height;
  image.pixels.resize(static_cast<std::size_t>(width) * static_cast<std::size_t>(height) * 4);
  std::memcpy(image.pixels.data(), pixels, image.pixels.size());
  stbi_image_free(pixels);
  return image;
}

}  // namespace umuhanda
