// ProgressStore: the student's answers, kept as the append-only progress log (progress_log.hpp)
// in storage, one record per key, so they survive reloads and a later sync can send them. Record
// ids come from a RecordIdGenerator whose device id and counter live in the "meta" store.
#pragma once

#include <cstdint>
#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "platform/key_value_store.hpp"
#include "umuhanda/clock.hpp"
#include "umuhanda/exam_session.hpp"
#include "umuhanda/progress_log.hpp"

namespace umuhanda {

class ProgressStore {
public:
  ProgressStore(KeyValueStore& storage, const Clock& clock, std::function<std::uint64_t()> random_seed);

  // Reads the device id and the log. Without storage the log lives in memory for this visit.
  void load(bool storage_open);
  bool loaded() const { return m_ids.has_value(); }

  // Appends the answer to the log and saves it together with the next id counter, in one
  // transaction. Answers given before load() finished are recorded once it has.
  void record_answer(const std::string& pack_id, const Question& question, std::vector<std::size_t> chosen, std::int64_t time_spent_ms,
                     AnswerMode mode = AnswerMode::practice);
  // A submitted exam: its attempt record and one exam-mode answer per answered question, saved in
  // one transaction (all of them, or none).
  void record_exam(const ExamSession& session);
  // Deletes every record of this device's log, after the student confirmed it. The id counter
  // goes on (ids are never reused, so a later sync can tell old records from new).
  void reset(std::function<void(std::optional<StorageError>)> on_done);

  const ProgressLog& log() const { return m_log; }
  // Grows with every change of the log: screens recompute what they derive from it when it moved.
  std::uint64_t revision() const { return m_revision; }
  const std::optional<StorageError>& storage_problem() const { return m_storage_problem; }
  nlohmann::json state() const;

private:
  void read_log(std::string device_id, std::uint64_t next_counter);
  void finish_loading(std::string device_id, std::uint64_t next_counter);
  // Adds the records to the log and stores them with the next id counter, in one transaction.
  void append(std::vector<ProgressRecord> records);

  KeyValueStore& m_storage;
  const Clock& m_clock;
  std::function<std::uint64_t()> m_random_seed;
  bool m_storage_open = false;
  ProgressLog m_log;
  std::optional<RecordIdGenerator> m_ids;
  std::vector<std::function<void()>> m_early_records;  // recorded before the log was read
  std::uint64_t m_revision = 0;
  std::size_t m_loaded_records = 0;     // read from storage at start
  std::size_t m_bad_lines = 0;          // unreadable records skipped at start
  std::size_t m_saved = 0;              // appended and confirmed stored in this visit
  std::size_t m_saving = 0;             // appended, write not confirmed yet
  std::optional<StorageError> m_storage_problem;
};

}  // namespace umuhanda
