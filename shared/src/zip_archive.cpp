// Pack zips without libzip or zlib, written from the specifications: the zip format (PKWARE's
// APPNOTE.TXT), DEFLATE (RFC 1951) and CRC-32. The browser build has neither library and cannot
// catch exceptions, so every failure here is a returned Diagnostic and every read is bounds-checked.
#include "umuhanda/zip_archive.hpp"

#include <algorithm>
#include <array>
#include <cassert>
#include <set>
#include <vector>

namespace umuhanda {

// [SECTION] CRC-32

namespace {

constexpr std::array<std::uint32_t, 256> make_crc_table() {
  std::array<std::uint32_t, 256> table{};
  for (std::uint32_t n = 0; n < 256; ++n) {
    std::uint32_t c = n;
    for (int k = 0; k < 8; ++k) c = (c & 1u) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
    table[n] = c;
  }
  return table;
}
constexpr std::array<std::uint32_t, 256> kCrcTable = make_crc_table();

}  // namespace

std::uint32_t crc32(std::string_view bytes) {
  std::uint32_t crc = 0xFFFFFFFFu;
  for (char byte : bytes) crc = kCrcTable[(crc ^ static_cast<unsigned char>(byte)) & 0xFFu] ^ (crc >> 8);
  return crc ^ 0xFFFFFFFFu;
}

// [SECTION] DEFLATE decoding (RFC 1951)

namespace {

// Bits come least significant first within each byte (RFC 1951 section 3.1.1). Never reads past
// the input: a read that would returns false.
class BitReader {
public:
  explicit BitReader(std::string_view input) : m_input(input) {}

  bool bits(int count, std::uint32_t& value) {
    while (m_bit_count < count) {
      if (m_position >= m_input.size()) return false;
      m_buffer |= static_cast<std::uint32_t>(static_cast<unsigned char>(m_input[m_position++])) << m_bit_count;
      m_bit_count += 8;
    }
    value = m_buffer & ((1u << count) - 1u);
    m_buffer >>= count;
    m_bit_count -= count;
    return true;
  }

  // Drops the rest of the current byte. Whole bytes are loaded only while fewer than `count` (at
  // most 16) bits are buffered, so fewer than 8 remain after any read: aligning empties the buffer.
  void align() {
    m_buffer = 0;
    m_bit_count = 0;
  }

  bool take_bytes(std::size_t count, std::string_view& bytes) {
    if (m_input.size() - m_position < count) return false;
    bytes = m_input.substr(m_position, count);
    m_position += count;
    return true;
  }

private:
  std::string_view m_input;
  std::size_t m_position = 0;
  std::uint32_t m_buffer = 0;
  int m_bit_count = 0;
};

constexpr int kMaxCodeLength = 15;
constexpr int kMaxLiteralCodes = 288;  // 286 and 287 take part in the fixed code but never appear
constexpr int kEndOfBlock = 256;

// A canonical Huffman code (RFC 1951 section 3.2.2) kept as the number of codes of each length and
// the symbols in code order: the codes of one length are consecutive numbers, so a code read bit
// by bit is found by comparing it with the first code of its length.
struct HuffmanCode {
  std::array<std::uint16_t, kMaxCodeLength + 1> counts{};
  std::array<std::uint16_t, kMaxLiteralCodes> symbols{};
};

// False when the lengths describe more codes than the bits allow (over-subscribed). An incomplete
// code is accepted: its unused bit patterns fail when decoded.
bool build_code(HuffmanCode& code, const std::uint8_t* lengths, int symbol_count) {
  code.counts.fill(0);
  for (int symbol = 0; symbol < symbol_count; ++symbol) ++code.counts[lengths[symbol]];
  code.counts[0] = 0;
  int available = 1;
  for (int length = 1; length <= kMaxCodeLength; ++length) {
    available = available * 2 - code.counts[length];
    if (available < 0) return false;
  }
  std::array<std::uint16_t, kMaxCodeLength + 2> next{};
  for (int length = 1; length <= kMaxCodeLength; ++length) next[length + 1] = static_cast<std::uint16_t>(next[length] + code.counts[length]);
  for (int symbol = 0; symbol < symbol_count; ++symbol) {
    if (lengths[symbol] != 0) code.symbols[next[lengths[symbol]]++] = static_cast<std::uint16_t>(symbol);
  }
  return true;
}

constexpr int kInputEnded = -1;
constexpr int kBadCode = -2;

int decode_symbol(BitReader& reader, const HuffmanCode& code) {
  int value = 0;  // the bits read so far, first bit most significant
  int first = 0;  // the first code of the current length
  int index = 0;  // where the symbols of the current length start
  for (int length = 1; length <= kMaxCodeLength; ++length) {
    std::uint32_t bit = 0;
    if (!reader.bits(1, bit)) return kInputEnded;
    value |= static_cast<int>(bit);
    const int count = code.counts[length];
    if (value - first < count) return code.symbols[index + value - first];
    index += count;
    first = (first + count) << 1;
    value <<= 1;
  }
  return kBadCode;
}

// Lengths 3..258 (symbols 257..285) and distances 1..32768 (symbols 0..29): a base plus extra bits.
constexpr std::array<std::uint16_t, 29> kLengthBase = {3,  4,  5,  6,  7,  8,  9,  10, 11,  13,  15,  17,  19,  23, 27,
                                                       31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258};
constexpr std::array<std::uint8_t, 29> kLengthExtra = {0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0};
constexpr std::array<std::uint16_t, 30> kDistanceBase = {1,   2,   3,   4,   5,   7,    9,    13,   17,   25,   33,   49,   65,    97,    129,
                                                         193, 257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577};
constexpr std::array<std::uint8_t, 30> kDistanceExtra = {0, 0, 0, 0, 1, 1, 2, 2,  3,  3,  4,  4,  5,  5,  6,
                                                         6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13};

// The order in which a dynamic block sends the lengths of the code-length code.
constexpr std::array<std::uint8_t, 19> kCodeLengthOrder = {16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15};

// One stream's decoding. Each step returns an empty string or why the data is wrong, worded to
// follow "the deflate data ...".
class Inflater {
public:
  Inflater(std::string_view input, std::uint64_t max_output) : m_reader(input), m_max_output(max_output) {
    // Reserve what the input can plausibly produce (DEFLATE expands at most about 1032 to 1), not a
    // declared size an attacker chose.
    const std::uint64_t plausible = std::min<std::uint64_t>(max_output, static_cast<std::uint64_t>(input.size()) * 1032u + 1024u);
    m_output.reserve(static_cast<std::size_t>(std::min<std::uint64_t>(plausible, std::uint64_t{1} << 28)));
  }

  std::string run() {
    std::uint32_t final_block = 0;
    while (final_block == 0) {
      std::uint32_t type = 0;
      if (!m_reader.bits(1, final_block) || !m_reader.bits(2, type)) return ended();
      std::string problem;
      switch (type) {
        case 0: problem = stored_block(); break;
        case 1: problem = fixed_block(); break;
        case 2: problem = dynamic_block(); break;
        default: return "has a block of the reserved type 3";
      }
      if (!problem.empty()) return problem;
    }
    return {};
  }

  std::string take_output() { return std::move(m_output); }

private:
  static std::string ended() { return "ends before its last block (truncated)"; }
  std::string too_long() const { return "inflates to more than " + std::to_string(m_max_output) + " bytes"; }
  bool room_for(std::uint64_t count) const { return m_output.size() + count <= m_max_output; }

  std::string stored_block() {
    m_reader.align();
    std::uint32_t length = 0;
    std::uint32_t check = 0;
    if (!m_reader.bits(16, length) || !m_reader.bits(16, check)) return ended();
    if (length != (~check & 0xFFFFu))
      return "has a stored block whose length and its check disagree (LEN " + std::to_string(length) + ", NLEN " + std::to_string(check) + ")";
    std::string_view bytes;
    if (!m_reader.take_bytes(length, bytes)) return ended();
    if (!room_for(length)) return too_long();
    m_output.append(bytes);
    return {};
  }

  std::string fixed_block() {
    static const std::array<HuffmanCode, 2> fixed = [] {
      std::array<HuffmanCode, 2> tables;
      std::array<std::uint8_t, kMaxLiteralCodes> lengths{};
      std::fill(lengths.begin(), lengths.begin() + 144, std::uint8_t{8});
      std::fill(lengths.begin() + 144, lengths.begin() + 256, std::uint8_t{9});
      std::fill(lengths.begin() + 256, lengths.begin() + 280, std::uint8_t{7});
      std::fill(lengths.begin() + 280, lengths.end(), std::uint8_t{8});
      build_code(tables[0], lengths.data(), kMaxLiteralCodes);
      std::fill(lengths.begin(), lengths.begin() + 32, std::uint8_t{5});  // 30 and 31 complete the code, never valid
      build_code(tables[1], lengths.data(), 32);
      return tables;
    }();
    return codes(fixed[0], fixed[1]);
  }

  std::string dynamic_block() {
    std::uint32_t literal_count = 0;
    std::uint32_t distance_count = 0;
    std::uint32_t length_code_count = 0;
    if (!m_reader.bits(5, literal_count) || !m_reader.bits(5, distance_count) || !m_reader.bits(4, length_code_count)) return ended();
    literal_count += 257;
    distance_count += 1;
    length_code_count += 4;
    if (literal_count > 286) return "declares " + std::to_string(literal_count) + " literal/length codes, at most 286 exist";
    if (distance_count > 30) return "declares " + std::to_string(distance_count) + " distance codes, at most 30 exist";

    std::array<std::uint8_t, 19> length_lengths{};
    for (std::uint32_t i = 0; i < length_code_count; ++i) {
      std::uint32_t length = 0;
      if (!m_reader.bits(3, length)) return ended();
      length_lengths[kCodeLengthOrder[i]] = static_cast<std::uint8_t>(length);
    }
    HuffmanCode length_code;
    if (!build_code(length_code, length_lengths.data(), 19)) return "has an over-subscribed code-length code";

    // The literal/length and distance code lengths form one sequence: a repeat may cross from one to the other.
    std::array<std::uint8_t, 286 + 30> lengths{};
    const std::uint32_t total = literal_count + distance_count;
    std::uint32_t filled = 0;
    while (filled < total) {
      const int symbol = decode_symbol(m_reader, length_code);
      if (symbol == kInputEnded) return ended();
      if (symbol < 0) return "has an invalid code in its code lengths";
      if (symbol < 16) {
        lengths[filled++] = static_cast<std::uint8_t>(symbol);
        continue;
      }
      std::uint8_t repeated = 0;
      std::uint32_t repeat = 0;
      bool read = false;
      if (symbol == 16) {
        if (filled == 0) return "repeats a previous code length at the very start";
        repeated = lengths[filled - 1];
        read = m_reader.bits(2, repeat);
        repeat += 3;
      } else if (symbol == 17) {
        read = m_reader.bits(3, repeat);
        repeat += 3;
      } else {
        read = m_reader.bits(7, repeat);
        repeat += 11;
      }
      if (!read) return ended();
      if (filled + repeat > total) return "repeats code lengths past the number of codes declared";
      for (std::uint32_t i = 0; i < repeat; ++i) lengths[filled++] = repeated;
    }
    if (lengths[kEndOfBlock] == 0) return "has a block without an end-of-block code";

    HuffmanCode literal_code;
    HuffmanCode distance_code;
    if (!build_code(literal_code, lengths.data(), static_cast<int>(literal_count))) return "has an over-subscribed literal/length code";
    if (!build_code(distance_code, lengths.data() + literal_count, static_cast<int>(distance_count))) return "has an over-subscribed distance code";
    return codes(literal_code, distance_code);
  }

  // The compressed data of a fixed or dynamic block, up to its end-of-block code.
  std::string codes(const HuffmanCode& literal_code, const HuffmanCode& distance_code) {
    for (;;) {
      int symbol = decode_symbol(m_reader, literal_code);
      if (symbol == kInputEnded) return ended();
      if (symbol < 0) return "has an invalid literal/length code";
      if (symbol < 256) {
        if (!room_for(1)) return too_long();
        m_output.push_back(static_cast<char>(symbol));
        continue;
      }
      if (symbol == kEndOfBlock) return {};
      symbol -= 257;
      if (symbol >= static_cast<int>(kLengthBase.size())) return "has an invalid length symbol " + std::to_string(symbol + 257);
      std::uint32_t extra = 0;
      if (!m_reader.bits(kLengthExtra[static_cast<std::size_t>(symbol)], extra)) return ended();
      const std::uint32_t length = kLengthBase[static_cast<std::size_t>(symbol)] + extra;

      const int distance_symbol = decode_symbol(m_reader, distance_code);
      if (distance_symbol == kInputEnded) return ended();
      if (distance_symbol < 0 || distance_symbol >= static_cast<int>(kDistanceBase.size())) return "has an invalid distance code";
      if (!m_reader.bits(kDistanceExtra[static_cast<std::size_t>(distance_symbol)], extra)) return ended();
      const std::uint32_t distance = kDistanceBase[static_cast<std::size_t>(distance_symbol)] + extra;
      if (distance > m_output.size()) {
        return "refers " + std::to_string(distance) + " bytes back when only " + std::to_string(m_output.size()) + " are decoded";
      }
      if (!room_for(length)) return too_long();
      // Byte by byte: a copy may overlap the bytes it produces (a distance shorter than the length).
      const std::size_t start = m_output.size();
      m_output.resize(start + length);
      char* out = m_output.data();
      for (std::size_t i = 0; i < length; ++i) out[start + i] = out[start - distance + i];
    }
  }

  BitReader m_reader;
  std::uint64_t m_max_output;
  std::string m_output;
};

}  // namespace

Expected<std::string> inflate_raw(std::string_view deflated, std::uint64_t max_output) {
  Inflater inflater(deflated, max_output);
  std::string problem = inflater.run();
  if (!problem.empty()) return Expected<std::string>::failure("deflate", std::move(problem));
  return inflater.take_output();
}

// [SECTION] Zip records (APPNOTE.TXT section 4.3): little-endian, fixed parts then variable ones.

namespace {

constexpr std::uint32_t kLocalHeaderSignature = 0x04034b50;
constexpr std::uint32_t kCentralHeaderSignature = 0x02014b50;
constexpr std::uint32_t kEndSignature = 0x06054b50;
constexpr std::uint32_t kZip64LocatorSignature = 0x07064b50;
constexpr std::size_t kLocalHeaderSize = 30;
constexpr std::size_t kCentralHeaderSize = 46;
constexpr std::size_t kEndSize = 22;
constexpr std::size_t kZip64LocatorSize = 20;
constexpr std::size_t kMaxCommentSize = 0xFFFF;
constexpr std::uint32_t kZip64Marker = 0xFFFFFFFFu;
constexpr std::uint16_t kFlagEncrypted = 1u << 0;
constexpr std::uint16_t kFlagUtf8 = 1u << 11;
constexpr std::uint16_t kMethodStored = 0;
constexpr std::uint16_t kMethodDeflate = 8;
constexpr std::uint16_t kFixedDosDate = (1u << 5) | 1u;  // 1980-01-01, the earliest a zip can say

// Callers check the bounds first.
std::uint16_t read_u16(std::string_view bytes, std::size_t at) {
  return static_cast<std::uint16_t>(static_cast<unsigned char>(bytes[at]) | (static_cast<unsigned char>(bytes[at + 1]) << 8));
}
std::uint32_t read_u32(std::string_view bytes, std::size_t at) {
  return static_cast<std::uint32_t>(read_u16(bytes, at)) | (static_cast<std::uint32_t>(read_u16(bytes, at + 2)) << 16);
}

void put_u16(std::string& out, std::uint16_t value) {
  out.push_back(static_cast<char>(value & 0xFFu));
  out.push_back(static_cast<char>(value >> 8));
}
void put_u32(std::string& out, std::uint32_t value) {
  put_u16(out, static_cast<std::uint16_t>(value & 0xFFFFu));
  put_u16(out, static_cast<std::uint16_t>(value >> 16));
}

std::string hex32(std::uint32_t value) {
  const char* digits = "0123456789abcdef";
  std::string text = "0x00000000";
  for (std::size_t i = 0; i < 8; ++i) text[9 - i] = digits[(value >> (4 * i)) & 0xFu];
  return text;
}

// The same rule as the server's reader (shared/packio/pack_zip.cpp), plus NUL: libzip's names are C strings.
bool is_safe_entry_name(std::string_view name) {
  if (name.empty() || name.front() == '/' || name.find_first_of(std::string_view("\\:\0", 3)) != std::string_view::npos) return false;
  std::size_t start = 0;
  while (start < name.size()) {
    auto end = name.find('/', start);
    if (end == std::string_view::npos) end = name.size();
    if (name.substr(start, end - start) == "..") return false;
    start = end + 1;
  }
  return true;
}

std::string method_name(std::uint16_t method) {
  switch (method) {
    case 1: return " (shrink)";
    case 6: return " (implode)";
    case 9: return " (deflate64)";
    case 12: return " (bzip2)";
    case 14: return " (LZMA)";
    case 93: return " (Zstandard)";
    case 95: return " (xz)";
    case 98: return " (PPMd)";
    case 99: return " (AES encryption)";
    default: return "";
  }
}

struct CentralEntry {
  std::string name;
  std::uint16_t method = 0;
  std::uint32_t crc = 0;
  std::uint32_t compressed_size = 0;
  std::uint32_t size = 0;
  std::uint32_t local_offset = 0;
};

// The End Of Central Directory record: the last 22 bytes, unless a comment (up to 64 KiB) follows
// it. Scanning back from the end, the first signature whose comment fits in the file wins.
bool find_end_record(std::string_view zip, std::size_t& found) {
  if (zip.size() < kEndSize) return false;
  const std::size_t last = zip.size() - kEndSize;
  const std::size_t first = last > kMaxCommentSize ? last - kMaxCommentSize : 0;
  for (std::size_t at = last + 1; at-- > first;) {
    if (read_u32(zip, at) == kEndSignature && at + kEndSize + read_u16(zip, at + 20) <= zip.size()) {
      found = at;
      return true;
    }
  }
  return false;
}

// Reads the entry's bytes through its local header, inflating if needed, then checks size and CRC.
// Returns the reason on failure, in words that follow "zip:<name>: ".
std::string extract_entry(std::string_view zip, const CentralEntry& entry, std::string& bytes) {
  const std::size_t local = entry.local_offset;
  if (local > zip.size() || zip.size() - local < kLocalHeaderSize || read_u32(zip, local) != kLocalHeaderSignature) {
    return "is truncated or corrupt: no local header at offset " + std::to_string(local);
  }
  const std::size_t data_at = local + kLocalHeaderSize + read_u16(zip, local + 26) + read_u16(zip, local + 28);
  if (data_at > zip.size() || zip.size() - data_at < entry.compressed_size) return "is truncated: its data runs past the end of the file";
  const std::string_view data = zip.substr(data_at, entry.compressed_size);
  if (entry.method == kMethodStored) {
    bytes.assign(data);
  } else {
    auto inflated = inflate_raw(data, entry.size);
    if (!inflated) return "is corrupt: the deflate data " + inflated.errors().front().message;
    bytes = std::move(inflated).value();
  }
  if (bytes.size() != entry.size) {
    return "is truncated or corrupt: it unpacks to " + std::to_string(bytes.size()) + " bytes, the directory says " + std::to_string(entry.size);
  }
  const std::uint32_t crc = crc32(bytes);
  if (crc != entry.crc) return "is corrupt: its CRC-32 is " + hex32(crc) + ", the directory says " + hex32(entry.crc);
  return {};
}

}  // namespace

// [SECTION] Reading and writing pack zips

Expected<PackFiles> read_pack_zip_archive(std::string_view zip_bytes, const ZipArchiveLimits& limits) {
  std::size_t end_at = 0;
  if (!find_end_record(zip_bytes, end_at)) {
    return Expected<PackFiles>::failure("zip", "is not a readable .zip file: it has no end of central directory record (not a zip, or truncated)");
  }
  const std::uint16_t disk = read_u16(zip_bytes, end_at + 4);
  const std::uint16_t directory_disk = read_u16(zip_bytes, end_at + 6);
  const std::uint16_t entries_on_disk = read_u16(zip_bytes, end_at + 8);
  const std::uint64_t count = read_u16(zip_bytes, end_at + 10);
  const std::uint32_t directory_size = read_u32(zip_bytes, end_at + 12);
  const std::uint32_t directory_offset = read_u32(zip_bytes, end_at + 16);
  const bool zip64_locator = end_at >= kZip64LocatorSize && read_u32(zip_bytes, end_at - kZip64LocatorSize) == kZip64LocatorSignature;
  if (zip64_locator || directory_size == kZip64Marker || directory_offset == kZip64Marker) {
    return Expected<PackFiles>::failure("zip", "is a zip64 archive, which is not supported (a pack zip stays far below 4 GiB and 65535 entries)");
  }
  if (disk != 0 || directory_disk != 0 || entries_on_disk != count) {
    return Expected<PackFiles>::failure("zip", "is split over several disks (a spanned archive), which is not supported");
  }
  if (count > limits.max_entries) {
    return Expected<PackFiles>::failure("zip",
                                        "holds " + std::to_string(count) + " entries, more than the limit of " + std::to_string(limits.max_entries));
  }
  if (static_cast<std::uint64_t>(directory_offset) + directory_size > end_at) {
    return Expected<PackFiles>::failure("zip", "is not a readable .zip file: its central directory lies outside the file (truncated?)");
  }

  // Check every name and size from the central directory before inflating anything.
  Diagnostics problems;
  std::uint64_t total = 0;
  std::vector<CentralEntry> entries;
  std::set<std::string, std::less<>> names;
  const std::string_view directory = zip_bytes.substr(directory_offset, directory_size);
  std::size_t at = 0;
  for (std::uint64_t i = 0; i < count; ++i) {
    const std::string where = "zip[" + std::to_string(i) + "]";
    if (directory.size() - at < kCentralHeaderSize || read_u32(directory, at) != kCentralHeaderSignature) {
      problems.push_back(error(where, "has an unreadable directory entry"));
      break;  // the next entry cannot be found either
    }
    const std::size_t name_size = read_u16(directory, at + 28);
    const std::size_t record_size = kCentralHeaderSize + name_size + read_u16(directory, at + 30) + read_u16(directory, at + 32);
    if (directory.size() - at < record_size) {
      problems.push_back(error(where, "has an unreadable directory entry"));
      break;
    }
    CentralEntry entry;
    const std::uint16_t flags = read_u16(directory, at + 8);
    entry.method = read_u16(directory, at + 10);
    entry.crc = read_u32(directory, at + 16);
    entry.compressed_size = read_u32(directory, at + 20);
    entry.size = read_u32(directory, at + 24);
    entry.local_offset = read_u32(directory, at + 42);
    entry.name = std::string(directory.substr(at + kCentralHeaderSize, name_size));
    at += record_size;

    const std::string path = "zip:" + entry.name;
    if (!is_safe_entry_name(entry.name)) {
      problems.push_back(error(path, "is not a safe path inside the pack (absolute, \"..\" or a drive)"));
      continue;
    }
    if (entry.name.back() == '/') continue;  // a folder
    if (!names.insert(entry.name).second) {
      problems.push_back(error(path, "appears twice in the zip"));
      continue;
    }
    if (flags & kFlagEncrypted) {
      problems.push_back(error(path, "is encrypted; a pack zip cannot hold encrypted files"));
      continue;
    }
    if (entry.compressed_size == kZip64Marker || entry.size == kZip64Marker || entry.local_offset == kZip64Marker) {
      problems.push_back(error(path, "uses zip64 sizes, which are not supported (a pack zip stays far below 4 GiB)"));
      continue;
    }
    if (entry.method != kMethodStored && entry.method != kMethodDeflate) {
      problems.push_back(error(path, "is compressed with method " + std::to_string(entry.method) + method_name(entry.method) +
                                         "; only stored (0) and deflate (8) entries can be read"));
      continue;
    }
    if (entry.method == kMethodStored && entry.compressed_size != entry.size) {
      problems.push_back(error(path, "is corrupt: it is stored, yet its stored size (" + std::to_string(entry.compressed_size) +
                                         ") differs from its size (" + std::to_string(entry.size) + ")"));
      continue;
    }
    total += entry.size;
    entries.push_back(std::move(entry));
  }
  if (total > limits.max_total_bytes) {
    problems.push_back(
        error("zip", "unpacks to " + std::to_string(total) + " bytes, more than the limit of " + std::to_string(limits.max_total_bytes)));
  }
  if (!problems.empty()) return problems;

  // pack.json at the root, or all entries under one folder that holds it.
  std::string prefix;
  const bool at_root = std::any_of(entries.begin(), entries.end(), [](const CentralEntry& e) { return e.name == "pack.json"; });
  if (!at_root) {
    for (const CentralEntry& entry : entries) {
      auto slash = entry.name.find('/');
      if (slash != std::string::npos && entry.name.substr(slash + 1) == "pack.json") prefix = entry.name.substr(0, slash + 1);
    }
    if (prefix.empty()) return Expected<PackFiles>::failure("zip", "holds no pack.json (at the root or in one top-level folder)");
  }

  PackFiles files;
  for (const CentralEntry& entry : entries) {
    if (entry.name.rfind(prefix, 0) != 0) continue;
    std::string bytes;
    std::string problem = extract_entry(zip_bytes, entry, bytes);
    if (!problem.empty()) {
      problems.push_back(error("zip:" + entry.name, std::move(problem)));
      continue;
    }
    files.emplace(entry.name.substr(prefix.size()), std::move(bytes));
  }
  if (!problems.empty()) return problems;
  return files;
}

std::string write_zip_archive(const PackFiles& files) {
  assert(files.size() < 0xFFFF && "write_zip_archive: too many files for a zip without zip64");
  std::string out;
  std::vector<std::uint32_t> crcs;
  std::vector<std::uint32_t> offsets;
  // The fixed part shared by the local and the central header, from "version needed" to the name's length.
  auto put_common = [&out](const std::string& name, const std::string& bytes, std::uint32_t crc) {
    put_u16(out, 10);  // version needed: 1.0, stored entries
    put_u16(out, kFlagUtf8);
    put_u16(out, kMethodStored);
    put_u16(out, 0);  // time 00:00:00
    put_u16(out, kFixedDosDate);
    put_u32(out, crc);
    put_u32(out, static_cast<std::uint32_t>(bytes.size()));  // compressed size
    put_u32(out, static_cast<std::uint32_t>(bytes.size()));
    put_u16(out, static_cast<std::uint16_t>(name.size()));
    put_u16(out, 0);  // extra field length
  };
  for (const auto& [name, bytes] : files) {
    assert(name.size() <= 0xFFFF && static_cast<std::uint64_t>(bytes.size()) < kZip64Marker &&
           "write_zip_archive: an entry too large for a zip without zip64");
    crcs.push_back(crc32(bytes));
    offsets.push_back(static_cast<std::uint32_t>(out.size()));
    put_u32(out, kLocalHeaderSignature);
    put_common(name, bytes, crcs.back());
    out += name;
    out += bytes;
  }
  const std::size_t directory_offset = out.size();
  std::size_t index = 0;
  for (const auto& [name, bytes] : files) {
    put_u32(out, kCentralHeaderSignature);
    put_u16(out, 20);  // made by: MS-DOS attributes (none), version 2.0
    put_common(name, bytes, crcs[index]);
    put_u16(out, 0);  // comment length
    put_u16(out, 0);  // disk number
    put_u16(out, 0);  // internal attributes
    put_u32(out, 0);  // external attributes
    put_u32(out, offsets[index]);
    out += name;
    ++index;
  }
  const std::size_t directory_size = out.size() - directory_offset;
  assert(static_cast<std::uint64_t>(out.size()) < kZip64Marker && "write_zip_archive: an archive too large for a zip without zip64");
  put_u32(out, kEndSignature);
  put_u16(out, 0);  // this disk
  put_u16(out, 0);  // the disk where the directory starts
  put_u16(out, static_cast<std::uint16_t>(files.size()));
  put_u16(out, static_cast<std::uint16_t>(files.size()));
  put_u32(out, static_cast<std::uint32_t>(directory_size));
  put_u32(out, static_cast<std::uint32_t>(directory_offset));
  put_u16(out, 0);  // comment length
  return out;
}

}  // namespace umuhanda
