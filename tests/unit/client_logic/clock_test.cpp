// Clock and RandomSource: the injected time and randomness every other client test relies on.
#include <gtest/gtest.h>

#include <algorithm>
#include <numeric>
#include <set>

#include "umuhanda/clock.hpp"

namespace umuhanda {
namespace {

TEST(ManualClock, MovesOnlyWhenTold) {
  ManualClock clock(1000);
  EXPECT_EQ(clock.now_ms(), 1000);
  clock.advance(250);
  EXPECT_EQ(clock.now_ms(), 1250);
  clock.set(5);
  const Clock& as_clock = clock;
  EXPECT_EQ(as_clock.now_ms(), 5);
}

TEST(RandomSource, MatchesTheSplitMix64ReferenceSequence) {
  // The reference output for seed 0: the same on every platform, wasm32 included.
  RandomSource random(0);
  EXPECT_EQ(random.next_u64(), 0xe220a8397b1dcdafULL);
  EXPECT_EQ(random.next_u64(), 0x6e789e6aa1b965f4ULL);
  EXPECT_EQ(random.next_u64(), 0x06c45d188009454fULL);
}

TEST(RandomSource, TheSameSeedGivesTheSameDrawsAndAnotherSeedOthers) {
  RandomSource a(42), b(42), c(43);
  std::vector<std::size_t> from_a, from_b, from_c;
  for (int i = 0; i < 20; ++i) {
    from_a.push_back(a.uniform_index(1000));
    from_b.push_back(b.uniform_index(1000));
    from_c.push_back(c.uniform_index(1000));
  }
  EXPECT_EQ(from_a, from_b);
  EXPECT_NE(from_a, from_c);
}

TEST(RandomSource, UniformIndexStaysInRangeAndSpreadsEvenly) {
  RandomSource random(7);
  std::vector<int> counts(6, 0);
  const int draws = 60'000;
  for (int i = 0; i < draws; ++i) {
    const std::size_t index = random.uniform_index(counts.size());
    ASSERT_LT(index, counts.size());
    ++counts[index];
  }
  for (int count : counts) {
    EXPECT_GT(count, 9'000);  // 10,000 expected each
    EXPECT_LT(count, 11'000);
  }
  EXPECT_EQ(random.uniform_index(1), 0u);
}

TEST(RandomSource, ShuffleIsADeterministicPermutation) {
  std::vector<int> items(20);
  std::iota(items.begin(), items.end(), 0);
  std::vector<int> first = items, second = items;
  RandomSource a(9), b(9);
  a.shuffle(first);
  b.shuffle(second);
  EXPECT_EQ(first, second);
  EXPECT_NE(first, items);
  std::sort(first.begin(), first.end());
  EXPECT_EQ(first, items);
}

TEST(RandomSource, DeviceIdsAre128BitHexAndDifferPerSeed) {
  RandomSource a(1), b(2);
  const std::string id = make_device_id(a);
  EXPECT_EQ(id.size(), 32u);
  EXPECT_EQ(id.find_first_not_of("0123456789abcdef"), std::string::npos);
  EXPECT_NE(id, make_device_id(b));
  EXPECT_NE(id, make_device_id(a));  // the next id from the same source
}

}  // namespace
}  // namespace umuhanda
