// Push, pull, marks and retries (see progress_sync.hpp and docs/sync.md).
#include "app/progress_sync.hpp"

#include <algorithm>
#include <set>
#include <utility>

#include "platform/app_window.hpp"

namespace umuhanda {
namespace {

constexpr const char* kSyncKey = "sync";  // meta: {"user_id", "cursor"}
constexpr const char* kLocalMark = "local";
constexpr const char* kRejectedMark = "rejected";

std::string problem_text(const HttpResponse& response) {
  if (response.status == 0) return "offline";
  const auto json = nlohmann::json::parse(response.body, nullptr, false);
  if (json.is_object() && json.contains("error") && json["error"].is_object() && json["error"].contains("message") &&
      json["error"]["message"].is_string()) {
    return json["error"]["message"].get<std::string>();
  }
  return "the server answered " + std::to_string(response.status);
}

}  // namespace

std::string_view to_string(ProgressSync::Phase phase) {
  switch (phase) {
    case ProgressSync::Phase::idle: return "idle";
    case ProgressSync::Phase::waiting_for_decision: return "waiting_for_decision";
    case ProgressSync::Phase::pushing: return "pushing";
    case ProgressSync::Phase::pulling: return "pulling";
    case ProgressSync::Phase::failed: return "failed";
  }
  return "idle";
}

ProgressSync::ProgressSync(HttpClient& http, KeyValueStore& storage, ProgressStore& progress, Account& account, const Clock& clock)
    : m_http(http), m_storage(storage), m_progress(progress), m_account(account), m_clock(clock) {}

void ProgressSync::start(bool storage_open) {
  m_storage_open = storage_open;
  if (!storage_open) {
    m_started = true;
    return;
  }
  m_storage.get(stores::kMeta, kSyncKey, [this](StorageResult<std::optional<std::string>> stored) {
    if (stored.ok() && stored.value) {
      const auto json = nlohmann::json::parse(*stored.value, nullptr, false);
      if (json.is_object() && json.contains("user_id") && json["user_id"].is_number_integer() && json["user_id"].get<std::int64_t>() > 0)
        m_user_id = json["user_id"].get<std::int64_t>();
      if (json.is_object() && json.contains("cursor") && json["cursor"].is_string()) m_cursor = json["cursor"].get<std::string>();
    }
    m_storage.get_all(stores::kSynced, [this](StorageResult<std::vector<KeyValue>> marks) {
      if (marks.ok()) {
        for (KeyValue& mark : marks.value) m_marks.emplace(std::move(mark.key), std::move(mark.value));
        ++m_marks_revision;
      }
      m_started = true;
      request_redraw();
    });
  });
}

bool ProgressSync::ready() const {
  return m_started && m_progress.loaded() && m_account.state() == AccountState::signed_in && m_account.user().has_value();
}

std::string ProgressSync::mark() const { return "u" + std::to_string(m_user_id.value_or(0)); }

std::size_t ProgressSync::local_records() const {
  // Asked every frame (the status line, Settings): counted again only when the log or the marks changed.
  if (m_local_count.progress_revision != m_progress.revision() || m_local_count.marks_revision != m_marks_revision) {
    m_local_count.progress_revision = m_progress.revision();
    m_local_count.marks_revision = m_marks_revision;
    m_local_count.count = static_cast<std::size_t>(std::count_if(m_progress.log().records().begin(), m_progress.log().records().end(),
                                                                 [this](const ProgressRecord& record) { return !m_marks.count(record_id(record)); }));
  }
  return m_local_count.count;
}

std::size_t ProgressSync::pending() const { return m_user_id ? local_records() : 0; }

void ProgressSync::save_meta(std::vector<KeyValueWrite>& writes) const {
  nlohmann::json meta = {{"cursor", m_cursor}};
  if (m_user_id) meta["user_id"] = *m_user_id;
  writes.push_back(KeyValueWrite{stores::kMeta, kSyncKey, meta.dump()});
}

void ProgressSync::forget_account() {
  if (m_forgetting) return;
  m_forgetting = true;
  const std::string account_mark = mark();
  std::set<std::string, std::less<>> ids;
  std::vector<KeyValueWrite> writes;
  for (const auto& [id, value] : m_marks) {
    if (value != account_mark) continue;
    ids.insert(id);
    writes.push_back(KeyValueWrite{stores::kSynced, id, std::nullopt});
  }
  const std::optional<std::int64_t> previous_user = m_user_id;
  const std::string previous_cursor = m_cursor;
  m_user_id.reset();
  m_cursor = "0";
  save_meta(writes);
  m_user_id = previous_user;  // until the transaction committed
  m_cursor = previous_cursor;
  m_phase = Phase::idle;
  m_due_ms.reset();
  m_progress.forget(std::move(ids), std::move(writes), [this, account_mark](std::optional<StorageError> error) {
    m_forgetting = false;
    if (error) {
      m_problem = "cannot remove the signed-out account's progress from this device: " + error->message;
      return request_redraw();
    }
    std::erase_if(m_marks, [&](const auto& entry) { return entry.second == account_mark; });
    ++m_marks_revision;
    m_user_id.reset();
    m_cursor = "0";
    m_last_synced_ms.reset();
    m_problem.clear();
    request_redraw();
  });
}

void ProgressSync::keep_on_device() {
  if (!m_user_id) return;
  const std::string account_mark = mark();
  std::vector<KeyValueWrite> writes;
  for (auto& [id, value] : m_marks) {
    if (value != account_mark) continue;
    value = kLocalMark;
    writes.push_back(KeyValueWrite{stores::kSynced, id, kLocalMark});
  }
  ++m_marks_revision;
  m_user_id.reset();
  m_cursor = "0";
  m_phase = Phase::idle;
  m_due_ms.reset();
  save_meta(writes);
  if (m_storage_open) m_storage.write(std::move(writes), WriteDurability::strict, [](std::optional<StorageError>) {});
}

void ProgressSync::send_pending(std::function<void(std::optional<std::string>)> on_done) {
  if (m_after_sending) return on_done("a sign-out is already waiting for the sync");
  if (!m_user_id || (pending() == 0 && m_phase != Phase::pushing && m_phase != Phase::pulling)) return on_done(std::nullopt);
  m_after_sending = std::move(on_done);
  sync_now();
}

void ProgressSync::adopt_account(std::int64_t user_id) {
  m_user_id = user_id;
  m_cursor = "0";
  m_phase = Phase::idle;
  m_due_ms = m_clock.now_ms();
  if (!m_storage_open) return;
  std::vector<KeyValueWrite> writes;
  save_meta(writes);
  m_storage.write(std::move(writes), WriteDurability::strict, [](std::optional<StorageError>) {});
}

void ProgressSync::decide(bool join_account) {
  if (m_phase != Phase::waiting_for_decision || !m_account.user()) return;
  const std::int64_t user_id = m_account.user()->id;
  if (join_account) return adopt_account(user_id);
  // Kept on this device: marked so that no sync ever sends them.
  std::vector<KeyValueWrite> writes;
  for (const ProgressRecord& record : m_progress.log().records()) {
    if (m_marks.count(record_id(record))) continue;
    m_marks.emplace(record_id(record), kLocalMark);
    ++m_marks_revision;
    writes.push_back(KeyValueWrite{stores::kSynced, record_id(record), kLocalMark});
  }
  if (m_storage_open && !writes.empty()) m_storage.write(std::move(writes), WriteDurability::strict, [](std::optional<StorageError>) {});
  adopt_account(user_id);
}

void ProgressSync::sync_now() {
  if (m_phase == Phase::pushing || m_phase == Phase::pulling || m_phase == Phase::waiting_for_decision) return;
  m_retry_ms = kFirstRetryMs;
  m_due_ms = m_clock.now_ms();
  request_redraw();
}

void ProgressSync::update() {
  if (m_forgetting || !m_started || !m_progress.loaded()) return;
  // Signed out (the server said so): the account's synced records leave this device.
  if (m_user_id && m_account.state() == AccountState::signed_out && m_phase != Phase::pushing && m_phase != Phase::pulling) return forget_account();
  if (!ready()) return;
  const std::int64_t user_id = m_account.user()->id;
  if (m_user_id != user_id) {
    if (m_phase == Phase::pushing || m_phase == Phase::pulling) return;  // its answer still belongs to the previous account
    if (m_user_id) return forget_account();                              // another account synced here before: its records go first
    if (m_phase == Phase::waiting_for_decision) return;
    // No account synced here before: progress made meanwhile is the student's to place.
    if (local_records() > 0) {
      m_phase = Phase::waiting_for_decision;
      return;
    }
    adopt_account(user_id);
  }
  if (m_phase == Phase::pushing || m_phase == Phase::pulling || m_phase == Phase::waiting_for_decision) return;
  const std::int64_t now = m_clock.now_ms();
  if (m_account.revision() != m_seen_account) {
    m_seen_account = m_account.revision();
    m_due_ms = now;  // signed in (again), or the start: both sides may have news
  }
  if (m_progress.revision() != m_seen_revision && m_phase == Phase::idle && !m_due_ms && pending() > 0) m_due_ms = now + kAfterAnswerMs;
  if (!m_due_ms) return;
  if (now < *m_due_ms) return request_redraw_in(static_cast<int>(*m_due_ms - now));
  begin();
}

void ProgressSync::begin() {
  m_due_ms.reset();
  push();
}

void ProgressSync::push() {
  m_phase = Phase::pushing;
  m_seen_revision = m_progress.revision();
  std::string events;
  std::size_t count = 0;
  for (const ProgressRecord& record : m_progress.log().records()) {
    if (m_marks.count(record_id(record))) continue;
    events += (count ? "," : "") + to_json_line(record);
    if (++count == kBatch) break;
  }
  if (count == 0) return pull();
  const std::string body = "{\"device\":" + nlohmann::json(m_progress.writer_id()).dump() + ",\"events\":[" + events + "]}";
  m_http.send_json("POST", "/api/v1/sync/push", body, [this](HttpResponse response) {
    if (response.status == 401) {
      m_account.check();  // the session ended: the account learns it, and the sync stops
      return finish_with("signed out");
    }
    const auto json = nlohmann::json::parse(response.body, nullptr, false);
    if (!response.ok() || !json.is_object() || !json.contains("accepted") || !json["accepted"].is_array()) return finish_with(problem_text(response));
    std::vector<KeyValueWrite> writes;
    std::vector<std::pair<std::string, std::string>> marked;
    for (const auto& id : json["accepted"]) {
      if (id.is_string()) marked.emplace_back(id.get<std::string>(), mark());
    }
    if (json.contains("rejected") && json["rejected"].is_array()) {
      // Kept on this device, never sent again: the server will not read them (a newer record type).
      for (const auto& rejected : json["rejected"]) {
        if (rejected.is_object() && rejected.contains("id") && rejected["id"].is_string())
          marked.emplace_back(rejected["id"].get<std::string>(), kRejectedMark);
      }
    }
    for (const auto& [id, value] : marked) writes.push_back(KeyValueWrite{stores::kSynced, id, value});
    auto remember = [this, marked](std::optional<StorageError> error) {
      if (error) return finish_with("cannot save what was sent: " + error->message);
      for (const auto& [id, value] : marked) {
        m_marks[id] = value;
        ++m_marks_revision;
        if (value == kRejectedMark) ++m_rejected;
        else ++m_pushed;
      }
      if (marked.empty()) return finish_with("the server acknowledged none of the records sent");
      push();
    };
    if (!m_storage_open) return remember(std::nullopt);
    m_storage.write(std::move(writes), WriteDurability::strict, remember);
  });
}

void ProgressSync::pull() {
  m_phase = Phase::pulling;
  m_http.get("/api/v1/sync/events?limit=500&after=" + m_cursor, {}, [this](HttpResponse response) {
    if (response.status == 401) {
      m_account.check();
      return finish_with("signed out");
    }
    const auto json = nlohmann::json::parse(response.body, nullptr, false);
    if (!response.ok() || !json.is_object() || !json.contains("events") || !json["events"].is_array() || !json.contains("cursor") ||
        !json["cursor"].is_string()) {
      return finish_with(problem_text(response));
    }
    std::vector<ProgressRecord> records;
    std::vector<KeyValueWrite> writes;
    std::vector<std::string> ids;
    for (std::size_t i = 0; i < json["events"].size(); ++i) {
      auto record = progress_record_from_json(json["events"][i], "events[" + std::to_string(i) + "]");
      if (!record) continue;  // a record type this client does not know: the next version will read it
      ids.push_back(record_id(record.value()));
      writes.push_back(KeyValueWrite{stores::kSynced, ids.back(), mark()});
      records.push_back(std::move(record).value());
    }
    const std::string cursor = json["cursor"].get<std::string>();
    const bool more = json.value("more", false);
    const std::string previous = m_cursor;
    m_cursor = cursor;
    save_meta(writes);
    m_cursor = previous;  // moved only once the transaction committed
    m_progress.store_from_server(std::move(records), std::move(writes), [this, ids, cursor, more](std::optional<StorageError> error) {
      if (error) return finish_with("cannot save what was pulled: " + error->message);
      m_cursor = cursor;
      for (const std::string& id : ids) m_marks[id] = mark();
      ++m_marks_revision;
      m_pulled += ids.size();
      if (more) return pull();
      m_last_synced_ms = m_clock.now_ms();
      m_seen_revision = m_progress.revision();
      finish_with("");
    });
  });
}

void ProgressSync::finish_with(std::string problem) {
  m_problem = std::move(problem);
  if (m_problem.empty()) {
    m_phase = Phase::idle;
    m_retry_ms = kFirstRetryMs;
    // Answers given while this sync ran go in the next one.
    if (pending() > 0) m_due_ms = m_clock.now_ms() + kAfterAnswerMs;
  } else {
    m_phase = Phase::failed;
    m_due_ms = m_clock.now_ms() + m_retry_ms;
    m_retry_ms = std::min(m_retry_ms * 2, kLastRetryMs);
  }
  if (m_after_sending) {
    std::optional<std::string> unsent;
    if (!m_problem.empty()) unsent = m_problem;
    else if (pending() > 0) unsent = std::to_string(pending()) + " answer(s) given meanwhile";
    std::exchange(m_after_sending, {})(std::move(unsent));
  }
  request_redraw();
}

nlohmann::json ProgressSync::state_json() const {
  nlohmann::json state = {{"phase", std::string(to_string(m_phase))},
                          {"pending", pending()},
                          {"local_records", m_user_id ? 0 : local_records()},
                          {"cursor", m_cursor},
                          {"pushed", m_pushed},
                          {"pulled", m_pulled},
                          {"rejected", m_rejected},
                          {"problem", m_problem}};
  if (m_user_id) state["user_id"] = *m_user_id;
  if (m_last_synced_ms) state["last_synced_ms"] = *m_last_synced_ms;
  if (m_phase == Phase::waiting_for_decision) state["decision_records"] = local_records();
  return state;
}

}  // namespace umuhanda
