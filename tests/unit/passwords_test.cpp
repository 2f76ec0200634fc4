// PasswordHasher: argon2id hashes that verify the right password only, say when their parameters
// are out of date, and never run more than the allowed number at once.
#include <gtest/gtest.h>

#include <sodium.h>
#include <latch>
#include <thread>
#include <vector>

#include "passwords.hpp"

namespace umuhanda {
namespace {

// The smallest argon2id libsodium allows, so the tests are quick; the server uses the interactive one.
const PasswordCost kCheap{crypto_pwhash_OPSLIMIT_MIN, crypto_pwhash_MEMLIMIT_MIN};
const PasswordCost kDearer{crypto_pwhash_OPSLIMIT_MIN + 1, crypto_pwhash_MEMLIMIT_MIN};

TEST(Passwords, AHashIsArgon2idAndVerifiesOnlyItsPassword) {
  PasswordHasher hasher(2, kCheap);
  auto hashed = hasher.hash("umuhanda mwiza 2026");
  ASSERT_TRUE(hashed.ok()) << to_string(hashed.errors());
  EXPECT_EQ(hashed->rfind("$argon2id$", 0), 0u) << hashed.value();
  EXPECT_EQ(hashed->find("umuhanda"), std::string::npos);
  EXPECT_EQ(hasher.verify(hashed.value(), "umuhanda mwiza 2026"), PasswordHasher::Verdict::right);
  EXPECT_EQ(hasher.verify(hashed.value(), "umuhanda mwiza 2027"), PasswordHasher::Verdict::wrong);
  EXPECT_EQ(hasher.verify(hashed.value(), ""), PasswordHasher::Verdict::wrong);
  EXPECT_EQ(hasher.verify("not a hash", "umuhanda mwiza 2026"), PasswordHasher::Verdict::wrong);
}

TEST(Passwords, TheSamePasswordHashesDifferentlyEachTime) {
  PasswordHasher hasher(2, kCheap);
  EXPECT_NE(hasher.hash("same password").value(), hasher.hash("same password").value()) << "a random salt each time";
}

TEST(Passwords, AHashOfOlderParametersAsksForARehash) {
  PasswordHasher old_hasher(2, kCheap);
  PasswordHasher new_hasher(2, kDearer);
  const std::string stored = old_hasher.hash("ijambo ry'ibanga").value();
  EXPECT_EQ(new_hasher.verify(stored, "ijambo ry'ibanga"), PasswordHasher::Verdict::right_needs_rehash);
  EXPECT_EQ(new_hasher.verify(new_hasher.hash("ijambo ry'ibanga").value(), "ijambo ry'ibanga"), PasswordHasher::Verdict::right);
}

// Eight sign-ins at the same moment (a latch starts them together), each hash long enough (16 MiB)
// to overlap the others: with a bound of 2 no more than 2 run; without one (a bound of 8), more do,
// which shows the count can see overlap.
std::size_t peak_of_eight_at_once(std::size_t max_at_once) {
  PasswordHasher hasher(max_at_once, PasswordCost{crypto_pwhash_OPSLIMIT_MIN, 16u << 20});
  std::latch start(8);
  std::vector<std::thread> threads;
  for (int i = 0; i < 8; ++i) {
    threads.emplace_back([&hasher, &start, i] {
      start.arrive_and_wait();
      EXPECT_TRUE(hasher.hash("password " + std::to_string(i)).ok());
    });
  }
  for (auto& thread : threads) thread.join();
  return hasher.peak_at_once();
}

TEST(Passwords, NoMoreThanTheAllowedNumberOfHashesRunAtOnce) {
  EXPECT_EQ(peak_of_eight_at_once(2), 2u);
  EXPECT_GT(peak_of_eight_at_once(8), 2u);
}

}  // namespace
}  // namespace umuhanda
