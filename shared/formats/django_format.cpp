// The origin site's Django `manage.py dumpdata` JSON (exam types, sign types, road signs,
// questions, exams, in Kinyarwanda) in and out; docs/import-formats.md has the mapping and assumptions.
// [SECTION] Reading records and fields
// [SECTION] Sign categories
// [SECTION] Import
// [SECTION] Export
#include <algorithm>
#include <charconv>
#include <cstdint>
#include <functional>
#include <nlohmann/json.hpp>

#include "format_support.hpp"
#include "umuhanda/json_reader.hpp"

namespace umuhanda {
namespace {

using json = nlohmann::json;

constexpr std::size_t kDjangoChoices = 4;
const LanguageCode kDjangoLanguage = "rw";
// "Ikizamini" is Kinyarwanda for "exam": the origin site's exams are named by their type and pk.
const std::string kExamWord = "Ikizamini";

std::string exam_name(const std::string& topic_name, std::int64_t pk) {
  return (topic_name.empty() ? kExamWord : topic_name) + " #" + std::to_string(pk);
}

// [SECTION] Reading records and fields

// json::parse without exceptions says only that it failed; a SAX pass tells where and why.
class ParseErrorLocator : public nlohmann::json_sax<json> {
public:
  bool null() override { return true; }
  bool boolean(bool) override { return true; }
  bool number_integer(number_integer_t) override { return true; }
  bool number_unsigned(number_unsigned_t) override { return true; }
  bool number_float(number_float_t, const string_t&) override { return true; }
  bool string(string_t&) override { return true; }
  bool binary(binary_t&) override { return true; }
  bool start_object(std::size_t) override { return true; }
  bool key(string_t&) override { return true; }
  bool end_object() override { return true; }
  bool start_array(std::size_t) override { return true; }
  bool end_array() override { return true; }
  bool parse_error(std::size_t position, const std::string&, const nlohmann::detail::exception& problem) override {
    m_position = position;
    std::string message = problem.what();
    // "[json.exception.parse_error.101] parse error at line 3, column 5: syntax error ..." -> "syntax error ..."
    if (auto column = message.find("column "); column != std::string::npos) {
      if (auto colon = message.find(": ", column); colon != std::string::npos) message.erase(0, colon + 2);
    }
    m_message = message;
    return false;
  }

  std::size_t m_position = 0;
  std::string m_message = "is not valid JSON";
};

// The number starting at `offset` of a JSON path such as "questions[12].choices[3]".
std::size_t index_after(std::string_view path, std::size_t offset) {
  std::size_t index = 0;
  if (offset < path.size()) std::from_chars(path.data() + offset, path.data() + path.size(), index);
  return index;
}

struct Record {
  std::size_t index = 0;  // in the dump, for messages
  std::int64_t pk = 0;
  const json* fields = nullptr;
};

std::string record_path(const std::string& source, std::size_t index) { return source + ": [" + std::to_string(index) + "]"; }

// How a record's fields are read: Django writes null for a blank field, so null reads as absent
// everywhere, and an absent optional field takes its Django default. A field of the wrong type is
// an error (the file is not the origin site's schema).
constexpr Field kOptional = Field::optional_or_null;
constexpr Field kRequired = Field::required_not_null;

// Text, trimmed; null or absent reads as "" (Django's blank CharField).
std::string text_field(JsonReader& fields, std::string_view name, Field field = kOptional) { return trim(fields.string(name, field)); }

// [SECTION] Sign categories

struct CategoryWords {
  SignCategory category;
  std::vector<std::string_view> words;  // lower-case parts of a sign type's name that mean this category
  const char* export_name;              // the sign type name an export writes, which the import recognises
};

// Kinyarwanda as the origin site writes it ("ibyapa biburira" = warning signs, "bibuza" =
// prohibiting, "amabwiriza" = instructions), then English and French. First match wins.
const std::vector<CategoryWords>& category_words() {
  static const std::vector<CategoryWords> kWords = {
      {SignCategory::prohibitory, {"bibuza", "prohibit", "interdiction"}, "Ibyapa bibuza"},
      {SignCategory::warning, {"biburira", "warning", "danger"}, "Ibyapa biburira"},
      {SignCategory::mandatory, {"amabwiriza", "mandatory", "obligation"}, "Ibyapa by'amabwiriza"},
      {SignCategory::priority, {"priorit"}, "Priority signs"},
      {SignCategory::special_regulation, {"special"}, "Special regulation signs"},
      {SignCategory::information, {"information", "indication"}, "Information signs"},
      {SignCategory::road_marking, {"marking", "marquage"}, "Road markings"},
      {SignCategory::light_signal, {"light", "amatara", "feux"}, "Light signals"},
      {SignCategory::officer_gesture, {"gesture", "officer", "agent"}, "Officer gestures"},
  };
  return kWords;
}

std::optional<SignCategory> recognise_category(std::string_view sign_type_name) {
  const std::string name = lower_ascii(sign_type_name);
  for (const auto& entry : category_words()) {
    for (auto word : entry.words) {
      if (name.find(word) != std::string::npos) return entry.category;
    }
  }
  return std::nullopt;
}

const char* category_export_name(SignCategory category) {
  for (const auto& entry : category_words()) {
    if (entry.category == category) return entry.export_name;
  }
  return "Information signs";
}

// The figure most exams share; on a tie the larger, so a blueprint never asks for less than usual.
int most_common(const std::vector<int>& values) {
  std::map<int, int> counts;
  for (int value : values) ++counts[value];
  int best = 0;
  int best_count = 0;
  for (const auto& [value, count] : counts) {
    if (count >= best_count) {
      best = value;
      best_count = count;
    }
  }
  return best;
}

// The origin site passes an exam at 60% right; no figure for it is stored in its data.
int pass_mark_for(int question_count) { return (question_count * 3 + 4) / 5; }

// [SECTION] Import

class DjangoImport {
public:
  DjangoImport(std::string_view text, const ImportOptions& options) : m_text(text), m_options(options) {}

  Expected<ImportResult> run() {
    json document = json::parse(m_text, nullptr, false);
    if (document.is_discarded()) {
      ParseErrorLocator locator;
      json::sax_parse(m_text, &locator);
      const SourceMap map(m_options.source_name, m_text);
      return Expected<ImportResult>::failure(map.locate(locator.m_position > 0 ? locator.m_position - 1 : 0), "invalid JSON: " + locator.m_message);
    }
    if (!document.is_array()) {
      return Expected<ImportResult>::failure(m_options.source_name,
                                             "is not a dumpdata list: expected [{\"model\": ..., \"pk\": ..., \"fields\": {...}}, ...]");
    }
    read_records(document);
    if (!m_errors.empty()) return m_errors;

    import_topics();
    import_sign_types();
    import_signs();
    import_questions();
    if (!m_errors.empty()) return m_errors;
    drop_invalid_questions();
    import_exams();
    if (!m_errors.empty()) return m_errors;
    return finish_import(std::move(m_result), m_options, {kDjangoLanguage}, m_locations);
  }

private:
  const std::string& source() const { return m_options.source_name; }
  std::string path_of(const Record& record) const { return record_path(source(), record.index); }
  JsonReader fields_of(const Record& record) { return JsonReader(*record.fields, path_of(record) + ".fields", m_errors); }
  void add_warning(std::string path, std::string message) { m_result.warnings.push_back(warning(std::move(path), std::move(message))); }

  void read_records(const json& document) {
    std::map<std::string, std::vector<Record>*> wanted = {
        {"examtype", &m_exam_types}, {"signtype", &m_sign_types}, {"roadsign", &m_road_signs}, {"question", &m_questions}, {"exam", &m_exams}};
    std::map<std::string, std::size_t> ignored;  // model -> first index
    std::map<std::pair<std::string, std::int64_t>, std::size_t> seen;
    for (std::size_t i = 0; i < document.size(); ++i) {
      const json& item = document[i];
      const std::string path = record_path(source(), i);
      if (!item.is_object()) {
        m_errors.push_back(error(path, "must be an object {\"model\", \"pk\", \"fields\"}, found " + std::string(json_type_name(item))));
        continue;
      }
      auto model = item.find("model");
      if (model == item.end() || !model->is_string()) {
        m_errors.push_back(error(path + ".model", "is missing or not a text such as \"app.question\""));
        continue;
      }
      // The app label is the origin project's ("app"); the model name says what a record is.
      const std::string full_name = lower_ascii(model->get_ref<const std::string&>());
      const std::string name = full_name.substr(full_name.rfind('.') == std::string::npos ? 0 : full_name.rfind('.') + 1);
      auto target = wanted.find(name);
      if (target == wanted.end()) {
        ignored.emplace(full_name, i);
        continue;
      }
      auto pk = item.find("pk");
      auto fields = item.find("fields");
      if (pk == item.end() || !pk->is_number_integer()) {
        m_errors.push_back(error(path + ".pk", "must be a whole number (the record's primary key)"));
        continue;
      }
      if (fields == item.end() || !fields->is_object()) {
        m_errors.push_back(error(path + ".fields", "must be an object holding the record's fields"));
        continue;
      }
      const auto key = pk->get<std::int64_t>();
      if (auto [it, inserted] = seen.emplace(std::make_pair(name, key), i); !inserted) {
        m_errors.push_back(
            error(path + ".pk", "pk " + std::to_string(key) + " is already used by the " + name + " at [" + std::to_string(it->second) + "]"));
        continue;
      }
      target->second->push_back(Record{i, key, &*fields});
    }
    for (const auto& [model, index] : ignored) {
      add_warning(record_path(source(), index) + ".model", "model " + in_quotes(model) + " is not part of a pack; its records are ignored");
    }
  }

  void import_topics() {
    std::set<std::string> taken;
    for (const Record& record : m_exam_types) {
      JsonReader fields = fields_of(record);
      std::string name = text_field(fields, "name", kRequired);
      const int order = fields.integer("order", kOptional);
      if (!fields.ok()) continue;
      std::string id = slugify(name);
      if (id.empty() || taken.count(id)) id = "topic-" + std::to_string(record.pk);
      id = unique_id(id, taken);
      if (name.empty()) {
        name = "Topic " + std::to_string(record.pk);
        add_warning(fields.path("name"), "exam type " + std::to_string(record.pk) + " has no name; it is called " + in_quotes(name));
      }
      m_topic_by_pk[record.pk] = id;
      m_result.pack.topics.push_back(Topic{id, LocalizedText{{{kDjangoLanguage, name}}}, order});
      m_locations.by_collection["topics"].push_back(path_of(record));
    }
  }

  void import_sign_types() {
    for (const Record& record : m_sign_types) {
      JsonReader fields = fields_of(record);
      const std::string name = text_field(fields, "name");
      if (!fields.ok()) continue;
      auto category = recognise_category(name);
      m_category_by_type[record.pk] = category.value_or(SignCategory::information);
      // The pack keeps a category per sign, not the origin's type names: say what became of each.
      if (category) {
        add_warning(fields.path("name"),
                    "sign type " + in_quotes(name) + " is read as category " + in_quotes(to_string(*category)) + "; the name itself is not kept");
      } else {
        add_warning(fields.path("name"),
                    "sign type " + in_quotes(name) + " is not a category the importer recognises: its signs get category \"information\"");
      }
    }
  }

  void import_signs() {
    std::map<std::string, std::string> source_of_pack_path;
    for (const Record& record : m_road_signs) {
      JsonReader fields = fields_of(record);
      const std::string image = text_field(fields, "sign_image");
      const std::string definition = text_field(fields, "definition");
      const auto type = fields.find_int64("type", kOptional);
      const bool active = fields.find_boolean("is_active", kOptional).value_or(true);
      if (!fields.ok()) continue;

      Sign sign;
      sign.id = "sign-" + std::to_string(record.pk);
      sign.code = "S-" + std::to_string(record.pk);
      const std::string text = definition.empty() ? sign.code : definition;
      if (definition.empty())
        add_warning(fields.path("definition"), "road sign " + std::to_string(record.pk) + " has no definition; it is named " + in_quotes(text));
      sign.name.by_language[kDjangoLanguage] = text;
      sign.meaning.by_language[kDjangoLanguage] = text;
      sign.category = SignCategory::information;
      if (type) {
        if (auto it = m_category_by_type.find(*type); it != m_category_by_type.end()) sign.category = it->second;
        else add_warning(fields.path("type"), "no sign type has pk " + std::to_string(*type) + "; the sign gets category \"information\"");
      }

      const std::string left_out = "road sign " + std::to_string(record.pk) + " is left out, and with it what needs it";
      auto relative = normalize_media_path(image);
      if (image.empty() || !relative) {
        add_warning(fields.path("sign_image"),
                    (image.empty() ? std::string("is empty") : in_quotes(image) + " leaves the media folder") + ": " + left_out);
        m_missing_signs.insert(record.pk);
        continue;
      }
      const std::string file = relative->substr(relative->rfind('/') == std::string::npos ? 0 : relative->rfind('/') + 1);
      std::string pack_path = "media/signs/" + file;
      if (auto it = source_of_pack_path.find(pack_path); it != source_of_pack_path.end() && it->second != *relative) {
        pack_path = "media/signs/" + std::to_string(record.pk) + "-" + file;  // two folders, one file name
      }
      if (!read_media_file(m_options, *relative, pack_path, fields.path("sign_image"), left_out, m_result)) {
        m_missing_signs.insert(record.pk);
        continue;
      }
      source_of_pack_path.emplace(pack_path, *relative);
      sign.image = pack_path;
      if (!active)
        add_warning(fields.path("is_active"), "road sign " + std::to_string(record.pk) + " is inactive on the origin site; it is imported anyway");
      m_sign_by_pk[record.pk] = sign.id;
      m_result.pack.signs.push_back(std::move(sign));
      m_locations.by_collection["signs"].push_back(path_of(record));
    }
  }

  // Why a road sign key gives no sign, for messages.
  std::string missing_sign(std::int64_t pk) const {
    return m_missing_signs.count(pk) ? "road sign " + std::to_string(pk) + " was left out (see its warning)"
                                     : "no road sign has pk " + std::to_string(pk);
  }

  std::string fallback_topic() {
    if (m_fallback_topic.empty()) {
      std::set<std::string> taken;
      for (const auto& topic : m_result.pack.topics) taken.insert(topic.id);
      // "Rusange" (general) slugs to its own id, so an export and re-import keep this topic as it is.
      m_fallback_topic = unique_id("rusange", taken);
      m_result.pack.topics.push_back(
          Topic{m_fallback_topic, LocalizedText{{{kDjangoLanguage, "Rusange"}}}, static_cast<int>(m_result.pack.topics.size() + 1)});
      m_locations.by_collection["topics"].push_back(source());
    }
    return m_fallback_topic;
  }

  struct Candidate {
    std::int64_t order = 0;
    const Record* record = nullptr;
    Question question;
    std::vector<std::size_t> slots;  // the 1-based choice field each choice came from
  };

  void import_questions() {
    std::vector<Candidate> candidates;
    for (const Record& record : m_questions) {
      JsonReader fields = fields_of(record);
      Candidate candidate;
      candidate.record = &record;
      const std::string prompt = text_field(fields, "question_text");
      const auto type = fields.find_int64("question_type", kOptional);
      const auto question_sign = fields.find_int64("question_sign", kOptional);
      const auto correct = fields.find_int64("correct_choice", kRequired);
      candidate.order = fields.int64("order", kOptional);
      std::string texts[kDjangoChoices];
      std::optional<std::int64_t> signs[kDjangoChoices];
      for (std::size_t c = 0; c < kDjangoChoices; ++c) {
        texts[c] = text_field(fields, "choice" + std::to_string(c + 1) + "_text");
        signs[c] = fields.find_int64("choice" + std::to_string(c + 1) + "_sign", kOptional);
      }
      if (!fields.ok()) continue;

      const std::string who = "question " + std::to_string(record.pk);
      Question& question = candidate.question;
      question.id = "q-" + std::to_string(record.pk);
      if (prompt.empty()) {
        add_warning(fields.path("question_text"), who + " has no text: it is left out");
        continue;
      }
      question.prompt.by_language[kDjangoLanguage] = prompt;
      if (type && m_topic_by_pk.count(*type)) {
        question.topic = m_topic_by_pk[*type];
      } else {
        question.topic = fallback_topic();
        add_warning(fields.path("question_type"), (type ? "no exam type has pk " + std::to_string(*type) : who + " has no exam type") +
                                                      "; it goes to topic " + in_quotes(question.topic));
      }
      if (question_sign) {
        if (auto it = m_sign_by_pk.find(*question_sign); it != m_sign_by_pk.end()) question.sign = it->second;
        else add_warning(fields.path("question_sign"), missing_sign(*question_sign) + "; " + who + " is imported without it");
      }

      // An empty slot is simply absent (three-choice questions leave choice4 empty); a slot whose
      // only content is a sign that is not there would be a blank the student cannot judge.
      std::string unanswerable;
      std::optional<std::size_t> correct_index;
      for (std::size_t c = 0; c < kDjangoChoices; ++c) {
        const std::string field = "choice" + std::to_string(c + 1);
        Choice choice;
        if (!texts[c].empty()) choice.text.by_language[kDjangoLanguage] = texts[c];
        if (signs[c]) {
          if (auto it = m_sign_by_pk.find(*signs[c]); it != m_sign_by_pk.end()) {
            choice.sign = it->second;
          } else if (!texts[c].empty()) {
            add_warning(fields.path(field + "_sign"), missing_sign(*signs[c]) + "; the choice keeps its text only");
          } else if (unanswerable.empty()) {
            unanswerable = fields.path(field + "_sign") + "|" + missing_sign(*signs[c]) + " and " + field + " has no text";
          }
        }
        if (choice.text.empty() && choice.sign.empty()) continue;
        if (correct && *correct == static_cast<std::int64_t>(c + 1)) correct_index = question.choices.size();
        question.choices.push_back(std::move(choice));
        candidate.slots.push_back(c + 1);
      }
      if (unanswerable.empty() && !correct_index) {
        unanswerable = fields.path("correct_choice") + "|" +
                       (*correct >= 1 && *correct <= static_cast<std::int64_t>(kDjangoChoices)
                            ? "correct_choice " + std::to_string(*correct) + " is an empty choice"
                            : "correct_choice " + std::to_string(*correct) + " is not 1-4");
      }
      if (unanswerable.empty() && question.choices.size() < kMinChoices) {
        unanswerable = path_of(record) + "|it has " + std::to_string(question.choices.size()) + " choice(s), a question needs at least 2";
      }
      if (!unanswerable.empty()) {
        const auto bar = unanswerable.find('|');
        add_warning(unanswerable.substr(0, bar), unanswerable.substr(bar + 1) + ": " + who + " cannot be answered and is left out");
        m_dropped_questions.insert(record.pk);
        continue;
      }
      question.correct = {*correct_index};
      if (!candidate.slots.empty() && candidate.slots.back() != candidate.slots.size()) {
        add_warning(path_of(record), who + " has an empty choice between filled ones; the choices after it move up");
      }
      candidates.push_back(std::move(candidate));
    }
    // The origin site lists questions by their "order" field; the pack keeps that order.
    std::stable_sort(candidates.begin(), candidates.end(), [](const Candidate& a, const Candidate& b) { return a.order < b.order; });
    m_candidates = std::move(candidates);
  }

  // Rules validate_pack() checks (two identical choices, ...) drop the question, as the data is
  // the origin site's and cannot be fixed here; the rest of the pack still imports.
  void drop_invalid_questions() {
    Pack probe = m_result.pack;
    probe.id = "probe";
    probe.version = 1;
    probe.languages = {kDjangoLanguage};
    probe.title.by_language[kDjangoLanguage] = "probe";
    for (const auto& candidate : m_candidates) probe.questions.push_back(candidate.question);
    std::map<std::size_t, Diagnostic> first_problem;
    for (const auto& diagnostic : validate_with_media_present(probe)) {
      if (diagnostic.severity != Severity::error || diagnostic.path.rfind("questions[", 0) != 0) continue;
      first_problem.emplace(index_after(diagnostic.path, 10), diagnostic);
    }
    for (std::size_t i = 0; i < m_candidates.size(); ++i) {
      const Candidate& candidate = m_candidates[i];
      JsonReader fields = fields_of(*candidate.record);
      if (auto problem = first_problem.find(i); problem != first_problem.end()) {
        const std::string& path = problem->second.path;
        std::string where = path_of(*candidate.record);
        if (path.find(".prompt") != std::string::npos) where = fields.path("question_text");
        if (auto choice = path.find(".choices["); choice != std::string::npos) {
          const std::size_t c = index_after(path, choice + 9);
          if (c < candidate.slots.size()) where = fields.path("choice" + std::to_string(candidate.slots[c]) + "_text");
        }
        add_warning(where, problem->second.message + ": question " + std::to_string(candidate.record->pk) + " is left out");
        m_dropped_questions.insert(candidate.record->pk);
        continue;
      }
      m_question_by_pk[candidate.record->pk] = candidate.question.id;
      m_result.pack.questions.push_back(candidate.question);
      m_locations.by_collection["questions"].push_back(path_of(*candidate.record));
    }
  }

  void import_exams() {
    std::vector<int> lengths;
    std::vector<int> durations;
    std::string first_exam;
    for (const Record& record : m_exams) {
      JsonReader fields = fields_of(record);
      const auto type = fields.find_int64("exam_type", kOptional);
      const auto duration = fields.find_int64("duration", kOptional);
      const bool active = fields.find_boolean("is_active", kOptional).value_or(true);
      fields.find_boolean("for_scheduling", kOptional);                                // checked for its type only: the pack has no schedule
      const std::vector<std::int64_t> listed = fields.int64s("questions", kRequired);  // question pks
      if (!fields.ok()) continue;

      const std::string who = "exam " + std::to_string(record.pk);
      ExamSet set;
      set.id = "exam-" + std::to_string(record.pk);
      set.blueprint = "default";
      std::string topic_name;
      if (type) {
        if (auto it = m_topic_by_pk.find(*type); it != m_topic_by_pk.end())
          topic_name = m_result.pack.find_topic(it->second)->name.in(kDjangoLanguage);
        else add_warning(fields.path("exam_type"), "no exam type has pk " + std::to_string(*type) + "; " + who + " is named without it");
      }
      set.name.by_language[kDjangoLanguage] = exam_name(topic_name, record.pk);
      for (std::size_t k = 0; k < listed.size(); ++k) {
        const std::string item_path = fields.path("questions") + "[" + std::to_string(k) + "]";
        const std::int64_t pk = listed[k];
        auto question = m_question_by_pk.find(pk);
        if (question == m_question_by_pk.end()) {
          add_warning(item_path, (m_dropped_questions.count(pk) ? "question " + std::to_string(pk) + " was left out (see its warning)"
                                                                : "no question has pk " + std::to_string(pk)) +
                                     "; " + who + " goes without it");
        } else if (std::find(set.questions.begin(), set.questions.end(), question->second) != set.questions.end()) {
          add_warning(item_path, "question " + std::to_string(pk) + " is listed twice in " + who + "; it is kept once");
        } else {
          set.questions.push_back(question->second);
        }
      }
      if (set.questions.empty()) {
        add_warning(fields.path("questions"), who + " has no question left: it is left out");
        continue;
      }
      if (!active) add_warning(fields.path("is_active"), who + " is inactive on the origin site; it is imported anyway");
      if (duration && *duration >= 1 && *duration <= 24 * 60) durations.push_back(static_cast<int>(*duration));
      else add_warning(fields.path("duration"), who + " has no usable duration in minutes; the blueprint's time limit comes from the other exams");
      lengths.push_back(static_cast<int>(set.questions.size()));
      if (first_exam.empty()) first_exam = path_of(record);
      m_result.pack.exam_sets.push_back(std::move(set));
      m_locations.by_collection["exam_sets"].push_back(path_of(record));
    }
    if (m_result.pack.exam_sets.empty()) return;

    ExamBlueprint blueprint;
    blueprint.id = "default";
    blueprint.name.by_language[kDjangoLanguage] = kExamWord;
    blueprint.question_count = most_common(lengths);
    blueprint.time_limit_minutes = durations.empty() ? blueprint.question_count : most_common(durations);
    blueprint.pass_mark = pass_mark_for(blueprint.question_count);
    if (durations.empty()) {
      add_warning(first_exam, "no exam has a usable duration: the time limit is set to one minute per question (" +
                                  std::to_string(blueprint.time_limit_minutes) + "); check it");
    }
    if (std::adjacent_find(lengths.begin(), lengths.end(), std::not_equal_to<>()) != lengths.end()) {
      add_warning(first_exam, "exams have different lengths; the blueprint draws " + std::to_string(blueprint.question_count) + ", the most common");
    }
    add_warning(first_exam, "blueprint \"default\": " + std::to_string(blueprint.question_count) + " questions, " +
                                std::to_string(blueprint.time_limit_minutes) + " minutes, pass mark " + std::to_string(blueprint.pass_mark) +
                                ", assuming the origin site's 60% pass rule (its data stores no pass mark)");
    m_result.pack.blueprints.push_back(std::move(blueprint));
    m_locations.by_collection["exam_blueprints"].push_back(first_exam);
  }

  std::string_view m_text;
  const ImportOptions& m_options;
  Diagnostics m_errors;
  ImportResult m_result;
  SourceLocations m_locations{m_options.source_name, {}};
  std::vector<Record> m_exam_types, m_sign_types, m_road_signs, m_questions, m_exams;
  std::map<std::int64_t, std::string> m_topic_by_pk;
  std::map<std::int64_t, SignCategory> m_category_by_type;
  std::map<std::int64_t, std::string> m_sign_by_pk;
  std::set<std::int64_t> m_missing_signs;
  std::string m_fallback_topic;
  std::vector<Candidate> m_candidates;
  std::map<std::int64_t, std::string> m_question_by_pk;
  std::set<std::int64_t> m_dropped_questions;
};

// [SECTION] Export

// Primary keys from ids the import made ("q-12" -> 12); other ids get fresh numbers, reported as lost.
std::vector<std::int64_t> assign_pks(const std::vector<std::string>& ids, const std::string& prefix, const std::string& collection,
                                     Diagnostics& lost) {
  std::vector<std::int64_t> pks(ids.size(), 0);
  std::set<std::int64_t> used;
  for (std::size_t i = 0; i < ids.size(); ++i) {
    const std::string& id = ids[i];
    const std::string digits = id.rfind(prefix + "-", 0) == 0 ? id.substr(prefix.size() + 1) : "";
    const bool numeric = !digits.empty() && digits.size() <= 15 && digits[0] != '0' &&
                         std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; });
    std::int64_t pk = 0;
    if (numeric) std::from_chars(digits.data(), digits.data() + digits.size(), pk);
    if (numeric && used.insert(pk).second) pks[i] = pk;
  }
  std::int64_t next = used.empty() ? 1 : *used.rbegin() + 1;
  for (std::size_t i = 0; i < ids.size(); ++i) {
    if (pks[i] != 0) continue;
    pks[i] = next++;
    if (prefix != "topic") {
      lost.push_back(warning(collection + "[" + std::to_string(i) + "].id", in_quotes(ids[i]) + " is exported as pk " + std::to_string(pks[i]) +
                                                                                " and comes back as " +
                                                                                in_quotes(prefix + "-" + std::to_string(pks[i]))));
    }
  }
  return pks;
}

json model(const char* name, std::int64_t pk, json fields) { return json{{"model", name}, {"pk", pk}, {"fields", std::move(fields)}}; }

}  // namespace

Expected<ImportResult> import_django(std::string_view input, const ImportOptions& options) {
  return DjangoImport(strip_utf8_bom(input), options).run();
}

ExportResult export_django(const Pack& pack) {
  ExportResult result;
  Diagnostics& lost = result.lost;
  report_unexported_collections(pack, "the Django data", lost, true, true);
  const bool has_rw = std::find(pack.languages.begin(), pack.languages.end(), kDjangoLanguage) != pack.languages.end();
  const LanguageCode language = has_rw ? kDjangoLanguage : export_language(pack);
  if (!has_rw)
    lost.push_back(warning("languages", "the origin site is in Kinyarwanda; this pack has no \"rw\", so its " + in_quotes(language) +
                                            " text is written and reads back as rw"));
  if (pack.languages.size() > 1)
    lost.push_back(warning("languages", "the Django data holds one language: only " + in_quotes(language) + " is exported"));
  json dump = json::array();

  // Exam types: the import makes topic ids from names, so say when one would change.
  std::vector<std::string> topic_ids;
  for (const auto& topic : pack.topics) topic_ids.push_back(topic.id);
  const auto topic_pks = assign_pks(topic_ids, "topic", "topics", lost);
  std::map<std::string, std::int64_t> topic_pk;
  std::set<std::string> taken;
  for (std::size_t t = 0; t < pack.topics.size(); ++t) {
    const Topic& topic = pack.topics[t];
    const std::string name = topic.name.in(language);
    std::string comes_back = slugify(name);
    if (comes_back.empty() || taken.count(comes_back)) comes_back = "topic-" + std::to_string(topic_pks[t]);
    comes_back = unique_id(comes_back, taken);
    if (comes_back != topic.id)
      lost.push_back(
          warning("topics[" + std::to_string(t) + "].id", in_quotes(topic.id) + " comes back as " + in_quotes(comes_back) + ", made from its name"));
    topic_pk[topic.id] = topic_pks[t];
    dump.push_back(model("app.examtype", topic_pks[t], {{"name", name}, {"order", topic.order}}));
  }

  // Sign types: one per category used, named so the import recognises the category again.
  std::set<SignCategory> categories;
  for (const auto& sign : pack.signs) categories.insert(sign.category);
  for (SignCategory category : categories) {
    dump.push_back(model("app.signtype", static_cast<std::int64_t>(category) + 1, {{"name", category_export_name(category)}}));
  }

  std::vector<std::string> sign_ids;
  for (const auto& sign : pack.signs) sign_ids.push_back(sign.id);
  const auto sign_pks = assign_pks(sign_ids, "sign", "signs", lost);
  std::map<std::string, std::int64_t> sign_pk;
  for (std::size_t s = 0; s < pack.signs.size(); ++s) {
    const Sign& sign = pack.signs[s];
    const std::string path = "signs[" + std::to_string(s) + "]";
    const std::int64_t pk = sign_pks[s];
    sign_pk[sign.id] = pk;
    if (sign.code != "S-" + std::to_string(pk))
      lost.push_back(warning(path + ".code", in_quotes(sign.code) + " comes back as " + in_quotes("S-" + std::to_string(pk))));
    if (sign.name.in(language) != sign.meaning.in(language)) {
      lost.push_back(warning(path + ".name", "the origin site has one definition per sign: the meaning is written, the name comes back equal to it"));
    }
    if (!sign.thumbnail.empty()) lost.push_back(warning(path + ".thumbnail", "thumbnails are left out"));
    const std::string image = media_relative_path(sign.image).value_or(sign.image);
    const std::string file = image.substr(image.rfind('/') == std::string::npos ? 0 : image.rfind('/') + 1);
    if (sign.image != "media/signs/" + file)
      lost.push_back(warning(path + ".image", in_quotes(sign.image) + " comes back as " + in_quotes("media/signs/" + file)));
    dump.push_back(model("app.roadsign", pk,
                         {{"sign_image", image},
                          {"definition", sign.meaning.in(language)},
                          {"type", static_cast<std::int64_t>(sign.category) + 1},
                          {"is_active", true}}));
  }

  // Questions: up to four choices of text and/or sign, one right answer.
  std::vector<const Question*> exported;
  std::vector<std::string> question_ids;
  std::size_t explained = 0;
  std::string first_explained;
  for (std::size_t i = 0; i < pack.questions.size(); ++i) {
    const Question& q = pack.questions[i];
    const std::string path = "questions[" + std::to_string(i) + "]";
    std::string reason;
    if (q.correct.size() != 1) reason = "has several right answers";
    else if (q.choices.size() > kDjangoChoices) reason = "has " + std::to_string(q.choices.size()) + " choices, the origin site holds 4";
    else if (!q.prompt.has(language)) reason = "has no " + in_quotes(language) + " text";
    for (std::size_t c = 0; c < q.choices.size() && reason.empty(); ++c) {
      if (!q.choices[c].text.has(language) && q.choices[c].sign.empty())
        reason = "has a choice with neither " + in_quotes(language) + " text nor a sign";
    }
    if (!reason.empty()) {
      lost.push_back(warning(path, "question " + in_quotes(q.id) + " " + reason + "; it is left out"));
      continue;
    }
    if (!q.image.empty())
      lost.push_back(warning(path + ".image", "picture " + in_quotes(q.image) + " is left out (the origin site shows a sign, not a picture)"));
    for (std::size_t c = 0; c < q.choices.size(); ++c) {
      if (!q.choices[c].image.empty())
        lost.push_back(warning(path + ".choices[" + std::to_string(c) + "].image", "the choice's picture is left out"));
    }
    if (!q.explanation.empty() && explained++ == 0) first_explained = path + ".explanation";
    if (q.difficulty != 0) lost.push_back(warning(path + ".difficulty", "difficulty is left out"));
    if (!q.tags.empty()) lost.push_back(warning(path + ".tags", "tags are left out"));
    exported.push_back(&q);
    question_ids.push_back(q.id);
  }
  if (explained > 0) {
    lost.push_back(warning(first_explained, std::to_string(explained) + " explanation(s), from here on: the origin site has no explanations"));
  }
  Diagnostics renumbered;
  const auto question_pks = assign_pks(question_ids, "q", "questions", renumbered);
  for (auto& diagnostic : renumbered) {
    // assign_pks counts among exported questions; name the question by id instead of a shifted index.
    diagnostic.path = "questions";
    lost.push_back(std::move(diagnostic));
  }
  std::map<std::string, std::int64_t> question_pk;
  for (std::size_t k = 0; k < exported.size(); ++k) {
    const Question& q = *exported[k];
    question_pk[q.id] = question_pks[k];
    json fields = {{"question_text", q.prompt.in(language)},
                   {"question_type", topic_pk.count(q.topic) ? json(topic_pk[q.topic]) : json(nullptr)},
                   {"question_sign", sign_pk.count(q.sign) ? json(sign_pk[q.sign]) : json(nullptr)},
                   {"correct_choice", q.correct.front() + 1},
                   {"order", k + 1}};
    for (std::size_t c = 0; c < kDjangoChoices; ++c) {
      const std::string name = "choice" + std::to_string(c + 1);
      const Choice* choice = c < q.choices.size() ? &q.choices[c] : nullptr;
      fields[name + "_text"] = choice && choice->text.has(language) ? choice->text.in(language) : "";
      fields[name + "_sign"] = choice && sign_pk.count(choice->sign) ? json(sign_pk[choice->sign]) : json(nullptr);
    }
    dump.push_back(model("app.question", question_pks[k], std::move(fields)));
  }

  // Exams: the import names each after its exam type and derives one blueprint from all of them.
  std::vector<std::string> set_ids;
  for (const auto& set : pack.exam_sets) set_ids.push_back(set.id);
  const auto set_pks = assign_pks(set_ids, "exam", "exam_sets", lost);
  std::vector<int> lengths;
  std::vector<int> durations;
  for (std::size_t e = 0; e < pack.exam_sets.size(); ++e) {
    const ExamSet& set = pack.exam_sets[e];
    const std::string path = "exam_sets[" + std::to_string(e) + "]";
    const std::int64_t pk = set_pks[e];
    json questions = json::array();
    std::map<std::string, int> topic_uses;
    for (const auto& id : set.questions) {
      if (!question_pk.count(id)) {
        lost.push_back(warning(path + ".questions", "question " + in_quotes(id) + " is not exported, so this exam goes without it"));
        continue;
      }
      questions.push_back(question_pk[id]);
      if (const Question* q = pack.find_question(id)) ++topic_uses[q->topic];
    }
    if (questions.empty()) {
      lost.push_back(warning(path, "exam set " + in_quotes(set.id) + " has no exported question; it is left out"));
      continue;
    }
    json exam_type = nullptr;
    const std::string name = set.name.in(language);
    for (const auto& topic : pack.topics) {
      if (exam_name(topic.name.in(language), pk) == name) exam_type = topic_pk[topic.id];
    }
    if (exam_type.is_null() && name != exam_name("", pk)) {
      auto common = std::max_element(topic_uses.begin(), topic_uses.end(), [](const auto& a, const auto& b) { return a.second < b.second; });
      if (common != topic_uses.end()) exam_type = topic_pk[common->first];
      const std::string type_name = common != topic_uses.end() ? pack.find_topic(common->first)->name.in(language) : "";
      lost.push_back(warning(path + ".name", in_quotes(name) + " comes back as " + in_quotes(exam_name(type_name, pk)) +
                                                 ": the origin site names exams by type and number"));
    }
    auto blueprint = std::find_if(pack.blueprints.begin(), pack.blueprints.end(), [&](const ExamBlueprint& b) { return b.id == set.blueprint; });
    if (blueprint == pack.blueprints.end() && !pack.blueprints.empty()) blueprint = pack.blueprints.begin();
    const int duration = blueprint != pack.blueprints.end() ? blueprint->time_limit_minutes : 0;
    if (set.blueprint != "default")
      lost.push_back(warning(path + ".blueprint", in_quotes(set.blueprint) + " comes back as \"default\", the one blueprint the import makes"));
    lengths.push_back(static_cast<int>(questions.size()));
    durations.push_back(duration);
    dump.push_back(
        model("app.exam", pk,
              {{"exam_type", exam_type}, {"duration", duration}, {"for_scheduling", false}, {"is_active", true}, {"questions", questions}}));
  }

  // What the import will derive, against what the pack has.
  if (lengths.empty()) {
    if (!pack.blueprints.empty())
      lost.push_back(warning("exam_blueprints", "without exams the Django data has no place for blueprints; they are left out"));
  } else {
    ExamBlueprint derived;
    derived.id = "default";
    derived.name.by_language[kDjangoLanguage] = kExamWord;
    derived.question_count = most_common(lengths);
    derived.time_limit_minutes = most_common(durations);
    derived.pass_mark = pass_mark_for(derived.question_count);
    if (pack.blueprints.size() != 1 || !(pack.blueprints.front() == derived)) {
      lost.push_back(warning("exam_blueprints", "the import derives one blueprint \"default\" from the exams (" +
                                                    std::to_string(derived.question_count) + " questions, " +
                                                    std::to_string(derived.time_limit_minutes) + " minutes, pass mark " +
                                                    std::to_string(derived.pass_mark) + " = 60%, no quotas); this pack's blueprints differ"));
    }
  }

  result.text = dump.dump(2, ' ', false, json::error_handler_t::replace) + "\n";
  return result;
}

}  // namespace umuhanda
