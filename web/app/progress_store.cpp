// Loading and appending the progress log in the "progress" store (record id -> one JSON line).
#include "app/progress_store.hpp"

#include <algorithm>
#include <charconv>
#include <utility>

namespace umuhanda {
namespace {

constexpr const char* kDeviceKey = "device";

// Log order for records keyed "<device>:<counter>": by device, then by counter as a number (the
// store's own key order would put "d:10" before "d:2").
bool log_order(const KeyValue& a, const KeyValue& b) {
  auto split = [](const std::string& id) {
    const std::size_t colon = id.rfind(':');
    std::uint64_t counter = 0;
    if (colon != std::string::npos) std::from_chars(id.data() + colon + 1, id.data() + id.size(), counter);
    return std::pair(std::string_view(id).substr(0, colon == std::string::npos ? id.size() : colon), counter);
  };
  return split(a.key) < split(b.key);
}

std::string device_json(const RecordIdGenerator& ids) {
  return nlohmann::json{{"device_id", ids.device_id()}, {"next_counter", ids.next_counter()}}.dump();
}

}  // namespace

ProgressStore::ProgressStore(KeyValueStore& storage, const Clock& clock, std::function<std::uint64_t()> random_seed)
    : m_storage(storage), m_clock(clock), m_random_seed(std::move(random_seed)) {}

void ProgressStore::load(bool storage_open) {
  m_storage_open = storage_open;
  if (!storage_open) {
    RandomSource random(m_random_seed());
    return finish_loading(make_device_id(random), 1);
  }
  m_storage.get(stores::kMeta, kDeviceKey, [this](StorageResult<std::optional<std::string>> stored) {
    if (stored.ok() && stored.value) {
      auto json = nlohmann::json::parse(*stored.value, nullptr, false);
      if (!json.is_discarded() && json.is_object() && json.contains("device_id") && json["device_id"].is_string()) {
        // A counter of the wrong type (a torn or foreign entry) must not abort the start (no
        // exceptions in the browser build): resume() takes the log's highest counter anyway.
        const auto& counter = json["next_counter"];
        return read_log(json["device_id"].get<std::string>(), counter.is_number_unsigned() ? counter.get<std::uint64_t>() : 1);
      }
    }
    if (!stored.ok()) m_storage_problem = stored.error;
    // First start on this device (or an unreadable entry): a new id, saved before any record uses it.
    RandomSource random(m_random_seed());
    RecordIdGenerator ids(make_device_id(random));
    m_storage.put(stores::kMeta, kDeviceKey, device_json(ids), WriteDurability::strict, [this, ids](std::optional<StorageError> error) {
      if (error) m_storage_problem = error;
      read_log(ids.device_id(), ids.next_counter());
    });
  });
}

void ProgressStore::read_log(std::string device_id, std::uint64_t next_counter) {
  m_storage.get_all(stores::kProgress, [this, device_id, next_counter](StorageResult<std::vector<KeyValue>> records) {
    if (!records.ok()) {
      m_storage_problem = records.error;
    } else {
      std::sort(records.value.begin(), records.value.end(), log_order);
      std::string lines;
      for (const KeyValue& record : records.value) lines += record.value + "\n";
      LoadedProgressLog loaded = read_progress_log(lines);
      m_log = std::move(loaded.log);
      m_bad_lines = loaded.problems.size();
      m_loaded_records = m_log.size();
    }
    finish_loading(device_id, next_counter);
  });
}

void ProgressStore::finish_loading(std::string device_id, std::uint64_t next_counter) {
  m_ids = RecordIdGenerator::resume(std::move(device_id), m_log, next_counter);
  ++m_revision;
  for (auto& record : std::exchange(m_early_records, {})) record();
}

void ProgressStore::record_answer(const std::string& pack_id, const Question& question, std::vector<std::size_t> chosen,
                                  std::int64_t time_spent_ms, AnswerMode mode) {
  const std::int64_t answered_at_ms = m_clock.now_ms();
  auto record = [this, pack_id, question, chosen = std::move(chosen), answered_at_ms, time_spent_ms, mode] {
    append({make_answer_record(*m_ids, pack_id, question, chosen, answered_at_ms, time_spent_ms, mode)});
  };
  if (!loaded()) return m_early_records.push_back(std::move(record));
  record();
}

void ProgressStore::record_exam(const ExamSession& session) {
  auto record = [this, session] {
    auto records = session.records(*m_ids);
    if (!records) return;  // not submitted: nothing to record
    std::vector<ProgressRecord> all;
    all.emplace_back(std::move(records->attempt));
    for (AnswerRecord& answer : records->answers) all.emplace_back(std::move(answer));
    append(std::move(all));
  };
  if (!loaded()) return m_early_records.push_back(std::move(record));
  record();
}

void ProgressStore::append(std::vector<ProgressRecord> records) {
  std::vector<KeyValueWrite> writes;
  for (ProgressRecord& record : records) {
    const std::string id = record_id(record);
    std::string line = to_json_line(record);
    if (!m_log.append(std::move(record))) continue;
    writes.push_back(KeyValueWrite{stores::kProgress, id, std::move(line)});
  }
  ++m_revision;
  if (!m_storage_open || writes.empty()) return;
  ++m_saving;
  // The records and the counter after them, together: a reload never hands out the same id again.
  writes.push_back(KeyValueWrite{stores::kMeta, kDeviceKey, device_json(*m_ids)});
  m_storage.write(std::move(writes), WriteDurability::strict, [this](std::optional<StorageError> error) {
    --m_saving;
    if (error) m_storage_problem = error;
    else ++m_saved;
  });
}

void ProgressStore::reset(std::function<void(std::optional<StorageError>)> on_done) {
  auto forget = [this] {
    m_log = ProgressLog{};
    m_bad_lines = 0;
    ++m_revision;
  };
  if (!m_storage_open) {
    forget();
    return on_done(std::nullopt);
  }
  // Every key in the store, not only the records the log holds: unreadable ones skipped at start
  // go too, so nothing of the old history comes back at the next start.
  m_storage.keys(stores::kProgress, [this, forget, on_done = std::move(on_done)](StorageResult<std::vector<std::string>> keys) mutable {
    if (!keys.ok()) {
      m_storage_problem = keys.error;
      return on_done(keys.error);
    }
    std::vector<KeyValueWrite> writes;
    for (std::string& key : keys.value) writes.push_back(KeyValueWrite{stores::kProgress, std::move(key), std::nullopt});
    if (m_ids) writes.push_back(KeyValueWrite{stores::kMeta, kDeviceKey, device_json(*m_ids)});
    m_storage.write(std::move(writes), WriteDurability::strict, [this, forget, on_done = std::move(on_done)](std::optional<StorageError> error) {
      if (error) m_storage_problem = error;
      else forget();  // the log on screen goes only when storage confirmed it
      on_done(std::move(error));
    });
  });
}

nlohmann::json ProgressStore::state() const {
  nlohmann::json state = {{"loaded", loaded()},     {"records", m_log.size()}, {"loaded_records", m_loaded_records},
                          {"bad_lines", m_bad_lines}, {"saved", m_saved},      {"saving", m_saving}};
  if (m_ids) state["device_id"] = m_ids->device_id();
  nlohmann::json ids = nlohmann::json::array();
  const auto answers = m_log.answers();
  constexpr std::size_t kShown = 100;  // the most recent ones: enough for the tests, bounded
  for (std::size_t i = answers.size() > kShown ? answers.size() - kShown : 0; i < answers.size(); ++i) {
    ids.push_back({{"id", answers[i]->id}, {"question_id", answers[i]->question_id}, {"correct", answers[i]->correct}});
  }
  state["answers"] = std::move(ids);
  if (m_storage_problem) state["storage_problem"] = m_storage_problem->message;
  return state;
}

}  // namespace umuhanda
