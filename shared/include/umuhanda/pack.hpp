// The content model: a pack of topics and multiple-choice questions. Plain data, no behaviour;
// reading and writing live in pack_json.hpp, the rules in pack_validation.hpp.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "umuhanda/localized_text.hpp"

namespace umuhanda {

// Bumped when pack.json changes incompatibly; a reader rejects formats it does not know.
inline constexpr int kPackFormat = 1;
inline constexpr std::size_t kMinChoices = 2;
inline constexpr std::size_t kMaxChoices = 6;

// A topic groups questions (the origin site's "exam types": road signs, lights, ...).
struct Topic {
  std::string id;
  LocalizedText name;
  int order = 0;

  bool operator==(const Topic&) const = default;
};

struct Choice {
  LocalizedText text;

  bool operator==(const Choice&) const = default;
};

struct Question {
  std::string id;  // stable across pack versions: progress is recorded against it
  std::string topic;
  LocalizedText prompt;
  std::vector<Choice> choices;  // the same order in every language
  std::size_t correct = 0;      // zero-based index into choices
  LocalizedText explanation;

  bool operator==(const Question&) const = default;
};

struct Pack {
  int format = kPackFormat;
  std::string id;
  int version = 0;  // increases with every published change
  LocalizedText title;
  std::vector<LanguageCode> languages;  // the languages every text of the pack is written in
  std::vector<Topic> topics;
  std::vector<Question> questions;

  bool operator==(const Pack&) const = default;
};

}  // namespace umuhanda
