// What an image file really is, read from its first bytes: PNG, JPEG or WebP, and its pixel size.
// Pure: the caller reads the file.
#pragma once

#include <string_view>

#include "umuhanda/expected.hpp"

namespace umuhanda {

enum class ImageFormat { png, jpeg, webp };

struct ImageInfo {
  ImageFormat format = ImageFormat::png;
  int width = 0;
  int height = 0;
};

std::string_view mime_type(ImageFormat format);
bool is_supported_image_mime(std::string_view mime);

// Fails with a reason when the bytes are not a PNG, JPEG or WebP whose size can be read.
Expected<ImageInfo> sniff_image(std::string_view bytes);

}  // namespace umuhanda
