// Inbox: the signed-in person's notifications (docs/notifications.md), worded by the server in the
// language the app is read in (the same subject and lines as its email), with the unread count a
// badge shows. Fetched at sign-in and whenever the live stream says something new arrived; marked
// read when the person opens the inbox. Online only: the server keeps the inbox.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "platform/http_client.hpp"

namespace umuhanda {

struct InboxItem {
  std::int64_t id = 0;
  std::string kind;  // "payment.approved", "exam.result", ...
  nlohmann::json data;
  std::int64_t created_at = 0;  // Unix seconds
  bool read = false;
  std::string subject;  // as the server worded it; "" for a kind it has no wording for
  std::string summary;
};

class Inbox {
public:
  explicit Inbox(HttpClient& http) : m_http(http) {}

  // Asks for the newest notifications, worded in `language` ("en", "fr", "rw").
  void refresh(const std::string& language);
  // Marks everything shown read (up to the newest id held); the badge goes to what the server says.
  void mark_all_read();
  void forget();  // after signing out

  const std::vector<InboxItem>& items() const { return m_items; }
  std::int64_t unread() const { return m_unread; }
  bool loaded() const { return m_loaded; }
  bool loading() const { return m_loading; }
  const std::string& language() const { return m_language; }  // the language the items are worded in
  const std::string& problem() const { return m_problem; }
  std::uint64_t revision() const { return m_revision; }
  nlohmann::json state_json() const;

private:
  HttpClient& m_http;
  std::vector<InboxItem> m_items;  // newest first
  std::int64_t m_unread = 0;
  bool m_loaded = false;
  bool m_loading = false;
  bool m_again = false;  // a refresh was asked while one was on its way
  std::string m_language = "en";
  std::string m_problem;
  std::uint64_t m_revision = 0;
  std::uint64_t m_generation = 0;
};

}  // namespace umuhanda
