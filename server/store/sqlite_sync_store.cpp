#include "store/sqlite_sync_store.hpp"

namespace umuhanda {

Expected<PushOutcome> SqliteSyncStore::push(std::int64_t user_id, const std::string& device, const std::vector<SyncEvent>& events) {
  std::lock_guard lock(m_writer_mutex);
  auto transaction = Transaction::begin(m_writer);
  if (!transaction) return transaction.errors();
  // ON CONFLICT DO NOTHING RETURNING gives a row only for an event stored now (SQLite 3.35 and
  // PostgreSQL alike): a repeated id is counted, not an error, and never changes the first copy.
  auto insert = m_writer.prepare(
      "INSERT INTO progress_events (user_id, event_id, device, type, at_ms, body, stored_at)"
      " VALUES (?1, ?2, ?3, ?4, ?5, ?6, CAST(strftime('%s', 'now') AS INTEGER))"
      " ON CONFLICT (user_id, event_id) DO NOTHING RETURNING seq");
  if (!insert) return insert.errors();
  PushOutcome outcome;
  for (const SyncEvent& event : events) {
    insert->reset();
    insert->bind(1, user_id).bind(2, event.id).bind(3, device).bind(4, event.type).bind(5, event.at_ms).bind(6, event.body);
    auto row = insert->step();
    if (!row) return row.errors();
    if (row.value()) {
      ++outcome.stored;
      if (auto done = insert->run(); !done) return done.errors();
    } else {
      ++outcome.duplicates;
    }
  }
  auto last = m_writer.prepare("SELECT COALESCE(MAX(seq), 0) FROM progress_events WHERE user_id = ?1");
  if (!last) return last.errors();
  last->bind(1, user_id);
  if (auto row = last->step(); !row) return row.errors();
  outcome.cursor = last->column_int(0);
  if (auto committed = transaction->commit(); !committed) return committed.errors();
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
