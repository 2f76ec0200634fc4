// QR codes as PNG (server/qr_png.cpp): the image is read back here with zlib alone (signature,
// chunk CRCs, IHDR, IDAT inflated and unpacked) and every module must be what libqrencode itself
// encodes for the text, the quiet zone white; bad input is a located error.
#include <gtest/gtest.h>
#include <qrencode.h>
#include <zlib.h>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "qr_png.hpp"
#include "umuhanda/image_info.hpp"

namespace umuhanda {
namespace {

std::uint32_t u32_at(const std::string& bytes, std::size_t at) {
  auto byte = [&](std::size_t i) { return static_cast<std::uint32_t>(static_cast<unsigned char>(bytes[at + i])); };
  return byte(0) << 24 | byte(1) << 16 | byte(2) << 8 | byte(3);
}

// A 1-bit greyscale PNG read back: its pixels (true for white), or a test failure naming what is wrong.
struct GreyImage {
  int width = 0, height = 0;
  std::vector<bool> white;
  bool at(int x, int y) const { return white[static_cast<std::size_t>(y) * static_cast<std::size_t>(width) + static_cast<std::size_t>(x)]; }
};

void read_png(const std::string& png, GreyImage& image) {
  ASSERT_GE(png.size(), 8u);
  ASSERT_EQ(png.substr(0, 8), std::string("\x89PNG\r\n\x1a\n", 8));
  std::string idat;
  std::vector<std::string> chunk_types;
  for (std::size_t at = 8; at < png.size();) {
    ASSERT_LE(at + 12, png.size()) << "a chunk is cut off at byte " << at;
    const std::uint32_t length = u32_at(png, at);
    ASSERT_LE(at + 12 + length, png.size()) << "chunk at byte " << at;
    const std::string type = png.substr(at + 4, 4);
    const std::string data = png.substr(at + 8, length);
    const auto crc = crc32(0L, reinterpret_cast<const Bytef*>(png.data() + at + 4), 4 + length);
    EXPECT_EQ(u32_at(png, at + 8 + length), crc) << type << " chunk's CRC";
    chunk_types.push_back(type);
    if (type == "IHDR") {
      ASSERT_EQ(length, 13u);
      image.width = static_cast<int>(u32_at(data, 0));
      image.height = static_cast<int>(u32_at(data, 4));
      EXPECT_EQ(data.substr(8), std::string("\x01\x00\x00\x00\x00", 5)) << "bit depth 1, greyscale, deflate, filter 0, no interlace";
    }
    if (type == "IDAT") idat += data;
    at += 12 + length;
  }
  ASSERT_EQ(chunk_types, (std::vector<std::string>{"IHDR", "IDAT", "IEND"}));
  ASSERT_GT(image.width, 0);
  const std::size_t row_bytes = 1 + (static_cast<std::size_t>(image.width) + 7) / 8;
  std::string raw(row_bytes * static_cast<std::size_t>(image.height), '\0');
  uLongf raw_size = static_cast<uLongf>(raw.size());
  ASSERT_EQ(uncompress(reinterpret_cast<Bytef*>(raw.data()), &raw_size, reinterpret_cast<const Bytef*>(idat.data()), static_cast<uLong>(idat.size())),
            Z_OK);
  ASSERT_EQ(raw_size, raw.size()) << "IDAT inflates to one filter byte and the packed pixels per row";
  image.white.clear();
  for (int y = 0; y < image.height; ++y) {
    const auto* row = reinterpret_cast<const unsigned char*>(raw.data()) + static_cast<std::size_t>(y) * row_bytes;
    ASSERT_EQ(row[0], 0) << "row " << y << "'s filter";
    for (int x = 0; x < image.width; ++x) image.white.push_back((row[1 + x / 8] >> (7 - x % 8) & 1) != 0);
  }
}

TEST(QrPng, TheImageHoldsExactlyTheModulesLibqrencodeEncodesInsideAWhiteQuietZone) {
  const std::string text = "7KQ4-MX2P";
  auto png = qr_code_png(text, 512);
  ASSERT_TRUE(png) << to_string(png.errors());
  auto info = sniff_image(png.value());
  ASSERT_TRUE(info) << to_string(info.errors());
  EXPECT_EQ(info->format, ImageFormat::png);

  GreyImage image;
  read_png(png.value(), image);
  ASSERT_FALSE(HasFatalFailure());
  EXPECT_EQ(image.width, info->width);
  EXPECT_EQ(image.height, image.width);

  std::unique_ptr<QRcode, decltype(&QRcode_free)> expected(QRcode_encodeString(text.c_str(), 0, QR_ECLEVEL_M, QR_MODE_8, 1), &QRcode_free);
  ASSERT_TRUE(expected);
  EXPECT_EQ(expected->version, 1) << "nine characters fit the smallest symbol";
  const int span = expected->width + 2 * kQrQuietModules;
  ASSERT_EQ(image.width % span, 0) << "whole pixels per module";
  const int module = image.width / span;
  EXPECT_GE(image.width, 512);
  EXPECT_LT(image.width, 512 + span) << "no larger than needed";
  // Every pixel, not just each module's centre: modules are solid squares.
  int differences = 0;
  for (int y = 0; y < image.height; ++y) {
    for (int x = 0; x < image.width; ++x) {
      const int mx = x / module - kQrQuietModules, my = y / module - kQrQuietModules;
      const bool inside = mx >= 0 && my >= 0 && mx < expected->width && my < expected->width;
      const bool dark = inside && (expected->data[my * expected->width + mx] & 1) != 0;
      if (image.at(x, y) == dark && ++differences <= 5) ADD_FAILURE() << "pixel " << x << "," << y << " (module " << mx << "," << my << ")";
    }
  }
  EXPECT_EQ(differences, 0);
  // The finder pattern's dark top row, and the quiet zone's white corner.
  EXPECT_FALSE(image.at(kQrQuietModules * module, kQrQuietModules * module));
  EXPECT_TRUE(image.at(0, 0));
}

TEST(QrPng, EncodeQrKeepsTheSymbolLibqrencodeMakes) {
  auto modules = encode_qr("https://umuhanda.example/?join=7KQ4-MX2P");
  ASSERT_TRUE(modules) << to_string(modules.errors());
  EXPECT_EQ(modules->size % 4, 1) << "a QR symbol is 17 + 4 * version modules wide";
  EXPECT_GT(modules->size, 21);
  ASSERT_EQ(modules->dark.size(), static_cast<std::size_t>(modules->size * modules->size));
  for (int i = 0; i < 7; ++i) EXPECT_TRUE(modules->at(i, 0)) << "finder pattern, module " << i;
  EXPECT_FALSE(modules->at(7, 0)) << "the finder's separator";
}

TEST(QrPng, TextAQrCodeCannotHoldIsAnErrorSayingWhy) {
  auto empty = qr_code_png("", 512);
  ASSERT_FALSE(empty);
  EXPECT_EQ(to_string(empty.errors()), "text: is empty: a QR code needs something to encode\n");
  auto huge = qr_code_png(std::string(4000, 'x'), 512);
  ASSERT_FALSE(huge);
  EXPECT_EQ(to_string(huge.errors()), "text: could not be encoded as a QR code (4000 bytes): more than the largest symbol holds\n");
}

}  // namespace
}  // namespace umuhanda
