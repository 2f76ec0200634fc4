// The device's clock and randomness, for the pure core's Clock and RandomSource.
#pragma once

#include <cstdint>
#include <memory>

#include "umuhanda/clock.hpp"

namespace umuhanda {

// Wall-clock milliseconds since the Unix epoch (the browser's Date.now()).
std::unique_ptr<Clock> make_device_clock();

// 64 bits from the platform's cryptographic generator (crypto.getRandomValues): seeds the device id.
std::uint64_t device_random_seed();

}  // namespace umuhanda
