// Pack .zip files in pure C++ (no libzip, no zlib), so the browser can check a pack zip before
// uploading it and build one to upload. Same rules as the server's reader (shared/packio/pack_zip).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "umuhanda/expected.hpp"
#include "umuhanda/pack.hpp"

namespace umuhanda {

// What a pack zip may unpack to; checked from the central directory before anything is inflated.
struct ZipArchiveLimits {
  std::uint64_t max_total_bytes = 256ull * 1024 * 1024;  // uncompressed, all entries
  std::uint64_t max_entries = 20000;
};

// Accepts pack.json at the root, or everything inside one top-level folder (whose name is then
// dropped). Entries may be stored or deflated; each one's size and CRC-32 are checked. Encrypted
// entries, zip64 and other compression methods are refused. Errors are located at "zip" (the
// archive) or "zip:<entry name>".
Expected<PackFiles> read_pack_zip_archive(std::string_view zip_bytes, const ZipArchiveLimits& limits = {});

// A zip of `files` (path -> bytes), every entry stored (method 0), in path order with a fixed
// timestamp (1980-01-01): the same files give the same bytes. No zip64: fewer than 65535 files,
// each name under 64 KiB and the whole archive under 4 GiB (a pack is bounded far below that).
std::string write_zip_archive(const PackFiles& files);

// The building blocks, exposed for tests.
// CRC-32 as zip uses it (ISO 3309 polynomial, reflected, initial and final value 0xFFFFFFFF).
std::uint32_t crc32(std::string_view bytes);
// Decodes raw DEFLATE data (RFC 1951, no zlib or gzip wrapper). Fails rather than produce more
// than `max_output` bytes; bytes after the final block are ignored. Errors are located at "deflate".
Expected<std::string> inflate_raw(std::string_view deflated, std::uint64_t max_output);

}  // namespace umuhanda
