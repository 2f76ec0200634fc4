// Clock and RandomSource: the two things the pure core may not take from the platform. The client
// injects the browser's clock and a seed from crypto.getRandomValues; tests inject fixed values.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace umuhanda {

// Wall-clock time in milliseconds since the Unix epoch. Fixed width on purpose: wasm32 has a
// 32-bit long, and an exam's end time must survive a reload as the same number.
class Clock {
public:
  virtual ~Clock() = default;
  virtual std::int64_t now_ms() const = 0;
};

// A clock that moves only when told to.
class ManualClock final : public Clock {
public:
  explicit ManualClock(std::int64_t start_ms = 0) : m_now_ms(start_ms) {}
  std::int64_t now_ms() const override { return m_now_ms; }
  void set(std::int64_t now_ms) { m_now_ms = now_ms; }
  void advance(std::int64_t delta_ms) { m_now_ms += delta_ms; }

private:
  std::int64_t m_now_ms;
};

// SplitMix64 (Steele, Lea, Flood 2014): tiny, fast, and gives the same sequence on every
// platform for a seed, unlike std::random_device or the standard distributions, whose output
// differs between libstdc++ and Emscripten's libc++. Not for secrets.
class RandomSource {
public:
  explicit RandomSource(std::uint64_t seed) : m_state(seed) {}

  std::uint64_t next_u64();
  // Uniform in [0, count) without modulo bias; count must be at least 1.
  std::size_t uniform_index(std::size_t count);

  // Fisher-Yates, driven by uniform_index so a seed fixes the order.
  template <class T>
  void shuffle(std::vector<T>& items) {
    for (std::size_t i = items.size(); i > 1; --i) {
      std::size_t j = uniform_index(i);
      using std::swap;
      swap(items[i - 1], items[j]);
    }
  }

private:
  std::uint64_t m_state;
};

// 32 lower-case hex characters (128 bits) naming this device in record ids. The client seeds the
// source from crypto.getRandomValues once, at first start, and keeps the id.
std::string make_device_id(RandomSource& random);

}  // namespace umuhanda
