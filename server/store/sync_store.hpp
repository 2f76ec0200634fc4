// Each student's progress log as the server keeps it for sync (docs/sync.md): events stored by the
// id their device chose, so a batch sent twice is stored once, and numbered in the order they were
// stored, which is the order a pull returns them in. Behind an interface free of SQLite types, like
// the account store; every method is one transaction.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "umuhanda/expected.hpp"

namespace umuhanda {

// One record of the progress log (progress_log.hpp) as it travels and is stored.
struct SyncEvent {
  std::string id;          // chosen on the device ("<device id>:<counter>"); unique per student
  std::string type;        // "answer", "exam_attempt", "reset"
  std::int64_t at_ms = 0;  // when it happened on its device
  std::string body;        // the record's JSON line, as the server re-wrote it from what it read

  bool operator==(const SyncEvent&) const = default;
};

struct PushOutcome {
  std::size_t stored = 0;      // new events
  std::size_t duplicates = 0;  // ids the student's log already held (a retry): left as they were
  std::int64_t cursor = 0;     // the position of the student's last stored event after this push
};

struct EventPage {
  std::vector<SyncEvent> events;  // stored after the cursor asked for, in stored order
  std::int64_t cursor = 0;        // to pass as `after` next time (unchanged when no event came)
  bool more = false;              // whether another page follows
};

class SyncStore {
public:
  virtual ~SyncStore() = default;

  // Stores the events the user's log does not hold yet, in the given order, all in one
  // transaction: when this returns, every one of them is stored (new or earlier).
  virtual Expected<PushOutcome> push(std::int64_t user_id, const std::string& device, const std::vector<SyncEvent>& events) = 0;
  // At most `limit` of the user's events stored after position `after` (0: from the start).
  virtual Expected<EventPage> pull(std::int64_t user_id, std::int64_t after, std::size_t limit) = 0;
};

}  // namespace umuhanda
