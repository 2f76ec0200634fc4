// LiveEvents: each person's notifications pushed to their open event streams as they are recorded
// (GET /api/v1/me/events, docs/api.md "Live events"). One thread for every stream: it learns of
// new notifications when a commit on the writing connection inserted some (SQLite's update and
// commit hooks, so no request waits for it), reads them through a connection of its own, and
// hands each stream the events it has not had, in id order; a stream that resumes with
// Last-Event-ID gets what it missed first. Events recorded by another process (the command line)
// arrive within a poll interval.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

#include "http/http_server.hpp"
#include "sqlite_database.hpp"

namespace umuhanda {

class LiveEvents {
public:
  using LogSink = std::function<void(const std::string&)>;
  // Reads through a connection of its own to `database_path`; sends through `http`, which must
  // outlive this object (or have stopped serving first).
  static Expected<std::unique_ptr<LiveEvents>> start(const std::string& database_path, HttpServer& http, LogSink log,
                                                     std::chrono::milliseconds poll = std::chrono::seconds(2));
  ~LiveEvents();  // stops the thread
  LiveEvents(const LiveEvents&) = delete;
  LiveEvents& operator=(const LiveEvents&) = delete;

  // The newest notification id handed to the open streams. A new stream takes it as its
  // Last-Event-ID when the request is accepted, before its head is written: an event recorded
  // between the client reading the head and stream_opened then arrives as a catch-up.
  std::int64_t dispatched() const { return m_dispatched.load(); }
  // From the connection layer (HttpServer::set_event_stream): the stream gets every notification
  // of `user_id` after `last_event_id`.
  void stream_opened(std::uint64_t stream, std::int64_t user_id, std::int64_t last_event_id);
  void stream_closed(std::uint64_t stream);
  // Installs the hooks on the writing connection (call with its mutex held, before it writes);
  // `writer` must outlive this object's hooks: unhook() before it closes.
  void hook(Database& writer);
  void unhook(Database& writer);
  // Called after every commit on the writing connection (WalCheckpointer's commit listener).
  void committed();

  // One notification as a stream event: "id: N\nevent: notification\ndata: {...}\n\n".
  static std::string event_text(std::int64_t id, const std::string& kind, const std::string& data_json, std::int64_t created_at);

private:
  LiveEvents(Database reader, std::int64_t newest, HttpServer& http, LogSink log, std::chrono::milliseconds poll);
  void run();
  void catch_up(std::uint64_t stream, std::int64_t user_id, std::int64_t after);
  void dispatch_new();
  static void on_row_changed(void* self, int operation, const char* database, const char* table, sqlite3_int64 rowid);

  struct Stream {
    std::int64_t user_id = 0;
    std::int64_t last_id = 0;  // the newest notification it has been sent
  };
  struct Opened {
    std::uint64_t stream;
    std::int64_t user_id;
    std::int64_t last_event_id;
  };

  Database m_reader;
  HttpServer& m_http;
  LogSink m_log;
  const std::chrono::milliseconds m_poll;
  std::atomic<bool> m_inserted{false};  // a notification row was inserted since the last commit

  std::mutex m_mutex;
  std::condition_variable m_wake;
  bool m_due = false;
  bool m_stop = false;
  std::vector<Opened> m_opened;
  std::vector<std::uint64_t> m_closed;

  // The thread's own.
  std::unordered_map<std::uint64_t, Stream> m_streams;
  std::multimap<std::int64_t, std::uint64_t> m_by_user;
  std::int64_t m_cursor = 0;  // the newest notification dispatched
  // m_cursor as other threads may read it (dispatched()): a stream opened without Last-Event-ID
  // starts from the newest notification dispatched when its request was accepted.
  std::atomic<std::int64_t> m_dispatched{0};

  std::thread m_thread;  // last: started once everything above is ready
};

}  // namespace umuhanda
