// The core's own zip reader and writer (umuhanda/zip_archive.hpp), checked against the real thing:
// zips libzip builds read back identical, zips it writes libzip reads, and its DEFLATE decoder
// against zlib's encoder at every level and strategy. Each refusal says what, where and why.
#include "umuhanda/zip_archive.hpp"

#include <gtest/gtest.h>
#include <zip.h>
#include <zlib.h>

#include <random>

#include "pack_files.hpp"
#include "pack_zip.hpp"

namespace umuhanda {
namespace {

const std::string kPackDir = std::string(UMUHANDA_SOURCE_DIR) + "/assets/packs/umuhanda-default";

// [SECTION] Helpers

// A zip of (name, bytes) pairs built by libzip (deflated, its default), names unchecked.
std::string libzip_zip(const std::vector<std::pair<std::string, std::string>>& entries) {
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

// Raw DEFLATE (no zlib header) from zlib, the encoder the decoder is checked against.
std::string zlib_deflate(std::string_view input, int level, int strategy = Z_DEFAULT_STRATEGY) {
  z_stream stream{};
  EXPECT_EQ(deflateInit2(&stream, level, Z_DEFLATED, -15, 8, strategy), Z_OK);
  std::string out(deflateBound(&stream, static_cast<uLong>(input.size())) + 64, '\0');
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(input.data()));
  stream.avail_in = static_cast<uInt>(input.size());
  stream.next_out = reinterpret_cast<Bytef*>(out.data());
  stream.avail_out = static_cast<uInt>(out.size());
  EXPECT_EQ(deflate(&stream, Z_FINISH), Z_STREAM_END);
  out.resize(stream.total_out);
  deflateEnd(&stream);
  return out;
}

std::string random_bytes(std::size_t size, unsigned seed) {
  std::mt19937 random(seed);
  std::string bytes(size, '\0');
  for (char& byte : bytes) byte = static_cast<char>(random() & 0xFFu);
  return bytes;
}

// Text with long-range repeats and some noise: many dynamic blocks, long distances, all lengths.
std::string mixed_text(std::size_t size) {
  std::mt19937 random(7);
  const std::vector<std::string> words = {"stop", "give way", "roundabout", "pedestrian crossing", "speed limit 40", "no entry", "\n"};
  std::string text;
  while (text.size() < size) {
    if (random() % 50 == 0) {
      text += random_bytes(random() % 40, static_cast<unsigned>(text.size()));
    } else if (random() % 10 == 0 && text.size() > 40000) {
      const std::size_t from = text.size() - 1 - random() % 32000;
      text += text.substr(from, random() % 300);
    } else {
      text += words[random() % words.size()];
      text += ' ';
    }
  }
  text.resize(size);
  return text;
}

std::uint32_t get_u32(const std::string& bytes, std::size_t at) {
  std::uint32_t value = 0;
  for (std::size_t i = 0; i < 4; ++i) value |= static_cast<std::uint32_t>(static_cast<unsigned char>(bytes[at + i])) << (8 * i);
  return value;
}
void set_u16(std::string& bytes, std::size_t at, std::uint16_t value) {
  bytes[at] = static_cast<char>(value & 0xFFu);
  bytes[at + 1] = static_cast<char>(value >> 8);
}
void set_u32(std::string& bytes, std::size_t at, std::uint32_t value) {
  set_u16(bytes, at, static_cast<std::uint16_t>(value & 0xFFFFu));
  set_u16(bytes, at + 2, static_cast<std::uint16_t>(value >> 16));
}

// Where the central directory record of `name` starts (APPNOTE 4.3.12), to corrupt one field.
std::size_t central_header_of(const std::string& zip, const std::string& name) {
  const std::string signature("PK\x01\x02", 4);
  for (std::size_t at = zip.find(signature); at != std::string::npos; at = zip.find(signature, at + 1)) {
    if (zip.compare(at + 46, name.size(), name) == 0) return at;
  }
  ADD_FAILURE() << "no central header for " << name;
  return 0;
}
std::size_t end_record_of(const std::string& zip) { return zip.rfind(std::string("PK\x05\x06", 4)); }

// The first error must be at `path` and contain every one of `words`.
void expect_error(const Expected<PackFiles>& result, const std::string& path, std::initializer_list<std::string> words) {
  ASSERT_FALSE(result.ok()) << "expected an error at " << path;
  const Diagnostic& first = result.errors().front();
  EXPECT_EQ(first.path, path) << to_string(result.errors());
  for (const std::string& word : words)
    EXPECT_NE(first.message.find(word), std::string::npos) << "\"" << word << "\" missing from: " << to_string(first);
}

PackFiles small_pack() { return {{"pack.json", "{\"id\": \"x\"}"}, {"media/a.png", "not really a png"}, {"media/b.png", std::string(3000, 'b')}}; }

// [SECTION] Reading what libzip writes, writing what libzip reads

TEST(ZipArchive, ReadsTheDefaultPackZippedByLibzipIdentically) {
  auto folder = read_pack_folder(kPackDir);
  ASSERT_TRUE(folder.ok()) << to_string(folder.errors());
  auto loaded = load_pack_files(folder.value());
  ASSERT_TRUE(loaded.ok()) << to_string(loaded.errors());
  auto zip = build_pack_zip(loaded->pack, loaded->media);  // pack.json deflated at level 9, pictures stored
  ASSERT_TRUE(zip.ok()) << to_string(zip.errors());

  auto ours = read_pack_zip_archive(zip.value());
  ASSERT_TRUE(ours.ok()) << to_string(ours.errors());
  auto theirs = read_pack_zip(zip.value());
  ASSERT_TRUE(theirs.ok()) << to_string(theirs.errors());
  EXPECT_EQ(ours->size(), loaded->media.size() + 1);
  EXPECT_TRUE(ours.value() == theirs.value()) << "the core's reader and libzip disagree on the default pack";
}

TEST(ZipArchive, ReadsDeflatedEntriesInOneTopLevelFolder) {
  const std::string text = mixed_text(200000);
  auto files =
      read_pack_zip_archive(libzip_zip({{"my-pack/", ""}, {"my-pack/pack.json", "{}"}, {"my-pack/lessons/a.md", text}, {"my-pack/empty", ""}}));
  ASSERT_TRUE(files.ok()) << to_string(files.errors());
  EXPECT_EQ(files.value(), (PackFiles{{"pack.json", "{}"}, {"lessons/a.md", text}, {"empty", ""}}));
}

TEST(ZipArchive, WritesTheDefaultPackSoLibzipAndItselfReadItBack) {
  auto folder = read_pack_folder(kPackDir);
  ASSERT_TRUE(folder.ok()) << to_string(folder.errors());
  const std::string zip = write_zip_archive(folder.value());
  EXPECT_EQ(zip, write_zip_archive(folder.value())) << "the same files give the same bytes";

  auto by_libzip = read_pack_zip(zip);
  ASSERT_TRUE(by_libzip.ok()) << to_string(by_libzip.errors());
  EXPECT_TRUE(by_libzip.value() == folder.value()) << "libzip reads other files than were written";
  auto by_core = read_pack_zip_archive(zip);
  ASSERT_TRUE(by_core.ok()) << to_string(by_core.errors());
  EXPECT_TRUE(by_core.value() == folder.value());
  auto loaded = load_pack_files(by_core.value());
  EXPECT_TRUE(loaded.ok()) << to_string(loaded.errors());
}

TEST(ZipArchive, WritesStoredEntriesInPathOrderWithAFixedTime) {
  const std::string zip = write_zip_archive(small_pack());
  ASSERT_EQ(get_u32(zip, 0), 0x04034b50u);
  EXPECT_EQ(zip.compare(30, 11, "media/a.png"), 0) << "the first entry is the first path in order";
  EXPECT_EQ(zip[8], 0) << "method: stored";
  EXPECT_EQ(get_u32(zip, 10), 0x00210000u) << "time 00:00, date 1980-01-01";
  EXPECT_EQ(get_u32(zip, 14), crc32("not really a png"));
  auto by_libzip = read_pack_zip(zip);
  ASSERT_TRUE(by_libzip.ok()) << to_string(by_libzip.errors());
  EXPECT_EQ(by_libzip.value(), small_pack());
}

TEST(ZipArchive, FindsTheEndRecordBeforeAComment) {
  std::string zip = write_zip_archive(small_pack());
  const std::string comment = "made by a test PK\x05\x06 with a fake signature inside";
  set_u16(zip, end_record_of(zip) + 20, static_cast<std::uint16_t>(comment.size()));
  zip += comment;
  auto files = read_pack_zip_archive(zip);
  ASSERT_TRUE(files.ok()) << to_string(files.errors());
  EXPECT_EQ(files.value(), small_pack());
}

TEST(ZipArchive, Crc32MatchesZlib) {
  for (const std::string& bytes : {std::string(), std::string("123456789"), random_bytes(10000, 1)}) {
    EXPECT_EQ(crc32(bytes), ::crc32(0, reinterpret_cast<const Bytef*>(bytes.data()), static_cast<uInt>(bytes.size())));
  }
  EXPECT_EQ(crc32("123456789"), 0xCBF43926u) << "the check value of CRC-32/ISO-HDLC";
}

// [SECTION] DEFLATE against zlib

TEST(ZipArchiveInflate, DecodesWhatZlibEncodesAtEveryLevelAndStrategy) {
  const std::vector<std::pair<std::string, std::string>> inputs = {
      {"empty", ""},
      {"one byte", "x"},
      {"random bytes", random_bytes(100000, 42)},
      {"repetitive text",
       [] {
         std::string text;
         for (int i = 0; i < 5000; ++i) text += "Stop at the line, give way to the right. ";
         return text;
       }()},
      {"one byte repeated", std::string(300000, 'a')},
      {"1 MB of mixed text", mixed_text(1 << 20)},
  };
  struct Setting {
    const char* name;
    int level;
    int strategy;
  };
  const std::vector<Setting> settings = {{"level 0", 0, Z_DEFAULT_STRATEGY},
                                         {"level 1", 1, Z_DEFAULT_STRATEGY},
                                         {"level 6", 6, Z_DEFAULT_STRATEGY},
                                         {"level 9", 9, Z_DEFAULT_STRATEGY},
                                         {"Z_FIXED", 6, Z_FIXED},
                                         {"Z_HUFFMAN_ONLY", 6, Z_HUFFMAN_ONLY},
                                         {"Z_RLE", 6, Z_RLE}};
  for (const auto& [input_name, input] : inputs) {
    for (const Setting& setting : settings) {
      SCOPED_TRACE(input_name + ", " + setting.name);
      const std::string deflated = zlib_deflate(input, setting.level, setting.strategy);
      auto inflated = inflate_raw(deflated, input.size());
      ASSERT_TRUE(inflated.ok()) << to_string(inflated.errors());
      EXPECT_TRUE(inflated.value() == input) << "decoded " << inflated->size() << " bytes, expected " << input.size();
    }
  }
}

TEST(ZipArchiveInflate, StopsPastTheDeclaredSize) {
  const std::string input = mixed_text(50000);
  for (int level : {0, 9}) {
    auto inflated = inflate_raw(zlib_deflate(input, level), input.size() - 1);
    ASSERT_FALSE(inflated.ok()) << "level " << level;
    EXPECT_EQ(to_string(inflated.errors().front()), "deflate: inflates to more than 49999 bytes");
  }
}

TEST(ZipArchiveInflate, RefusesBrokenStreamsWithTheReason) {
  const std::string deflated = zlib_deflate(mixed_text(50000), 6);
  const std::vector<std::pair<std::string, std::string>> cases = {
      {deflated.substr(0, deflated.size() / 2), "ends before its last block"},
      {"", "ends before its last block"},
      {"\x07", "reserved type 3"},                                // final block, type 3
      {std::string("\x01\x05\x00\x00\x00", 5), "LEN 5, NLEN 0"},  // stored, NLEN is not ~LEN
      {std::string("\x01\x05\x00\xfa\xff"
                   "abc",
                   8),
       "ends before"},                                                                  // stored, 5 bytes announced, 3 there
      {std::string("\x63\x00\x22", 3), "refers 3 bytes back when only 1 are decoded"},  // fixed: literal 0, then length 3 at distance 3
  };
  for (const auto& [input, words] : cases) {
    auto inflated = inflate_raw(input, 1 << 20);
    ASSERT_FALSE(inflated.ok()) << "accepted a broken stream expected to fail with: " << words;
    EXPECT_EQ(inflated.errors().front().path, "deflate");
    EXPECT_NE(inflated.errors().front().message.find(words), std::string::npos) << to_string(inflated.errors());
  }
}

// [SECTION] Refusals: what, where, why

TEST(ZipArchiveErrors, RefusesATruncatedFile) {
  const std::string zip = write_zip_archive(small_pack());
  expect_error(read_pack_zip_archive(zip.substr(0, zip.size() / 2)), "zip", {"not a readable .zip file", "end of central directory", "truncated"});
  expect_error(read_pack_zip_archive(zip.substr(0, zip.size() - 1)), "zip", {"not a readable .zip file"});
}

TEST(ZipArchiveErrors, RefusesAnEntryWhoseDeflateDataIsCut) {
  std::string zip = libzip_zip({{"pack.json", mixed_text(100000)}});
  const std::size_t header = central_header_of(zip, "pack.json");
  ASSERT_EQ(zip[header + 10], 8) << "libzip deflates by default";
  set_u32(zip, header + 20, get_u32(zip, header + 20) / 2);  // the compressed size halved
  expect_error(read_pack_zip_archive(zip), "zip:pack.json", {"is corrupt", "deflate data ends before its last block"});
}

TEST(ZipArchiveErrors, RefusesAnEntryLargerThanItsDeclaredSize) {
  std::string zip = libzip_zip({{"pack.json", std::string(5000, ' ')}});
  set_u32(zip, central_header_of(zip, "pack.json") + 24, 4000);
  expect_error(read_pack_zip_archive(zip), "zip:pack.json", {"inflates to more than 4000 bytes"});
}

TEST(ZipArchiveErrors, RefusesABadCrc) {
  std::string zip = write_zip_archive(small_pack());
  const std::size_t data = zip.find("not really a png");
  ASSERT_NE(data, std::string::npos);
  zip[data] = 'N';
  expect_error(read_pack_zip_archive(zip), "zip:media/a.png", {"is corrupt", "CRC-32 is 0x", "the directory says 0x"});
}

TEST(ZipArchiveErrors, RefusesEntriesThatLeaveThePack) {
  for (const std::string name : {"../evil.png", "media/../../evil.png", "/etc/passwd", "C:/evil.png", "media\\..\\evil.png", ".."}) {
    SCOPED_TRACE(name);
    expect_error(read_pack_zip_archive(write_zip_archive({{"pack.json", "{}"}, {name, "x"}})), "zip:" + name, {"not a safe path inside the pack"});
  }
}

TEST(ZipArchiveErrors, RefusesAnUnsupportedMethodNamingTheEntryAndTheMethod) {
  std::string zip = write_zip_archive(small_pack());
  set_u16(zip, central_header_of(zip, "media/b.png") + 10, 12);
  expect_error(read_pack_zip_archive(zip), "zip:media/b.png", {"method 12 (bzip2)", "only stored (0) and deflate (8)"});
}

TEST(ZipArchiveErrors, RefusesEncryptedEntriesAndZip64) {
  std::string encrypted = write_zip_archive(small_pack());
  set_u16(encrypted, central_header_of(encrypted, "pack.json") + 8, 1);
  expect_error(read_pack_zip_archive(encrypted), "zip:pack.json", {"is encrypted"});

  std::string zip64 = write_zip_archive(small_pack());
  set_u32(zip64, end_record_of(zip64) + 16, 0xFFFFFFFFu);
  expect_error(read_pack_zip_archive(zip64), "zip", {"zip64", "not supported"});

  std::string large_entry = write_zip_archive(small_pack());
  set_u32(large_entry, central_header_of(large_entry, "media/a.png") + 24, 0xFFFFFFFFu);
  expect_error(read_pack_zip_archive(large_entry), "zip:media/a.png", {"zip64"});
}

TEST(ZipArchiveErrors, RefusesTooManyEntries) {
  ZipArchiveLimits limits;
  limits.max_entries = 2;
  expect_error(read_pack_zip_archive(write_zip_archive(small_pack()), limits), "zip", {"holds 3 entries, more than the limit of 2"});
}

TEST(ZipArchiveErrors, RefusesTooMuchDataBeforeInflatingIt) {
  ZipArchiveLimits limits;
  limits.max_total_bytes = 1000;
  expect_error(read_pack_zip_archive(libzip_zip({{"pack.json", std::string(5000, ' ')}}), limits), "zip",
               {"unpacks to 5000 bytes, more than the limit of 1000"});
}

TEST(ZipArchiveErrors, RefusesGarbageAndZipsWithoutAPack) {
  expect_error(read_pack_zip_archive("not a zip at all"), "zip", {"not a readable .zip file"});
  expect_error(read_pack_zip_archive(random_bytes(4096, 3)), "zip", {"not a readable .zip file"});
  expect_error(read_pack_zip_archive(""), "zip", {"not a readable .zip file"});
  expect_error(read_pack_zip_archive(write_zip_archive({{"readme.txt", "hello"}})), "zip", {"holds no pack.json"});

  std::string broken_directory = write_zip_archive(small_pack());
  broken_directory[central_header_of(broken_directory, "media/b.png")] = 'X';
  expect_error(read_pack_zip_archive(broken_directory), "zip[1]", {"unreadable directory entry"});
}

TEST(ZipArchiveErrors, RefusesAnEntryNamedTwice) {
  std::string zip = write_zip_archive({{"pack.json", "{}"}, {"media/a.png", "1"}, {"media/b.png", "2"}});
  // Rename b to a in both headers: the same length, so the layout holds.
  for (std::size_t at = zip.find("media/b.png"); at != std::string::npos; at = zip.find("media/b.png")) zip[at + 6] = 'a';
  expect_error(read_pack_zip_archive(zip), "zip:media/a.png", {"appears twice"});
}

}  // namespace
}  // namespace umuhanda
