// RandomSource: SplitMix64 and an unbiased bounded draw.
#include "umuhanda/clock.hpp"

#include <cassert>

namespace umuhanda {

std::uint64_t RandomSource::next_u64() {
  m_state += 0x9e3779b97f4a7c15ULL;
  std::uint64_t z = m_state;
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

std::size_t RandomSource::uniform_index(std::size_t count) {
  assert(count > 0 && "uniform_index needs at least one value to choose from");
  if (count <= 1) return 0;
  const auto bound = static_cast<std::uint64_t>(count);
  // Rejecting the top (2^64 mod bound) values leaves a range that bound divides evenly.
  const std::uint64_t threshold = (0 - bound) % bound;
  for (;;) {
    const std::uint64_t value = next_u64();
    if (value >= threshold) return static_cast<std::size_t>(value % bound);
  }
}

std::string make_device_id(RandomSource& random) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string id;
  id.reserve(32);
  for (int half = 0; half < 2; ++half) {
    std::uint64_t bits = random.next_u64();
    for (int nibble = 0; nibble < 16; ++nibble) {
      id += kHex[bits & 0xf];
      bits >>= 4;
    }
  }
  return id;
}

}  // namespace umuhanda
