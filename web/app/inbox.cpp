// The inbox over the server's JSON routes (see inbox.hpp).
#include "app/inbox.hpp"

#include "app/account.hpp"  // problem_of_answer

namespace umuhanda {

void Inbox::refresh(const std::string& language) {
  m_language = language;
  if (m_loading) {
    // One request at a time; the newest news is asked for when this one is back.
    m_again = true;
    return;
  }
  m_loading = true;
  ++m_revision;
  const std::uint64_t generation = m_generation;
  m_http.get("/api/v1/me/notifications?language=" + language, {}, [this, generation](HttpResponse response) {
    if (generation != m_generation) return;
    m_loading = false;
    ++m_revision;
    const auto json = nlohmann::json::parse(response.body, nullptr, false);
    if (!response.ok() || !json.is_object() || !json.contains("notifications") || !json["notifications"].is_array()) {
      m_problem = problem_of_answer(response).message;
    } else {
      m_problem.clear();
      m_items.clear();
      m_unread = json.value("unread", std::int64_t{0});
      for (const auto& entry : json["notifications"]) {
        if (!entry.is_object() || !entry.contains("id") || !entry["id"].is_number_integer()) continue;
        InboxItem item;
        item.id = entry["id"].get<std::int64_t>();
        item.kind = entry.value("kind", std::string());
        item.data = entry.contains("data") ? entry["data"] : nlohmann::json::object();
        item.created_at = entry.value("created_at", std::int64_t{0});
        item.read = entry.value("read", false);
        if (entry.contains("text") && entry["text"].is_object()) {
          item.subject = entry["text"].value("subject", std::string());
          item.summary = entry["text"].value("summary", std::string());
        }
        m_items.push_back(std::move(item));
      }
      m_loaded = true;
    }
    if (m_again) {
      m_again = false;
      refresh(m_language);
    }
  });
}

void Inbox::mark_all_read() {
  if (m_items.empty() || m_unread == 0) return;
  const std::int64_t newest = m_items.front().id;
  for (InboxItem& item : m_items) item.read = true;
  ++m_revision;
  const std::uint64_t generation = m_generation;
  m_http.send_json("POST", "/api/v1/me/notifications/read", nlohmann::json{{"up_to", newest}}.dump(), [this, generation](HttpResponse response) {
    if (generation != m_generation) return;
    ++m_revision;
    const auto json = nlohmann::json::parse(response.body, nullptr, false);
    if (response.ok() && json.is_object() && json.contains("unread") && json["unread"].is_number_integer()) {
      m_unread = json["unread"].get<std::int64_t>();
    } else {
      m_problem = problem_of_answer(response).message;
    }
  });
}

void Inbox::forget() {
  ++m_generation;
  m_items.clear();
  m_unread = 0;
  m_loaded = false;
  m_loading = false;
  m_again = false;
  m_problem.clear();
  ++m_revision;
}

nlohmann::json Inbox::state_json() const {
  nlohmann::json items = nlohmann::json::array();
  for (const InboxItem& item : m_items) items.push_back({{"id", item.id}, {"kind", item.kind}, {"read", item.read}, {"subject", item.subject}});
  return {{"loaded", m_loaded}, {"loading", m_loading}, {"unread", m_unread}, {"language", m_language}, {"items", items}, {"problem", m_problem}};
}

}  // namespace umuhanda
