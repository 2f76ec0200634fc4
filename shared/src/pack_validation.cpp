// The content rules of a pack. Each rule adds a diagnostic naming the JSON path and the reason;
// nothing stops at the first problem, so an author fixes a pack in one pass.
#include "umuhanda/pack_validation.hpp"

#include <algorithm>
#include <map>
#include <set>

#include "umuhanda/pack_json.hpp"

namespace umuhanda {
namespace {

std::string at(const std::string& path, std::string_view key) { return path + "." + std::string(key); }
std::string at(const std::string& path, std::size_t index) { return path + "[" + std::to_string(index) + "]"; }

// Identifiers end up in URLs and progress records: keep them plain.
bool is_identifier(std::string_view id) {
  if (id.empty() || id.size() > 64) return false;
  auto plain = [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); };
  if (!plain(id.front())) return false;
  return std::all_of(id.begin(), id.end(), [&](char c) { return plain(c) || c == '-' || c == '_' || c == '.'; });
}

bool is_valid_utf8(std::string_view text) {
  std::size_t i = 0;
  while (i < text.size()) {
    auto byte = static_cast<unsigned char>(text[i]);
    std::size_t length = byte < 0x80 ? 1 : (byte >> 5) == 0x6 ? 2 : (byte >> 4) == 0xE ? 3 : (byte >> 3) == 0x1E ? 4 : 0;
    if (length == 0 || i + length > text.size()) return false;
    for (std::size_t k = 1; k < length; ++k) {
      if ((static_cast<unsigned char>(text[i + k]) >> 6) != 0x2) return false;
    }
    i += length;
  }
  return true;
}

bool is_blank(std::string_view text) {
  return std::all_of(text.begin(), text.end(), [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; });
}

class Validator {
public:
  explicit Validator(const Pack& pack) : m_pack(pack) {}

  Diagnostics run() {
    check_header();
    check_topics();
    check_questions();
    return std::move(m_found);
  }

private:
  void add_error(std::string path, std::string message) { m_found.push_back(error(std::move(path), std::move(message))); }
  void add_warning(std::string path, std::string message) { m_found.push_back(warning(std::move(path), std::move(message))); }

  // A required text must exist in every language the pack declares; an optional one only warns.
  void check_text(const LocalizedText& text, const std::string& path, bool required) {
    for (const auto& [language, value] : text.by_language) {
      const std::string language_path = at(path, language);
      if (!m_declared.count(language)) {
        add_warning(language_path, "language \"" + language + "\" is not in the pack's languages; it will not be shown");
      }
      if (!is_valid_utf8(value)) add_error(language_path, "is not valid UTF-8");
      else if (is_blank(value)) add_error(language_path, "is empty");
    }
    for (const auto& language : m_declared) {
      if (text.has(language)) continue;
      if (required) add_error(at(path, language), "is missing: the pack declares language \"" + language + "\"");
      else if (!text.empty()) add_warning(at(path, language), "translation is missing");
    }
  }

  void check_header() {
    if (!is_identifier(m_pack.id)) {
      add_error("id", "\"" + m_pack.id + "\" is not a valid pack id: use 1-64 lower-case letters, digits, '-', '_' or '.', starting with a letter or digit");
    }
    if (m_pack.version < 1) add_error("version", "must be 1 or more, found " + std::to_string(m_pack.version));
    if (m_pack.languages.empty()) add_error("languages", "must name at least one language (rw, en or fr)");
    for (std::size_t i = 0; i < m_pack.languages.size(); ++i) {
      const auto& language = m_pack.languages[i];
      if (!is_known_language(language)) {
        add_error(at("languages", i), "\"" + language + "\" is not a supported language (rw, en or fr)");
      } else if (!m_declared.insert(language).second) {
        add_error(at("languages", i), "\"" + language + "\" is listed twice");
      }
    }
    if (m_pack.title.empty()) add_error("title", "must have at least one language");
    check_text(m_pack.title, "title", true);
  }

  void check_topics() {
    if (m_pack.topics.empty()) add_error("topics", "must contain at least one topic");
    std::map<std::string, std::size_t> first_index;
    for (std::size_t i = 0; i < m_pack.topics.size(); ++i) {
      const Topic& topic = m_pack.topics[i];
      const std::string path = at("topics", i);
      if (!is_identifier(topic.id)) {
        add_error(at(path, "id"), "\"" + topic.id + "\" is not a valid id: use lower-case letters, digits, '-', '_' or '.'");
      } else if (auto [it, inserted] = first_index.emplace(topic.id, i); !inserted) {
        add_error(at(path, "id"), "\"" + topic.id + "\" is already used by topics[" + std::to_string(it->second) + "]");
      }
      check_text(topic.name, at(path, "name"), true);
    }
  }

  void check_questions() {
    if (m_pack.questions.empty()) add_error("questions", "must contain at least one question");
    std::map<std::string, std::size_t> first_index;
    std::map<std::string, std::size_t> first_prompt;
    std::set<std::string> topics_used;
    std::set<std::string> topic_ids;
    for (const auto& topic : m_pack.topics) topic_ids.insert(topic.id);

    for (std::size_t i = 0; i < m_pack.questions.size(); ++i) {
      const Question& question = m_pack.questions[i];
      const std::string path = at("questions", i);
      if (!is_identifier(question.id)) {
        add_error(at(path, "id"), "\"" + question.id + "\" is not a valid id: use lower-case letters, digits, '-', '_' or '.'");
      } else if (auto [it, inserted] = first_index.emplace(question.id, i); !inserted) {
        add_error(at(path, "id"), "\"" + question.id + "\" is already used by questions[" + std::to_string(it->second) + "]");
      }
      if (!topic_ids.count(question.topic)) {
        add_error(at(path, "topic"), "refers to topic \"" + question.topic + "\", which the pack does not define");
      }
      topics_used.insert(question.topic);
      check_text(question.prompt, at(path, "prompt"), true);

      const std::size_t count = question.choices.size();
      if (count < kMinChoices || count > kMaxChoices) {
        add_error(at(path, "choices"), "has " + std::to_string(count) + " choices, a question needs " +
                                           std::to_string(kMinChoices) + " to " + std::to_string(kMaxChoices));
      }
      std::map<std::string, std::size_t> first_choice;
      for (std::size_t c = 0; c < count; ++c) {
        const std::string choice_path = at(at(path, "choices"), c);
        check_text(question.choices[c].text, at(choice_path, "text"), true);
        for (const auto& [language, text] : question.choices[c].text.by_language) {
          auto [it, inserted] = first_choice.emplace(language + '\n' + text, c);
          if (!inserted) {
            add_error(at(at(choice_path, "text"), language), "repeats choices[" + std::to_string(it->second) + "]: a student could not tell them apart");
          }
        }
      }
      if (question.correct >= count) {
        add_error(at(path, "correct"), "refers to choice " + std::to_string(question.correct) + " (zero-based), the question has " +
                                           std::to_string(count));
      }
      if (question.explanation.empty()) add_warning(at(path, "explanation"), "is missing: students learn most from why an answer is right");
      check_text(question.explanation, at(path, "explanation"), false);

      for (const auto& [language, prompt] : question.prompt.by_language) {
        auto [it, inserted] = first_prompt.emplace(language + '\n' + prompt, i);
        if (!inserted) {
          add_warning(at(at(path, "prompt"), language), "is the same as questions[" + std::to_string(it->second) + "]: a duplicate?");
        }
      }
    }
    for (std::size_t i = 0; i < m_pack.topics.size(); ++i) {
      if (!topics_used.count(m_pack.topics[i].id)) add_warning(at(at("topics", i), "id"), "no question uses this topic");
    }
  }

  const Pack& m_pack;
  std::set<std::string> m_declared;
  Diagnostics m_found;
};

}  // namespace

Diagnostics validate_pack(const Pack& pack) { return Validator(pack).run(); }

Expected<Pack> load_pack(std::string_view json_text, Diagnostics* warnings) {
  Expected<Pack> parsed = parse_pack_json(json_text);
  if (!parsed) return parsed;
  Diagnostics found = validate_pack(parsed.value());
  Diagnostics errors;
  for (auto& diagnostic : found) {
    if (diagnostic.severity == Severity::error) errors.push_back(std::move(diagnostic));
    else if (warnings) warnings->push_back(std::move(diagnostic));
  }
  if (!errors.empty()) return errors;
  return parsed;
}

}  // namespace umuhanda
