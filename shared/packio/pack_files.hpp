// Pack folders on disk and in memory (PackFiles, umuhanda/pack.hpp), whatever they came from: a
// folder, an uploaded .zip, or an importer. Loading turns them into a validated Pack.
#pragma once

#include <filesystem>
#include <string>

#include "umuhanda/expected.hpp"
#include "umuhanda/pack.hpp"

namespace umuhanda {

struct LoadedPack {
  Pack pack;        // validated, with its media list computed from the files
  PackFiles media;  // media path -> bytes, only the files the pack uses
  Diagnostics warnings;
};

// Reads pack.json and every regular file below `folder`. Symlinks are not followed.
Expected<PackFiles> read_pack_folder(const std::filesystem::path& folder);

// Parses and validates pack.json, then checks every media file it refers to: present, a real
// PNG/JPEG/WebP whose bytes match its extension (and the declared media entry, if any), and
// computes the media list (SHA-256, MIME type, pixel size, byte size). Reports every problem.
Expected<LoadedPack> load_pack_files(const PackFiles& files);

// Writes pack.json (canonical, pretty-printed) and the media files into `folder`.
Expected<void> write_pack_folder(const std::filesystem::path& folder, const Pack& pack, const PackFiles& media);

// Pretty, stable pack.json text for files people edit and diff.
std::string to_pretty_json(const Pack& pack);

}  // namespace umuhanda
