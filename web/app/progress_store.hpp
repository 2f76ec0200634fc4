// ProgressStore: the student's answers, kept as the append-only progress log (progress_log.hpp)
// in storage, one record per key, so they survive reloads and a sync can send them.
//
// Two tabs of one browser are two writers on one IndexedDB. Each running instance writes its
// records as "<device id>.<instance>:<counter>": the device id is made at the first start and kept
// in the "meta" store, the instance is random for every start (48 bits), and the counter starts at
// 1. No two instances share a prefix, so no tab overwrites another's records, whatever order
// their writes land in. Each tab tells the others of what it stored (TabChannel), so an open tab
// shows every tab's answers; a tab started later reads them all from storage.
#pragma once

#include <cstdint>
#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "platform/key_value_store.hpp"
#include "platform/tab_channel.hpp"
#include "umuhanda/clock.hpp"
#include "umuhanda/exam_session.hpp"
#include "umuhanda/progress_log.hpp"

namespace umuhanda {

class ProgressStore {
public:
  // `tabs`: the other tabs of this client (nullptr: this one is alone).
  ProgressStore(KeyValueStore& storage, const Clock& clock, std::function<std::uint64_t()> random_seed, TabChannel* tabs = nullptr);

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
  // "Start again", after the student confirmed it: a reset record (progress_log.hpp), stored, then
  // shown and sent to the other tabs (and, by sync, to the student's other devices). Every answer
  // and exam made before it stops counting; nothing is deleted.
  void reset(std::function<void(std::optional<StorageError>)> on_done);

  // Records another device stored on the server (a sync pull): those the log does not hold are
  // stored together with `also` (the sync's own marks and cursor) in one transaction, then shown
  // and told to the other tabs. `on_done` reports the write.
  void store_from_server(std::vector<ProgressRecord> records, std::vector<KeyValueWrite> also,
                         std::function<void(std::optional<StorageError>)> on_done);

  // Removes these records from the device: one transaction deleting them from the "progress"
  // store, together with `also` (the sync's own marks and state). The log shown is rebuilt without
  // them once storage confirmed it, and the other tabs are told to drop them too. For a shared
  // device: the records a signed-out account synced are safe on the server and leave with it.
  void forget(std::set<std::string, std::less<>> ids, std::vector<KeyValueWrite> also, std::function<void(std::optional<StorageError>)> on_done);

  const ProgressLog& log() const { return m_log; }
  bool storage_open() const { return m_storage_open; }
  // Grows with every change of the log: screens recompute what they derive from it when it moved.
  std::uint64_t revision() const { return m_revision; }
  const std::optional<StorageError>& storage_problem() const { return m_storage_problem; }
  // "<device id>.<instance>": the prefix of this instance's record ids ("" until loaded).
  std::string writer_id() const { return m_ids ? m_ids->device_id() : std::string(); }
  nlohmann::json state() const;

private:
  void read_log(std::string device_id);
  void finish_loading(std::string device_id);
  // Adds the records to the log and stores them, in one transaction; the other tabs hear of them
  // once storage confirmed the write.
  void append(std::vector<ProgressRecord> records);
  // Records another tab stored (JSON Lines): added to the log, nothing written. Or, from a tab
  // that forgot records, "forget\n" and their ids, one per line: dropped from the log.
  void receive_from_tab(const std::string& lines);
  void drop_from_log(const std::set<std::string, std::less<>>& ids);

  KeyValueStore& m_storage;
  const Clock& m_clock;
  std::function<std::uint64_t()> m_random_seed;
  TabChannel* m_tabs;
  std::vector<std::string> m_early_tab_messages;  // heard before the log was read
  bool m_storage_open = false;
  ProgressLog m_log;
  std::optional<RecordIdGenerator> m_ids;
  std::vector<std::function<void()>> m_early_records;  // recorded before the log was read
  std::uint64_t m_revision = 0;
  std::size_t m_loaded_records = 0;  // read from storage at start
  std::size_t m_bad_lines = 0;       // unreadable records skipped at start
  std::size_t m_saved = 0;           // appended and confirmed stored in this visit
  std::size_t m_saving = 0;          // appended, write not confirmed yet
  std::size_t m_from_tabs = 0;       // records other tabs stored while this one was open
  std::size_t m_forgotten = 0;       // forget() writes confirmed in this visit
  std::optional<StorageError> m_storage_problem;
};

}  // namespace umuhanda
