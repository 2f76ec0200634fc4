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
  void record_answer(const std::string& pack_id, const Question& question, std::vector<std::size_t> chosen, std::int64_t time_spent_ms);

  const ProgressLog& log() const { return m_log; }
  const std::optional<StorageError>& storage_problem() const { return m_storage_problem; }
  nlohmann::json state() const;

private:
  struct Answer {
    std::string pack_id;
    Question question;
    std::vector<std::size_t> chosen;
    std::int64_t answered_at_ms = 0;
    std::int64_t time_spent_ms = 0;
  };

  void read_log(std::string device_id, std::uint64_t next_counter);
  void finish_loading(std::string device_id, std::uint64_t next_counter);
  void append(const Answer& answer);

  KeyValueStore& m_storage;
  const Clock& m_clock;
  std::function<std::uint64_t()> m_random_seed;
  bool m_storage_open = false;
  ProgressLog m_log;
  std::optional<RecordIdGenerator> m_ids;
  std::vector<Answer> m_early_answers;  // given before the log was read
  std::size_t m_loaded_records = 0;     // read from storage at start
  std::size_t m_bad_lines = 0;          // unreadable records skipped at start
  std::size_t m_saved = 0;              // appended and confirmed stored in this visit
  std::size_t m_saving = 0;             // appended, write not confirmed yet
  std::optional<StorageError> m_storage_problem;
};

}  // namespace umuhanda
