// Pack folders and zips: media checked against their bytes and hashed, zips read defensively and
// built reproducibly.
#include <gtest/gtest.h>
#include <zip.h>

#include <filesystem>

#include "pack_files.hpp"
#include "pack_zip.hpp"
#include "test_packs.hpp"
#include "umuhanda/pack_json.hpp"

namespace umuhanda {
namespace {

// A real 4x2 RGB PNG (made with Python's zlib) and its SHA-256 (sha256sum).
std::string tiny_png() {
  const char* hex =
      "89504e470d0a1a0a0000000d4948445200000004000000020802000000f0caea34000000104944415478da63f8cfc000470cc81c006faa07f968ddafa700"
      "00000049454e44ae426082";
  std::string bytes;
  for (std::size_t i = 0; hex[i] && hex[i + 1]; i += 2) bytes += static_cast<char>(std::stoi(std::string(hex + i, 2), nullptr, 16));
  return bytes;
}
const char* kTinyPngSha256 = "5af0bde9594dd5317664957e39d596874e18afee5c7447ae134411ace16e09db";

// The rich test pack with its two sign pictures as real files and no media list (the loader computes it).
PackFiles rich_pack_files() {
  Pack pack = testing::make_rich_pack();
  pack.media.clear();
  PackFiles files;
  files["pack.json"] = to_json(pack);
  files["media/signs/p-stop.png"] = tiny_png();
  files["media/signs/p-give-way.png"] = tiny_png();
  return files;
}

bool has_error(const Diagnostics& found, const std::string& path, const std::string& words) {
  for (const auto& d : found)
    if (d.path == path && d.message.find(words) != std::string::npos) return true;
  ADD_FAILURE() << "no error at " << path << " containing \"" << words << "\"; found:\n" << to_string(found);
  return false;
}

TEST(PackFiles, ComputesTheMediaListFromTheFiles) {
  auto loaded = load_pack_files(rich_pack_files());
  ASSERT_TRUE(loaded.ok()) << to_string(loaded.errors());
  ASSERT_EQ(loaded->pack.media.size(), 2u);
  const MediaItem* stop = loaded->pack.find_media("media/signs/p-stop.png");
  ASSERT_NE(stop, nullptr);
  EXPECT_EQ(stop->sha256, kTinyPngSha256);
  EXPECT_EQ(stop->mime, "image/png");
  EXPECT_EQ(stop->width, 4);
  EXPECT_EQ(stop->height, 2);
  EXPECT_EQ(stop->bytes, 73u);
  EXPECT_EQ(loaded->media.size(), 2u);
}

TEST(PackFiles, AMissingMediaFileIsAnError) {
  PackFiles files = rich_pack_files();
  files.erase("media/signs/p-stop.png");
  auto loaded = load_pack_files(files);
  ASSERT_FALSE(loaded.ok());
  has_error(loaded.errors(), "media/signs/p-stop.png", "the file is missing");
}

TEST(PackFiles, BytesMustMatchTheExtension) {
  PackFiles files = rich_pack_files();
  Pack pack = parse_pack_json(files["pack.json"]).value();
  pack.signs[0].image = "media/signs/p-stop.jpg";
  files["pack.json"] = to_json(pack);
  files["media/signs/p-stop.jpg"] = tiny_png();
  auto loaded = load_pack_files(files);
  ASSERT_FALSE(loaded.ok());
  has_error(loaded.errors(), "media/signs/p-stop.jpg", "is named as image/jpeg but its bytes are image/png");
}

TEST(PackFiles, OtherImageFormatsAreRefused) {
  PackFiles files = rich_pack_files();
  files["media/signs/p-stop.png"] = "GIF89a\x01\x00\x01\x00";
  auto loaded = load_pack_files(files);
  ASSERT_FALSE(loaded.ok());
  has_error(loaded.errors(), "media/signs/p-stop.png", "is not a PNG, JPEG or WebP image");
}

TEST(PackFiles, ADeclaredMediaListMustMatchTheFiles) {
  PackFiles files = rich_pack_files();
  auto loaded = load_pack_files(files);
  ASSERT_TRUE(loaded.ok());
  Pack declared = loaded->pack;
  declared.media[0].sha256 = std::string(64, '0');
  files["pack.json"] = to_json(declared);
  auto reloaded = load_pack_files(files);
  ASSERT_FALSE(reloaded.ok());
  has_error(reloaded.errors(), declared.media[0].path, "does not match its entry in pack.json's media list");
}

TEST(PackFiles, ValidationErrorsComeWithMediaErrors) {
  PackFiles files = rich_pack_files();
  Pack pack = parse_pack_json(files["pack.json"]).value();
  pack.questions[0].correct = {7};
  files["pack.json"] = to_json(pack);
  files.erase("media/signs/p-give-way.png");
  auto loaded = load_pack_files(files);
  ASSERT_FALSE(loaded.ok());
  has_error(loaded.errors(), "questions[0].correct", "refers to choice 7");
  has_error(loaded.errors(), "media/signs/p-give-way.png", "missing");
}

TEST(PackFiles, FolderRoundTrip) {
  auto loaded = load_pack_files(rich_pack_files());
  ASSERT_TRUE(loaded.ok());
  auto folder = std::filesystem::temp_directory_path() / ("umuhanda-pack-files-" + std::to_string(::getpid()));
  ASSERT_TRUE(write_pack_folder(folder, loaded->pack, loaded->media).ok());
  auto files = read_pack_folder(folder);
  ASSERT_TRUE(files.ok()) << to_string(files.errors());
  auto reloaded = load_pack_files(files.value());
  std::filesystem::remove_all(folder);
  ASSERT_TRUE(reloaded.ok()) << to_string(reloaded.errors());
  EXPECT_EQ(reloaded->pack, loaded->pack);
}

TEST(PackZip, RoundTripsAndIsReproducible) {
  auto loaded = load_pack_files(rich_pack_files());
  ASSERT_TRUE(loaded.ok());
  auto zip = build_pack_zip(loaded->pack, loaded->media);
  ASSERT_TRUE(zip.ok()) << to_string(zip.errors());
  auto again = build_pack_zip(loaded->pack, loaded->media);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(zip.value(), again.value()) << "the same pack gives the same bytes";
  auto files = read_pack_zip(zip.value());
  ASSERT_TRUE(files.ok()) << to_string(files.errors());
  auto reloaded = load_pack_files(files.value());
  ASSERT_TRUE(reloaded.ok()) << to_string(reloaded.errors());
  EXPECT_EQ(reloaded->pack, loaded->pack);
}

// Builds a zip from (name, bytes) pairs with libzip, allowing names a pack zip must refuse.
std::string raw_zip(const std::vector<std::pair<std::string, std::string>>& entries) {
  zip_error_t error;
  zip_error_init(&error);
  zip_source_t* target = zip_source_buffer_create(nullptr, 0, 0, &error);
  zip_source_keep(target);
  zip_t* archive = zip_open_from_source(target, ZIP_TRUNCATE, &error);
  for (const auto& [name, bytes] : entries) {
    zip_file_add(archive, name.c_str(), zip_source_buffer(archive, bytes.data(), bytes.size(), 0), ZIP_FL_ENC_UTF_8);
  }
  zip_close(archive);
  zip_stat_t stat;
  zip_source_stat(target, &stat);
  zip_source_open(target);
  std::string out(stat.size, '\0');
  zip_source_read(target, out.data(), stat.size);
  zip_source_close(target);
  zip_source_free(target);
  return out;
}

TEST(PackZip, AcceptsOneTopLevelFolder) {
  auto files = read_pack_zip(raw_zip({{"my-pack/pack.json", "{}"}, {"my-pack/media/a.png", "x"}}));
  ASSERT_TRUE(files.ok()) << to_string(files.errors());
  EXPECT_EQ(files->count("pack.json"), 1u);
  EXPECT_EQ(files->count("media/a.png"), 1u);
}

TEST(PackZip, RefusesEntriesThatLeaveThePack) {
  for (const char* name : {"../evil.png", "media/../../evil.png", "/etc/passwd", "C:/evil.png"}) {
    auto files = read_pack_zip(raw_zip({{"pack.json", "{}"}, {name, "x"}}));
    ASSERT_FALSE(files.ok()) << name;
    EXPECT_NE(files.errors()[0].message.find("not a safe path"), std::string::npos) << name;
  }
}

TEST(PackZip, RefusesTooMuchDataBeforeInflatingIt) {
  ZipLimits limits;
  limits.max_total_bytes = 1000;
  auto files = read_pack_zip(raw_zip({{"pack.json", std::string(5000, ' ')}}), limits);
  ASSERT_FALSE(files.ok());
  EXPECT_NE(files.errors()[0].message.find("more than the limit"), std::string::npos);
}

TEST(PackZip, RefusesWhatIsNotAZipOrHasNoPack) {
  EXPECT_FALSE(read_pack_zip("not a zip at all").ok());
  auto files = read_pack_zip(raw_zip({{"readme.txt", "hello"}}));
  ASSERT_FALSE(files.ok());
  EXPECT_NE(files.errors()[0].message.find("holds no pack.json"), std::string::npos);
}

}  // namespace
}  // namespace umuhanda
