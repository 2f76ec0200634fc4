// QR codes with libqrencode, PNG with zlib (compress2 for IDAT, crc32 for the chunks).
#include "qr_png.hpp"

#include <qrencode.h>
#include <zlib.h>

#include <algorithm>
#include <cassert>
#include <cerrno>
#include <cstring>
#include <memory>

namespace umuhanda {
namespace {

void append_u32(std::string& out, std::uint32_t value) {
  out.push_back(static_cast<char>(value >> 24));
  out.push_back(static_cast<char>(value >> 16));
  out.push_back(static_cast<char>(value >> 8));
  out.push_back(static_cast<char>(value));
}

// A chunk: length, type, data, and the CRC of type and data (PNG specification, 5.3).
void append_chunk(std::string& out, const char (&type)[5], std::string_view data) {
  append_u32(out, static_cast<std::uint32_t>(data.size()));
  const std::size_t type_at = out.size();
  out.append(type, 4);
  out.append(data);
  const auto* crc_from = reinterpret_cast<const Bytef*>(out.data() + type_at);
  append_u32(out, static_cast<std::uint32_t>(crc32(0L, crc_from, static_cast<uInt>(4 + data.size()))));
}

}  // namespace

Expected<QrModules> encode_qr(std::string_view text) {
  if (text.empty()) return Expected<QrModules>::failure("text", "is empty: a QR code needs something to encode");
  const std::string terminated(text);  // libqrencode reads a C string
  errno = 0;
  std::unique_ptr<QRcode, decltype(&QRcode_free)> code(QRcode_encodeString(terminated.c_str(), 0, QR_ECLEVEL_M, QR_MODE_8, 1), &QRcode_free);
  if (!code) {
    const int why = errno;
    return Expected<QrModules>::failure("text", "could not be encoded as a QR code (" + std::to_string(text.size()) + " bytes): " +
                                                    (why == ERANGE ? std::string("more than the largest symbol holds")
                                                     : why != 0    ? std::strerror(why)
                                                                   : "libqrencode failed"));
  }
  QrModules modules;
  modules.size = code->width;
  modules.dark.resize(static_cast<std::size_t>(code->width) * static_cast<std::size_t>(code->width));
  // libqrencode's byte per module: bit 0 is dark; the other bits say what the module is part of.
  for (std::size_t i = 0; i < modules.dark.size(); ++i) modules.dark[i] = (code->data[i] & 1) != 0;
  return modules;
}

std::string qr_png(const QrModules& modules, int module_pixels) {
  const int side = (modules.size + 2 * kQrQuietModules) * module_pixels;
  const std::size_t row_bytes = 1 + (static_cast<std::size_t>(side) + 7) / 8;  // filter type 0, then 8 pixels a byte
  std::string raw(row_bytes * static_cast<std::size_t>(side), '\0');
  for (int y = 0; y < side; ++y) {
    unsigned char* row = reinterpret_cast<unsigned char*>(raw.data()) + static_cast<std::size_t>(y) * row_bytes;
    const int my = y / module_pixels - kQrQuietModules;
    for (int x = 0; x < side; ++x) {
      const int mx = x / module_pixels - kQrQuietModules;
      const bool inside = mx >= 0 && my >= 0 && mx < modules.size && my < modules.size;
      const bool white = !inside || !modules.at(mx, my);
      if (white) row[1 + x / 8] |= static_cast<unsigned char>(0x80 >> (x % 8));
    }
    // The padding bits of the last byte stay 0: decoders ignore them.
  }
  uLongf packed_size = compressBound(static_cast<uLong>(raw.size()));
  std::string packed(packed_size, '\0');
  // A buffer of compressBound bytes always suffices, and the input is ours: no error to expect.
  [[maybe_unused]] const int status =
      compress2(reinterpret_cast<Bytef*>(packed.data()), &packed_size, reinterpret_cast<const Bytef*>(raw.data()), static_cast<uLong>(raw.size()), 9);
  assert(status == Z_OK && "compress2 into a compressBound buffer failed");
  packed.resize(packed_size);

  std::string png("\x89PNG\r\n\x1a\n", 8);
  std::string header;
  append_u32(header, static_cast<std::uint32_t>(side));
  append_u32(header, static_cast<std::uint32_t>(side));
  header += std::string("\x01\x00\x00\x00\x00", 5);  // bit depth 1, greyscale, deflate, filter 0, no interlace
  append_chunk(png, "IHDR", header);
  append_chunk(png, "IDAT", packed);
  append_chunk(png, "IEND", "");
  return png;
}

Expected<std::string> qr_code_png(std::string_view text, int min_pixels) {
  auto modules = encode_qr(text);
  if (!modules) return modules.errors();
  const int span = modules->size + 2 * kQrQuietModules;
  const int module_pixels = std::max(1, (min_pixels + span - 1) / span);
  return qr_png(modules.value(), module_pixels);
}

}  // namespace umuhanda
