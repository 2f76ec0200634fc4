// Password hashing: argon2id through libsodium's crypto_pwhash_str, which stores the algorithm,
// its parameters and a random salt in the hash string, so parameters can change and old hashes
// still verify (and are rehashed at the next sign-in: needs_rehash).
#pragma once

#include <condition_variable>
#include <cstddef>
#include <mutex>
#include <string>
#include <string_view>

#include "umuhanda/expected.hpp"

namespace umuhanda {

struct PasswordCost {
  unsigned long long ops;  // passes over memory
  std::size_t memory;      // bytes each hash uses while it runs
};

// libsodium's "interactive" limits: 2 passes over 64 MiB (see tools/bench for the time per hash).
PasswordCost interactive_password_cost();

class PasswordHasher {
public:
  // At most `max_at_once` hashes run at the same time; more wait their turn, so a burst of sign-ins
  // costs at most max_at_once × cost.memory of RAM (128 MiB by default) on a small VPS.
  explicit PasswordHasher(std::size_t max_at_once = 2, PasswordCost cost = interactive_password_cost());

  Expected<std::string> hash(std::string_view password);

  enum class Verdict { wrong, right, right_needs_rehash };
  // Constant-time in the password (libsodium). A stored hash that is not one reads as wrong.
  Verdict verify(const std::string& stored_hash, std::string_view password);

  // The most hashes that ever ran at once: for tests and the benchmark.
  std::size_t peak_at_once() const;

private:
  class Turn;

  PasswordCost m_cost;
  std::size_t m_max_at_once;
  mutable std::mutex m_mutex;
  std::condition_variable m_turn_ended;
  std::size_t m_running = 0;
  std::size_t m_peak = 0;
};

}  // namespace umuhanda
