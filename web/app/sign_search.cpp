// Sign search over the folded text of each sign (umuhanda/utf8.hpp: the project's one fold).
#include "app/sign_search.hpp"

#include <algorithm>

#include "umuhanda/utf8.hpp"

namespace umuhanda {
namespace {

std::vector<std::string> split_words(const std::string& folded) {
  std::vector<std::string> words;
  std::size_t start = 0;
  while (start < folded.size()) {
    std::size_t end = folded.find(' ', start);
    if (end == std::string::npos) end = folded.size();
    if (end > start) words.push_back(folded.substr(start, end - start));
    start = end + 1;
  }
  return words;
}

bool matches(const Sign& sign, const std::vector<std::string>& words, const std::string& language) {
  if (words.empty()) return true;
  const std::string code = fold_for_search(sign.code);
  std::string compact = code;
  compact.erase(std::remove(compact.begin(), compact.end(), ' '), compact.end());
  const std::string haystack =
      code + ' ' + compact + ' ' + fold_for_search(sign.name.in(language)) + ' ' + fold_for_search(sign.meaning.in(language));
  return std::all_of(words.begin(), words.end(), [&](const std::string& word) { return haystack.find(word) != std::string::npos; });
}

}  // namespace

std::vector<const Sign*> find_signs(const Pack& pack, std::string_view query, const std::string& language) {
  const std::vector<std::string> words = split_words(fold_for_search(query));
  std::vector<const Sign*> found;
  for (std::size_t category = 0; category < std::size(kSignCategoryNames); ++category) {
    for (const Sign& sign : pack.signs) {
      if (static_cast<std::size_t>(sign.category) == category && matches(sign, words, language)) found.push_back(&sign);
    }
  }
  return found;
}

std::vector<const Question*> questions_showing_sign(const Pack& pack, const std::string& sign_id) {
  std::vector<const Question*> related;
  for (const Question& question : pack.questions) {
    const bool shows =
        question.sign == sign_id || std::any_of(question.choices.begin(), question.choices.end(), [&](const Choice& c) { return c.sign == sign_id; });
    if (shows) related.push_back(&question);
  }
  return related;
}

}  // namespace umuhanda
