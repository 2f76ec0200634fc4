// Listening to the signed-in person's notifications (see live_updates.hpp).
#include "app/live_updates.hpp"

namespace umuhanda {

LiveUpdates::LiveUpdates(EventStream& stream, Account& account, Entitlements& entitlements)
    : m_stream(stream), m_account(account), m_entitlements(entitlements) {}

bool LiveUpdates::changes_access(const std::string& kind) {
  return kind == "payment.approved" || kind == "subscription.granted" || kind == "subscription.ended";
}

void LiveUpdates::update() {
  const bool signed_in = m_account.state() == AccountState::signed_in && m_account.user();
  const std::int64_t user = signed_in ? m_account.user()->id : 0;
  if (user == m_listening_for) return;
  if (m_listening_for != 0) m_stream.close();
  m_listening_for = user;
  m_last_id = 0;
  if (user == 0) return;
  // From now on: what was recorded before is in the inbox, and the entitlement was fetched at sign-in.
  m_stream.open("/api/v1/me/events", [this](const ServerEvent& event) { on_event(event); });
}

void LiveUpdates::on_event(const ServerEvent& event) {
  if (event.type == "reset") {
    // More was missed than the stream replays: ask again what the account may open.
    ++m_access_refreshes;
    m_entitlements.refresh();
    return;
  }
  if (event.type != "notification") return;
  const auto data = nlohmann::json::parse(event.data, nullptr, false);
  if (!data.is_object() || !data.contains("kind") || !data["kind"].is_string()) return;
  ++m_received;
  m_last_kind = data["kind"].get<std::string>();
  if (data.contains("id") && data["id"].is_number_integer()) m_last_id = std::max(m_last_id, data["id"].get<std::int64_t>());
  if (changes_access(m_last_kind)) {
    ++m_access_refreshes;
    m_entitlements.refresh();
  }
  if (on_notification) on_notification(m_last_kind);
}

nlohmann::json LiveUpdates::state_json() const {
  return {{"open", m_stream.is_open()}, {"user_id", m_listening_for}, {"received", m_received},
          {"last_id", m_last_id},       {"last_kind", m_last_kind},   {"access_refreshes", m_access_refreshes}};
}

}  // namespace umuhanda
