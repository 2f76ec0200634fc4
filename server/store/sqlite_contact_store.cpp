// Contact messages in SQL (see contact_store.hpp).
#include "store/sqlite_contact_store.hpp"

#include <nlohmann/json.hpp>

#include "store/sqlite_notification_store.hpp"

namespace umuhanda {
namespace {

constexpr const char* kColumns = "id, user_id, name, reply_to, topic, message, context, status, created_at, updated_at, updated_by";

ContactMessage read_message(const Statement& row) {
  return ContactMessage{row.column_int(0),          row.column_optional_int(1),
                        row.column_text(2),         row.column_text(3),
                        row.column_text(4),         row.column_text(5),
                        row.column_text(6),         contact_status_from(row.column_text(7)).value_or(ContactStatus::fresh),
                        row.column_int(8),          row.column_int(9),
                        row.column_optional_int(10)};
}

}  // namespace

std::string_view to_string(ContactStatus status) {
  switch (status) {
    case ContactStatus::fresh: return "new";
    case ContactStatus::in_progress: return "in_progress";
    case ContactStatus::resolved: return "resolved";
  }
  return "new";
}

std::optional<ContactStatus> contact_status_from(std::string_view name) {
  if (name == "new") return ContactStatus::fresh;
  if (name == "in_progress") return ContactStatus::in_progress;
  if (name == "resolved") return ContactStatus::resolved;
  return std::nullopt;
}

bool is_contact_topic(std::string_view topic) { return topic == "question" || topic == "error_report" || topic == "payment" || topic == "other"; }

SqliteContactStore::SqliteContactStore(Database& writer, std::mutex& writer_mutex, ReadConnections& readers)
    : m_writer(writer), m_writer_mutex(writer_mutex), m_readers(readers) {}

Expected<ContactMessage> SqliteContactStore::add(const NewContactMessage& message) {
  std::lock_guard lock(m_writer_mutex);
  return in_transaction(m_writer, [&](Database& db) -> Expected<ContactMessage> {
    auto insert = db.prepare(std::string("INSERT INTO contact_messages (user_id, name, reply_to, topic, message, context, created_at, updated_at)"
                                         " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7) RETURNING ") +
                             kColumns);
    if (!insert) return insert.errors();
    if (message.user_id) insert->bind(1, *message.user_id);
    insert->bind(2, message.name)
        .bind(3, message.reply_to)
        .bind(4, message.topic)
        .bind(5, message.text)
        .bind(6, message.context)
        .bind(7, message.now);
    auto row = insert->step();
    if (!row) return row.errors();
    ContactMessage added = read_message(insert.value());
    insert->reset();
    auto told = notify_staff(db, "contact.received", "contact:" + std::to_string(added.id) + ":received",
                             {{"contact", added.id}, {"topic", added.topic}, {"sender", added.name}}, message.now);
    if (!told) return told.errors();
    return added;
  });
}

Expected<std::vector<ContactMessage>> SqliteContactStore::list(std::optional<ContactStatus> status, std::size_t limit) {
  return m_readers.with([&](Database& db) -> Expected<std::vector<ContactMessage>> {
    auto query = db.prepare(std::string("SELECT ") + kColumns + " FROM contact_messages WHERE ?1 IS NULL OR status = ?1 ORDER BY id DESC LIMIT ?2");
    if (!query) return query.errors();
    if (status) query->bind(1, to_string(*status));
    query->bind(2, static_cast<std::int64_t>(limit));
    return read_rows<ContactMessage>(query.value(), read_message);
  });
}

Expected<std::optional<ContactMessage>> SqliteContactStore::set_status(std::int64_t id, ContactStatus status, std::int64_t staff_id,
                                                                       UnixSeconds now) {
  std::lock_guard lock(m_writer_mutex);
  auto update =
      m_writer.prepare(std::string("UPDATE contact_messages SET status = ?2, updated_at = ?3, updated_by = ?4 WHERE id = ?1 RETURNING ") + kColumns);
  if (!update) return update.errors();
  update->bind(1, id).bind(2, to_string(status)).bind(3, now).bind(4, staff_id);
  auto row = update->step();
  if (!row) return row.errors();
  if (!row.value()) return std::optional<ContactMessage>();
  ContactMessage changed = read_message(update.value());
  update->reset();
  return std::optional<ContactMessage>(std::move(changed));
}

}  // namespace umuhanda
