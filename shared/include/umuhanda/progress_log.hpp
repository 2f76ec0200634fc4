// The progress log: every answer and exam attempt a student makes, append-only, as the client keeps
// it in IndexedDB and will sync it to the server. Everything else (Leitner boxes, statistics) is
// derived from it by replaying, so the log is the only progress state that must be stored.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "umuhanda/diagnostic.hpp"
#include "umuhanda/expected.hpp"
#include "umuhanda/pack.hpp"

namespace umuhanda {

enum class AnswerMode { practice, exam, flashcard, review };
inline constexpr std::string_view kAnswerModeNames[] = {"practice", "exam", "flashcard", "review"};
std::string_view to_string(AnswerMode mode);
std::optional<AnswerMode> answer_mode_from(std::string_view name);

struct AnswerRecord {
  std::string id;
  std::string pack_id;
  std::string question_id;
  std::vector<std::size_t> chosen;  // choice indexes, sorted, unique
  bool correct = false;             // chosen is exactly the question's set of right choices
  std::int64_t answered_at_ms = 0;
  std::int64_t time_spent_ms = 0;
  AnswerMode mode = AnswerMode::practice;

  bool operator==(const AnswerRecord&) const = default;
};

struct ExamAttemptRecord {
  std::string id;
  std::string pack_id;
  std::string blueprint_id;
  std::optional<std::string> exam_set_id;  // set when the exam was a fixed exam set
  std::int64_t started_at_ms = 0;
  std::int64_t submitted_at_ms = 0;
  std::vector<std::string> question_ids;                        // in the order shown
  std::vector<std::optional<std::vector<std::size_t>>> chosen;  // per question; nullopt = not answered
  std::vector<bool> flagged;                                    // per question, as left at submission
  int score = 0;
  int question_count = 0;
  int pass_mark = 0;
  bool passed = false;
  bool timed_out = false;  // submitted by the clock, not by the student

  bool operator==(const ExamAttemptRecord&) const = default;
};

// "Start again": the student cleared their progress at `reset_at_ms`. Nothing is deleted (the log
// is append-only and synced); the views below leave out every answer and exam attempt made at or
// before the latest reset. Judged by time, not by log order, so each device, whatever order the
// records reached it in, derives the same progress, and an old answer a device sends after the
// reset has synced never comes back.
struct ResetRecord {
  std::string id;
  std::int64_t reset_at_ms = 0;

  bool operator==(const ResetRecord&) const = default;
};

class ProgressLog;
struct FlatJsonObject;

using ProgressRecord = std::variant<AnswerRecord, ExamAttemptRecord, ResetRecord>;
const std::string& record_id(const ProgressRecord& record);
// When it happened on its device: answered, submitted or reset (ms since the Unix epoch).
std::int64_t record_time_ms(const ProgressRecord& record);
// "answer", "exam_attempt" or "reset", as the "type" of its JSON line.
std::string_view record_type(const ProgressRecord& record);

// Whether `chosen` is exactly the set `correct`, whatever the order or repeats of either.
bool is_right_answer(std::span<const std::size_t> correct, std::span<const std::size_t> chosen);
// Sorted, without repeats: the form every record stores.
std::vector<std::size_t> normalized_choices(std::vector<std::size_t> chosen);

// Record ids are "<device id>:<counter>". A device never reuses a counter, so ids stay unique
// across devices without asking a server, and a retried sync is recognised by its ids.
class RecordIdGenerator {
public:
  explicit RecordIdGenerator(std::string device_id, std::uint64_t next_counter = 1);

  // Continues after the highest counter this device already wrote to `log`, or from
  // `stored_next_counter` if that is higher (a counter kept separately, ahead of the log).
  static RecordIdGenerator resume(std::string device_id, const ProgressLog& log, std::uint64_t stored_next_counter = 1);

  std::string next();
  const std::string& device_id() const { return m_device_id; }
  std::uint64_t next_counter() const { return m_next_counter; }

private:
  std::string m_device_id;
  std::uint64_t m_next_counter;
};

// Builds the record of one answer to `question`, marking it right or wrong.
AnswerRecord make_answer_record(RecordIdGenerator& ids, std::string pack_id, const Question& question, std::vector<std::size_t> chosen,
                                std::int64_t answered_at_ms, std::int64_t time_spent_ms, AnswerMode mode);

class ProgressLog {
public:
  // Adds the record at the end unless a record with its id is already in the log (a retried
  // sync, a replayed import). Returns whether it was added. Nothing is ever changed or removed.
  bool append(ProgressRecord record);
  bool contains(std::string_view id) const { return find(id) != nullptr; }
  const ProgressRecord* find(std::string_view id) const;

  const std::vector<ProgressRecord>& records() const { return m_records; }
  std::size_t size() const { return m_records.size(); }
  bool empty() const { return m_records.empty(); }

  // The progress that counts, in log order: answers and exam attempts made after the latest reset.
  std::vector<const AnswerRecord*> answers() const;
  std::vector<const ExamAttemptRecord*> exam_attempts() const;
  // The time of the latest reset (ms), or nullopt when progress was never reset.
  std::optional<std::int64_t> last_reset_ms() const { return m_last_reset_ms; }

private:
  std::vector<ProgressRecord> m_records;
  std::map<std::string, std::size_t, std::less<>> m_index_by_id;
  std::optional<std::int64_t> m_last_reset_ms;
};

// JSON Lines: one record per line, each an object with "type": "answer" or "exam_attempt".
// A client appends to_json_line() of each new record to its stored text.
std::string to_json_line(const ProgressRecord& record);  // without the final '\n'
std::string to_json_lines(const ProgressLog& log);       // every line ends with '\n'

struct LoadedProgressLog {
  ProgressLog log;
  Diagnostics problems;        // one per bad line, located as "line N" (1-based)
  std::size_t duplicates = 0;  // lines whose id was already read, skipped
};

// One record from its JSON text (a line of the log, an event of a sync push), or the reasons it is
// not one, located at `where` ("line 3", "events[4]").
Expected<ProgressRecord> read_progress_record(std::string_view json_text, const std::string& where);
// The same from JSON already parsed (a sync push's events: read once, not written out and read again).
Expected<ProgressRecord> progress_record_from_json(const nlohmann::json& value, const std::string& where);

// The same from an object the JsonScanner read (a sync push's fast path), or nullopt when
// progress_record_from_json would report anything: the caller then reads it that way for the reasons.
std::optional<ProgressRecord> progress_record_from_flat(const FlatJsonObject& object);

// Reads JSON Lines, keeping every good line: one bad line (a torn write, a newer client's record
// type) must not cost the student the rest of their history. Blank lines are skipped.
LoadedProgressLog read_progress_log(std::string_view json_lines);
// The same, appending to an existing log (records whose ids it holds are skipped as duplicates).
Diagnostics append_json_lines(ProgressLog& log, std::string_view json_lines, std::size_t* duplicates = nullptr);

}  // namespace umuhanda
