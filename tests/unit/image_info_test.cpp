// Image sniffing: PNG, JPEG and WebP headers give type and size; anything else is refused.
#include <gtest/gtest.h>

#include <string>

#include "umuhanda/image_info.hpp"

namespace umuhanda {
namespace {

std::string png_header(unsigned width, unsigned height) {
  std::string bytes("\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR", 16);
  for (unsigned v : {width, height}) {
    for (int shift = 24; shift >= 0; shift -= 8) bytes += static_cast<char>((v >> shift) & 0xFF);
  }
  return bytes + std::string("\x08\x06\0\0\0", 5);
}

TEST(ImageInfo, ReadsAPngHeader) {
  auto info = sniff_image(png_header(256, 128));
  ASSERT_TRUE(info.ok());
  EXPECT_EQ(info->format, ImageFormat::png);
  EXPECT_EQ(info->width, 256);
  EXPECT_EQ(info->height, 128);
  EXPECT_EQ(mime_type(info->format), "image/png");
}

TEST(ImageInfo, ReadsAJpegStartOfFrame) {
  // SOI, an APP0 segment of 16 bytes, then SOF0 with height 480 and width 640.
  std::string jpeg("\xFF\xD8\xFF\xE0\x00\x10JFIF\0\x01\x01\0\0\x01\0\x01\0\0", 20);
  jpeg += std::string("\xFF\xC0\x00\x11\x08\x01\xE0\x02\x80\x03", 10);
  auto info = sniff_image(jpeg);
  ASSERT_TRUE(info.ok()) << to_string(info.errors());
  EXPECT_EQ(info->format, ImageFormat::jpeg);
  EXPECT_EQ(info->width, 640);
  EXPECT_EQ(info->height, 480);
}

TEST(ImageInfo, ReadsWebpVariants) {
  std::string vp8x = std::string("RIFF\0\0\0\0WEBPVP8X", 16) + std::string("\x0a\0\0\0\0\0\0\0", 8) + std::string("\x7f\0\0\x3f\0\0", 6);
  auto info = sniff_image(vp8x);
  ASSERT_TRUE(info.ok()) << to_string(info.errors());
  EXPECT_EQ(info->format, ImageFormat::webp);
  EXPECT_EQ(info->width, 128);
  EXPECT_EQ(info->height, 64);
}

TEST(ImageInfo, RefusesOtherFormatsAndTruncatedFiles) {
  EXPECT_FALSE(sniff_image("GIF89a....").ok());
  EXPECT_FALSE(sniff_image("<svg xmlns='http://www.w3.org/2000/svg'/>").ok());
  EXPECT_FALSE(sniff_image(png_header(10, 10).substr(0, 18)).ok());
  EXPECT_FALSE(sniff_image(png_header(0, 10)).ok());
  EXPECT_FALSE(sniff_image(std::string("\xFF\xD8\xFF\xD9", 4)).ok());
  EXPECT_FALSE(sniff_image("").ok());
}

}  // namespace
}  // namespace umuhanda
