// WalCheckpointer (wal_checkpointer.hpp).
#include "wal_checkpointer.hpp"

namespace umuhanda {

Expected<std::unique_ptr<WalCheckpointer>> WalCheckpointer::start(Database& writer, int wake_pages, int inline_pages) {
  auto own = Database::open(writer.path());
  if (!own) return own.errors();
  std::unique_ptr<WalCheckpointer> checkpointer(new WalCheckpointer(writer, std::move(own).value(), wake_pages, inline_pages));
  // Replaces SQLite's automatic checkpoint on the writing connection (sqlite3_wal_hook's documented effect).
  sqlite3_wal_hook(writer.handle(), &WalCheckpointer::on_commit, checkpointer.get());
  return checkpointer;
}

WalCheckpointer::WalCheckpointer(Database& writer, Database own, int wake_pages, int inline_pages)
    : m_writer(writer), m_own(std::move(own)), m_wake_pages(wake_pages), m_inline_pages(inline_pages), m_thread([this] { run(); }) {}

WalCheckpointer::~WalCheckpointer() {
  sqlite3_wal_hook(m_writer.handle(), nullptr, nullptr);
  sqlite3_wal_autocheckpoint(m_writer.handle(), 1000);  // SQLite's default again, for whatever writes after
  {
    std::lock_guard lock(m_mutex);
    m_stop = true;
  }
  m_wake.notify_one();
  m_thread.join();
}

WalCheckpointer::Stats WalCheckpointer::stats() {
  std::lock_guard lock(m_mutex);
  return m_stats;
}

// Called by SQLite on the writing thread after each commit, with the pages now in the log.
int WalCheckpointer::on_commit(void* self, sqlite3* db, const char* schema, int pages) {
  auto* checkpointer = static_cast<WalCheckpointer*>(self);
  if (checkpointer->m_commit_listener) checkpointer->m_commit_listener();
  if (pages >= checkpointer->m_inline_pages) {
    sqlite3_wal_checkpoint_v2(db, schema, SQLITE_CHECKPOINT_PASSIVE, nullptr, nullptr);
    std::lock_guard lock(checkpointer->m_mutex);
    ++checkpointer->m_stats.in_commit;
    return SQLITE_OK;
  }
  if (pages >= checkpointer->m_wake_pages) {
    {
      std::lock_guard lock(checkpointer->m_mutex);
      checkpointer->m_due = true;
    }
    checkpointer->m_wake.notify_one();
  }
  return SQLITE_OK;
}

void WalCheckpointer::run() {
  std::unique_lock lock(m_mutex);
  for (;;) {
    m_wake.wait(lock, [this] { return m_due || m_stop; });
    if (m_stop) return;
    m_due = false;
    lock.unlock();
    // A failure (the file busy with another checkpoint, a full disk) is tried again at the next
    // wake; the commit's own checkpoint past inline_pages bounds the log meanwhile.
    sqlite3_wal_checkpoint_v2(m_own.handle(), nullptr, SQLITE_CHECKPOINT_PASSIVE, nullptr, nullptr);
    lock.lock();
    ++m_stats.background;
  }
}

}  // namespace umuhanda
