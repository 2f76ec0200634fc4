// GIFT (Moodle's question text format), its multiple-choice and true/false subset; other question
// types are skipped with a located warning so a mixed Moodle bank still imports.
// [SECTION] Lines, comments and question chunks
// [SECTION] Escapes
// [SECTION] One question
// [SECTION] Import
// [SECTION] Export
#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <cstdlib>

#include "format_support.hpp"

namespace umuhanda {
namespace {

constexpr std::size_t npos = std::string_view::npos;

// [SECTION] Lines, comments and question chunks

// A question's text with comment lines removed, and where each of its lines starts in the input.
struct Chunk {
  std::string text;
  std::vector<std::pair<std::size_t, std::size_t>> line_starts;  // (offset in text, offset in input)

  std::size_t source_offset(std::size_t offset) const {
    auto it = std::upper_bound(line_starts.begin(), line_starts.end(), std::make_pair(offset, npos));
    --it;  // line_starts[0] is (0, ...), so there is always one
    return it->second + (offset - it->first);
  }
};

struct Category {
  std::string name;
  std::size_t offset = 0;
};

// The input as an ordered list of $CATEGORY lines and question chunks.
struct GiftItem {
  std::optional<Category> category;
  Chunk chunk;
};

bool starts_with_category(std::string_view trimmed) { return lower_ascii(trimmed.substr(0, 10)) == "$category:"; }

std::vector<GiftItem> split_items(std::string_view text) {
  std::vector<GiftItem> items;
  Chunk current;
  auto flush = [&] {
    if (!current.line_starts.empty()) items.push_back(GiftItem{std::nullopt, std::move(current)});
    current = Chunk{};
  };
  std::size_t pos = 0;
  while (pos <= text.size()) {
    std::size_t end = text.find_first_of("\r\n", pos);
    if (end == npos) end = text.size();
    const std::string_view line = text.substr(pos, end - pos);
    const std::string trimmed = trim(line);
    if (trimmed.substr(0, 2) == "//") {
      // Moodle drops comment lines before anything else; they neither end nor join questions.
    } else if (trimmed.empty()) {
      flush();
    } else if (starts_with_category(trimmed)) {
      flush();
      items.push_back(GiftItem{Category{trim(trimmed.substr(10)), pos + line.find('$')}, Chunk{}});
    } else {
      if (!current.line_starts.empty()) current.text += '\n';
      current.line_starts.emplace_back(current.text.size(), pos);
      current.text += line;
    }
    if (end == text.size()) break;
    pos = end + (text[end] == '\r' && end + 1 < text.size() && text[end + 1] == '\n' ? 2 : 1);
  }
  flush();
  return items;
}

// "$course$/top/Road signs" -> "Road signs": the pack has flat topics, so the innermost category names it.
std::string category_leaf(std::string name) {
  if (!name.empty() && name.front() == '$') {
    if (auto close = name.find("$/", 1); close != std::string::npos) name.erase(0, close + 2);
  }
  auto slash = name.rfind('/');
  if (slash != std::string::npos) name.erase(0, slash + 1);
  return trim(name);
}

// [SECTION] Escapes

std::size_t find_unescaped(std::string_view s, std::size_t from, char c) {
  for (std::size_t i = from; i < s.size(); ++i) {
    if (s[i] == '\\') {
      ++i;
      continue;
    }
    if (s[i] == c) return i;
  }
  return npos;
}

std::size_t find_unescaped_pair(std::string_view s, std::size_t from, char c) {
  for (std::size_t i = find_unescaped(s, from, c); i != npos; i = find_unescaped(s, i + 1, c)) {
    if (i + 1 < s.size() && s[i + 1] == c) return i;
  }
  return npos;
}

std::string unescape(std::string_view s) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '\\' && i + 1 < s.size()) {
      const char next = s[++i];
      if (std::string_view("~=#{}:\\").find(next) != npos) out += next;
      else if (next == 'n') out += '\n';
      else {
        out += '\\';
        out += next;
      }
      continue;
    }
    out += s[i];
  }
  return out;
}

std::string escape(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (std::string_view("~=#{}:\\").find(c) != npos) {
      out += '\\';
      out += c;
    } else if (c == '\n') {
      out += "\\n";
    } else if (c != '\r') {
      out += c;
    }
  }
  return out;
}

// Offsets of the first and one-past-last non-blank characters of s[from, to).
std::pair<std::size_t, std::size_t> trimmed_range(std::string_view s, std::size_t from, std::size_t to) {
  while (from < to && is_blank(s.substr(from, 1))) ++from;
  while (to > from && is_blank(s.substr(to - 1, 1))) --to;
  return {from, to};
}

// [SECTION] One question

struct ParsedQuestion {
  std::string title;
  std::string topic;
  Question question;
  std::size_t offset = 0;  // in the input, for messages
};

struct GiftAnswer {
  bool equals = false;
  double weight = 0;
  std::string text;
  std::string feedback;
  std::size_t offset = 0;  // in the block
};

// Parses one chunk. Returns nothing when the chunk is skipped (warned) or wrong (error reported).
class QuestionParser {
public:
  QuestionParser(const Chunk& chunk, const SourceMap& map, const LanguageCode& language, Diagnostics& errors, Diagnostics& warnings)
      : m_chunk(chunk), m_s(chunk.text), m_map(map), m_language(language), m_errors(errors), m_warnings(warnings) {}

  std::optional<ParsedQuestion> parse() {
    ParsedQuestion parsed;
    std::size_t i = trimmed_range(m_s, 0, m_s.size()).first;
    parsed.offset = m_chunk.source_offset(i);
    if (m_s.substr(i, 2) == "::") {
      const std::size_t close = find_unescaped_pair(m_s, i + 2, ':');
      if (close == npos) return fail(i, "the title opened with '::' is never closed with '::'");
      parsed.title = trim(unescape(m_s.substr(i + 2, close - i - 2)));
      i = close + 2;
    }
    const std::size_t open = find_unescaped(m_s, i, '{');
    if (open == npos) {
      warn(i, "has no answer block {...}: a description, not a question; it is skipped");
      return std::nullopt;
    }
    const std::size_t close = find_unescaped(m_s, open + 1, '}');
    const std::size_t nested = find_unescaped(m_s, open + 1, '{');
    if (close == npos) return fail(open, "the answer block opened here is never closed with '}'");
    if (nested < close) return fail(nested, "a '{' inside an answer block: write it as \\{");
    m_open = open;
    if (find_unescaped(m_s, close + 1, '{') != npos) {
      return fail(find_unescaped(m_s, close + 1, '{'), "a second answer block: a question has one (blank lines separate questions)");
    }

    std::string prompt = trim(m_s.substr(i, open - i));
    const std::string after = trim(m_s.substr(close + 1));
    if (!after.empty()) prompt += " _____ " + after;  // Moodle's "missing word" form: the block stands for the blank
    prompt = strip_text_format(prompt, i);
    prompt = trim(unescape(prompt));
    if (prompt.empty()) return fail(open, "the question has no text before its answers");
    parsed.question.prompt.by_language[m_language] = prompt;

    if (!parse_block(open + 1, close, parsed.question)) return std::nullopt;
    return parsed;
  }

private:
  std::optional<ParsedQuestion> fail(std::size_t offset, std::string message) {
    m_errors.push_back(error(where(offset), std::move(message)));
    return std::nullopt;
  }
  void warn(std::size_t offset, std::string message) { m_warnings.push_back(warning(where(offset), std::move(message))); }
  std::string where(std::size_t offset) const { return m_map.locate(m_chunk.source_offset(offset)); }

  std::string strip_text_format(const std::string& prompt, std::size_t offset) {
    for (std::string_view marker : {"[plain]", "[moodle]", "[markdown]", "[html]"}) {
      if (lower_ascii(std::string_view(prompt).substr(0, marker.size())) != marker) continue;
      if (marker == "[html]") m_warnings.push_back(warning(where(offset), "HTML question text is imported as plain text, tags included"));
      return prompt.substr(marker.size());
    }
    return prompt;
  }

  bool parse_block(std::size_t begin, std::size_t end, Question& question) {
    const auto [first, last] = trimmed_range(m_s, begin, end);
    if (first == last) {
      warn(m_open, "an empty answer block {} is an essay question; only multiple-choice and true/false are imported, so it is skipped");
      return false;
    }
    if (m_s[first] == '#') {
      warn(m_open, "{#...} is a numerical question; only multiple-choice and true/false are imported, so it is skipped");
      return false;
    }
    std::size_t word_end = first;
    while (word_end < last && std::isalpha(static_cast<unsigned char>(m_s[word_end]))) ++word_end;
    const std::string word = lower_ascii(m_s.substr(first, word_end - first));
    const bool word_ends = word_end == last || m_s[word_end] == '#' || is_blank(m_s.substr(word_end, 1));
    if (word_ends && (word == "t" || word == "true" || word == "f" || word == "false")) {
      return parse_true_false(word_end, last, word[0] == 't', question);
    }
    return parse_choices(first, last, question);
  }

  // {T#shown when wrong#shown when right####general}
  bool parse_true_false(std::size_t from, std::size_t to, bool answer_is_true, Question& question) {
    std::vector<std::string> feedback;
    std::string general;
    const std::string_view block = m_s.substr(0, to);
    std::size_t i = find_unescaped(block, from, '#');
    if (!is_blank(m_s.substr(from, std::min(i, to) - from))) {
      m_errors.push_back(error(where(from), "unexpected text after the true/false answer: feedback starts with '#'"));
      return false;
    }
    while (i != npos && i < to) {
      if (m_s.substr(i, 4) == "####") {
        general = trim(unescape(m_s.substr(i + 4, to - i - 4)));
        break;
      }
      const std::size_t next = find_unescaped(block, i + 1, '#');
      feedback.push_back(trim(unescape(m_s.substr(i + 1, std::min(next, to) - i - 1))));
      i = next;
    }
    question.choices = {Choice{LocalizedText{{{m_language, true_word(m_language)}}}, "", ""},
                        Choice{LocalizedText{{{m_language, false_word(m_language)}}}, "", ""}};
    question.correct = {answer_is_true ? std::size_t{0} : std::size_t{1}};
    const std::string right_feedback = feedback.size() > 1 ? feedback[1] : "";
    const std::string& explanation = !general.empty() ? general : right_feedback;
    if (!explanation.empty()) question.explanation.by_language[m_language] = explanation;
    const bool dropped = (!feedback.empty() && !feedback[0].empty()) || (!general.empty() && !right_feedback.empty());
    if (dropped) warn(m_open, "feedback other than the general one (or the right answer's) is not kept: a pack question has one explanation");
    return true;
  }

  bool parse_choices(std::size_t from, std::size_t to, Question& question) {
    std::vector<GiftAnswer> answers;
    std::string general;
    bool in_general = false;
    bool in_feedback = false;
    bool has_wrong = false;
    bool stray_reported = false;
    const std::size_t errors_before = m_errors.size();
    for (std::size_t i = from; i < to; ++i) {
      const char c = m_s[i];
      std::string* target = in_general ? &general : answers.empty() ? nullptr : in_feedback ? &answers.back().feedback : &answers.back().text;
      if (c == '\\' && i + 1 < to && target) {
        *target += m_s.substr(i, 2);
        ++i;
        continue;
      }
      if (in_general) {
        *target += c;
        continue;
      }
      if (c == '=' || c == '~') {
        GiftAnswer answer;
        answer.equals = c == '=';
        answer.offset = i;
        has_wrong = has_wrong || c == '~';
        if (i + 1 < to && m_s[i + 1] == '%') {
          const std::size_t percent = m_s.find('%', i + 2);
          if (percent == npos || percent >= to) {
            m_errors.push_back(error(where(i + 1), "the answer weight opened with '%' is never closed with '%'"));
            return false;
          }
          const std::string number(m_s.substr(i + 2, percent - i - 2));
          char* parsed_end = nullptr;
          answer.weight = std::strtod(number.c_str(), &parsed_end);
          if (number.empty() || parsed_end != number.c_str() + number.size() || !std::isfinite(answer.weight)) {
            m_errors.push_back(error(where(i + 2), "answer weight " + in_quotes(number) + " is not a percentage"));
            return false;
          }
          i = percent;
        }
        answers.push_back(std::move(answer));
        in_feedback = false;
        continue;
      }
      if (c == '#' && m_s.substr(i, 4) == "####") {
        in_general = true;
        i += 3;
        continue;
      }
      if (c == '#' && !answers.empty() && !in_feedback) {
        in_feedback = true;
        continue;
      }
      if (target) {
        *target += c;
      } else if (!is_blank(std::string_view(&c, 1)) && !stray_reported) {
        m_errors.push_back(error(where(i), "expected '=' (a right answer) or '~' (a wrong one) here"));
        stray_reported = true;
      }
    }
    if (m_errors.size() != errors_before) return false;
    if (std::any_of(answers.begin(), answers.end(), [](const GiftAnswer& a) { return a.text.find("->") != std::string::npos; })) {
      warn(m_open, "answers with '->' make a matching question; only multiple-choice and true/false are imported, so it is skipped");
      return false;
    }
    if (answers.empty()) {
      m_errors.push_back(error(where(from), "the answer block has no answer: write '=right ~wrong ~wrong'"));
      return false;
    }
    if (!has_wrong) {
      warn(m_open, "answers that are all '=' make a short-answer question; only multiple-choice and true/false are imported, so it is skipped");
      return false;
    }

    std::vector<std::size_t> correct;
    std::size_t unused_feedback = 0;
    for (std::size_t k = 0; k < answers.size(); ++k) {
      const std::string text = trim(unescape(answers[k].text));
      if (text.empty()) m_errors.push_back(error(where(answers[k].offset), "answer " + std::to_string(k + 1) + " has no text"));
      question.choices.push_back(Choice{LocalizedText{{{m_language, text}}}, "", ""});
      const bool right = answers[k].equals || answers[k].weight > 0;
      if (right) correct.push_back(k);
      if (!trim(answers[k].feedback).empty()) ++unused_feedback;
    }
    if (correct.empty()) m_errors.push_back(error(where(m_open), "no answer is marked right: start the right one with '='"));
    if (answers.size() < kMinChoices) m_errors.push_back(error(where(m_open), "a question needs at least 2 answers, this one has 1"));
    if (answers.size() > kMaxChoices) {
      m_errors.push_back(
          error(where(answers[kMaxChoices].offset), "a question has at most 6 answers, this one has " + std::to_string(answers.size())));
    }
    if (m_errors.size() != errors_before) return false;

    question.correct = correct;
    question.multiple_answers = correct.size() > 1;
    std::string explanation = trim(unescape(general));
    if (explanation.empty() && correct.size() == 1) {
      explanation = trim(unescape(answers[correct.front()].feedback));
      if (!explanation.empty()) --unused_feedback;
    }
    if (!explanation.empty()) question.explanation.by_language[m_language] = explanation;
    if (unused_feedback > 0)
      warn(m_open, "feedback on individual answers is not kept (a pack question has one explanation): " + std::to_string(unused_feedback) +
                       " feedback text(s) dropped");
    return true;
  }

  const Chunk& m_chunk;
  std::string_view m_s;
  std::size_t m_open = 0;  // the answer block's '{'
  const SourceMap& m_map;
  const LanguageCode& m_language;
  Diagnostics& m_errors;
  Diagnostics& m_warnings;
};

// Moodle accepts only its own list of percentages; 100/k for k = 2..5 gives 50, 33.33333, 25, 20.
std::string weight_text(double weight) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.5f", weight);
  std::string text = buffer;
  while (!text.empty() && text.back() == '0') text.pop_back();
  if (!text.empty() && text.back() == '.') text.pop_back();
  return text;
}

}  // namespace

// [SECTION] Import

Expected<ImportResult> import_gift(std::string_view raw, const ImportOptions& options) {
  const std::string_view input = strip_utf8_bom(raw);
  const SourceMap map(options.source_name, input);
  if (auto bad = first_invalid_utf8(input)) return Expected<ImportResult>::failure(map.locate(*bad), "is not UTF-8 text: save the file as UTF-8");
  if (!is_known_language(options.language)) {
    return Expected<ImportResult>::failure(options.source_name, "language " + in_quotes(options.language) + " is not supported: use rw, en or fr");
  }

  ImportResult result;
  Diagnostics errors;
  SourceLocations locations{options.source_name, {}};
  std::vector<ParsedQuestion> parsed;
  std::string topic_name;                        // empty until a $CATEGORY names one
  std::map<std::string, std::string> topic_ids;  // category name -> topic id
  std::string topic_id;
  std::size_t topic_offset = 0;

  for (const GiftItem& item : split_items(input)) {
    if (item.category) {
      topic_name = category_leaf(item.category->name);
      topic_offset = item.category->offset;
      topic_id.clear();
      if (topic_name.empty()) errors.push_back(error(map.locate(item.category->offset), "$CATEGORY: names no category"));
      continue;
    }
    auto question = QuestionParser(item.chunk, map, options.language, errors, result.warnings).parse();
    if (!question) continue;
    // A category becomes a topic with its first question, so categories left empty add nothing.
    if (topic_id.empty()) {
      const std::string name = topic_name.empty() ? general_topic(options.language).name.in(options.language) : topic_name;
      auto [it, inserted] = topic_ids.emplace(name, "");
      if (inserted) {
        Topic topic = topic_name.empty() ? general_topic(options.language) : Topic{slugify(name), LocalizedText{{{options.language, name}}}, 0};
        if (topic.id.empty()) topic.id = "topic";
        std::set<std::string> taken;
        for (const auto& t : result.pack.topics) taken.insert(t.id);
        topic.id = unique_id(topic.id, taken);
        topic.order = static_cast<int>(result.pack.topics.size() + 1);
        it->second = topic.id;
        result.pack.topics.push_back(std::move(topic));
        locations.by_collection["topics"].push_back(topic_name.empty() ? map.locate(question->offset) : map.locate(topic_offset));
      }
      topic_id = it->second;
    }
    question->topic = topic_id;
    question->question.topic = topic_id;
    parsed.push_back(std::move(*question));
  }
  if (!errors.empty()) return errors;

  // Titles first, so a derived id never takes a title's id from a later question.
  std::set<std::string> taken;
  for (auto& q : parsed) {
    if (q.title.empty()) continue;
    const std::string base = id_from_text(q.title);
    if (base.empty()) continue;
    q.question.id = unique_id(base, taken);
    if (q.question.id != base) {
      result.warnings.push_back(warning(map.locate(q.offset), "title " + in_quotes(q.title) + " gives id " + in_quotes(base) +
                                                                  ", already used by another question; this one is " + in_quotes(q.question.id)));
    }
  }
  for (auto& q : parsed) {
    if (q.question.id.empty()) q.question.id = unique_id(derived_question_id(q.topic, q.question.prompt.in(options.language)), taken);
    locations.by_collection["questions"].push_back(map.locate(q.offset));
    result.pack.questions.push_back(std::move(q.question));
  }
  return finish_import(std::move(result), options, {options.language}, locations);
}

// [SECTION] Export

ExportResult export_gift(const Pack& pack) {
  ExportResult result;
  report_unexported_collections(pack, "GIFT", result.lost);
  const LanguageCode language = export_language(pack);
  if (pack.languages.size() > 1) {
    result.lost.push_back(
        warning("languages", "GIFT holds one language: only " + in_quotes(language) + " is exported, other translations are left out"));
  }
  std::string& out = result.text;
  out = "// Umuhanda pack " + in_quotes(pack.id) + " in GIFT, language " + in_quotes(language) + ".\n";
  out += "// Blank lines separate questions; ::title:: is the question id. See docs/import-formats.md.\n";

  std::string current_topic;
  std::vector<std::string> appearance;
  for (std::size_t i = 0; i < pack.questions.size(); ++i) {
    const Question& q = pack.questions[i];
    const std::string path = "questions[" + std::to_string(i) + "]";
    if (!exportable_in(q, language, path, result.lost)) continue;
    if (!q.sign.empty()) result.lost.push_back(warning(path + ".sign", "sign " + in_quotes(q.sign) + " shown with the question is left out"));
    if (!q.image.empty()) result.lost.push_back(warning(path + ".image", "picture " + in_quotes(q.image) + " is left out"));
    for (std::size_t c = 0; c < q.choices.size(); ++c) {
      if (!q.choices[c].sign.empty() || !q.choices[c].image.empty()) {
        result.lost.push_back(warning(path + ".choices[" + std::to_string(c) + "]", "the choice's sign or picture is left out, its text kept"));
      }
    }
    if (q.difficulty != 0) result.lost.push_back(warning(path + ".difficulty", "difficulty is left out"));
    if (!q.tags.empty()) result.lost.push_back(warning(path + ".tags", "tags are left out"));

    if (q.topic != current_topic) {
      current_topic = q.topic;
      const Topic* topic = pack.find_topic(q.topic);
      std::string name = topic ? topic->name.in(language) : q.topic;
      std::replace(name.begin(), name.end(), '\n', ' ');
      if (std::find(appearance.begin(), appearance.end(), q.topic) == appearance.end()) {
        appearance.push_back(q.topic);
        if (slugify(name) != q.topic) {
          result.lost.push_back(warning(path + ".topic", "topic " + in_quotes(q.topic) + " comes back as " + in_quotes(slugify(name)) +
                                                             ": the import makes topic ids from category names"));
        }
        if (name.find('/') != std::string::npos) {
          result.lost.push_back(warning(path + ".topic", "topic name " + in_quotes(name) + " holds '/', which Moodle reads as a sub-category"));
        }
      }
      out += "\n$CATEGORY: " + name + "\n";
    }

    out += "\n::" + escape(q.id) + ":: " + escape(q.prompt.in(language)) + " {";
    const std::string explanation = q.explanation.has(language) ? escape(q.explanation.in(language)) : "";
    const bool true_false = q.choices.size() == 2 && q.correct.size() == 1 && q.choices[0].text.in(language) == true_word(language) &&
                            q.choices[1].text.in(language) == false_word(language);
    if (true_false) {
      out += q.correct.front() == 0 ? "TRUE" : "FALSE";
      if (!explanation.empty()) out += "####" + explanation;
      out += "}\n";
      continue;
    }
    out += "\n";
    const double share = q.correct.empty() ? 100.0 : 100.0 / static_cast<double>(q.correct.size());
    for (std::size_t c = 0; c < q.choices.size(); ++c) {
      const std::string text = escape(q.choices[c].text.in(language));
      if (!q.multiple_answers) out += std::string("\t") + (q.is_correct(c) ? "=" : "~") + text + "\n";
      else out += "\t~%" + (q.is_correct(c) ? weight_text(share) : std::string("-100")) + "%" + text + "\n";
    }
    if (!explanation.empty()) out += "\t####" + explanation + "\n";
    out += "}\n";
  }

  for (std::size_t t = 0; t < pack.topics.size(); ++t) {
    const Topic& topic = pack.topics[t];
    const std::string path = "topics[" + std::to_string(t) + "]";
    auto position = std::find(appearance.begin(), appearance.end(), topic.id);
    if (position == appearance.end()) {
      result.lost.push_back(warning(path, "topic " + in_quotes(topic.id) + " has no exported question, so it is left out"));
    } else if (position - appearance.begin() != static_cast<std::ptrdiff_t>(t) || topic.order != static_cast<int>(t) + 1) {
      result.lost.push_back(
          warning(path + ".order", "topic " + in_quotes(topic.id) + ": the import numbers topics 1, 2, ... in the order questions use them"));
    }
  }
  return result;
}

}  // namespace umuhanda
