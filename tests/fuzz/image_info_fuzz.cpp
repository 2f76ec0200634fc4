// Fuzzes sniff_image (image_info.cpp), which reads the header of every picture in an
// uploaded pack or import. Beyond "no crash": a recognised image has a size in 1..65535 on both
// sides and a supported MIME type, and its format matches the file's magic bytes; a refusal says why.
#include <cstddef>
#include <cstdint>

#include "fuzz_check.hpp"
#include "umuhanda/image_info.hpp"

using namespace umuhanda;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view bytes = fuzz::as_text(data, size);
  auto info = sniff_image(bytes);
  if (!info) {
    fuzz::check_refusal(info.errors());
    return 0;
  }
  FUZZ_CHECK(info->width >= 1 && info->width <= 65535 && info->height >= 1 && info->height <= 65535,
             "impossible size " + std::to_string(info->width) + "x" + std::to_string(info->height));
  FUZZ_CHECK(is_supported_image_mime(mime_type(info->format)), std::string(mime_type(info->format)));
  const bool magic_matches = (info->format == ImageFormat::png && bytes.starts_with("\x89PNG")) ||
                             (info->format == ImageFormat::jpeg && bytes.starts_with("\xFF\xD8\xFF")) ||
                             (info->format == ImageFormat::webp && bytes.starts_with("RIFF"));
  FUZZ_CHECK(magic_matches, "the format found does not match the magic bytes");
  return 0;
}
