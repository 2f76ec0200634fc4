// CSV as teachers keep it in a spreadsheet: one row per question and language, rows sharing an id
// merged into one multilingual question. docs/import-formats.md describes the columns.
// [SECTION] Reading RFC 4180 records
// [SECTION] The header
// [SECTION] Rows
// [SECTION] Rows to questions
// [SECTION] Writing
#include <algorithm>
#include <array>

#include "format_support.hpp"
#include "umuhanda/csv.hpp"

namespace umuhanda {
namespace {

// [SECTION] Reading RFC 4180 records

// The records come from the core's reader (umuhanda/csv.hpp), shared with the class roster import.

bool is_blank_record(const CsvRecord& record) {
  return std::all_of(record.fields.begin(), record.fields.end(), [](const CsvField& f) { return is_blank(f.value); });
}

// [SECTION] The header

constexpr std::size_t kChoiceColumns = kMaxChoices;
const std::array<std::string, kChoiceColumns> kChoiceNames = {"choice1", "choice2", "choice3", "choice4", "choice5", "choice6"};

std::optional<std::string> canonical_column(const std::string& header) {
  static const std::array<std::pair<const char*, const char*>, 17> kNames = {{
      {"id", "id"},
      {"lang", "lang"},
      {"language", "lang"},
      {"topic", "topic"},
      {"topic_id", "topic_id"},
      {"question", "question"},
      {"prompt", "question"},
      {"choice1", "choice1"},
      {"choice2", "choice2"},
      {"choice3", "choice3"},
      {"choice4", "choice4"},
      {"choice5", "choice5"},
      {"choice6", "choice6"},
      {"correct", "correct"},
      {"answer", "correct"},
      {"explanation", "explanation"},
      {"image", "image"},
  }};
  for (const auto& [name, canonical] : kNames) {
    if (header == name) return std::string(canonical);
  }
  return std::nullopt;
}

struct Columns {
  std::map<std::string, std::size_t> index;  // canonical name -> field index
  std::size_t count = 0;                     // cells a row must have

  bool has(const std::string& name) const { return index.count(name) != 0; }
};

// [SECTION] Rows

// One data row, its cells trimmed, with where each came from for messages.
struct CsvRow {
  const CsvRecord* record = nullptr;
  const Columns* columns = nullptr;
  const SourceMap* map = nullptr;
  std::string id, lang, topic, topic_id, question, explanation, image;
  std::vector<std::string> choices;
  std::size_t correct = 0;

  std::string cell(const std::string& name) const {
    auto it = columns->index.find(name);
    return it == columns->index.end() ? std::string() : trim(record->fields[it->second].value);
  }
  std::string where(const std::string& name) const {
    auto it = columns->index.find(name);
    return it == columns->index.end() ? where_row() : map->locate(record->fields[it->second].offset);
  }
  std::string where_row() const { return map->locate(record->offset); }
  std::size_t line() const { return map->line_of(record->offset); }
};

std::optional<std::size_t> parse_correct(const std::string& text) {
  if (text.size() == 1 && text[0] >= '1' && text[0] <= '6') return static_cast<std::size_t>(text[0] - '1');
  if (text.size() == 1 && text[0] >= 'A' && text[0] <= 'F') return static_cast<std::size_t>(text[0] - 'A');
  if (text.size() == 1 && text[0] >= 'a' && text[0] <= 'f') return static_cast<std::size_t>(text[0] - 'a');
  return std::nullopt;
}

// Reads one record into `row`; every problem is reported, and false means the row is not used.
bool read_row(CsvRow& row, const ImportOptions& options, Diagnostics& errors) {
  const std::size_t before = errors.size();
  const auto& fields = row.record->fields;
  const std::size_t expected = row.columns->count;
  if (fields.size() != expected) {
    const std::string where = fields.size() > expected ? row.map->locate(fields[expected].offset) : row.map->locate(row.record->end_offset);
    errors.push_back(error(where, "this row has " + std::to_string(fields.size()) + " cells, the header has " + std::to_string(expected) +
                                      (fields.size() > expected ? ": is a ',' inside a cell missing its quotes?" : "")));
    return false;
  }

  row.id = lower_ascii(row.cell("id"));
  if (!row.id.empty() && !is_identifier(row.id)) {
    errors.push_back(error(row.where("id"), "id " + in_quotes(row.cell("id")) +
                                                " is not valid: use 1-64 letters, digits, '-', '_' or '.', starting with a letter or digit"));
  }
  row.lang = lower_ascii(row.cell("lang"));
  if (row.lang.empty()) row.lang = options.language;
  if (!is_known_language(row.lang)) {
    errors.push_back(error(row.where("lang"), "language " + in_quotes(row.lang) + " is not supported: use rw, en or fr"));
  }
  row.topic = row.cell("topic");
  if (row.topic.empty()) errors.push_back(error(row.where("topic"), "the topic is empty: every question belongs to a topic"));
  row.topic_id = lower_ascii(row.cell("topic_id"));
  if (!row.topic_id.empty() && !is_identifier(row.topic_id)) {
    errors.push_back(error(row.where("topic_id"), "topic_id " + in_quotes(row.topic_id) + " is not a valid id"));
  }
  row.question = row.cell("question");
  if (row.question.empty()) errors.push_back(error(row.where("question"), "the question is empty"));

  std::optional<std::string> first_empty;
  for (const auto& name : kChoiceNames) {
    if (!row.columns->has(name)) continue;
    std::string text = row.cell(name);
    if (text.empty()) {
      if (!first_empty) first_empty = name;
      continue;
    }
    if (first_empty) {
      errors.push_back(error(row.where(name), name + " is filled but " + *first_empty + " is empty: write the choices without gaps"));
      continue;
    }
    row.choices.push_back(std::move(text));
  }
  if (row.choices.size() < kMinChoices) {
    errors.push_back(error(row.where(row.choices.empty() ? "choice1" : "choice2"),
                           "this row has " + std::to_string(row.choices.size()) + " choice(s), a question needs at least 2"));
  }

  const std::string correct = row.cell("correct");
  if (auto index = parse_correct(correct); !index) {
    errors.push_back(
        error(row.where("correct"), "correct " + in_quotes(correct) + " is not a choice number (1-6) or letter (A-F)" +
                                        (correct.find_first_of(",;") != std::string::npos ? ": a CSV question has one right answer" : "")));
  } else if (*index >= row.choices.size()) {
    errors.push_back(error(row.where("correct"), "correct " + in_quotes(correct) + " names choice " + std::to_string(*index + 1) + ", this row has " +
                                                     std::to_string(row.choices.size())));
  } else {
    row.correct = *index;
  }

  row.explanation = row.cell("explanation");
  const std::string image = row.cell("image");
  if (!image.empty()) {
    if (auto path = normalize_media_path(image)) {
      row.image = *path;
    } else {
      errors.push_back(
          error(row.where("image"), "image " + in_quotes(image) + " must be a path inside the media folder (no \"..\", no leading \"/\")"));
    }
  }
  return errors.size() == before;
}

// [SECTION] Rows to questions

struct QuestionRows {
  std::string id;  // empty until derived, for rows without one
  std::vector<const CsvRow*> rows;
};

// Checks that the rows of one id agree on what does not depend on the language.
void check_translations(const QuestionRows& group, Diagnostics& errors) {
  const CsvRow& first = *group.rows.front();
  for (std::size_t k = 1; k < group.rows.size(); ++k) {
    const CsvRow& row = *group.rows[k];
    for (std::size_t j = 0; j < k; ++j) {
      if (group.rows[j]->lang == row.lang) {
        errors.push_back(error(row.where("lang"), "id " + in_quotes(group.id) + " already has a row in " + in_quotes(row.lang) + " (line " +
                                                      std::to_string(group.rows[j]->line()) + ")"));
        break;
      }
    }
    const std::string other = "the " + in_quotes(first.lang) + " row of " + in_quotes(group.id) + " (line " + std::to_string(first.line()) + ")";
    if (row.choices.size() != first.choices.size()) {
      errors.push_back(error(row.where_row(), "this row has " + std::to_string(row.choices.size()) + " choices, " + other + " has " +
                                                  std::to_string(first.choices.size()) + ": every language lists the same choices"));
    } else if (row.correct != first.correct) {
      errors.push_back(error(row.where("correct"), "correct is choice " + std::to_string(row.correct + 1) + " here but choice " +
                                                       std::to_string(first.correct + 1) + " in " + other));
    }
    if (!row.image.empty() && !first.image.empty() && row.image != first.image) {
      errors.push_back(error(row.where("image"), "image " + in_quotes(row.image) + " differs from " + in_quotes(first.image) + " in " + other));
    }
    if (!row.topic_id.empty() && !first.topic_id.empty() && row.topic_id != first.topic_id) {
      errors.push_back(
          error(row.where("topic_id"), "topic_id " + in_quotes(row.topic_id) + " differs from " + in_quotes(first.topic_id) + " in " + other));
    }
  }
}

class CsvImport {
public:
  CsvImport(std::string_view text, const ImportOptions& options) : m_text(text), m_options(options), m_map(options.source_name, text) {}

  Expected<ImportResult> run() {
    if (auto bad = first_invalid_utf8(m_text)) {
      return Expected<ImportResult>::failure(m_map.locate(*bad), "is not UTF-8 text: save the spreadsheet as \"CSV UTF-8\"");
    }
    Diagnostics errors;
    m_records = read_csv_records(m_text, detect_csv_delimiter(m_text), m_map, errors);
    auto header = std::find_if(m_records.begin(), m_records.end(), [](const CsvRecord& r) { return !is_blank_record(r); });
    if (header == m_records.end()) {
      if (errors.empty()) errors.push_back(error(m_options.source_name, "is empty: the first row names the columns (topic, question, choice1, ...)"));
      return errors;
    }
    read_header(*header, errors);
    if (has_errors(errors)) return errors;

    for (auto it = header + 1; it != m_records.end(); ++it) {
      if (is_blank_record(*it) || it->broken) continue;
      CsvRow row;
      row.record = &*it;
      row.columns = &m_columns;
      row.map = &m_map;
      if (read_row(row, m_options, errors)) m_rows.push_back(std::move(row));
    }
    group_rows(errors);
    if (!errors.empty()) return errors;
    if (m_groups.empty()) return Expected<ImportResult>::failure(m_options.source_name, "has a header but no question rows");

    build_questions();
    return finish_import(std::move(m_result), m_options, m_language_order, m_locations);
  }

private:
  void read_header(const CsvRecord& header, Diagnostics& errors) {
    m_columns.count = header.fields.size();
    for (std::size_t i = 0; i < header.fields.size(); ++i) {
      const std::string name = lower_ascii(trim(header.fields[i].value));
      if (name.empty()) continue;  // spreadsheets often carry empty trailing columns
      const std::string where = m_map.locate(header.fields[i].offset);
      auto canonical = canonical_column(name);
      if (!canonical) {
        m_result.warnings.push_back(warning(where, "column " + in_quotes(name) + " is not one the importer reads; it is ignored"));
        continue;
      }
      if (auto [it, inserted] = m_columns.index.emplace(*canonical, i); !inserted) {
        errors.push_back(error(where, "column " + in_quotes(*canonical) + " appears twice (also column " + std::to_string(it->second + 1) + ")"));
      }
    }
    std::string missing;
    for (const char* required : {"topic", "question", "choice1", "choice2", "correct"}) {
      if (!m_columns.has(required)) missing += (missing.empty() ? "" : ", ") + std::string(required);
    }
    if (!missing.empty()) {
      errors.push_back(error(
          m_map.locate(header.offset),
          "the header row lacks column(s) " + missing + " (it needs topic, question, choice1, choice2 and correct; names are case-insensitive)"));
    }
  }

  void group_rows(Diagnostics& errors) {
    std::map<std::string, std::size_t> group_of_id;
    for (const auto& row : m_rows) {
      if (std::find(m_language_order.begin(), m_language_order.end(), row.lang) == m_language_order.end()) m_language_order.push_back(row.lang);
      if (row.id.empty()) {
        m_groups.push_back(QuestionRows{"", {&row}});
        continue;
      }
      m_taken_ids.insert(row.id);
      auto [it, inserted] = group_of_id.emplace(row.id, m_groups.size());
      if (inserted) m_groups.push_back(QuestionRows{row.id, {}});
      m_groups[it->second].rows.push_back(&row);
    }
    for (const auto& group : m_groups) check_translations(group, errors);
  }

  // The topic of a question: its rows' topic_id, else the topic already named so in that language, else
  // a new one whose id is the slug of the name. The other rows name it in their languages.
  std::string resolve_topic(const QuestionRows& group) {
    const CsvRow& first = *group.rows.front();
    std::string id;
    for (const CsvRow* row : group.rows) {
      if (id.empty()) id = row->topic_id;
    }
    if (id.empty()) {
      if (auto known = m_topic_by_name.find({first.lang, first.topic}); known != m_topic_by_name.end()) id = known->second;
    }
    if (id.empty()) {
      id = slugify(first.topic);
      if (id.empty()) id = "topic-" + std::to_string(m_result.pack.topics.size() + 1);
    }
    auto topic = std::find_if(m_result.pack.topics.begin(), m_result.pack.topics.end(), [&](const Topic& t) { return t.id == id; });
    if (topic == m_result.pack.topics.end()) {
      m_result.pack.topics.push_back(Topic{id, {}, static_cast<int>(m_result.pack.topics.size() + 1)});
      m_locations.by_collection["topics"].push_back(first.where("topic"));
      topic = m_result.pack.topics.end() - 1;
    }
    for (const CsvRow* row : group.rows) {
      m_topic_by_name.emplace(std::make_pair(row->lang, row->topic), id);
      auto [name, inserted] = topic->name.by_language.emplace(row->lang, row->topic);
      if (!inserted && name->second != row->topic) {
        m_result.warnings.push_back(warning(row->where("topic"), "topic " + in_quotes(row->topic) + " is taken as " + in_quotes(id) +
                                                                     ", already named " + in_quotes(name->second) + " in " + in_quotes(row->lang) +
                                                                     "; the first name is kept"));
      }
    }
    return id;
  }

  void build_questions() {
    for (auto& group : m_groups) {
      const CsvRow& first = *group.rows.front();
      Question question;
      question.topic = resolve_topic(group);
      if (group.id.empty()) group.id = unique_id(derived_question_id(first.topic, first.question), m_taken_ids);
      question.id = group.id;
      question.choices.resize(first.choices.size());
      question.correct = {first.correct};
      std::string image;
      std::string image_where;
      for (const CsvRow* row : group.rows) {
        question.prompt.by_language[row->lang] = row->question;
        for (std::size_t c = 0; c < row->choices.size() && c < question.choices.size(); ++c)
          question.choices[c].text.by_language[row->lang] = row->choices[c];
        if (!row->explanation.empty()) question.explanation.by_language[row->lang] = row->explanation;
        if (image.empty() && !row->image.empty()) {
          image = row->image;
          image_where = row->where("image");
        }
      }
      if (!image.empty() &&
          read_media_file(m_options, image, "media/" + image, image_where, "the question is imported without its picture", m_result))
        question.image = "media/" + image;
      m_result.pack.questions.push_back(std::move(question));
      m_locations.by_collection["questions"].push_back(first.where_row());
    }
  }

  std::string_view m_text;
  const ImportOptions& m_options;
  SourceMap m_map;
  std::vector<CsvRecord> m_records;
  Columns m_columns;
  std::vector<CsvRow> m_rows;
  std::vector<QuestionRows> m_groups;
  std::set<std::string> m_taken_ids;
  std::map<std::pair<LanguageCode, std::string>, std::string> m_topic_by_name;
  std::vector<LanguageCode> m_language_order;
  SourceLocations m_locations{m_options.source_name, {}};
  ImportResult m_result;
};

// [SECTION] Writing

std::string csv_cell(std::string_view text) {
  const bool needs_quotes =
      text.find_first_of(",;\t\"\r\n") != std::string_view::npos || (!text.empty() && (text.front() == ' ' || text.back() == ' '));
  if (!needs_quotes) return std::string(text);
  std::string cell = "\"";
  for (char c : text) {
    if (c == '"') cell += '"';
    cell += c;
  }
  return cell + "\"";
}

std::string question_path(std::size_t i) { return "questions[" + std::to_string(i) + "]"; }

}  // namespace

Expected<ImportResult> import_csv(std::string_view input, const ImportOptions& options) { return CsvImport(strip_utf8_bom(input), options).run(); }

ExportResult export_csv(const Pack& pack) {
  ExportResult result;
  report_unexported_collections(pack, "CSV", result.lost);

  struct Row {
    const Question* question;
    LanguageCode language;
  };
  std::vector<Row> rows;
  std::size_t choice_columns = kMinChoices;
  for (std::size_t i = 0; i < pack.questions.size(); ++i) {
    const Question& q = pack.questions[i];
    const std::string path = question_path(i);
    if (q.multiple_answers) {
      result.lost.push_back(warning(path, "question " + in_quotes(q.id) + " has several right answers; a CSV row holds one, so it is left out"));
      continue;
    }
    bool text_only = q.correct.size() == 1;
    for (std::size_t c = 0; c < q.choices.size() && text_only; ++c) {
      if (q.choices[c].text.empty()) {
        result.lost.push_back(warning(path + ".choices[" + std::to_string(c) + "]",
                                      "question " + in_quotes(q.id) + " has a choice without text (a sign or picture); it is left out"));
        text_only = false;
      }
    }
    if (!text_only) continue;
    for (std::size_t c = 0; c < q.choices.size(); ++c) {
      if (!q.choices[c].sign.empty() || !q.choices[c].image.empty()) {
        result.lost.push_back(warning(path + ".choices[" + std::to_string(c) + "]", "the choice's sign or picture is left out, its text kept"));
      }
    }
    if (!q.sign.empty()) result.lost.push_back(warning(path + ".sign", "sign " + in_quotes(q.sign) + " shown with the question is left out"));
    if (!q.image.empty() && !media_relative_path(q.image)) {
      result.lost.push_back(warning(path + ".image", in_quotes(q.image) + " is not below media/; the picture is left out"));
    }
    if (q.difficulty != 0) result.lost.push_back(warning(path + ".difficulty", "difficulty is left out"));
    if (!q.tags.empty()) result.lost.push_back(warning(path + ".tags", "tags are left out"));

    std::vector<LanguageCode> languages;
    for (const auto& language : pack.languages) {
      if (q.prompt.has(language)) languages.push_back(language);
    }
    for (const auto& [language, text] : q.prompt.by_language) {
      if (std::find(languages.begin(), languages.end(), language) == languages.end()) languages.push_back(language);
    }
    const std::size_t first_row = rows.size();
    for (const auto& language : languages) {
      const bool complete = std::all_of(q.choices.begin(), q.choices.end(), [&](const Choice& c) { return c.text.has(language); });
      if (!complete) {
        result.lost.push_back(warning(path + ".prompt." + language,
                                      "a choice has no text in " + in_quotes(language) + "; the " + in_quotes(language) + " row is left out"));
        continue;
      }
      rows.push_back(Row{&q, language});
    }
    for (const auto& [language, text] : q.explanation.by_language) {
      if (std::none_of(rows.begin() + static_cast<std::ptrdiff_t>(first_row), rows.end(),
                       [&language = language](const Row& r) { return r.language == language; })) {
        result.lost.push_back(warning(path + ".explanation." + language, "no " + in_quotes(language) + " row carries this explanation"));
      }
    }
    choice_columns = std::max(choice_columns, q.choices.size());
  }

  // The import numbers topics by first appearance and names them from the rows: say what differs.
  std::vector<std::string> appearance;
  std::set<std::pair<std::string, LanguageCode>> named;
  for (const auto& row : rows) {
    if (std::find(appearance.begin(), appearance.end(), row.question->topic) == appearance.end()) appearance.push_back(row.question->topic);
    named.insert({row.question->topic, row.language});
  }
  for (std::size_t t = 0; t < pack.topics.size(); ++t) {
    const Topic& topic = pack.topics[t];
    const std::string path = "topics[" + std::to_string(t) + "]";
    auto position = std::find(appearance.begin(), appearance.end(), topic.id);
    if (position == appearance.end()) {
      result.lost.push_back(warning(path, "topic " + in_quotes(topic.id) + " has no exported question, so it is left out"));
      continue;
    }
    if (position - appearance.begin() != static_cast<std::ptrdiff_t>(t) || topic.order != static_cast<int>(t) + 1) {
      result.lost.push_back(
          warning(path + ".order", "topic " + in_quotes(topic.id) + ": the import numbers topics 1, 2, ... in the order rows first use them"));
    }
    for (const auto& [language, name] : topic.name.by_language) {
      if (!named.count({topic.id, language}))
        result.lost.push_back(warning(path + ".name." + language, "no " + in_quotes(language) + " row carries this name"));
    }
  }

  std::string& out = result.text;
  out = "\xEF\xBB\xBF";  // Excel reads UTF-8 (Kinyarwanda, French accents) only with a BOM
  out += "id,lang,topic_id,topic,question";
  for (std::size_t c = 0; c < choice_columns; ++c) out += ",choice" + std::to_string(c + 1);
  out += ",correct,explanation,image\r\n";
  for (const auto& row : rows) {
    const Question& q = *row.question;
    const Topic* topic = pack.find_topic(q.topic);
    const std::string topic_name = topic ? topic->name.in(row.language) : q.topic;
    out += csv_cell(q.id) + "," + csv_cell(row.language) + "," + csv_cell(q.topic) + "," + csv_cell(topic_name) + "," +
           csv_cell(q.prompt.in(row.language));
    for (std::size_t c = 0; c < choice_columns; ++c) {
      out += ",";
      if (c < q.choices.size()) out += csv_cell(q.choices[c].text.in(row.language));
    }
    out += "," + std::to_string(q.correct.front() + 1) + ",";
    if (q.explanation.has(row.language)) out += csv_cell(q.explanation.in(row.language));
    out += ",";
    if (auto image = media_relative_path(q.image)) out += csv_cell(*image);
    out += "\r\n";
  }
  return result;
}

}  // namespace umuhanda
