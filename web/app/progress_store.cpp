// Loading and appending the progress log in the "progress" store (record id -> one JSON line).
#include "app/progress_store.hpp"

#include <algorithm>
#include <charconv>
#include <tuple>
#include <utility>

namespace umuhanda {
namespace {

constexpr const char* kDeviceKey = "device";
// The first line of a tab message that lists records to drop (a JSON line never starts so).
constexpr std::string_view kForgetMessage = "forget\n";

// Log order for records keyed "<writer>:<counter>": by time, then by writer and counter as a
// number (the store's own key order would put "d:10" before "d:2", and writers' random instance
// ids say nothing of when they wrote).
bool log_order(const ProgressRecord& a, const ProgressRecord& b) {
  auto key = [](const ProgressRecord& record) {
    const std::string& id = record_id(record);
    const std::size_t colon = id.rfind(':');
    std::uint64_t counter = 0;
    if (colon != std::string::npos) std::from_chars(id.data() + colon + 1, id.data() + id.size(), counter);
    return std::tuple(record_time_ms(record), std::string_view(id).substr(0, colon == std::string::npos ? id.size() : colon), counter);
  };
  return key(a) < key(b);
}

std::string device_json(const std::string& device_id) { return nlohmann::json{{"device_id", device_id}}.dump(); }

// 48 random bits as 12 hex digits: tells this start's records from every other start's.
std::string instance_id(RandomSource& random) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::uint64_t bits = random.next_u64();
  std::string id;
  for (int i = 0; i < 12; ++i, bits >>= 4) id += kHex[bits & 0xf];
  return id;
}

std::string json_lines(const std::vector<ProgressRecord>& records) {
  std::string lines;
  for (const ProgressRecord& record : records) lines += to_json_line(record) + "\n";
  return lines;
}

}  // namespace

ProgressStore::ProgressStore(KeyValueStore& storage, const Clock& clock, std::function<std::uint64_t()> random_seed, TabChannel* tabs)
    : m_storage(storage), m_clock(clock), m_random_seed(std::move(random_seed)), m_tabs(tabs) {
  if (m_tabs) m_tabs->on_message([this](const std::string& lines) { receive_from_tab(lines); });
}

void ProgressStore::load(bool storage_open) {
  m_storage_open = storage_open;
  if (!storage_open) {
    RandomSource random(m_random_seed());
    return finish_loading(make_device_id(random));
  }
  m_storage.get(stores::kMeta, kDeviceKey, [this](StorageResult<std::optional<std::string>> stored) {
    if (stored.ok() && stored.value) {
      auto json = nlohmann::json::parse(*stored.value, nullptr, false);
      if (!json.is_discarded() && json.is_object() && json.contains("device_id") && json["device_id"].is_string()) {
        return read_log(json["device_id"].get<std::string>());
      }
    }
    if (!stored.ok()) m_storage_problem = stored.error;
    // First start on this device (or an unreadable entry): a new id, saved before any record uses it.
    RandomSource random(m_random_seed());
    std::string device_id = make_device_id(random);
    m_storage.put(stores::kMeta, kDeviceKey, device_json(device_id), WriteDurability::strict, [this, device_id](std::optional<StorageError> error) {
      if (error) m_storage_problem = error;
      read_log(device_id);
    });
  });
}

void ProgressStore::read_log(std::string device_id) {
  m_storage.get_all(stores::kProgress, [this, device_id](StorageResult<std::vector<KeyValue>> records) {
    if (!records.ok()) {
      m_storage_problem = records.error;
    } else {
      std::string lines;
      for (const KeyValue& record : records.value) lines += record.value + "\n";
      LoadedProgressLog loaded = read_progress_log(lines);
      std::vector<ProgressRecord> ordered = loaded.log.records();
      std::stable_sort(ordered.begin(), ordered.end(), log_order);
      for (ProgressRecord& record : ordered) m_log.append(std::move(record));
      m_bad_lines = loaded.problems.size();
      m_loaded_records = m_log.size();
    }
    finish_loading(device_id);
  });
}

void ProgressStore::finish_loading(std::string device_id) {
  RandomSource random(m_random_seed() ^ 0x9e3779b97f4a7c15ull);  // not the device id's own draw
  m_ids = RecordIdGenerator(device_id + "." + instance_id(random), 1);
  ++m_revision;
  for (auto& record : std::exchange(m_early_records, {})) record();
  for (const std::string& lines : std::exchange(m_early_tab_messages, {})) receive_from_tab(lines);
}

void ProgressStore::receive_from_tab(const std::string& lines) {
  if (!loaded()) return m_early_tab_messages.push_back(lines);
  if (lines.starts_with(kForgetMessage)) {
    std::set<std::string, std::less<>> ids;
    std::string_view rest = std::string_view(lines).substr(kForgetMessage.size());
    while (!rest.empty()) {
      const std::size_t end = std::min(rest.find('\n'), rest.size());
      if (end > 0) ids.emplace(rest.substr(0, end));
      rest.remove_prefix(std::min(end + 1, rest.size()));
    }
    return drop_from_log(ids);
  }
  const std::size_t before = m_log.size();
  append_json_lines(m_log, lines);  // records this tab read from storage already are skipped
  if (m_log.size() == before) return;
  m_from_tabs += m_log.size() - before;
  ++m_revision;
}

void ProgressStore::record_answer(const std::string& pack_id, const Question& question, std::vector<std::size_t> chosen, std::int64_t time_spent_ms,
                                  AnswerMode mode) {
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
  std::vector<ProgressRecord> added;
  for (ProgressRecord& record : records) {
    const std::string id = record_id(record);
    std::string line = to_json_line(record);
    if (!m_log.append(record)) continue;
    writes.push_back(KeyValueWrite{stores::kProgress, id, std::move(line)});
    added.push_back(std::move(record));
  }
  ++m_revision;
  if (!m_storage_open || writes.empty()) return;
  ++m_saving;
  m_storage.write(std::move(writes), WriteDurability::strict, [this, lines = json_lines(added)](std::optional<StorageError> error) {
    --m_saving;
    if (error) {
      m_storage_problem = error;
      return;
    }
    ++m_saved;
    // Only what is stored: a tab that hears of a record can rely on finding it after a reload.
    if (m_tabs) m_tabs->post(lines);
  });
}

void ProgressStore::reset(std::function<void(std::optional<StorageError>)> on_done) {
  if (!loaded()) return on_done(StorageError{StorageErrorKind::unavailable, "the progress log is still loading"});
  ResetRecord reset{m_ids->next(), m_clock.now_ms()};
  if (!m_storage_open) {
    m_log.append(reset);
    ++m_revision;
    return on_done(std::nullopt);
  }
  std::string line = to_json_line(reset);
  m_storage.write({KeyValueWrite{stores::kProgress, reset.id, line}}, WriteDurability::strict,
                  [this, reset, line, on_done = std::move(on_done)](std::optional<StorageError> error) {
                    if (error) {
                      m_storage_problem = error;
                    } else {
                      // The progress on screen starts again only once storage confirmed it.
                      m_log.append(reset);
                      ++m_revision;
                      ++m_saved;
                      if (m_tabs) m_tabs->post(line + "\n");
                    }
                    on_done(std::move(error));
                  });
}

void ProgressStore::store_from_server(std::vector<ProgressRecord> records, std::vector<KeyValueWrite> also,
                                      std::function<void(std::optional<StorageError>)> on_done) {
  std::vector<ProgressRecord> fresh;
  std::vector<KeyValueWrite> writes;
  for (ProgressRecord& record : records) {
    if (m_log.contains(record_id(record))) continue;  // this device's own, coming back, or a repeat
    writes.push_back(KeyValueWrite{stores::kProgress, record_id(record), to_json_line(record)});
    fresh.push_back(std::move(record));
  }
  auto show = [this, fresh] {
    const std::size_t before = m_log.size();
    for (const ProgressRecord& record : fresh) m_log.append(record);
    if (m_log.size() != before) ++m_revision;
  };
  if (!m_storage_open) {
    show();
    return on_done(std::nullopt);
  }
  writes.insert(writes.end(), std::make_move_iterator(also.begin()), std::make_move_iterator(also.end()));
  if (writes.empty()) return on_done(std::nullopt);
  m_storage.write(std::move(writes), WriteDurability::strict,
                  [this, show, lines = json_lines(fresh), on_done = std::move(on_done)](std::optional<StorageError> error) {
                    if (error) {
                      m_storage_problem = error;
                    } else {
                      show();
                      if (m_tabs && !lines.empty()) m_tabs->post(lines);
                    }
                    on_done(std::move(error));
                  });
}

void ProgressStore::forget(std::set<std::string, std::less<>> ids, std::vector<KeyValueWrite> also,
                           std::function<void(std::optional<StorageError>)> on_done) {
  if (!m_storage_open) {
    drop_from_log(ids);
    return on_done(std::nullopt);
  }
  std::vector<KeyValueWrite> writes;
  std::string message(kForgetMessage);
  for (const std::string& id : ids) {
    writes.push_back(KeyValueWrite{stores::kProgress, id, std::nullopt});
    message += id + "\n";
  }
  writes.insert(writes.end(), std::make_move_iterator(also.begin()), std::make_move_iterator(also.end()));
  if (writes.empty()) return on_done(std::nullopt);
  m_storage.write(std::move(writes), WriteDurability::strict,
                  [this, ids = std::move(ids), message = std::move(message), on_done = std::move(on_done)](std::optional<StorageError> error) {
                    if (error) {
                      m_storage_problem = error;
                    } else {
                      // Off the screen only once they are off the device: a reload shows the same.
                      drop_from_log(ids);
                      ++m_forgotten;
                      if (m_tabs) m_tabs->post(message);
                    }
                    on_done(std::move(error));
                  });
}

void ProgressStore::drop_from_log(const std::set<std::string, std::less<>>& ids) {
  // The log is append-only by design (ProgressLog): a new one without them, in the same order.
  ProgressLog kept;
  std::size_t dropped = 0;
  for (const ProgressRecord& record : m_log.records()) {
    if (ids.count(record_id(record))) ++dropped;
    else kept.append(record);
  }
  if (dropped == 0) return;
  m_log = std::move(kept);
  ++m_revision;
}

nlohmann::json ProgressStore::state() const {
  nlohmann::json state = {{"loaded", loaded()}, {"records", m_log.size()}, {"loaded_records", m_loaded_records}, {"bad_lines", m_bad_lines},
                          {"saved", m_saved},   {"saving", m_saving},      {"from_other_tabs", m_from_tabs},     {"forgotten", m_forgotten}};
  if (m_ids) state["writer_id"] = m_ids->device_id();
  if (auto reset = m_log.last_reset_ms()) state["last_reset_ms"] = *reset;
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
