// ContactStore on the server's SQLite file (see contact_store.hpp).
#pragma once

#include <mutex>

#include "sqlite_database.hpp"
#include "store/contact_store.hpp"

namespace umuhanda {

class SqliteContactStore final : public ContactStore {
public:
  SqliteContactStore(Database& writer, std::mutex& writer_mutex, ReadConnections& readers);

  Expected<ContactMessage> add(const NewContactMessage& message) override;
  Expected<std::vector<ContactMessage>> list(std::optional<ContactStatus> status, std::size_t limit) override;
  Expected<std::optional<ContactMessage>> set_status(std::int64_t id, ContactStatus status, std::int64_t staff_id, UnixSeconds now) override;

private:
  Database& m_writer;
  std::mutex& m_writer_mutex;
  ReadConnections& m_readers;
};

}  // namespace umuhanda
