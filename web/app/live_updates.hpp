// LiveUpdates: while someone is signed in, the app listens to their notifications as the server
// records them (GET /api/v1/me/events, server-sent events). A payment approved, a plan granted or
// ended changes what the account may open: the entitlement is fetched again at once, and the pack
// follows (ContentSync), so an open page unlocks without a reload. Other kinds are counted for the
// inbox. Signing out closes the stream; another account opens its own.
#pragma once

#include <cstdint>
#include <functional>
#include <nlohmann/json.hpp>
#include <string>

#include "app/account.hpp"
#include "app/entitlements.hpp"
#include "platform/event_stream.hpp"

namespace umuhanda {

class LiveUpdates {
public:
  LiveUpdates(EventStream& stream, Account& account, Entitlements& entitlements);

  // Each frame: opens or closes the stream as the account changes. Cheap when nothing changed.
  void update();
  nlohmann::json state_json() const;

  // The kinds of notification after which what the account may open is asked again.
  static bool changes_access(const std::string& kind);

  // Told of every notification's kind as it arrives (the inbox and the payments follow it).
  std::function<void(const std::string& kind)> on_notification;

private:
  void on_event(const ServerEvent& event);

  EventStream& m_stream;
  Account& m_account;
  Entitlements& m_entitlements;
  std::int64_t m_listening_for = 0;  // the user id the open stream is for; 0 none
  std::int64_t m_last_id = 0;        // the newest notification id received
  std::uint64_t m_received = 0;
  std::uint64_t m_access_refreshes = 0;
  std::string m_last_kind;
};

}  // namespace umuhanda
