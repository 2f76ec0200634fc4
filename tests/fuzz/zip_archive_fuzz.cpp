// Fuzzes read_pack_zip_archive (umuhanda/zip_archive.hpp), the core's own zip reader the browser
// runs on a pack before uploading it, with the server's limits; and feeds every input to its
// DEFLATE decoder (inflate_raw) as a raw stream too. Beyond "no crash": refusals are located at
// "zip..." or "deflate"; accepted names stay inside the pack, pack.json is among them, the bytes
// stay within the limits; what was read, zipped again by write_zip_archive, reads back equal with
// this reader and with libzip (packio's read_pack_zip), the one the server uses.
#include <cstddef>
#include <cstdint>

#include "fuzz_check.hpp"
#include "pack_zip.hpp"
#include "umuhanda/zip_archive.hpp"

using namespace umuhanda;

namespace {

constexpr std::uint64_t kMaxInflated = 1 << 20;

void check_files(const PackFiles& files, const ZipArchiveLimits& limits) {
  std::uint64_t total = 0;
  for (const auto& [name, bytes] : files) {
    FUZZ_CHECK(!name.empty() && name.front() != '/' && name.find('\\') == std::string::npos && name.find('\0') == std::string::npos,
               "unsafe name \"" + name + "\"");
    FUZZ_CHECK(name != ".." && !name.starts_with("../") && name.find("/../") == std::string::npos && !name.ends_with("/.."),
               "a name leaving the pack: \"" + name + "\"");
    total += bytes.size();
  }
  FUZZ_CHECK(files.contains("pack.json"), "a pack zip read without pack.json");
  FUZZ_CHECK(total <= limits.max_total_bytes, "read " + std::to_string(total) + " bytes, over the limit");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input = fuzz::as_text(data, size);

  auto inflated = inflate_raw(input, kMaxInflated);
  if (inflated) {
    FUZZ_CHECK(inflated->size() <= kMaxInflated, "inflated " + std::to_string(inflated->size()) + " bytes, past the bound");
  } else {
    fuzz::check_refusal(inflated.errors(), "deflate");
  }

  const ZipArchiveLimits limits;  // the server's
  auto files = read_pack_zip_archive(input, limits);
  if (!files) {
    fuzz::check_refusal(files.errors(), "zip");
    return 0;
  }
  check_files(files.value(), limits);

  const std::string zip = write_zip_archive(files.value());
  FUZZ_CHECK(zip == write_zip_archive(files.value()), "the same files zip to different bytes");
  auto reread = read_pack_zip_archive(zip, limits);
  FUZZ_CHECK(reread.ok(), "a zip we wrote does not read: " + to_string(reread.errors()));
  FUZZ_CHECK(reread.value() == files.value(), "writing the files read and reading them back changes them");
  auto by_libzip = read_pack_zip(zip, limits);
  FUZZ_CHECK(by_libzip.ok(), "libzip cannot read a zip we wrote: " + to_string(by_libzip.errors()));
  FUZZ_CHECK(by_libzip.value() == files.value(), "libzip reads other files from a zip we wrote");
  return 0;
}
