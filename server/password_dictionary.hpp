// Passwords too easy to guess, refused at sign-up and on every new password (NIST SP 800-63B
// 5.1.1.2: "passwords obtained from previous breach corpuses, dictionary words, repetitive or
// sequential characters"): the words of Debian's cracklib-runtime list of 8 characters and more
// (/usr/share/dict/cracklib-small, about 30,000 of them; shorter ones are refused by length anyway),
// compared without ASCII case, and runs such as "aaaaaaaa", "12345678" or "hgfedcba".
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <unordered_set>

#include "umuhanda/expected.hpp"

namespace umuhanda {

inline constexpr const char* kDefaultPasswordDictionary = "/usr/share/dict/cracklib-small";

class PasswordDictionary {
public:
  // An empty dictionary (only the runs are refused): for tests, or `--password-dictionary ""`.
  PasswordDictionary() = default;
  // One word per line.
  static Expected<PasswordDictionary> load(const std::filesystem::path& word_list);

  // Why this password is refused, or "" when it is not: the message a person reads at sign-up.
  std::string refusal(std::string_view password) const;
  std::size_t size() const { return m_words.size(); }

private:
  std::unordered_set<std::string> m_words;  // lower case
};

}  // namespace umuhanda
