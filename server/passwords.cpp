#include "passwords.hpp"

#include <sodium.h>

namespace umuhanda {

PasswordCost interactive_password_cost() { return {crypto_pwhash_OPSLIMIT_INTERACTIVE, crypto_pwhash_MEMLIMIT_INTERACTIVE}; }

// Holds one of the max_at_once places while a hash runs.
class PasswordHasher::Turn {
public:
  explicit Turn(PasswordHasher& hasher) : m_hasher(hasher) {
    std::unique_lock lock(m_hasher.m_mutex);
    m_hasher.m_turn_ended.wait(lock, [this] { return m_hasher.m_running < m_hasher.m_max_at_once; });
    ++m_hasher.m_running;
    if (m_hasher.m_running > m_hasher.m_peak) m_hasher.m_peak = m_hasher.m_running;
  }
  ~Turn() {
    {
      std::lock_guard lock(m_hasher.m_mutex);
      --m_hasher.m_running;
    }
    m_hasher.m_turn_ended.notify_one();
  }
  Turn(const Turn&) = delete;
  Turn& operator=(const Turn&) = delete;

private:
  PasswordHasher& m_hasher;
};

PasswordHasher::PasswordHasher(std::size_t max_at_once, PasswordCost cost) : m_cost(cost), m_max_at_once(max_at_once == 0 ? 1 : max_at_once) {}

Expected<std::string> PasswordHasher::hash(std::string_view password) {
  if (sodium_init() < 0) return Expected<std::string>::failure("libsodium", "cannot be initialised");
  char stored[crypto_pwhash_STRBYTES];
  const Turn turn(*this);
  if (crypto_pwhash_str(stored, password.data(), password.size(), m_cost.ops, m_cost.memory) != 0) {
    // libsodium fails here only when it cannot allocate cost.memory.
    return Expected<std::string>::failure("password", "could not be hashed: out of memory");
  }
  return std::string(stored);
}

PasswordHasher::Verdict PasswordHasher::verify(const std::string& stored_hash, std::string_view password) {
  if (sodium_init() < 0) return Verdict::wrong;
  int checked = -1;
  {
    const Turn turn(*this);
    checked = crypto_pwhash_str_verify(stored_hash.c_str(), password.data(), password.size());
  }
  if (checked != 0) return Verdict::wrong;
  return crypto_pwhash_str_needs_rehash(stored_hash.c_str(), m_cost.ops, m_cost.memory) == 0 ? Verdict::right : Verdict::right_needs_rehash;
}

std::size_t PasswordHasher::peak_at_once() const {
  std::lock_guard lock(m_mutex);
  return m_peak;
}

}  // namespace umuhanda
