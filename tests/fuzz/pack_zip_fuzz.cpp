// Fuzzes read_pack_zip (pack_zip.cpp over libzip), the first reader of every uploaded pack, with the
// limits the server uses, then load_pack_files() (pack.json, media checks) on what it returns.
// Beyond "no crash": every file name stays inside the pack and pack.json is among them, the bytes
// stay within the limit; a pack that loads is zipped again and reads and loads back equal.
#include <cstddef>
#include <cstdint>

#include "fuzz_check.hpp"
#include "pack_zip.hpp"

using namespace umuhanda;

namespace {

void check_files(const PackFiles& files, const ZipLimits& limits) {
  std::uint64_t total = 0;
  for (const auto& [name, bytes] : files) {
    FUZZ_CHECK(!name.empty() && name.front() != '/' && name.find('\\') == std::string::npos, "unsafe name \"" + name + "\"");
    FUZZ_CHECK(name != ".." && !name.starts_with("../") && name.find("/../") == std::string::npos && !name.ends_with("/.."),
               "a name leaving the pack: \"" + name + "\"");
    total += bytes.size();
  }
  FUZZ_CHECK(files.contains("pack.json"), "a pack zip read without pack.json");
  FUZZ_CHECK(total <= limits.max_total_bytes, "read " + std::to_string(total) + " bytes, over the limit");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const ZipLimits limits;  // the server's
  auto files = read_pack_zip(fuzz::as_text(data, size), limits);
  if (!files) {
    fuzz::check_refusal(files.errors());
    return 0;
  }
  check_files(files.value(), limits);
  auto loaded = load_pack_files(files.value());
  if (!loaded) {
    fuzz::check_refusal(loaded.errors());
    return 0;
  }
  auto zip = build_pack_zip(loaded->pack, loaded->media);
  FUZZ_CHECK(zip.ok(), "a loaded pack cannot be zipped: " + to_string(zip.errors()));
  auto reread = read_pack_zip(zip.value(), limits);
  FUZZ_CHECK(reread.ok(), "a zip we built does not read: " + to_string(reread.errors()));
  auto reloaded = load_pack_files(reread.value());
  FUZZ_CHECK(reloaded.ok(), "a zip we built does not load: " + to_string(reloaded.errors()));
  FUZZ_CHECK(reloaded->pack == loaded->pack && reloaded->media == loaded->media, "zipping a loaded pack and reading it back changes it");
  return 0;
}
