// Messages people send the school through the contact form (the origin site's contact page and
// error reports), and the status staff give them, behind an interface free of SQLite types.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "store/account_store.hpp"  // UnixSeconds
#include "umuhanda/expected.hpp"

namespace umuhanda {

enum class ContactStatus { fresh, in_progress, resolved };  // "new", "in_progress", "resolved"
std::string_view to_string(ContactStatus status);
std::optional<ContactStatus> contact_status_from(std::string_view name);

// What a message is about: a question, an error in the app or a question's content, a payment.
bool is_contact_topic(std::string_view topic);  // "question", "error_report", "payment", "other"

struct NewContactMessage {
  std::optional<std::int64_t> user_id;  // the sender's account when signed in
  std::string name;
  std::string reply_to;  // a phone number or email to answer on ("" when signed in: the account's)
  std::string topic;
  std::string text;
  std::string context = "{}";  // JSON the app adds to an error report (screen, question id, version)
  UnixSeconds now = 0;
};

struct ContactMessage {
  std::int64_t id = 0;
  std::optional<std::int64_t> user_id;
  std::string name;
  std::string reply_to;
  std::string topic;
  std::string text;
  std::string context;
  ContactStatus status = ContactStatus::fresh;
  UnixSeconds created_at = 0;
  UnixSeconds updated_at = 0;
  std::optional<std::int64_t> updated_by;
};

class ContactStore {
public:
  virtual ~ContactStore() = default;
  // Records the message and tells every instructor and admin (notification contact.received), in
  // one transaction.
  virtual Expected<ContactMessage> add(const NewContactMessage& message) = 0;
  // Newest first; only those in `status` when given.
  virtual Expected<std::vector<ContactMessage>> list(std::optional<ContactStatus> status, std::size_t limit) = 0;
  // nullopt: no such message.
  virtual Expected<std::optional<ContactMessage>> set_status(std::int64_t id, ContactStatus status, std::int64_t staff_id, UnixSeconds now) = 0;
};

}  // namespace umuhanda
