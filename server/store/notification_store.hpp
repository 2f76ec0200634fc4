// Each person's inbox of notifications (a payment approved, a subscription ending, a new payment
// request for staff), behind an interface free of SQLite types. A notification is recorded in the
// same transaction as the change it tells of (add_notification on the SQLite side), once per
// person per event, and stored as a kind and its data so each reader's app words it in their
// language.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "store/account_store.hpp"  // UnixSeconds
#include "umuhanda/expected.hpp"

namespace umuhanda {

struct Notification {
  std::int64_t id = 0;
  std::int64_t user_id = 0;
  std::string kind;
  std::string data;  // JSON object
  UnixSeconds created_at = 0;
  std::optional<UnixSeconds> read_at;
  std::string plan_names;  // the names of the plan `data` names, as stored (JSON), or ""
};

struct Inbox {
  std::vector<Notification> notifications;  // newest first
  std::int64_t unread = 0;                  // in the whole inbox, not only the page
};

class NotificationStore {
public:
  virtual ~NotificationStore() = default;
  // The newest `limit`, or those after `after_id` (oldest first then: what a live stream missed).
  virtual Expected<Inbox> inbox(std::int64_t user_id, std::size_t limit) = 0;
  virtual Expected<std::vector<Notification>> after(std::int64_t user_id, std::int64_t after_id, std::size_t limit) = 0;
  // Marks every notification of the user up to `up_to_id` read; returns how many are still unread.
  virtual Expected<std::int64_t> mark_read(std::int64_t user_id, std::int64_t up_to_id, UnixSeconds now) = 0;
};

}  // namespace umuhanda
