// Pack .zip files: the way packs travel (instructor uploads, `umuhanda-pack build`). Reading is
// defensive: entry names cannot leave the pack, and sizes are bounded before anything is inflated.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "pack_files.hpp"
#include "umuhanda/zip_archive.hpp"

namespace umuhanda {

// The same limits as the browser's reader (umuhanda/zip_archive.hpp), so both refuse the same zips.
using ZipLimits = ZipArchiveLimits;

// Accepts pack.json at the root, or everything inside one top-level folder.
Expected<PackFiles> read_pack_zip(std::string_view zip_bytes, const ZipLimits& limits = {});

// pack.json (pretty) plus the media, in path order with fixed timestamps: the same pack gives
// the same bytes.
Expected<std::string> build_pack_zip(const Pack& pack, const PackFiles& media);

}  // namespace umuhanda
