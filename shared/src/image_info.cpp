// Reading image headers: PNG IHDR, JPEG start-of-frame, WebP VP8/VP8L/VP8X.
#include "umuhanda/image_info.hpp"

#include <cstdint>

namespace umuhanda {
namespace {

std::uint32_t byte(std::string_view b, std::size_t i) { return static_cast<unsigned char>(b[i]); }
std::uint32_t be16(std::string_view b, std::size_t i) { return byte(b, i) << 8 | byte(b, i + 1); }
std::uint32_t be32(std::string_view b, std::size_t i) { return be16(b, i) << 16 | be16(b, i + 2); }
std::uint32_t le16(std::string_view b, std::size_t i) { return byte(b, i) | byte(b, i + 1) << 8; }
std::uint32_t le24(std::string_view b, std::size_t i) { return le16(b, i) | byte(b, i + 2) << 16; }

Expected<ImageInfo> failure(std::string reason) { return Expected<ImageInfo>::failure("", std::move(reason)); }

Expected<ImageInfo> sized(ImageFormat format, std::uint32_t width, std::uint32_t height) {
  if (width == 0 || height == 0 || width > 65535 || height > 65535) {
    return failure("has an impossible size " + std::to_string(width) + "x" + std::to_string(height));
  }
  return ImageInfo{format, static_cast<int>(width), static_cast<int>(height)};
}

Expected<ImageInfo> sniff_png(std::string_view b) {
  if (b.size() < 24 || b.substr(12, 4) != "IHDR") return failure("is a truncated PNG (no IHDR header)");
  return sized(ImageFormat::png, be32(b, 16), be32(b, 20));
}

Expected<ImageInfo> sniff_jpeg(std::string_view b) {
  std::size_t i = 2;
  while (i + 4 <= b.size()) {
    if (byte(b, i) != 0xFF) return failure("is a corrupt JPEG (bad marker at byte " + std::to_string(i) + ")");
    const std::uint32_t marker = byte(b, i + 1);
    if (marker == 0xFF) {  // fill byte
      ++i;
      continue;
    }
    if (marker == 0xD8 || (marker >= 0xD0 && marker <= 0xD7) || marker == 0x01) {
      i += 2;
      continue;
    }
    const std::uint32_t length = be16(b, i + 2);
    const bool start_of_frame = marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
    if (start_of_frame) {
      if (i + 9 > b.size()) break;
      return sized(ImageFormat::jpeg, be16(b, i + 7), be16(b, i + 5));
    }
    if (marker == 0xD9 || marker == 0xDA) break;  // end of image, or pixel data before any frame header
    i += 2 + length;
  }
  return failure("is a JPEG without a readable frame header");
}

Expected<ImageInfo> sniff_webp(std::string_view b) {
  if (b.size() < 30) return failure("is a truncated WebP");
  std::string_view chunk = b.substr(12, 4);
  if (chunk == "VP8 ") {
    if (byte(b, 23) != 0x9D || byte(b, 24) != 0x01 || byte(b, 25) != 0x2A) return failure("is a WebP with a corrupt VP8 header");
    return sized(ImageFormat::webp, le16(b, 26) & 0x3FFF, le16(b, 28) & 0x3FFF);
  }
  if (chunk == "VP8L") {
    if (byte(b, 20) != 0x2F) return failure("is a WebP with a corrupt VP8L header");
    const std::uint32_t bits = byte(b, 21) | byte(b, 22) << 8 | byte(b, 23) << 16 | byte(b, 24) << 24;
    return sized(ImageFormat::webp, (bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1);
  }
  if (chunk == "VP8X") return sized(ImageFormat::webp, le24(b, 24) + 1, le24(b, 27) + 1);
  return failure("is a WebP with an unknown first chunk");
}

}  // namespace

std::string_view mime_type(ImageFormat format) {
  switch (format) {
    case ImageFormat::png: return "image/png";
    case ImageFormat::jpeg: return "image/jpeg";
    case ImageFormat::webp: return "image/webp";
  }
  return "application/octet-stream";
}

bool is_supported_image_mime(std::string_view mime) { return mime == "image/png" || mime == "image/jpeg" || mime == "image/webp"; }

Expected<ImageInfo> sniff_image(std::string_view bytes) {
  if (bytes.substr(0, 8) == std::string_view("\x89PNG\r\n\x1a\n", 8)) return sniff_png(bytes);
  if (bytes.size() >= 3 && byte(bytes, 0) == 0xFF && byte(bytes, 1) == 0xD8 && byte(bytes, 2) == 0xFF) return sniff_jpeg(bytes);
  if (bytes.size() >= 12 && bytes.substr(0, 4) == "RIFF" && bytes.substr(8, 4) == "WEBP") return sniff_webp(bytes);
  return failure("is not a PNG, JPEG or WebP image");
}

}  // namespace umuhanda
