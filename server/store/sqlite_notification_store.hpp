// NotificationStore on the server's SQLite file, and add_notification for the stores whose
// changes are told of (a payment decided), inside their own transactions.
#pragma once

#include <mutex>
#include <nlohmann/json_fwd.hpp>

#include "sqlite_database.hpp"
#include "store/notification_store.hpp"

namespace umuhanda {

// The job each new notification enqueues in its own transaction: its email and webhook
// (notification_delivery.hpp), sent after the commit, retried until they are.
inline constexpr const char* kDeliverNotificationJob = "notifications.deliver";

// Inside the caller's transaction: a notification for `user_id`, unless one for `event_key` was
// recorded already, and the job that delivers it outside the app. Returns whether it was added.
Expected<bool> add_notification(Database& db, std::int64_t user_id, std::string_view kind, const std::string& event_key, const nlohmann::json& data,
                                UnixSeconds now);
// Kinds told in the app only (the inbox and the live stream), never by email or webhook: a new
// pack version reaches every student, and a message to each for every upload would teach them to
// ignore the school's email and cost it an SMS each through a gateway (docs/notifications.md).
bool in_app_only(std::string_view kind);
// The same for every instructor and admin (a new payment request, a contact message).
Expected<void> notify_staff(Database& db, std::string_view kind, const std::string& event_key, const nlohmann::json& data, UnixSeconds now);

// The same for every student whose account is not disabled (a new version of a pack).
Expected<void> notify_students(Database& db, std::string_view kind, const std::string& event_key, const nlohmann::json& data, UnixSeconds now);

class SqliteNotificationStore final : public NotificationStore {
public:
  SqliteNotificationStore(Database& writer, std::mutex& writer_mutex, ReadConnections& readers);

  Expected<Inbox> inbox(std::int64_t user_id, std::size_t limit) override;
  Expected<std::vector<Notification>> after(std::int64_t user_id, std::int64_t after_id, std::size_t limit) override;
  Expected<std::int64_t> mark_read(std::int64_t user_id, std::int64_t up_to_id, UnixSeconds now) override;

private:
  Database& m_writer;
  std::mutex& m_writer_mutex;
  ReadConnections& m_readers;
};

}  // namespace umuhanda
