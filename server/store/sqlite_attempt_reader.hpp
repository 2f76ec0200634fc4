// AttemptReader on the server's SQLite file, through the read-only connections.
#pragma once

#include "sqlite_database.hpp"
#include "store/attempt_reader.hpp"

namespace umuhanda {

class SqliteAttemptReader final : public AttemptReader {
public:
  explicit SqliteAttemptReader(ReadConnections& readers) : m_readers(readers) {}  // outlives this

  Expected<std::vector<SyncedExamAttempt>> synced_attempts_after(std::int64_t after_seq, std::size_t limit) override;
  Expected<std::size_t> existing_users(const std::vector<std::int64_t>& user_ids) override;
  Expected<std::vector<SubmittedScheduledExam>> scheduled_attempts(const std::string& pack_id) override;

private:
  ReadConnections& m_readers;
};

}  // namespace umuhanda
