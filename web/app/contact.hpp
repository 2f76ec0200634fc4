// Writing to the school (docs/api.md, "Contact messages"): anyone sends a question, an error
// report (with what the app knows of where it happened), a payment question or anything else;
// staff read the messages and move each from new to in progress to resolved. Online only.
#pragma once

#include <cstdint>
#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "app/account.hpp"
#include "platform/http_client.hpp"

namespace umuhanda {

inline constexpr const char* kContactTopics[] = {"question", "error_report", "payment", "other"};
inline constexpr const char* kContactStatuses[] = {"new", "in_progress", "resolved"};

struct ContactMessage {
  std::int64_t id = 0;
  std::optional<std::int64_t> user_id;  // the account that wrote, if signed in
  std::string name;
  std::string reply_to;
  std::string topic;
  std::string message;
  nlohmann::json context;  // what the app added to an error report
  std::string status;      // "new", "in_progress", "resolved"
  std::int64_t created_at = 0;
};

class ContactMessages {
public:
  using Done = std::function<void(std::optional<AccountProblem>)>;

  explicit ContactMessages(HttpClient& http) : m_http(http) {}

  // Sends a message. `name` and `reply_to` may be empty for a signed-in person (the server fills
  // them from the account); `context` is an object or null.
  void send(const std::string& topic, const std::string& message, const std::string& name, const std::string& reply_to, nlohmann::json context,
            Done on_done);
  // Staff: the newest messages, of one status or ("") all.
  void load(const std::string& status);
  void set_status(std::int64_t id, const std::string& status, Done on_done);
  void forget();

  const std::vector<ContactMessage>& messages() const { return m_messages; }
  const std::string& filter() const { return m_filter; }
  bool loaded() const { return m_loaded; }
  bool busy() const { return m_busy; }
  std::size_t sent() const { return m_sent; }  // messages this device sent in this visit
  const std::string& problem() const { return m_problem; }
  std::uint64_t revision() const { return m_revision; }
  nlohmann::json state_json() const;

private:
  HttpClient& m_http;
  std::vector<ContactMessage> m_messages;
  std::string m_filter = "new";
  bool m_loaded = false;
  bool m_busy = false;
  std::size_t m_sent = 0;
  std::string m_problem;
  std::uint64_t m_revision = 0;
  std::uint64_t m_generation = 0;
};

std::optional<ContactMessage> contact_message_from(const nlohmann::json& json);

}  // namespace umuhanda
