#include "store/sqlite_sync_store.hpp"

#include <algorithm>
#include <string>

#include "system_clock.hpp"

namespace umuhanda {

Expected<PushOutcome> SqliteSyncStore::push(std::int64_t user_id, const std::string& device, const std::vector<SyncEvent>& events) {
  PendingPush mine{user_id, &device, &events, std::nullopt};
  std::unique_lock lock(m_group_mutex);
  m_waiting.push_back(&mine);
  // The thread that finds nobody writing writes every push waiting, its own among them; the others
  // wait for the group they are in to end. Nobody waits for more than the group before theirs.
  while (!mine.outcome) {
    if (m_writing) {
      m_group_done.wait(lock);
      continue;
    }
    m_writing = true;
    std::vector<PendingPush*> group;
    group.swap(m_waiting);
    ++m_stats.groups;
    m_stats.pushes += group.size();
    m_stats.largest = std::max(m_stats.largest, group.size());
    lock.unlock();
    bool alone = false;
    auto outcomes = write_group(group, alone);
    lock.lock();
    if (alone) ++m_stats.written_alone;
    for (std::size_t i = 0; i < group.size(); ++i) group[i]->outcome = std::move(outcomes[i]);
    m_writing = false;
    m_group_done.notify_all();
  }
  return std::move(*mine.outcome);
}

SqliteSyncStore::GroupStats SqliteSyncStore::group_stats() {
  std::lock_guard lock(m_group_mutex);
  return m_stats;
}

std::size_t SqliteSyncStore::waiting_pushes() {
  std::lock_guard lock(m_group_mutex);
  return m_waiting.size();
}

std::vector<Expected<PushOutcome>> SqliteSyncStore::write_group(const std::vector<PendingPush*>& group, bool& alone) {
  std::lock_guard lock(m_writer_mutex);
  // The whole group in one transaction. Savepoints per push halved the throughput (SQLite copies
  // every page a savepoint touches), so a push that fails (a full disk, an account deleted since
  // its session was checked) rolls the group back instead, and each push is then written alone:
  // it fails alone, the others are stored.
  if (group.size() > 1) {
    std::vector<Expected<PushOutcome>> outcomes;
    outcomes.reserve(group.size());
    if (auto together = write_together(group, outcomes); together) return outcomes;
    alone = true;
  }
  std::vector<Expected<PushOutcome>> outcomes;
  outcomes.reserve(group.size());
  for (PendingPush* const& push : group) {
    std::vector<Expected<PushOutcome>> one;
    auto written = write_together(std::span<PendingPush* const>(&push, 1), one);
    outcomes.push_back(written ? std::move(one.front()) : Expected<PushOutcome>(written.errors()));
  }
  return outcomes;
}

Expected<void> SqliteSyncStore::write_together(std::span<PendingPush* const> pushes, std::vector<Expected<PushOutcome>>& outcomes) {
  auto transaction = Transaction::begin(m_writer);
  if (!transaction) return transaction.errors();
  for (const PendingPush* push : pushes) {
    auto outcome = insert_events(*push);
    if (!outcome) return outcome.errors();
    outcomes.push_back(std::move(outcome));
  }
  // Only now may any of them be acknowledged: none is stored until this commit is.
  return transaction->commit();
}

namespace {

// One INSERT of `rows` events: the user, device and time once (?1 to ?3), then four values a row.
std::string insert_sql(std::size_t rows) {
  std::string sql = "INSERT INTO progress_events (user_id, device, stored_at, event_id, type, at_ms, body) VALUES ";
  for (std::size_t row = 0; row < rows; ++row) {
    const std::size_t first = 4 + row * 4;
    if (row != 0) sql += ", ";
    sql += "(?1, ?2, ?3, ?" + std::to_string(first) + ", ?" + std::to_string(first + 1) + ", ?" + std::to_string(first + 2) + ", ?" +
           std::to_string(first + 3) + ")";
  }
  // ON CONFLICT DO NOTHING (SQLite 3.24 and PostgreSQL alike): a repeated id is counted, not an
  // error, and never changes the first copy; the rows changed tell how many were new. (RETURNING
  // said which, but SQLite buffers RETURNING rows in a temporary b-tree per statement: a fifth of
  // the push's time. Nobody needs which: the cursor comes from MAX(seq) below.)
  return sql + " ON CONFLICT (user_id, event_id) DO NOTHING";
}

// Statement sizes, largest first: a push of 50 runs 32 + 8 + 8 + 1 + 1 rows in five statements,
// each compiled once per connection (a statement per row cost a tenth of the push in starting and
// ending statements alone).
constexpr std::size_t kRowsPerInsert[] = {32, 8, 1};

}  // namespace

Expected<PushOutcome> SqliteSyncStore::insert_events(const PendingPush& push) {
  static const std::string kInserts[] = {insert_sql(kRowsPerInsert[0]), insert_sql(kRowsPerInsert[1]), insert_sql(kRowsPerInsert[2])};
  const std::int64_t now = unix_now();
  const std::vector<SyncEvent>& events = *push.events;
  PushOutcome outcome;
  std::size_t next = 0;
  for (std::size_t size = 0; size < std::size(kRowsPerInsert); ++size) {
    const std::size_t rows = kRowsPerInsert[size];
    while (events.size() - next >= rows) {
      auto insert = m_writer.prepare(kInserts[size]);
      if (!insert) return insert.errors();
      insert->bind(1, push.user_id).bind(2, *push.device).bind(3, now);
      for (std::size_t row = 0; row < rows; ++row) {
        const SyncEvent& event = events[next + row];
        const int first = static_cast<int>(4 + row * 4);
        insert->bind(first, event.id).bind(first + 1, event.type).bind(first + 2, event.at_ms).bind(first + 3, event.body);
      }
      if (auto done = insert->run(); !done) return done.errors();
      const auto stored = static_cast<std::size_t>(m_writer.changes());
      outcome.stored += stored;
      outcome.duplicates += rows - stored;
      next += rows;
    }
  }
  auto last = m_writer.prepare("SELECT COALESCE(MAX(seq), 0) FROM progress_events WHERE user_id = ?1");
  if (!last) return last.errors();
  last->bind(1, push.user_id);
  if (auto row = last->step(); !row) return row.errors();
  outcome.cursor = last->column_int(0);
  return outcome;
}

Expected<EventPage> SqliteSyncStore::pull(std::int64_t user_id, std::int64_t after, std::size_t limit) {
  return m_readers.with([&](Database& db) -> Expected<EventPage> {
    // One row more than asked tells whether another page follows.
    auto query = db.prepare("SELECT seq, event_id, type, at_ms, body FROM progress_events WHERE user_id = ?1 AND seq > ?2 ORDER BY seq LIMIT ?3");
    if (!query) return query.errors();
    query->bind(1, user_id).bind(2, after).bind(3, static_cast<std::int64_t>(limit) + 1);
    EventPage page;
    page.cursor = after;
    while (true) {
      auto row = query->step();
      if (!row) return row.errors();
      if (!row.value()) break;
      if (page.events.size() == limit) {
        page.more = true;
        break;
      }
      page.cursor = query->column_int(0);
      page.events.push_back(SyncEvent{query->column_text(1), query->column_text(2), query->column_int(3), query->column_text(4)});
    }
    return page;
  });
}

}  // namespace umuhanda
