// Aiken (Moodle's simplest format): question text, options "A." or "A)", then "ANSWER: B". It
// carries no ids, topics or explanations: ids come from the text, every question goes to one topic.
// [SECTION] Lines
// [SECTION] Import
// [SECTION] Export
#include <algorithm>
#include <cctype>

#include "format_support.hpp"

namespace umuhanda {
namespace {

// [SECTION] Lines

struct Line {
  std::size_t offset = 0;
  std::string_view text;
};

std::vector<Line> split_lines(std::string_view text) {
  std::vector<Line> lines;
  std::size_t pos = 0;
  while (pos < text.size()) {
    std::size_t end = text.find_first_of("\r\n", pos);
    if (end == std::string_view::npos) end = text.size();
    lines.push_back(Line{pos, text.substr(pos, end - pos)});
    if (end == text.size()) break;
    pos = end + (text[end] == '\r' && end + 1 < text.size() && text[end + 1] == '\n' ? 2 : 1);
  }
  return lines;
}

// The same blanks trim() removes: a line "\fANSWER: B" must be an answer line, because its text,
// trimmed as a question line, would export as one (fuzzing found it: 3 questions exported, 2 read).
std::size_t indent_of(std::string_view line) {
  std::size_t i = 0;
  while (i < line.size() && is_blank_char(line[i])) ++i;
  return i;
}

// "B. text" or "B) text" when `letter` is 'B'. Aiken wants a blank after the mark, which keeps
// "B.C. Smith" a question line.
bool is_option(std::string_view line, char letter) {
  line.remove_prefix(indent_of(line));
  return line.size() >= 2 && line[0] == letter && (line[1] == '.' || line[1] == ')') && (line.size() == 2 || line[2] == ' ' || line[2] == '\t');
}

bool is_answer(std::string_view line) {
  line.remove_prefix(indent_of(line));
  return lower_ascii(line.substr(0, 7)) == "answer:";
}

// [SECTION] Import

struct AikenQuestion {
  std::size_t offset = 0;  // where its text starts
  std::vector<std::string> prompt_lines;
  std::vector<Line> options;
};

class AikenImport {
public:
  AikenImport(std::string_view text, const ImportOptions& options) : m_text(text), m_options(options), m_map(options.source_name, text) {}

  Expected<ImportResult> run() {
    if (auto bad = first_invalid_utf8(m_text))
      return Expected<ImportResult>::failure(m_map.locate(*bad), "is not UTF-8 text: save the file as UTF-8");
    if (!is_known_language(m_options.language)) {
      return Expected<ImportResult>::failure(m_options.source_name,
                                             "language " + in_quotes(m_options.language) + " is not supported: use rw, en or fr");
    }
    enum class State { between, prompt, options, skipping } state = State::between;
    AikenQuestion current;
    for (const Line& line : split_lines(m_text)) {
      const bool blank = is_blank(line.text);
      switch (state) {
        case State::between:
          if (blank) break;
          current = AikenQuestion{line.offset + indent_of(line.text), {}, {}};
          if (is_answer(line.text) || is_option(line.text, 'A')) {
            add_error(current.offset,
                      is_answer(line.text) ? "an ANSWER: line without a question and options before it" : "option A comes before any question text");
            state = is_answer(line.text) ? State::between : State::skipping;
            break;
          }
          current.prompt_lines.push_back(trim(line.text));
          state = State::prompt;
          break;
        case State::prompt:
          if (blank || is_answer(line.text)) {
            add_error(current.offset, "this question has no options: write lines \"A. ...\", \"B. ...\" and then \"ANSWER: X\"" +
                                          std::string(blank ? " before the blank line on line " + std::to_string(m_map.line_of(line.offset)) : ""));
            state = State::between;
          } else if (is_option(line.text, 'A')) {
            current.options.push_back(line);
            state = State::options;
          } else {
            current.prompt_lines.push_back(trim(line.text));
          }
          break;
        case State::options: {
          const char next = static_cast<char>('A' + current.options.size());
          if (blank) {
            add_error(current.offset, "this question has no \"ANSWER:\" line after its options (the blank line on line " +
                                          std::to_string(m_map.line_of(line.offset)) + " ends it)");
            state = State::between;
          } else if (is_answer(line.text)) {
            finish_question(current, line);
            state = State::between;
          } else if (next <= 'Z' && is_option(line.text, next)) {
            current.options.push_back(line);
          } else {
            add_error(line.offset + indent_of(line.text), std::string("expected option \"") + next + ".\" or \"ANSWER:\" here");
            state = State::skipping;
          }
          break;
        }
        case State::skipping:
          if (blank || is_answer(line.text)) state = State::between;
          break;
      }
    }
    if (state == State::prompt) add_error(current.offset, "this question has no options and no \"ANSWER:\" line: the file ends first");
    if (state == State::options) add_error(current.offset, "this question has no \"ANSWER:\" line: the file ends first");
    if (!m_errors.empty()) return m_errors;

    Topic topic = general_topic(m_options.language);
    m_result.pack.topics.push_back(topic);
    std::set<std::string> taken;
    for (auto& question : m_result.pack.questions) {
      question.topic = topic.id;
      question.id = unique_id(derived_question_id(topic.id, question.prompt.in(m_options.language)), taken);
    }
    m_locations.by_collection["topics"].push_back(m_locations.by_collection["questions"].empty() ? "" : m_locations.by_collection["questions"][0]);
    return finish_import(std::move(m_result), m_options, {m_options.language}, m_locations);
  }

private:
  void add_error(std::size_t offset, std::string message) { m_errors.push_back(error(m_map.locate(offset), std::move(message))); }

  void finish_question(const AikenQuestion& current, const Line& answer_line) {
    const std::size_t errors_before = m_errors.size();
    const std::string_view after_mark = answer_line.text.substr(indent_of(answer_line.text) + 7);
    const std::size_t blanks = std::min(after_mark.find_first_not_of(" \t"), after_mark.size());
    const std::size_t letter_at = answer_line.offset + indent_of(answer_line.text) + 7 + blanks;
    const std::string letter_text = trim(after_mark);
    const std::size_t count = current.options.size();
    if (count < kMinChoices) {
      add_error(answer_line.offset, "this question has " + std::to_string(count) + " option, a question needs at least 2");
    } else if (count > kMaxChoices) {
      add_error(current.options[kMaxChoices].offset, "a question has at most 6 options, this one has " + std::to_string(count));
    }
    std::optional<std::size_t> correct;
    const char letter = letter_text.size() == 1 ? static_cast<char>(std::toupper(static_cast<unsigned char>(letter_text[0]))) : '\0';
    if (letter < 'A' || letter > 'Z') {
      add_error(letter_at, "ANSWER: " + in_quotes(letter_text) + " is not one option letter (A, B, C, ...)");
    } else if (static_cast<std::size_t>(letter - 'A') >= count) {
      add_error(letter_at,
                std::string("ANSWER: ") + letter + " is not among the options A-" + static_cast<char>('A' + std::max<std::size_t>(count, 1) - 1));
    } else {
      correct = static_cast<std::size_t>(letter - 'A');
    }
    Question question;
    std::string prompt;
    for (const auto& part : current.prompt_lines) prompt += (prompt.empty() ? "" : "\n") + part;
    question.prompt.by_language[m_options.language] = prompt;
    for (const Line& option : current.options) {
      const std::string text = trim(option.text.substr(indent_of(option.text) + 2));
      if (text.empty()) add_error(option.offset + indent_of(option.text), "this option has no text");
      question.choices.push_back(Choice{LocalizedText{{{m_options.language, text}}}, "", ""});
    }
    if (m_errors.size() != errors_before || !correct) return;
    question.correct = {*correct};
    m_result.pack.questions.push_back(std::move(question));
    m_locations.by_collection["questions"].push_back(m_map.locate(current.offset));
  }

  std::string_view m_text;
  const ImportOptions& m_options;
  SourceMap m_map;
  Diagnostics m_errors;
  SourceLocations m_locations{m_options.source_name, {}};
  ImportResult m_result;
};

std::string one_line(std::string text) {
  std::replace(text.begin(), text.end(), '\n', ' ');
  std::replace(text.begin(), text.end(), '\r', ' ');
  return text;
}

}  // namespace

Expected<ImportResult> import_aiken(std::string_view input, const ImportOptions& options) {
  return AikenImport(strip_utf8_bom(input), options).run();
}

// [SECTION] Export

ExportResult export_aiken(const Pack& pack) {
  ExportResult result;
  report_unexported_collections(pack, "Aiken", result.lost);
  const LanguageCode language = export_language(pack);
  if (pack.languages.size() > 1) {
    result.lost.push_back(
        warning("languages", "Aiken holds one language: only " + in_quotes(language) + " is exported, other translations are left out"));
  }
  if (pack.topics.size() > 1 || (pack.topics.size() == 1 && !(pack.topics[0] == general_topic(language)))) {
    result.lost.push_back(warning("topics", "Aiken has no topics: the import puts every question in one topic, " + in_quotes("general")));
  }
  std::size_t renamed = 0;
  std::size_t explained = 0;
  std::string& out = result.text;
  for (std::size_t i = 0; i < pack.questions.size(); ++i) {
    const Question& q = pack.questions[i];
    const std::string path = "questions[" + std::to_string(i) + "]";
    if (!exportable_in(q, language, path, result.lost)) continue;
    if (q.correct.size() != 1) {
      result.lost.push_back(warning(path, "question " + in_quotes(q.id) + " has several right answers; Aiken has one, so it is left out"));
      continue;
    }
    // Moodle reads the question on one line; one starting like an option or ANSWER: would be misread.
    const std::string prompt = one_line(q.prompt.in(language));
    if (is_option(prompt, 'A') || is_answer(prompt)) {
      result.lost.push_back(warning(path + ".prompt." + language, "starts like an Aiken option or ANSWER: line; the question is left out"));
      continue;
    }
    if (prompt != q.prompt.in(language)) result.lost.push_back(warning(path + ".prompt." + language, "line breaks become spaces"));
    if (!q.sign.empty()) result.lost.push_back(warning(path + ".sign", "sign " + in_quotes(q.sign) + " shown with the question is left out"));
    if (!q.image.empty()) result.lost.push_back(warning(path + ".image", "picture " + in_quotes(q.image) + " is left out"));
    if (q.difficulty != 0) result.lost.push_back(warning(path + ".difficulty", "difficulty is left out"));
    if (!q.tags.empty()) result.lost.push_back(warning(path + ".tags", "tags are left out"));
    if (!q.explanation.empty()) ++explained;
    if (q.id != derived_question_id("general", q.prompt.in(language))) ++renamed;

    out += prompt + "\n";
    for (std::size_t c = 0; c < q.choices.size(); ++c) {
      const std::string text = one_line(q.choices[c].text.in(language));
      if (text != q.choices[c].text.in(language))
        result.lost.push_back(warning(path + ".choices[" + std::to_string(c) + "]", "line breaks become spaces"));
      if (!q.choices[c].sign.empty() || !q.choices[c].image.empty()) {
        result.lost.push_back(warning(path + ".choices[" + std::to_string(c) + "]", "the choice's sign or picture is left out, its text kept"));
      }
      out += std::string(1, static_cast<char>('A' + c)) + ". " + text + "\n";
    }
    out += std::string("ANSWER: ") + static_cast<char>('A' + q.correct.front()) + "\n\n";
  }
  if (explained > 0) {
    result.lost.push_back(warning("questions", std::to_string(explained) + " explanation(s): Aiken has no place for explanations"));
  }
  if (renamed > 0) {
    result.lost.push_back(warning("questions", std::to_string(renamed) + " question id(s): Aiken has no ids, the import derives them from the text"));
  }
  return result;
}

}  // namespace umuhanda
