// ProgressSync: the signed-in student's progress log, exchanged with the server (docs/sync.md).
// Push: the records this device holds that the server has not acknowledged, 500 at a time; a
// record counts as sent only once the server answered 200 and the mark saying so is stored
// (the "synced" store: record id -> the account it is in). Pull: what the student's other devices
// stored after this device's cursor, saved with the new cursor in one transaction. Both are safe
// to repeat at any point, so every failure is handled the same way: try again later.
//
// Runs after new answers (a few seconds later, so a burst of answers goes in one push), at start,
// when a sign-in is confirmed, and after a failure with a growing delay; never blocks practice.
// The first time an account syncs on a device that already holds progress made signed out, the
// student chooses whether that progress joins the account (needs_decision / decide).
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "app/account.hpp"
#include "app/progress_store.hpp"
#include "platform/http_client.hpp"
#include "platform/key_value_store.hpp"
#include "umuhanda/clock.hpp"

namespace umuhanda {

class ProgressSync {
public:
  static constexpr std::int64_t kAfterAnswerMs = 3000;  // answers within this time go in one push
  static constexpr std::int64_t kFirstRetryMs = 5000;   // after a failure; doubles up to kLastRetryMs
  static constexpr std::int64_t kLastRetryMs = 120000;
  static constexpr std::size_t kBatch = 500;  // the server's limit per push

  enum class Phase { idle, waiting_for_decision, pushing, pulling, failed };

  ProgressSync(HttpClient& http, KeyValueStore& storage, ProgressStore& progress, Account& account, const Clock& clock);

  // Reads the marks and the cursor (or starts empty without storage).
  void start(bool storage_open);
  // Called every frame: starts a sync when one is due. Cheap when nothing is.
  void update();
  // The student asked for it ("Sync now"), or the connection came back.
  void sync_now();
  // Before signing out: sends what waits, then calls `on_done` with nullopt, or with the problem
  // that stopped it (offline: nothing is signed out, nothing is left behind unsent).
  void send_pending(std::function<void(std::optional<std::string>)> on_done);
  // The account was deleted and the student chose to keep its progress on this device: its
  // records stay, marked `local` (never sent to any account).
  void keep_on_device();

  // Progress made on this device before this account synced here: join the account with it, or
  // keep it on this device only (never sent).
  bool needs_decision() const { return m_phase == Phase::waiting_for_decision; }
  std::size_t local_records() const;
  void decide(bool join_account);

  Phase phase() const { return m_phase; }
  std::size_t pending() const;  // records not acknowledged by the server yet
  const std::string& problem() const { return m_problem; }
  std::optional<std::int64_t> last_synced_ms() const { return m_last_synced_ms; }
  nlohmann::json state_json() const;

private:
  bool ready() const;
  void begin();
  void push();
  void pull();
  void finish_with(std::string problem);
  void adopt_account(std::int64_t user_id);
  // A shared device: the records the previous account synced leave the device with it (they are
  // safe on the server and come back by pull at its next sign-in here). Then no account syncs here.
  void forget_account();
  std::string mark() const;  // "u<user id>"
  void save_meta(std::vector<KeyValueWrite>& writes) const;

  HttpClient& m_http;
  KeyValueStore& m_storage;
  ProgressStore& m_progress;
  Account& m_account;
  const Clock& m_clock;
  bool m_started = false;
  bool m_storage_open = false;
  std::map<std::string, std::string, std::less<>> m_marks;  // record id -> "u<user>", "local", "rejected"
  std::uint64_t m_marks_revision = 0;                       // moves on with every change to m_marks
  struct LocalCount {
    std::uint64_t progress_revision = ~std::uint64_t{0};
    std::uint64_t marks_revision = ~std::uint64_t{0};
    std::size_t count = 0;
  };
  mutable LocalCount m_local_count;       // local_records() as last counted
  std::optional<std::int64_t> m_user_id;  // the account this device syncs with
  std::string m_cursor = "0";
  Phase m_phase = Phase::idle;
  std::optional<std::int64_t> m_due_ms;  // when the next sync starts
  std::int64_t m_retry_ms = kFirstRetryMs;
  std::uint64_t m_seen_revision = 0;  // of the progress log, when the last push began
  std::uint64_t m_seen_account = 0;
  std::string m_problem;
  std::optional<std::int64_t> m_last_synced_ms;
  std::function<void(std::optional<std::string>)> m_after_sending;  // send_pending's, until the sync ends
  bool m_forgetting = false;
  std::size_t m_pushed = 0, m_pulled = 0, m_rejected = 0;  // in this visit
};

std::string_view to_string(ProgressSync::Phase phase);

}  // namespace umuhanda
