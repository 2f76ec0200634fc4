// The progress log: record ids, JSON Lines in and out, and the append-only store.
#include "umuhanda/progress_log.hpp"

#include <algorithm>
#include <charconv>
#include <nlohmann/json.hpp>

#include "umuhanda/json_reader.hpp"
#include "umuhanda/json_scanner.hpp"
#include "umuhanda/json_writer.hpp"

namespace umuhanda {

std::string_view to_string(AnswerMode mode) { return kAnswerModeNames[static_cast<std::size_t>(mode)]; }

std::optional<AnswerMode> answer_mode_from(std::string_view name) {
  for (std::size_t i = 0; i < std::size(kAnswerModeNames); ++i) {
    if (kAnswerModeNames[i] == name) return static_cast<AnswerMode>(i);
  }
  return std::nullopt;
}

const std::string& record_id(const ProgressRecord& record) {
  return std::visit([](const auto& r) -> const std::string& { return r.id; }, record);
}

std::int64_t record_time_ms(const ProgressRecord& record) {
  if (const auto* answer = std::get_if<AnswerRecord>(&record)) return answer->answered_at_ms;
  if (const auto* attempt = std::get_if<ExamAttemptRecord>(&record)) return attempt->submitted_at_ms;
  return std::get<ResetRecord>(record).reset_at_ms;
}

std::vector<std::size_t> normalized_choices(std::vector<std::size_t> chosen) {
  std::sort(chosen.begin(), chosen.end());
  chosen.erase(std::unique(chosen.begin(), chosen.end()), chosen.end());
  return chosen;
}

bool is_right_answer(std::span<const std::size_t> correct, std::span<const std::size_t> chosen) {
  return normalized_choices({correct.begin(), correct.end()}) == normalized_choices({chosen.begin(), chosen.end()});
}

// [SECTION] Record ids

RecordIdGenerator::RecordIdGenerator(std::string device_id, std::uint64_t next_counter)
    : m_device_id(std::move(device_id)), m_next_counter(std::max<std::uint64_t>(next_counter, 1)) {}

RecordIdGenerator RecordIdGenerator::resume(std::string device_id, const ProgressLog& log, std::uint64_t stored_next_counter) {
  const std::string prefix = device_id + ":";
  std::uint64_t next = stored_next_counter;
  for (const auto& record : log.records()) {
    const std::string& id = record_id(record);
    if (id.size() <= prefix.size() || id.compare(0, prefix.size(), prefix) != 0) continue;
    std::uint64_t counter = 0;
    const char* first = id.data() + prefix.size();
    const char* last = id.data() + id.size();
    auto [end, status] = std::from_chars(first, last, counter);
    if (status != std::errc() || end != last) continue;  // another device whose id merely starts like ours
    next = std::max(next, counter + 1);
  }
  return RecordIdGenerator(std::move(device_id), next);
}

std::string RecordIdGenerator::next() { return m_device_id + ":" + std::to_string(m_next_counter++); }

AnswerRecord make_answer_record(RecordIdGenerator& ids, std::string pack_id, const Question& question, std::vector<std::size_t> chosen,
                                std::int64_t answered_at_ms, std::int64_t time_spent_ms, AnswerMode mode) {
  AnswerRecord record;
  record.id = ids.next();
  record.pack_id = std::move(pack_id);
  record.question_id = question.id;
  record.chosen = normalized_choices(std::move(chosen));
  record.correct = is_right_answer(question.correct, record.chosen);
  record.answered_at_ms = answered_at_ms;
  record.time_spent_ms = std::max<std::int64_t>(time_spent_ms, 0);
  record.mode = mode;
  return record;
}

// [SECTION] The log

bool ProgressLog::append(ProgressRecord record) {
  const std::string id = record_id(record);
  if (m_index_by_id.count(id) != 0) return false;
  m_index_by_id.emplace(id, m_records.size());
  if (const auto* reset = std::get_if<ResetRecord>(&record))
    m_last_reset_ms = std::max(m_last_reset_ms.value_or(reset->reset_at_ms), reset->reset_at_ms);
  m_records.push_back(std::move(record));
  return true;
}

const ProgressRecord* ProgressLog::find(std::string_view id) const {
  auto it = m_index_by_id.find(id);
  return it == m_index_by_id.end() ? nullptr : &m_records[it->second];
}

std::vector<const AnswerRecord*> ProgressLog::answers() const {
  std::vector<const AnswerRecord*> result;
  for (const auto& record : m_records) {
    const auto* answer = std::get_if<AnswerRecord>(&record);
    if (answer && (!m_last_reset_ms || answer->answered_at_ms > *m_last_reset_ms)) result.push_back(answer);
  }
  return result;
}

std::vector<const ExamAttemptRecord*> ProgressLog::exam_attempts() const {
  std::vector<const ExamAttemptRecord*> result;
  for (const auto& record : m_records) {
    const auto* attempt = std::get_if<ExamAttemptRecord>(&record);
    if (attempt && (!m_last_reset_ms || attempt->submitted_at_ms > *m_last_reset_ms)) result.push_back(attempt);
  }
  return result;
}

// [SECTION] JSON Lines

namespace {

using nlohmann::json;

constexpr std::string_view kAnswerType = "answer";
constexpr std::string_view kExamAttemptType = "exam_attempt";
constexpr std::string_view kResetType = "reset";

// Written field by field (JsonObjectWriter), "type" first for people reading the log: the server
// writes one line per event it stores, so no JSON document is built for it.
std::string to_json(const AnswerRecord& r) {
  return JsonObjectWriter(160 + r.id.size() + r.pack_id.size() + r.question_id.size())
      .field("type", kAnswerType)
      .field("id", r.id)
      .field("pack_id", r.pack_id)
      .field("question_id", r.question_id)
      .field("chosen", r.chosen)
      .field("correct", r.correct)
      .field("answered_at_ms", r.answered_at_ms)
      .field("time_spent_ms", r.time_spent_ms)
      .field("mode", to_string(r.mode))
      .finish();
}

std::string to_json(const ExamAttemptRecord& r) {
  return JsonObjectWriter(320 + r.question_ids.size() * 24)
      .field("type", kExamAttemptType)
      .field("id", r.id)
      .field("pack_id", r.pack_id)
      .field("blueprint_id", r.blueprint_id)
      .field("exam_set_id", r.exam_set_id)
      .field("started_at_ms", r.started_at_ms)
      .field("submitted_at_ms", r.submitted_at_ms)
      .field("question_ids", r.question_ids)
      .field("chosen", r.chosen)
      .field("flagged", r.flagged)
      .field("score", r.score)
      .field("question_count", r.question_count)
      .field("pass_mark", r.pass_mark)
      .field("passed", r.passed)
      .field("timed_out", r.timed_out)
      .finish();
}

std::string to_json(const ResetRecord& r) {
  return JsonObjectWriter().field("type", kResetType).field("id", r.id).field("reset_at_ms", r.reset_at_ms).finish();
}

// The record readers are templates over the reader: JsonReader (any JSON, every problem located)
// and FlatJsonReader (the scanned fast path of a sync push, which only says whether all was right).
template <class Reader>
AnswerRecord read_answer(Reader& line) {
  AnswerRecord r;
  r.id = line.string("id");
  r.pack_id = line.string("pack_id");
  r.question_id = line.string("question_id");
  r.chosen = normalized_choices(line.indexes("chosen"));
  r.correct = line.boolean("correct");
  r.answered_at_ms = line.int64("answered_at_ms");
  r.time_spent_ms = line.int64("time_spent_ms");
  const std::string mode = line.string("mode");
  if (auto parsed = answer_mode_from(mode)) r.mode = *parsed;
  else if (!mode.empty()) line.report("mode", "is \"" + mode + "\", not practice, exam, flashcard or review");
  return r;
}

template <class Reader>
ExamAttemptRecord read_exam_attempt(Reader& line) {
  ExamAttemptRecord r;
  r.id = line.string("id");
  r.pack_id = line.string("pack_id");
  r.blueprint_id = line.string("blueprint_id");
  r.exam_set_id = line.find_string("exam_set_id", Field::optional_or_null);
  r.started_at_ms = line.int64("started_at_ms");
  r.submitted_at_ms = line.int64("submitted_at_ms");
  r.question_ids = line.strings("question_ids");
  // One entry per question: its chosen choices, or null when it was not answered.
  line.for_each("chosen", Field::required, [&](auto& entry) {
    if (entry.is_null()) r.chosen.emplace_back(std::nullopt);
    else r.chosen.emplace_back(normalized_choices(entry.as_indexes().value_or(std::vector<std::size_t>())));
  });
  r.flagged = line.booleans("flagged");
  r.score = line.integer("score");
  r.question_count = line.integer("question_count");
  r.pass_mark = line.integer("pass_mark");
  r.passed = line.boolean("passed");
  r.timed_out = line.boolean("timed_out");
  if (r.chosen.size() != r.question_ids.size()) {
    line.report("chosen", "has " + std::to_string(r.chosen.size()) + " entries for " + std::to_string(r.question_ids.size()) + " questions");
  }
  if (!r.flagged.empty() && r.flagged.size() != r.question_ids.size()) {
    line.report("flagged", "has " + std::to_string(r.flagged.size()) + " entries for " + std::to_string(r.question_ids.size()) + " questions");
  }
  return r;
}

template <class Reader>
ResetRecord read_reset(Reader& line) {
  return ResetRecord{line.string("id"), line.int64("reset_at_ms")};
}

}  // namespace

std::string_view record_type(const ProgressRecord& record) {
  if (std::holds_alternative<AnswerRecord>(record)) return kAnswerType;
  if (std::holds_alternative<ExamAttemptRecord>(record)) return kExamAttemptType;
  return kResetType;
}

// One line to one record, or the reasons it is not one. Optional values that are not set are
// written as null.
Expected<ProgressRecord> read_progress_record(std::string_view text, const std::string& where) {
  json line = json::parse(text.begin(), text.end(), nullptr, false);
  if (line.is_discarded()) return Diagnostics{error(where, "is not valid JSON")};
  return progress_record_from_json(line, where);
}

Expected<ProgressRecord> progress_record_from_json(const nlohmann::json& line, const std::string& where) {
  if (!line.is_object()) return Diagnostics{error(where, "must be a JSON object")};
  Diagnostics errors;
  JsonReader reader(line, where, errors);
  const std::string type = reader.string("type");
  if (!errors.empty()) return errors;
  ProgressRecord record;
  if (type == kAnswerType) record = read_answer(reader);
  else if (type == kExamAttemptType) record = read_exam_attempt(reader);
  else if (type == kResetType) record = read_reset(reader);
  else return Diagnostics{error(reader.path("type"), "is \"" + type + "\", a record type this client does not know")};
  if (!errors.empty()) return errors;
  if (record_id(record).empty()) return Diagnostics{error(reader.path("id"), "is empty")};
  return record;
}

std::optional<ProgressRecord> progress_record_from_flat(const FlatJsonObject& object) {
  bool failed = false;
  FlatJsonReader reader(object, failed);
  const std::string type = reader.string("type");
  ProgressRecord record;
  if (type == kAnswerType) record = read_answer(reader);
  else if (type == kExamAttemptType) record = read_exam_attempt(reader);
  else if (type == kResetType) record = read_reset(reader);
  else return std::nullopt;
  if (failed || record_id(record).empty()) return std::nullopt;
  return record;
}

std::string to_json_line(const ProgressRecord& record) {
  return std::visit([](const auto& r) { return to_json(r); }, record);
}

std::string to_json_lines(const ProgressLog& log) {
  std::string text;
  for (const auto& record : log.records()) {
    text += to_json_line(record);
    text += '\n';
  }
  return text;
}

Diagnostics append_json_lines(ProgressLog& log, std::string_view json_lines, std::size_t* duplicates) {
  Diagnostics problems;
  std::size_t line_number = 0;
  std::size_t start = 0;
  while (start < json_lines.size()) {
    std::size_t end = json_lines.find('\n', start);
    if (end == std::string_view::npos) end = json_lines.size();
    std::string_view text = json_lines.substr(start, end - start);
    start = end + 1;
    ++line_number;
    if (!text.empty() && text.back() == '\r') text.remove_suffix(1);
    if (text.find_first_not_of(" \t") == std::string_view::npos) continue;

    const std::string where = "line " + std::to_string(line_number);
    auto result = read_progress_record(text, where);
    if (!result) {
      problems.insert(problems.end(), result.errors().begin(), result.errors().end());
      continue;
    }
    ProgressRecord& record = result.value();
    if (const ProgressRecord* existing = log.find(record_id(record))) {
      if (duplicates) ++*duplicates;
      // The same record twice is an expected retry; the same id with other content is a bug somewhere.
      if (!(*existing == record)) {
        problems.push_back(warning(where, "repeats id \"" + record_id(record) + "\" with different content; the first one is kept"));
      }
      continue;
    }
    log.append(std::move(record));
  }
  return problems;
}

LoadedProgressLog read_progress_log(std::string_view json_lines) {
  LoadedProgressLog loaded;
  loaded.problems = append_json_lines(loaded.log, json_lines, &loaded.duplicates);
  return loaded;
}

}  // namespace umuhanda
