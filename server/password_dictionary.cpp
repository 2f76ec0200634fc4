#include "password_dictionary.hpp"

#include <fstream>

namespace umuhanda {
namespace {

constexpr std::size_t kShortest = 8;  // account_rules.hpp refuses shorter passwords first

std::string lower_ascii(std::string_view text) {
  std::string lower(text);
  for (char& c : lower) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return lower;
}

// Every byte the same as the one before, or one more, or one less, throughout (ASCII only).
bool is_run(std::string_view text) {
  if (text.size() < 2) return false;
  const int step = static_cast<unsigned char>(text[1]) - static_cast<unsigned char>(text[0]);
  if (step < -1 || step > 1) return false;
  for (std::size_t i = 1; i < text.size(); ++i) {
    const auto byte = static_cast<unsigned char>(text[i]);
    if (byte >= 0x80 || byte - static_cast<unsigned char>(text[i - 1]) != step) return false;
  }
  return true;
}

}  // namespace

Expected<PasswordDictionary> PasswordDictionary::load(const std::filesystem::path& word_list) {
  std::ifstream in(word_list);
  if (!in) {
    return Expected<PasswordDictionary>::failure(word_list.string(),
                                                 "cannot be read: install Debian's cracklib-runtime (tools/setup.sh does), or name "
                                                 "another list with --password-dictionary");
  }
  PasswordDictionary dictionary;
  std::string line;
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.size() >= kShortest) dictionary.m_words.insert(lower_ascii(line));
  }
  if (dictionary.m_words.empty()) return Expected<PasswordDictionary>::failure(word_list.string(), "holds no word of 8 characters or more");
  return dictionary;
}

std::string PasswordDictionary::refusal(std::string_view password) const {
  const std::string lower = lower_ascii(password);
  if (is_run(lower)) return "is a run of the same or consecutive characters, which is guessed first: choose another";
  if (m_words.contains(lower)) return "is a common word or password, which is guessed first: choose another, e.g. a few words of a sentence";
  return "";
}

}  // namespace umuhanda
