// The content rules of a pack. Each rule adds a diagnostic naming the JSON path and the reason;
// nothing stops at the first problem, so an author fixes a pack in one pass. docs/pack-format.md
// lists the rules; tests/unit/pack_validation_test.cpp triggers each one.
#include "umuhanda/pack_validation.hpp"
#include "umuhanda/text_rules.hpp"

#include <algorithm>
#include <map>
#include <set>

#include "umuhanda/image_info.hpp"
#include "umuhanda/lesson_markup.hpp"
#include "umuhanda/pack_json.hpp"
#include "umuhanda/text_rules.hpp"

namespace umuhanda {
namespace {

std::string at(const std::string& path, std::string_view key) { return path + "." + std::string(key); }
std::string at(const std::string& path, std::size_t index) { return path + "[" + std::to_string(index) + "]"; }
std::string quoted(std::string_view text) { return "\"" + std::string(text) + "\""; }

bool is_blank(std::string_view text) {
  return std::all_of(text.begin(), text.end(), [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; });
}

// Media paths are relative to the pack folder and must stay inside it.
bool is_safe_relative_path(std::string_view path) {
  if (path.empty() || path.front() == '/' || path.find('\\') != std::string_view::npos || path.find(':') != std::string_view::npos) return false;
  std::size_t start = 0;
  while (start <= path.size()) {
    auto end = path.find('/', start);
    if (end == std::string_view::npos) end = path.size();
    std::string_view part = path.substr(start, end - start);
    if (part.empty() || part == "." || part == "..") return false;
    start = end + 1;
  }
  return true;
}

bool is_sha256_hex(std::string_view text) {
  return text.size() == 64 && std::all_of(text.begin(), text.end(), [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
}

class Validator {
public:
  explicit Validator(const Pack& pack) : m_pack(pack) {}

  Diagnostics run() {
    check_header();
    check_media_list();
    check_topics();
    check_signs();
    check_questions();
    check_lessons();
    check_blueprints();
    check_exam_sets();
    check_access();
    check_unused_media();
    return std::move(m_found);
  }

private:
  void add_error(std::string path, std::string message) { m_found.push_back(error(std::move(path), std::move(message))); }
  void add_warning(std::string path, std::string message) { m_found.push_back(warning(std::move(path), std::move(message))); }

  // A required text must exist in every language the pack declares; an optional one only warns
  // when it is partly translated. Other known languages may appear (partial translations).
  void check_text(const LocalizedText& text, const std::string& path, bool required) {
    for (const auto& [language, value] : text.by_language) {
      const std::string language_path = at(path, language);
      if (!is_known_language(language)) add_error(language_path, quoted(language) + " is not a supported language (rw, en or fr)");
      if (!is_valid_utf8(value)) add_error(language_path, "is not valid UTF-8");
      else if (is_blank(value)) add_error(language_path, "is empty");
    }
    for (const auto& language : m_declared) {
      if (text.has(language)) continue;
      if (required) add_error(at(path, language), "is missing: the pack declares language " + quoted(language));
      else if (!text.empty()) add_warning(at(path, language), "translation is missing");
    }
  }

  // Registers `id` at `path` in `seen`, reporting a bad or repeated id.
  void check_id(std::map<std::string, std::string>& seen, const std::string& id, const std::string& path) {
    if (!is_identifier(id)) {
      add_error(path, quoted(id) + " is not a valid id: " + kIdentifierRule);
    } else if (auto [it, inserted] = seen.emplace(id, path); !inserted) {
      add_error(path, quoted(id) + " is already used by " + it->second);
    }
  }

  void check_media_reference(const std::string& media_path, const std::string& path) {
    if (media_path.empty()) return;
    m_used_media.insert(media_path);
    if (!is_safe_relative_path(media_path)) {
      add_error(path, quoted(media_path) + " must be a relative path inside the pack folder (no \"..\", no leading \"/\")");
    } else if (!m_pack.find_media(media_path)) {
      add_error(path, "refers to " + quoted(media_path) + ", which is not in the pack's media list");
    }
  }

  void check_sign_reference(const std::string& sign, const std::string& path) {
    if (sign.empty()) return;
    m_used_signs.insert(sign);
    if (!m_pack.find_sign(sign)) add_error(path, "refers to sign " + quoted(sign) + ", which the pack does not define");
  }

  void check_topic_reference(const std::string& topic, const std::string& path) {
    if (!m_pack.find_topic(topic)) add_error(path, "refers to topic " + quoted(topic) + ", which the pack does not define");
  }

  void check_header() {
    if (!is_identifier(m_pack.id)) add_error("id", quoted(m_pack.id) + " is not a valid pack id: " + kIdentifierRule);
    if (m_pack.version < 1) add_error("version", "must be 1 or more, found " + std::to_string(m_pack.version));
    if (m_pack.languages.empty()) add_error("languages", "must name at least one language (rw, en or fr)");
    for (std::size_t i = 0; i < m_pack.languages.size(); ++i) {
      const auto& language = m_pack.languages[i];
      if (!is_known_language(language)) add_error(at("languages", i), quoted(language) + " is not a supported language (rw, en or fr)");
      else if (!m_declared.insert(language).second) add_error(at("languages", i), quoted(language) + " is listed twice");
    }
    if (m_pack.title.empty()) add_error("title", "must have at least one language");
    check_text(m_pack.title, "title", true);
  }

  void check_media_list() {
    std::map<std::string, std::string> seen;
    for (std::size_t i = 0; i < m_pack.media.size(); ++i) {
      const MediaItem& item = m_pack.media[i];
      const std::string path = at("media", i);
      if (!is_safe_relative_path(item.path)) {
        add_error(at(path, "path"), quoted(item.path) + " must be a relative path inside the pack folder (no \"..\", no leading \"/\")");
      } else if (auto [it, inserted] = seen.emplace(item.path, path); !inserted) {
        add_error(at(path, "path"), quoted(item.path) + " is already listed at " + it->second);
      }
      if (!is_sha256_hex(item.sha256)) add_error(at(path, "sha256"), "must be 64 lower-case hexadecimal digits");
      if (!is_supported_image_mime(item.mime))
        add_error(at(path, "mime"), quoted(item.mime) + " is not accepted: use image/png, image/jpeg or image/webp");
      if (item.width <= 0 || item.height <= 0) add_error(at(path, "width"), "width and height must be positive pixel counts");
      if (item.bytes == 0) add_error(at(path, "bytes"), "must be the file's size in bytes, more than 0");
    }
  }

  void check_topics() {
    if (m_pack.topics.empty()) add_error("topics", "must contain at least one topic");
    std::map<std::string, std::string> seen;
    for (std::size_t i = 0; i < m_pack.topics.size(); ++i) {
      const std::string path = at("topics", i);
      check_id(seen, m_pack.topics[i].id, at(path, "id"));
      check_text(m_pack.topics[i].name, at(path, "name"), true);
    }
  }

  void check_signs() {
    std::map<std::string, std::string> seen;
    std::map<std::string, std::string> codes;
    for (std::size_t i = 0; i < m_pack.signs.size(); ++i) {
      const Sign& sign = m_pack.signs[i];
      const std::string path = at("signs", i);
      check_id(seen, sign.id, at(path, "id"));
      if (sign.code.empty()) add_error(at(path, "code"), "is empty");
      else if (auto [it, inserted] = codes.emplace(sign.code, path); !inserted)
        add_error(at(path, "code"), quoted(sign.code) + " is already used by " + it->second);
      check_text(sign.name, at(path, "name"), true);
      check_text(sign.meaning, at(path, "meaning"), true);
      if (sign.image.empty()) add_error(at(path, "image"), "is empty: every sign needs a picture");
      check_media_reference(sign.image, at(path, "image"));
      check_media_reference(sign.thumbnail, at(path, "thumbnail"));
    }
  }

  void check_choices(const Question& question, const std::string& path) {
    const std::size_t count = question.choices.size();
    if (count < kMinChoices || count > kMaxChoices) {
      add_error(at(path, "choices"),
                "has " + std::to_string(count) + " choices, a question needs " + std::to_string(kMinChoices) + " to " + std::to_string(kMaxChoices));
    }
    std::map<std::string, std::size_t> first_choice;
    for (std::size_t c = 0; c < count; ++c) {
      const Choice& choice = question.choices[c];
      const std::string choice_path = at(at(path, "choices"), c);
      if (choice.text.empty() && choice.sign.empty() && choice.image.empty()) {
        add_error(choice_path, "shows nothing: give it a text, a sign or an image");
        continue;
      }
      // A picture choice may carry no text; a text, when present, must be complete.
      if (!choice.text.empty()) check_text(choice.text, at(choice_path, "text"), true);
      check_sign_reference(choice.sign, at(choice_path, "sign"));
      check_media_reference(choice.image, at(choice_path, "image"));
      std::string key = choice.sign + '\n' + choice.image + '\n';
      for (const auto& [language, text] : choice.text.by_language) key += language + '=' + text + '\n';
      if (auto [it, inserted] = first_choice.emplace(key, c); !inserted) {
        add_error(choice_path, "repeats choices[" + std::to_string(it->second) + "]: a student could not tell them apart");
      }
    }
  }

  void check_correct(const Question& question, const std::string& path) {
    const std::size_t count = question.choices.size();
    if (question.correct.empty()) add_error(at(path, "correct"), "names no right choice");
    if (!question.multiple_answers && question.correct.size() > 1) {
      add_error(at(path, "correct"),
                "names " + std::to_string(question.correct.size()) + " right choices: set \"multiple_answers\": true, or keep one");
    }
    std::set<std::size_t> seen;
    for (std::size_t k = 0; k < question.correct.size(); ++k) {
      const std::size_t choice = question.correct[k];
      const std::string correct_path = question.multiple_answers ? at(at(path, "correct"), k) : at(path, "correct");
      if (choice >= count) {
        add_error(correct_path, "refers to choice " + std::to_string(choice) + " (zero-based), the question has " + std::to_string(count));
      } else if (!seen.insert(choice).second) {
        add_error(correct_path, "names choice " + std::to_string(choice) + " twice");
      }
    }
    if (question.multiple_answers && !question.correct.empty() && seen.size() == count) {
      add_error(at(path, "correct"), "marks every choice right: nothing is being asked");
    }
  }

  void check_questions() {
    if (m_pack.questions.empty()) add_error("questions", "must contain at least one question");
    std::map<std::string, std::string> seen;
    std::map<std::string, std::size_t> first_prompt;
    for (std::size_t i = 0; i < m_pack.questions.size(); ++i) {
      const Question& question = m_pack.questions[i];
      const std::string path = at("questions", i);
      check_id(seen, question.id, at(path, "id"));
      check_topic_reference(question.topic, at(path, "topic"));
      m_used_topics.insert(question.topic);
      check_text(question.prompt, at(path, "prompt"), true);
      check_sign_reference(question.sign, at(path, "sign"));
      check_media_reference(question.image, at(path, "image"));
      check_choices(question, path);
      check_correct(question, path);
      if (question.difficulty < 0 || question.difficulty > 3) {
        add_error(at(path, "difficulty"), "is " + std::to_string(question.difficulty) + ": use 1 (easy), 2 or 3 (hard), or leave it out");
      }
      for (std::size_t t = 0; t < question.tags.size(); ++t) {
        if (!is_identifier(question.tags[t]))
          add_error(at(at(path, "tags"), t), quoted(question.tags[t]) + " is not a valid tag: " + kIdentifierRule);
      }
      if (question.explanation.empty()) add_warning(at(path, "explanation"), "is missing: students learn most from why an answer is right");
      check_text(question.explanation, at(path, "explanation"), false);
      // The same prompt with the same picture is likely a duplicate; with another sign it is a new question.
      for (const auto& [language, prompt] : question.prompt.by_language) {
        auto [it, inserted] = first_prompt.emplace(language + '\n' + question.sign + '\n' + question.image + '\n' + prompt, i);
        if (!inserted) add_warning(at(at(path, "prompt"), language), "is the same as questions[" + std::to_string(it->second) + "]: a duplicate?");
      }
    }
    for (std::size_t i = 0; i < m_pack.topics.size(); ++i) {
      if (!m_used_topics.count(m_pack.topics[i].id)) add_warning(at(at("topics", i), "id"), "no question uses this topic");
    }
  }

  void check_lessons() {
    std::map<std::string, std::string> seen;
    for (std::size_t i = 0; i < m_pack.lessons.size(); ++i) {
      const Lesson& lesson = m_pack.lessons[i];
      const std::string path = at("lessons", i);
      check_id(seen, lesson.slug, at(path, "slug"));
      check_topic_reference(lesson.topic, at(path, "topic"));
      check_text(lesson.title, at(path, "title"), true);
      check_text(lesson.body, at(path, "body"), true);
      for (std::size_t k = 0; k < lesson.images.size(); ++k) check_media_reference(lesson.images[k], at(at(path, "images"), k));
      for (const auto& [language, body] : lesson.body.by_language) {
        const std::string body_path = at(at(path, "body"), language);
        ParsedMarkup markup = parse_lesson_markup(body);
        for (const auto& problem : markup.problems) add_error(body_path, "line " + std::to_string(problem.line) + ": " + problem.message);
        for (const auto& block : markup.blocks) {
          for (const auto& span : block.spans) {
            if (span.kind == MarkupSpan::Kind::sign) check_sign_reference(span.value, body_path);
            if (span.kind == MarkupSpan::Kind::image && std::find(lesson.images.begin(), lesson.images.end(), span.value) == lesson.images.end()) {
              add_error(body_path, "shows [image:" + span.value + "], which is not in the lesson's \"images\" list");
            }
          }
        }
      }
    }
  }

  void check_blueprints() {
    std::map<std::string, std::string> seen;
    std::map<std::string, int> questions_per_topic;
    for (const auto& question : m_pack.questions) ++questions_per_topic[question.topic];
    for (std::size_t i = 0; i < m_pack.blueprints.size(); ++i) {
      const ExamBlueprint& blueprint = m_pack.blueprints[i];
      const std::string path = at("exam_blueprints", i);
      check_id(seen, blueprint.id, at(path, "id"));
      check_text(blueprint.name, at(path, "name"), true);
      if (blueprint.question_count < 1) add_error(at(path, "question_count"), "must be 1 or more");
      else if (blueprint.question_count > static_cast<int>(m_pack.questions.size())) {
        add_error(at(path, "question_count"),
                  "asks for " + std::to_string(blueprint.question_count) + " questions, the pack has " + std::to_string(m_pack.questions.size()));
      }
      if (blueprint.time_limit_minutes < 1) add_error(at(path, "time_limit_minutes"), "must be 1 or more");
      if (blueprint.pass_mark < 1 || blueprint.pass_mark > blueprint.question_count) {
        add_error(at(path, "pass_mark"), "is " + std::to_string(blueprint.pass_mark) + ": it must be between 1 and question_count (" +
                                             std::to_string(blueprint.question_count) + ")");
      }
      int quota_total = 0;
      std::set<std::string> quota_topics;
      for (std::size_t q = 0; q < blueprint.quotas.size(); ++q) {
        const TopicQuota& quota = blueprint.quotas[q];
        const std::string quota_path = at(at(path, "quotas"), q);
        check_topic_reference(quota.topic, at(quota_path, "topic"));
        if (!quota_topics.insert(quota.topic).second) add_error(at(quota_path, "topic"), quoted(quota.topic) + " has two quotas");
        if (quota.count < 1) add_error(at(quota_path, "count"), "must be 1 or more");
        if (quota.count > questions_per_topic[quota.topic]) {
          add_error(at(quota_path, "count"), "asks for " + std::to_string(quota.count) + " questions of topic " + quoted(quota.topic) +
                                                 ", the pack has " + std::to_string(questions_per_topic[quota.topic]));
        }
        quota_total += std::max(quota.count, 0);
      }
      if (quota_total > blueprint.question_count) {
        add_error(at(path, "quotas"), "add up to " + std::to_string(quota_total) + " questions, more than question_count (" +
                                          std::to_string(blueprint.question_count) + ")");
      }
    }
  }

  void check_exam_sets() {
    std::map<std::string, std::string> seen;
    for (std::size_t i = 0; i < m_pack.exam_sets.size(); ++i) {
      const ExamSet& set = m_pack.exam_sets[i];
      const std::string path = at("exam_sets", i);
      check_id(seen, set.id, at(path, "id"));
      check_text(set.name, at(path, "name"), true);
      if (!set.blueprint.empty() &&
          std::none_of(m_pack.blueprints.begin(), m_pack.blueprints.end(), [&](const ExamBlueprint& b) { return b.id == set.blueprint; })) {
        add_error(at(path, "blueprint"), "refers to blueprint " + quoted(set.blueprint) + ", which the pack does not define");
      }
      if (set.blueprint.empty() && m_pack.blueprints.empty())
        add_error(at(path, "blueprint"), "no blueprint gives this set a time limit and pass mark");
      if (set.questions.empty()) add_error(at(path, "questions"), "is empty");
      std::set<std::string> in_set;
      for (std::size_t q = 0; q < set.questions.size(); ++q) {
        const std::string question_path = at(at(path, "questions"), q);
        if (!m_pack.find_question(set.questions[q]))
          add_error(question_path, "refers to question " + quoted(set.questions[q]) + ", which the pack does not have");
        else if (!in_set.insert(set.questions[q]).second) add_error(question_path, quoted(set.questions[q]) + " appears twice in this set");
      }
    }
  }

  void check_access() {
    const PackAccess& access = m_pack.access;
    if (!access.restricted) {
      if (!access.free_exam_sets.empty() || !access.free_questions.empty())
        add_warning("access.free_sample", "a public pack is free whole: its free sample means nothing");
      return;
    }
    for (std::size_t i = 0; i < access.free_exam_sets.size(); ++i) {
      const std::string& id = access.free_exam_sets[i];
      if (std::none_of(m_pack.exam_sets.begin(), m_pack.exam_sets.end(), [&](const ExamSet& set) { return set.id == id; }))
        add_error(at(at("access.free_sample", "exam_sets"), i), "refers to exam set " + quoted(id) + ", which the pack does not have");
    }
    for (std::size_t i = 0; i < access.free_questions.size(); ++i) {
      if (!m_pack.find_question(access.free_questions[i]))
        add_error(at(at("access.free_sample", "questions"), i),
                  "refers to question " + quoted(access.free_questions[i]) + ", which the pack does not have");
    }
    if (access.free_exam_sets.empty() && access.free_questions.empty())
      add_warning("access.free_sample", "is empty: students without a plan see none of this pack's questions");
  }

  void check_unused_media() {
    for (std::size_t i = 0; i < m_pack.media.size(); ++i) {
      if (!m_used_media.count(m_pack.media[i].path))
        add_warning(at(at("media", i), "path"), quoted(m_pack.media[i].path) + " is not used by anything");
    }
  }

  const Pack& m_pack;
  std::set<std::string> m_declared;
  std::set<std::string> m_used_media;
  std::set<std::string> m_used_signs;
  std::set<std::string> m_used_topics;
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
