// SyncStore on the server's SQLite file: pushes on the one writing connection (under its mutex),
// pulls on the read-only connections (a pull sees the last committed push, never half of one).
#pragma once

#include <mutex>

#include "sqlite_database.hpp"
#include "store/sync_store.hpp"

namespace umuhanda {

class SqliteSyncStore final : public SyncStore {
public:
  // All three outlive the store.
  SqliteSyncStore(Database& writer, std::mutex& writer_mutex, ReadConnections& readers)
      : m_writer(writer), m_writer_mutex(writer_mutex), m_readers(readers) {}

  Expected<PushOutcome> push(std::int64_t user_id, const std::string& device, const std::vector<SyncEvent>& events) override;
  Expected<EventPage> pull(std::int64_t user_id, std::int64_t after, std::size_t limit) override;

private:
  Database& m_writer;
  std::mutex& m_writer_mutex;
  ReadConnections& m_readers;
};

}  // namespace umuhanda
