// LiveEvents (live_events.hpp).
#include "live_events.hpp"

#include <cstring>
#include <nlohmann/json.hpp>

namespace umuhanda {
namespace {

// A stream resuming after a long absence gets at most this many missed events, then "reset": the
// client reads its inbox again instead.
constexpr std::int64_t kMostMissed = 200;
// New notifications read per query.
constexpr std::int64_t kBatch = 1000;

}  // namespace

std::string LiveEvents::event_text(std::int64_t id, const std::string& kind, const std::string& data_json, std::int64_t created_at) {
  nlohmann::json data = nlohmann::json::parse(data_json, nullptr, false);
  if (data.is_discarded()) data = nlohmann::json::object();
  const nlohmann::json event = {{"id", id}, {"kind", kind}, {"data", data}, {"created_at", created_at}};
  // One data line: dump() writes no newline.
  return "id: " + std::to_string(id) + "\nevent: notification\ndata: " + event.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) +
         "\n\n";
}

Expected<std::unique_ptr<LiveEvents>> LiveEvents::start(const std::string& database_path, HttpServer& http, LogSink log,
                                                        std::chrono::milliseconds poll) {
  auto reader = Database::open_reader(database_path);
  if (!reader) return reader.errors();
  // Streams start from what exists now; older events come only to a stream that asks for them.
  std::int64_t newest = 0;
  {
    auto query = reader->prepare("SELECT COALESCE(MAX(id), 0) FROM notifications");
    if (!query) return query.errors();
    auto row = query->step();
    if (!row) return row.errors();
    newest = query->column_int(0);
  }
  return std::unique_ptr<LiveEvents>(new LiveEvents(std::move(reader).value(), newest, http, std::move(log), poll));
}

LiveEvents::LiveEvents(Database reader, std::int64_t newest, HttpServer& http, LogSink log, std::chrono::milliseconds poll)
    : m_reader(std::move(reader)), m_http(http), m_log(std::move(log)), m_poll(poll), m_cursor(newest), m_dispatched(newest), m_thread([this] {
        run();
      }) {}

LiveEvents::~LiveEvents() {
  {
    std::lock_guard lock(m_mutex);
    m_stop = true;
  }
  m_wake.notify_one();
  m_thread.join();
}

void LiveEvents::stream_opened(std::uint64_t stream, std::int64_t user_id, std::int64_t last_event_id) {
  {
    std::lock_guard lock(m_mutex);
    m_opened.push_back({stream, user_id, last_event_id});
  }
  m_wake.notify_one();
}

void LiveEvents::stream_closed(std::uint64_t stream) {
  {
    std::lock_guard lock(m_mutex);
    m_closed.push_back(stream);
  }
  m_wake.notify_one();
}

void LiveEvents::hook(Database& writer) { sqlite3_update_hook(writer.handle(), &LiveEvents::on_row_changed, this); }
void LiveEvents::unhook(Database& writer) { sqlite3_update_hook(writer.handle(), nullptr, nullptr); }

// On the writing thread, inside a statement: only notes that a notification row was inserted.
void LiveEvents::on_row_changed(void* self, int operation, const char*, const char* table, sqlite3_int64) {
  if (operation == SQLITE_INSERT && std::strcmp(table, "notifications") == 0) static_cast<LiveEvents*>(self)->m_inserted.store(true);
}

void LiveEvents::committed() {
  if (!m_inserted.exchange(false)) return;
  {
    std::lock_guard lock(m_mutex);
    m_due = true;
  }
  m_wake.notify_one();
}

void LiveEvents::run() {
  std::unique_lock lock(m_mutex);
  for (;;) {
    m_wake.wait_for(lock, m_poll, [this] { return m_stop || m_due || !m_opened.empty() || !m_closed.empty(); });
    if (m_stop) return;
    m_due = false;
    std::vector<Opened> opened;
    std::vector<std::uint64_t> closed;
    opened.swap(m_opened);
    closed.swap(m_closed);
    lock.unlock();
    for (std::uint64_t stream : closed) {
      auto found = m_streams.find(stream);
      if (found == m_streams.end()) continue;
      auto [first, last] = m_by_user.equal_range(found->second.user_id);
      for (auto it = first; it != last; ++it) {
        if (it->second == stream) {
          m_by_user.erase(it);
          break;
        }
      }
      m_streams.erase(found);
    }
    // New events first (so that a stream opened now starts from the newest cursor), then catch-ups.
    dispatch_new();
    for (const Opened& open : opened) {
      m_streams[open.stream] = Stream{open.user_id, m_cursor};
      m_by_user.emplace(open.user_id, open.stream);
      if (open.last_event_id < m_cursor) catch_up(open.stream, open.user_id, open.last_event_id);
    }
    lock.lock();
  }
}

// What a resuming stream missed: its person's notifications after `after`, up to the cursor.
void LiveEvents::catch_up(std::uint64_t stream, std::int64_t user_id, std::int64_t after) {
  auto query =
      m_reader.prepare("SELECT id, kind, data, created_at FROM notifications WHERE user_id = ?1 AND id > ?2 AND id <= ?3 ORDER BY id LIMIT ?4");
  if (!query) return m_log("live events: " + to_string(query.errors()));
  query->bind(1, user_id).bind(2, after).bind(3, m_cursor).bind(4, kMostMissed + 1);
  std::string events;
  std::int64_t sent = 0;
  for (;;) {
    auto row = query->step();
    if (!row) return m_log("live events: " + to_string(row.errors()));
    if (!row.value()) break;
    if (++sent > kMostMissed) {
      events += "event: reset\ndata: {}\n\n";
      break;
    }
    events += event_text(query->column_int(0), query->column_text(1), query->column_text(2), query->column_int(3));
  }
  if (!events.empty()) m_http.send_event(stream, events);
}

// Every notification recorded since the cursor, to the open streams of its person.
void LiveEvents::dispatch_new() {
  auto query = m_reader.prepare("SELECT id, user_id, kind, data, created_at FROM notifications WHERE id > ?1 ORDER BY id LIMIT ?2");
  if (!query) return m_log("live events: " + to_string(query.errors()));
  for (;;) {
    query->reset();
    query->bind(1, m_cursor).bind(2, kBatch);
    std::int64_t rows = 0;
    for (;;) {
      auto row = query->step();
      if (!row) return m_log("live events: " + to_string(row.errors()));
      if (!row.value()) break;
      ++rows;
      const std::int64_t id = query->column_int(0);
      const std::int64_t user_id = query->column_int(1);
      m_cursor = id;
      auto [first, last] = m_by_user.equal_range(user_id);
      if (first == last) continue;
      const std::string text = event_text(id, query->column_text(2), query->column_text(3), query->column_int(4));
      for (auto it = first; it != last; ++it) {
        Stream& target = m_streams[it->second];
        if (target.last_id >= id) continue;
        target.last_id = id;
        m_http.send_event(it->second, text);
      }
    }
    m_dispatched.store(m_cursor);
    if (rows < kBatch) return;
  }
}

}  // namespace umuhanda
