// Contact messages over the server's JSON routes (see contact.hpp).
#include "app/contact.hpp"

#include <algorithm>

namespace umuhanda {

std::optional<ContactMessage> contact_message_from(const nlohmann::json& json) {
  if (!json.is_object() || !json.contains("id") || !json["id"].is_number_integer()) return std::nullopt;
  auto text = [&json](const char* key) { return json.contains(key) && json[key].is_string() ? json[key].get<std::string>() : std::string(); };
  ContactMessage message;
  message.id = json["id"].get<std::int64_t>();
  if (json.contains("user_id") && json["user_id"].is_number_integer()) message.user_id = json["user_id"].get<std::int64_t>();
  message.name = text("name");
  message.reply_to = text("reply_to");
  message.topic = text("topic");
  message.message = text("message");
  message.context = json.contains("context") && json["context"].is_object() ? json["context"] : nlohmann::json::object();
  message.status = text("status");
  message.created_at = json.value("created_at", std::int64_t{0});
  return message;
}

void ContactMessages::send(const std::string& topic, const std::string& message, const std::string& name, const std::string& reply_to,
                           nlohmann::json context, Done on_done) {
  if (m_busy) return;
  m_busy = true;
  ++m_revision;
  nlohmann::json body = {{"topic", topic}, {"message", message}};
  if (!name.empty()) body["name"] = name;
  if (!reply_to.empty()) body["reply_to"] = reply_to;
  if (context.is_object() && !context.empty()) body["context"] = std::move(context);
  const std::uint64_t generation = m_generation;
  m_http.send_json("POST", "/api/v1/contact", body.dump(), [this, generation, on_done = std::move(on_done)](HttpResponse response) {
    if (generation != m_generation) return;
    m_busy = false;
    ++m_revision;
    if (!response.ok()) return on_done(problem_of_answer(response));
    ++m_sent;
    on_done(std::nullopt);
  });
}

void ContactMessages::load(const std::string& status) {
  m_filter = status;
  ++m_revision;
  const std::uint64_t generation = m_generation;
  m_http.get(status.empty() ? "/api/v1/contact" : "/api/v1/contact?status=" + status, {}, [this, generation, status](HttpResponse response) {
    if (generation != m_generation || status != m_filter) return;  // another filter was chosen since
    ++m_revision;
    const auto json = nlohmann::json::parse(response.body, nullptr, false);
    if (!response.ok() || !json.is_object() || !json.contains("messages") || !json["messages"].is_array()) {
      m_problem = problem_of_answer(response).message;
      return;
    }
    m_problem.clear();
    m_messages.clear();
    for (const auto& item : json["messages"]) {
      if (auto message = contact_message_from(item)) m_messages.push_back(std::move(*message));
    }
    m_loaded = true;
  });
}

void ContactMessages::set_status(std::int64_t id, const std::string& status, Done on_done) {
  if (m_busy) return;
  m_busy = true;
  ++m_revision;
  const std::uint64_t generation = m_generation;
  m_http.send_json("POST", "/api/v1/contact/" + std::to_string(id), nlohmann::json{{"status", status}}.dump(),
                   [this, generation, id, status, on_done = std::move(on_done)](HttpResponse response) {
                     if (generation != m_generation) return;
                     m_busy = false;
                     ++m_revision;
                     if (!response.ok()) return on_done(problem_of_answer(response));
                     for (ContactMessage& message : m_messages) {
                       if (message.id == id) message.status = status;
                     }
                     // A message that no longer has the status shown leaves the list.
                     if (!m_filter.empty()) std::erase_if(m_messages, [this](const ContactMessage& m) { return m.status != m_filter; });
                     on_done(std::nullopt);
                   });
}

void ContactMessages::forget() {
  ++m_generation;
  m_messages.clear();
  m_loaded = false;
  m_busy = false;
  ++m_revision;
}

nlohmann::json ContactMessages::state_json() const {
  nlohmann::json list = nlohmann::json::array();
  for (const ContactMessage& m : m_messages) list.push_back({{"id", m.id}, {"topic", m.topic}, {"status", m.status}, {"name", m.name}});
  return {{"loaded", m_loaded}, {"filter", m_filter}, {"messages", list}, {"busy", m_busy}, {"sent", m_sent}, {"problem", m_problem}};
}

}  // namespace umuhanda
