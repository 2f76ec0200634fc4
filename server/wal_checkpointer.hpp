// Checkpoints the server's write-ahead log on a thread of its own. SQLite's default runs a
// checkpoint inside the commit that takes the log past 1000 pages: that commit copies 4 MB into the
// database file and fsyncs it while it holds the one writing connection, so every push queued
// behind it waits (a fifth of a sync push's time at full load was this, and its p99). Here the
// commit only wakes this thread, which checkpoints beside the writer (PASSIVE: it never blocks
// the writer or a reader). If the log still grows past `inline_pages` (the thread cannot keep up,
// or cannot checkpoint at all), the commit checkpoints itself, as SQLite would have.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>

#include "sqlite_database.hpp"

namespace umuhanda {

class WalCheckpointer {
public:
  // Hooks into `writer` (which must outlive this object and be used only under its own mutex);
  // checkpoints through a connection of its own to the same file.
  static Expected<std::unique_ptr<WalCheckpointer>> start(Database& writer, int wake_pages = 1000, int inline_pages = 16000);
  ~WalCheckpointer();  // unhooks, then stops the thread
  WalCheckpointer(const WalCheckpointer&) = delete;
  WalCheckpointer& operator=(const WalCheckpointer&) = delete;

  struct Stats {
    std::uint64_t background = 0;  // checkpoints run on the thread
    std::uint64_t in_commit = 0;   // run inside a commit, past inline_pages
  };
  Stats stats();

  // Called on the writing thread after each commit, inside it: keep it short. Set it before the
  // writer commits anything it should hear of, and clear it before what it calls goes away.
  void set_commit_listener(std::function<void()> listener) { m_commit_listener = std::move(listener); }

private:
  WalCheckpointer(Database& writer, Database own, int wake_pages, int inline_pages);
  static int on_commit(void* self, sqlite3* db, const char* schema, int pages);
  void run();

  Database& m_writer;
  Database m_own;
  const int m_wake_pages;
  const int m_inline_pages;
  std::mutex m_mutex;
  std::condition_variable m_wake;
  bool m_due = false;
  bool m_stop = false;
  Stats m_stats;
  std::function<void()> m_commit_listener;
  std::thread m_thread;  // last: started once everything above is ready
};

}  // namespace umuhanda
