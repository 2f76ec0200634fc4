// The inbox in SQL (see sqlite_notification_store.hpp).
#include "store/sqlite_notification_store.hpp"

#include <nlohmann/json.hpp>

#include "jobs/sqlite_job_store.hpp"

namespace umuhanda {
namespace {

// With the names of the plan a notification's data names (a plan renamed later reads as it is now).
constexpr const char* kColumns =
    "n.id, n.user_id, n.kind, n.data, n.created_at, n.read_at, COALESCE(p.names, '')"
    " FROM notifications n LEFT JOIN plans p ON p.slug = json_extract(n.data, '$.plan')";

Notification read_notification(const Statement& row) {
  return Notification{row.column_int(0), row.column_int(1),          row.column_text(2), row.column_text(3),
                      row.column_int(4), row.column_optional_int(5), row.column_text(6)};
}

Expected<void> notify_role(Database& db, const char* role, std::string_view kind, const std::string& event_key, const nlohmann::json& data,
                           UnixSeconds now) {
  auto people = db.prepare(std::string("SELECT id FROM users WHERE role IN (") + role + ") AND disabled_at IS NULL");
  if (!people) return people.errors();
  std::vector<std::int64_t> ids;
  for (;;) {
    auto row = people->step();
    if (!row) return row.errors();
    if (!row.value()) break;
    ids.push_back(people->column_int(0));
  }
  people->reset();
  for (std::int64_t id : ids) {
    if (auto added = add_notification(db, id, kind, event_key, data, now); !added) return added.errors();
  }
  return {};
}

Expected<std::vector<Notification>> read_notifications(Statement& query) { return read_rows<Notification>(query, read_notification); }

Expected<std::int64_t> unread_count(Database& db, std::int64_t user_id) {
  auto query = db.prepare("SELECT COUNT(*) FROM notifications WHERE user_id = ?1 AND read_at IS NULL");
  if (!query) return query.errors();
  query->bind(1, user_id);
  auto row = query->step();
  if (!row) return row.errors();
  return query->column_int(0);
}

}  // namespace

Expected<bool> add_notification(Database& db, std::int64_t user_id, std::string_view kind, const std::string& event_key, const nlohmann::json& data,
                                UnixSeconds now) {
  auto insert = db.prepare(
      "INSERT INTO notifications (user_id, kind, event_key, data, created_at) VALUES (?1, ?2, ?3, ?4, ?5)"
      " ON CONFLICT (user_id, event_key) DO NOTHING RETURNING id");
  if (!insert) return insert.errors();
  insert->bind(1, user_id).bind(2, kind).bind(3, event_key).bind(4, data.dump()).bind(5, now);
  auto row = insert->step();
  if (!row) return row.errors();
  if (!row.value()) return false;  // told of this event already
  const std::int64_t id = insert->column_int(0);
  insert->reset();
  if (in_app_only(kind)) return true;
  NewJob deliver{kDeliverNotificationJob, nlohmann::json{{"notification", id}}.dump(), now * 1000, "notification:" + std::to_string(id)};
  if (auto enqueued = enqueue_job(db, deliver, now * 1000); !enqueued) return enqueued.errors();
  return true;
}

bool in_app_only(std::string_view kind) { return kind == "pack.new_version"; }

Expected<void> notify_staff(Database& db, std::string_view kind, const std::string& event_key, const nlohmann::json& data, UnixSeconds now) {
  return notify_role(db, "'instructor', 'admin'", kind, event_key, data, now);
}

Expected<void> notify_students(Database& db, std::string_view kind, const std::string& event_key, const nlohmann::json& data, UnixSeconds now) {
  return notify_role(db, "'student'", kind, event_key, data, now);
}

SqliteNotificationStore::SqliteNotificationStore(Database& writer, std::mutex& writer_mutex, ReadConnections& readers)
    : m_writer(writer), m_writer_mutex(writer_mutex), m_readers(readers) {}

Expected<Inbox> SqliteNotificationStore::inbox(std::int64_t user_id, std::size_t limit) {
  return m_readers.with([&](Database& db) -> Expected<Inbox> {
    auto query = db.prepare(std::string("SELECT ") + kColumns + " WHERE n.user_id = ?1 ORDER BY n.id DESC LIMIT ?2");
    if (!query) return query.errors();
    query->bind(1, user_id).bind(2, static_cast<std::int64_t>(limit));
    auto rows = read_notifications(query.value());
    if (!rows) return rows.errors();
    query->reset();
    auto unread = unread_count(db, user_id);
    if (!unread) return unread.errors();
    return Inbox{std::move(rows).value(), unread.value()};
  });
}

Expected<std::vector<Notification>> SqliteNotificationStore::after(std::int64_t user_id, std::int64_t after_id, std::size_t limit) {
  return m_readers.with([&](Database& db) -> Expected<std::vector<Notification>> {
    auto query = db.prepare(std::string("SELECT ") + kColumns + " WHERE n.user_id = ?1 AND n.id > ?2 ORDER BY n.id LIMIT ?3");
    if (!query) return query.errors();
    query->bind(1, user_id).bind(2, after_id).bind(3, static_cast<std::int64_t>(limit));
    return read_notifications(query.value());
  });
}

Expected<std::int64_t> SqliteNotificationStore::mark_read(std::int64_t user_id, std::int64_t up_to_id, UnixSeconds now) {
  std::lock_guard lock(m_writer_mutex);
  auto transaction = Transaction::begin(m_writer);
  if (!transaction) return transaction.errors();
  auto mark = m_writer.prepare("UPDATE notifications SET read_at = ?3 WHERE user_id = ?1 AND id <= ?2 AND read_at IS NULL");
  if (!mark) return mark.errors();
  mark->bind(1, user_id).bind(2, up_to_id).bind(3, now);
  if (auto ran = mark->run(); !ran) return ran.errors();
  auto unread = unread_count(m_writer, user_id);
  if (!unread) return unread.errors();
  if (auto committed = transaction->commit(); !committed) return committed.errors();
  return unread;
}

}  // namespace umuhanda
