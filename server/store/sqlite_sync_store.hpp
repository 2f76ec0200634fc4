// SyncStore on the server's SQLite file: pushes on the one writing connection (under its mutex),
// pulls on the read-only connections (a pull sees the last committed push, never half of one).
#pragma once

#include <condition_variable>
#include <mutex>
#include <optional>
#include <span>
#include <vector>

#include "sqlite_database.hpp"
#include "store/sync_store.hpp"

namespace umuhanda {

class SqliteSyncStore final : public SyncStore {
public:
  // All three outlive the store.
  SqliteSyncStore(Database& writer, std::mutex& writer_mutex, ReadConnections& readers)
      : m_writer(writer), m_writer_mutex(writer_mutex), m_readers(readers) {}

  // Group commit: pushes that arrive while another group is being written wait, then go together
  // in one transaction; when one of them fails, each is written again alone, so it fails alone.
  // Each returns only once its transaction committed. With --durable-commits a group shares one fsync.
  Expected<PushOutcome> push(std::int64_t user_id, const std::string& device, const std::vector<SyncEvent>& events) override;
  Expected<EventPage> pull(std::int64_t user_id, std::int64_t after, std::size_t limit) override;

  struct GroupStats {
    std::uint64_t groups = 0;         // transactions begun for pushes (a group written again alone counts once)
    std::uint64_t pushes = 0;         // pushes in them
    std::size_t largest = 0;          // the most pushes one group held
    std::uint64_t written_alone = 0;  // groups written again push by push because one push failed
  };
  GroupStats group_stats();
  std::size_t waiting_pushes();  // queued for the next group (tests build a group with it)

private:
  struct PendingPush {
    std::int64_t user_id;
    const std::string* device;
    const std::vector<SyncEvent>* events;
    std::optional<Expected<PushOutcome>> outcome;  // set under m_group_mutex once its group ended
  };
  std::vector<Expected<PushOutcome>> write_group(const std::vector<PendingPush*>& group, bool& alone);
  // One transaction for all of `pushes`; their outcomes are appended when it committed.
  Expected<void> write_together(std::span<PendingPush* const> pushes, std::vector<Expected<PushOutcome>>& outcomes);
  Expected<PushOutcome> insert_events(const PendingPush& push);

  Database& m_writer;
  std::mutex& m_writer_mutex;
  ReadConnections& m_readers;

  std::mutex m_group_mutex;
  std::condition_variable m_group_done;
  std::vector<PendingPush*> m_waiting;  // pushes for the next group
  bool m_writing = false;               // a group is being written (by one of the pushing threads)
  GroupStats m_stats;
};

}  // namespace umuhanda
