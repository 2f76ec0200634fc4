// The connection handling behind HttpServer (see http_server.hpp): a buffered socket stream that
// may or may not wait, request framing checked before cpp-httplib reads, connections parked in
// epoll, event threads, and hand-offs to workers.
// [SECTION] Socket helpers
// [SECTION] ConnectionStream: one connection's buffered socket
// [SECTION] ConnectionLoop: parked connections, event threads, workers
// [SECTION] HttpServer
#include "http_server.hpp"

#include <arpa/inet.h>
#include <netdb.h>
#include <poll.h>
#include <pthread.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <cerrno>
#include <charconv>
#include <chrono>
#include <cstdint>
#include <cstring>
#include <functional>
#include <list>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <unordered_map>
#include <utility>
#include <vector>

#include "elastic_thread_pool.hpp"
#include "request_head.hpp"

// This file overrides private and protected members of cpp-httplib's Server (process_and_close_socket,
// new_task_queue, process_request, the timeout and limit fields) and relies on how 0.11.4 reads a
// request through Stream: the head a byte at a time, a body of Content-Length bytes only for POST,
// PUT, PATCH and DELETE, and nothing beyond. Another version may rename those members or read
// differently (e.g. ahead into the next request), which would silently undo the framing checks:
// re-check every assumption above, and the framing tests, before changing the version here.
static_assert(std::string_view(CPPHTTPLIB_VERSION) == "0.11.4", "the connection layer is written against cpp-httplib 0.11.4: see above");

namespace umuhanda {
namespace {

using Clock = std::chrono::steady_clock;

// [SECTION] Socket helpers

int to_milliseconds(time_t seconds, time_t microseconds) { return static_cast<int>(seconds * 1000 + microseconds / 1000); }

// > 0 when `fd` is ready for `events`, 0 after `timeout_ms` or once `stop_event` (when >= 0) is
// readable, < 0 on an error.
int wait_for(int fd, short events, int timeout_ms, int stop_event = -1) {
  std::array<pollfd, 2> watched{{{fd, events, 0}, {stop_event, POLLIN, 0}}};
  int ready;
  do {
    ready = ::poll(watched.data(), stop_event >= 0 ? 2 : 1, timeout_ms);
  } while (ready < 0 && errno == EINTR);
  return ready > 0 && watched[0].revents == 0 ? 0 : ready;
}

// As cpp-httplib reports an address: numeric host, and the port (left alone for other families).
void describe_address(const sockaddr_storage& address, socklen_t length, std::string& ip, int& port) {
  if (address.ss_family == AF_INET) {
    port = ntohs(reinterpret_cast<const sockaddr_in&>(address).sin_port);
  } else if (address.ss_family == AF_INET6) {
    port = ntohs(reinterpret_cast<const sockaddr_in6&>(address).sin6_port);
  } else {
    return;
  }
  std::array<char, NI_MAXHOST> host{};
  if (::getnameinfo(reinterpret_cast<const sockaddr*>(&address), length, host.data(), static_cast<socklen_t>(host.size()), nullptr, 0,
                    NI_NUMERICHOST) == 0) {
    ip = host.data();
  }
}

// [SECTION] ConnectionStream: one connection's buffered socket

// A refused request's body up to this size is read and dropped, keeping the connection.
constexpr std::uint64_t kSkippedBodyBytes = 64 * 1024;

struct StreamLimits {
  int read_timeout_ms;
  int write_timeout_ms;
  int stop_event;  // readable once the server stops: ends a wait for input at once
  http::HeadLimits head;
  Clock::duration head_timeout;
  Clock::duration body_grace;
  std::size_t min_body_rate;  // bytes per second, on average, after body_grace
};

// One connection's socket for all of its requests. Input is read into a buffer until a whole
// request head is there, so its framing is checked before cpp-httplib reads it (cpp-httplib reads
// the head a byte at a time through read()). While cpp-httplib serves a request, read() gives it
// that request's bytes and no more: what follows is the next request's, or unread body.
// Output is held until the response is complete, until it has to wait for input, or until a large
// write joins it.
// On a worker the stream waits, within the timeouts. On an event thread it never waits: reads come
// from the buffer only, and what the socket will not take now is held for a worker to send.
class ConnectionStream final : public httplib::Stream {
public:
  ConnectionStream(socket_t sock, const StreamLimits& limits) : m_sock(sock), m_limits(limits) {
    sockaddr_storage address{};
    socklen_t length = sizeof address;
    if (::getpeername(sock, reinterpret_cast<sockaddr*>(&address), &length) == 0) describe_address(address, length, m_remote_ip, m_remote_port);
    length = sizeof address;
    if (::getsockname(sock, reinterpret_cast<sockaddr*>(&address), &length) == 0) describe_address(address, length, m_local_ip, m_local_port);
  }
  ~ConnectionStream() override {
    ::shutdown(m_sock, SHUT_RDWR);
    ::close(m_sock);
  }
  ConnectionStream(const ConnectionStream&) = delete;
  ConnectionStream& operator=(const ConnectionStream&) = delete;

  void set_may_wait(bool may_wait) { m_may_wait = may_wait; }
  bool has_input() const { return m_in_begin < m_in_end; }
  bool has_output() const { return !m_out.empty(); }
  const std::string& remote_ip() const { return m_remote_ip; }
  // When the first byte of the request now in the buffer arrived.
  Clock::time_point first_byte_at() const { return m_first_byte_at; }

  // Sends what is held (an event thread: what the socket takes now); false when the connection failed.
  bool flush() { return m_out.empty() || send_held_then(nullptr, 0) >= 0; }

  // Without waiting, adds what has arrived to the buffer (up to the head limit and a little more);
  // false once the client has closed its side (or the connection failed).
  bool receive() {
    compact();
    if (m_in_end == m_in_capacity) {
      // Full: grow for a long head, up to the head limit; beyond it the head parse refuses it.
      const std::size_t most = kMaxBuffer(m_limits);
      if (m_in_capacity >= most) return true;
      const std::size_t capacity = std::min(most, std::max(kInitialBuffer, 2 * m_in_capacity));
      auto grown = std::make_unique_for_overwrite<char[]>(capacity);
      if (m_in_end > 0) std::memcpy(grown.get(), m_in.get(), m_in_end);
      m_in = std::move(grown);
      m_in_capacity = capacity;
    }
    const bool first = m_in_end == 0;
    for (;;) {
      const ssize_t received = ::recv(m_sock, m_in.get() + m_in_end, m_in_capacity - m_in_end, MSG_DONTWAIT);
      if (received < 0 && errno == EINTR) continue;
      if (received > 0) {
        m_in_end += static_cast<std::size_t>(received);
        if (first) m_first_byte_at = Clock::now();
      }
      if (received >= 0) return received > 0;
      return errno == EAGAIN || errno == EWOULDBLOCK;
    }
  }

  // The framing of the request at the front of the buffer.
  http::HeadParse examine() const { return http::parse_request_head(buffered(), m_limits.head); }

  // The head of the request at the front of the buffer (request line through the blank line).
  std::string_view head_text(const http::RequestHead& head) const { return buffered().substr(head.skipped, head.head_bytes); }
  // Drops a request served without cpp-httplib (an event stream's GET: no body).
  void drop_request(const http::RequestHead& head) {
    m_in_begin += head.skipped + head.head_bytes;
    if (!has_input()) m_first_byte_at = {};
  }
  // A connection that only sends from now on (an event stream) keeps no buffers.
  void release_buffers() {
    m_in.reset();
    m_in_capacity = m_in_begin = m_in_end = 0;
    std::string().swap(m_out);
  }

  // Whether the buffer holds all of this request, body included.
  bool holds_whole(const http::RequestHead& head) const { return buffered().size() - head.skipped - head.head_bytes >= head.body_bytes; }

  // From here until end_request(), read() gives cpp-httplib this request's head and body only.
  void begin_request(const http::RequestHead& head) {
    m_in_begin += head.skipped;
    m_window_left = head.head_bytes + head.body_bytes;
    m_body_bytes = head.body_bytes;
    m_window_active = true;
    m_expects_continue = head.expects_continue;
    m_body_started_at = Clock::now();
  }
  // Whether the connection will close after this request because of its unread body: more than
  // skip_unread drops, or a body the client may never send (see ConnectionLoop::serve_one).
  bool unread_body_closes() const {
    if (!m_window_active || m_window_left == 0) return false;
    return m_window_left > kSkippedBodyBytes || (m_expects_continue && m_in_end - m_in_begin < m_window_left);
  }
  // Reads and drops the rest of the current request's body when it is at most `most` bytes and
  // arrives within the body's deadlines: true when nothing of it is left on the connection.
  bool skip_unread(std::uint64_t most, bool may_wait_for_it) {
    if (!m_window_active || m_window_left == 0) return true;
    const std::uint64_t buffered_now = m_in_end - m_in_begin;
    if (m_window_left > most || (!may_wait_for_it && buffered_now < m_window_left)) return false;
    std::array<char, 4096> sink;
    while (m_window_left > 0) {
      if (read(sink.data(), sink.size()) <= 0) return false;
    }
    return true;
  }
  // True when cpp-httplib read the whole request; otherwise its unread part is still on the
  // connection (in the buffer or the socket), which must then be closed.
  bool end_request() {
    m_window_active = false;
    if (!has_input()) m_first_byte_at = {};
    const bool whole = m_window_left == 0;
    m_window_left = 0;
    return whole;
  }

  // Reads and drops what has arrived, without waiting; false once the client has closed its side,
  // the connection failed, or more than `budget` bytes were dropped in all.
  bool discard_input(std::size_t budget) {
    m_in_begin = m_in_end = 0;
    std::array<char, 16 * 1024> sink;
    for (;;) {
      const ssize_t received = ::recv(m_sock, sink.data(), sink.size(), MSG_DONTWAIT);
      if (received > 0) {
        m_discarded += static_cast<std::size_t>(received);
        if (m_discarded > budget) return false;
        continue;
      }
      if (received < 0 && errno == EINTR) continue;
      return received < 0 && (errno == EAGAIN || errno == EWOULDBLOCK);
    }
  }

  bool is_readable() const override {
    if (m_window_active && m_window_left == 0) return false;
    return has_input() || (m_may_wait && wait_for(m_sock, POLLIN, m_limits.read_timeout_ms, m_limits.stop_event) > 0);
  }

  // As cpp-httplib's: writable within the write timeout, and not closed by the peer. An event
  // thread does not wait: its writes are held when the socket is full.
  bool is_writable() const override {
    if (!m_may_wait) return true;
    if (wait_for(m_sock, POLLOUT, m_limits.write_timeout_ms) <= 0) return false;
    if (wait_for(m_sock, POLLIN, 0) == 0) return true;
    char byte;
    return ::recv(m_sock, &byte, 1, MSG_PEEK | MSG_DONTWAIT) > 0;
  }

  ssize_t read(char* ptr, std::size_t size) override {
    if (m_window_active) {
      // The end of this request: whatever follows is not cpp-httplib's to read.
      if (m_window_left == 0) return 0;
      size = static_cast<std::size_t>(std::min<std::uint64_t>(size, m_window_left));
    }
    const ssize_t count = read_some(ptr, size);
    if (count > 0 && m_window_active) m_window_left -= static_cast<std::uint64_t>(count);
    return count;
  }

  ssize_t write(const char* ptr, std::size_t size) override {
    if (size == 0) return 0;
    if (m_out.size() + size <= kHeldBytes) {
      m_out.append(ptr, size);
      return static_cast<ssize_t>(size);
    }
    return send_held_then(ptr, size);
  }

  void get_remote_ip_and_port(std::string& ip, int& port) const override {
    ip = m_remote_ip;
    port = m_remote_port;
  }
  void get_local_ip_and_port(std::string& ip, int& port) const override {
    ip = m_local_ip;
    port = m_local_port;
  }
  socket_t socket() const override { return m_sock; }

private:
  static constexpr std::size_t kHeldBytes = 16 * 1024;
  // Enough for a browser's request with its cookies; grows up to the head limit for longer heads.
  static constexpr std::size_t kInitialBuffer = 8 * 1024;
  static std::size_t kMaxBuffer(const StreamLimits& limits) { return limits.head.max_head_bytes + kInitialBuffer; }

  std::string_view buffered() const { return std::string_view(m_in.get() + m_in_begin, m_in_end - m_in_begin); }

  void compact() {
    if (m_in_begin == 0) return;
    if (m_in_end > m_in_begin) std::memmove(m_in.get(), m_in.get() + m_in_begin, m_in_end - m_in_begin);
    m_in_end -= m_in_begin;
    m_in_begin = 0;
  }

  ssize_t read_some(char* ptr, std::size_t size) {
    if (has_input()) {
      const std::size_t count = std::min(size, m_in_end - m_in_begin);
      std::memcpy(ptr, m_in.get() + m_in_begin, count);
      m_in_begin += count;
      return static_cast<ssize_t>(count);
    }
    // An event thread lets cpp-httplib read only what has arrived whole in the buffer.
    if (!m_may_wait) return -1;
    // The client may wait for what was written so far (a "100 Continue") before it sends more.
    if (!flush()) return -1;
    for (;;) {
      const ssize_t received = ::recv(m_sock, ptr, size, MSG_DONTWAIT);
      if (received >= 0) {
        if (received > 0) m_body_received += static_cast<std::size_t>(received);
        return received;
      }
      if (errno == EINTR) continue;
      if (errno != EAGAIN && errno != EWOULDBLOCK) return -1;
      const int wait_ms = body_wait_ms();
      if (wait_ms <= 0 || wait_for(m_sock, POLLIN, wait_ms, m_limits.stop_event) <= 0) return -1;
    }
  }

  // How long a read may wait now: the read timeout, cut short where the body would fall below
  // the minimum rate (a client trickling a byte every few seconds does not hold a worker forever).
  int body_wait_ms() const {
    if (!m_window_active || m_body_bytes == 0) return m_limits.read_timeout_ms;
    const auto earned =
        m_limits.min_body_rate == 0
            ? Clock::duration::max() / 2
            : std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(double(m_body_received) / double(m_limits.min_body_rate)));
    const auto deadline = m_body_started_at + m_limits.body_grace + earned;
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
    return static_cast<int>(std::clamp<long long>(left, 0, m_limits.read_timeout_ms));
  }

  // Sends the held bytes, then as much of [ptr, ptr + size) as the socket takes (at least one
  // byte of it when size > 0): returns how much of it, or -1 on an error or the write timeout.
  // Without waiting, what the socket will not take now is held, and counts as taken.
  // FIXME: so a client that reads slowly makes the server hold the rest of its answer, up to a
  // whole pack or media file (the bytes are copied out of the shared cache entry).
  ssize_t send_held_then(const char* ptr, std::size_t size) {
    for (;;) {
      std::array<iovec, 2> parts{};
      std::size_t count = 0;
      if (!m_out.empty()) parts[count++] = {m_out.data(), m_out.size()};
      if (size > 0) parts[count++] = {const_cast<char*>(ptr), size};
      if (count == 0) return 0;
      msghdr message{};
      message.msg_iov = parts.data();
      message.msg_iovlen = count;
      const ssize_t sent = ::sendmsg(m_sock, &message, MSG_DONTWAIT | MSG_NOSIGNAL);
      if (sent < 0) {
        if (errno == EINTR) continue;
        if (errno != EAGAIN && errno != EWOULDBLOCK) return -1;
        if (!m_may_wait) {
          if (size > 0) m_out.append(ptr, size);
          return static_cast<ssize_t>(size);
        }
        if (wait_for(m_sock, POLLOUT, m_limits.write_timeout_ms) <= 0) return -1;
        continue;
      }
      const std::size_t from_held = std::min(static_cast<std::size_t>(sent), m_out.size());
      m_out.erase(0, from_held);
      const std::size_t from_ptr = static_cast<std::size_t>(sent) - from_held;
      if (m_out.empty() && (from_ptr > 0 || size == 0)) return static_cast<ssize_t>(from_ptr);
    }
  }

  socket_t m_sock;
  const StreamLimits& m_limits;
  bool m_may_wait = true;
  std::string m_remote_ip, m_local_ip;
  int m_remote_port = 0, m_local_port = 0;
  std::unique_ptr<char[]> m_in;  // [m_in_begin, m_in_end) not yet read; allocated at the first receive
  std::size_t m_in_capacity = 0, m_in_begin = 0, m_in_end = 0;
  Clock::time_point m_first_byte_at{};
  // The request cpp-httplib is serving: bytes of it not yet read, and its body's progress.
  bool m_window_active = false;
  bool m_expects_continue = false;
  std::uint64_t m_window_left = 0;
  std::uint64_t m_body_bytes = 0;
  std::size_t m_body_received = 0;  // body bytes read from the socket (not from the buffer)
  Clock::time_point m_body_started_at{};
  std::size_t m_discarded = 0;
  std::string m_out;
};

const char* reason_phrase(int status) {
  switch (status) {
    case 400: return "Bad Request";
    case 408: return "Request Timeout";
    case 411: return "Length Required";
    case 413: return "Content Too Large";
    case 414: return "URI Too Long";
    case 431: return "Request Header Fields Too Large";
    case 501: return "Not Implemented";
    case 503: return "Service Unavailable";
    case 505: return "HTTP Version Not Supported";
    default: return "Error";
  }
}

// A complete response refusing a request before cpp-httplib saw it: its body from the server's
// ErrorBody (JSON like every other error of the server, docs/api.md), never cached, and the
// connection closes after it.
std::string refusal_response(int status, const HttpServer::ErrorBody& error_body, std::string_view code, std::string_view message) {
  std::string content_type = "text/plain; charset=utf-8";
  std::string body;
  if (error_body) {
    content_type = "application/json";
    body = error_body(code, message);
  } else {
    body.append(code).append(": ").append(message).append("\n");
  }
  std::string response = "HTTP/1.1 " + std::to_string(status) + " " + reason_phrase(status) + "\r\n";
  response += "Content-Type: " + content_type + "\r\nCache-Control: no-store\r\nX-Content-Type-Options: nosniff\r\nConnection: close\r\n";
  // As every answer of the server reports its cost: refused before any work, it had none.
  response += "Server-Timing: cache;desc=none, db;dur=0.000;desc=\"0 queries\"\r\n";
  if (status == 503) response += "Retry-After: 1\r\n";
  response += "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n";
  return response + body;
}

// The stream whose request this thread is serving, for HttpServer::request_body_unread().
thread_local const ConnectionStream* t_serving = nullptr;

// [SECTION] ConnectionLoop: parked connections, event threads, workers

struct Connection {
  // The deadline while a thread serves the connection, and once a sweep has found it overdue.
  static constexpr Clock::rep kServed = -1, kTimedOut = -2;

  Connection(socket_t sock, const StreamLimits& limits, std::size_t max_requests) : stream(sock, limits), requests_left(max_requests) {}
  ConnectionStream stream;  // closes the socket when the connection is destroyed
  std::size_t requests_left;
  bool closing = false;            // close once the held output is sent
  bool linger = false;             // when closing: unread input may follow, drain it first (see ConnectionLoop::finish)
  bool draining = false;           // answered, write side shut: reading and dropping what the client still sends
  bool in_epoll = false;           // added to the epoll set (parking again only re-arms it)
  std::uint64_t event_stream = 0;  // an open event stream's id (HttpServer::send_event), or 0
  // While parked, when the sweep closes it (Clock ticks): the keep-alive timeout for an idle
  // connection, the head timeout for a head in part, the linger time when draining. Else kServed
  // or kTimedOut: the one field that a sweep and the thread serving the connection both touch.
  std::atomic<Clock::rep> deadline{kServed};
  Clock::time_point parked_until{};                        // the deadline it was last parked with (a drain keeps it)
  std::list<std::unique_ptr<Connection>>::iterator entry;  // in ConnectionLoop::m_open
};

struct LoopSettings {
  std::size_t event_threads, min_workers, max_workers, max_requests;
  std::chrono::milliseconds keep_alive;
  StreamLimits limits;
  int epoll;                            // HttpServer's, watching limits.stop_event (as the event with a null pointer)
  HttpServer::EventStreamHub* streams;  // null when no path serves events
};

// cpp-httplib's process_request for one request on `stream`.
using ServeRequest = std::function<bool(httplib::Stream& stream, bool last, bool& connection_closed)>;

// The request an event stream's opener sees, built from the head the framing check accepted.
httplib::Request request_from_head(std::string_view head, const std::string& remote_ip) {
  httplib::Request req;
  std::size_t line_end = head.find("\r\n");
  const std::string_view request_line = head.substr(0, line_end);
  const std::size_t first_space = request_line.find(' ');
  const std::size_t second_space = request_line.rfind(' ');
  req.method = std::string(request_line.substr(0, first_space));
  req.target = std::string(request_line.substr(first_space + 1, second_space - first_space - 1));
  const std::size_t query = req.target.find('?');
  req.path = req.target.substr(0, query);
  if (query != std::string::npos) httplib::detail::parse_query_text(req.target.substr(query + 1), req.params);
  while (line_end != std::string_view::npos && line_end + 2 < head.size()) {
    const std::size_t start = line_end + 2;
    line_end = head.find("\r\n", start);
    const std::string_view line = head.substr(start, line_end - start);
    const std::size_t colon = line.find(':');
    if (line.empty() || colon == std::string_view::npos) continue;
    std::string_view value = line.substr(colon + 1);
    while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) value.remove_prefix(1);
    while (!value.empty() && (value.back() == ' ' || value.back() == '\t')) value.remove_suffix(1);
    req.headers.emplace(std::string(line.substr(0, colon)), std::string(value));
  }
  req.remote_addr = remote_ip;
  return req;
}

}  // namespace

// [SECTION] Event streams

struct HttpServer::EventStreamHub {
  // A reader this far behind is cut off rather than have the server hold its events.
  static constexpr std::size_t kMaxPending = 64 * 1024;

  struct Entry {
    int fd = -1;
    std::string pending;  // what the socket did not take yet
    Clock::time_point last_write{};
    bool broken = false;
  };

  std::string path;
  std::chrono::milliseconds heartbeat{15000};
  OpenEventStream open;
  EventStreamOpened opened;
  EventStreamClosed closed;

  mutable std::mutex mutex;
  std::unordered_map<std::uint64_t, Entry> streams;
  std::uint64_t last_id = 0;

  std::uint64_t add(int fd) {
    std::lock_guard lock(mutex);
    streams.emplace(++last_id, Entry{fd, {}, Clock::now(), false});
    return last_id;
  }
  void remove(std::uint64_t id) {
    {
      std::lock_guard lock(mutex);
      if (streams.erase(id) == 0) return;
    }
    if (closed) closed(id);
  }
  // Under `mutex`. Sends what waits, then `bytes`, as far as the socket takes them without waiting.
  bool write_locked(Entry& entry, std::string_view bytes) {
    if (entry.broken) return false;
    entry.pending.append(bytes);
    while (!entry.pending.empty()) {
      const ssize_t sent = ::send(entry.fd, entry.pending.data(), entry.pending.size(), MSG_DONTWAIT | MSG_NOSIGNAL);
      if (sent > 0) {
        entry.pending.erase(0, static_cast<std::size_t>(sent));
        continue;
      }
      if (sent < 0 && errno == EINTR) continue;
      if (sent < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) break;
      entry.broken = true;
      break;
    }
    if (entry.pending.size() > kMaxPending) entry.broken = true;
    // The event thread that gets the resulting event closes the connection and removes it.
    if (entry.broken) ::shutdown(entry.fd, SHUT_RDWR);
    entry.last_write = Clock::now();
    return !entry.broken;
  }
  bool send(std::uint64_t id, std::string_view bytes) {
    std::lock_guard lock(mutex);
    auto found = streams.find(id);
    return found != streams.end() && write_locked(found->second, bytes);
  }
  // Once a second: a comment to each stream silent for `heartbeat` (and another try at what waits).
  void beat(Clock::time_point now) {
    std::lock_guard lock(mutex);
    for (auto& [id, entry] : streams) {
      if (!entry.pending.empty() || entry.last_write + heartbeat <= now) write_locked(entry, entry.last_write + heartbeat <= now ? ":\n\n" : "");
    }
  }
  std::vector<std::uint64_t> remove_all() {
    std::vector<std::uint64_t> ids;
    std::lock_guard lock(mutex);
    for (const auto& [id, entry] : streams) ids.push_back(id);
    streams.clear();
    return ids;
  }
};

// Everything between accepting a connection and closing it. cpp-httplib creates it as its task
// queue when listening starts and shuts it down when listening ends: its accept loop hands over
// each new connection as a task (HttpServer::process_and_close_socket), which only parks the
// connection, so it runs at once on the accept thread.
//
// Ownership: m_open owns every open connection. At any time a connection is either parked (in the
// epoll set, armed for one event) or served by exactly one thread: the event thread that got its
// event (EPOLLONESHOT), or the worker it was handed to. Only that thread re-arms or closes it, so
// answering a request takes no lock. The sweep only reads deadlines and shuts an overdue socket
// down; the event that follows lets an event thread close it.
class ConnectionLoop final : public httplib::TaskQueue {
public:
  ConnectionLoop(const LoopSettings& settings, ServeRequest serve, HttpServer::AnswersFromMemory answers_from_memory,
                 HttpServer::RefusalLogger refusal_logger, HttpServer::ErrorBody error_body)
      : m_settings(settings),
        m_serve(std::move(serve)),
        m_answers_from_memory(std::move(answers_from_memory)),
        m_refusal_logger(std::move(refusal_logger)),
        m_error_body(std::move(error_body)),
        m_workers(settings.min_workers, settings.max_workers) {
    for (std::size_t i = 0; i < settings.event_threads; ++i) {
      m_event_threads.emplace_back([this] { run_events(); });
      ::pthread_setname_np(m_event_threads.back().native_handle(), "http-events");
    }
  }
  ~ConnectionLoop() override { shutdown(); }

  void enqueue(std::function<void()> task) override { task(); }

  void shutdown() override {
    if (m_stopped.exchange(true)) return;
    const std::uint64_t one = 1;
    [[maybe_unused]] const ssize_t written = ::write(m_settings.limits.stop_event, &one, sizeof one);
    for (auto& thread : m_event_threads) thread.join();
    m_workers.shutdown();  // after the event threads: only they hand connections to workers
    // No event is written to a socket about to close (send_event may run on any thread).
    if (m_settings.streams) {
      for (std::uint64_t id : m_settings.streams->remove_all()) {
        if (m_settings.streams->closed) m_settings.streams->closed(id);
      }
    }
    // Nothing serves a connection any more: what is left is parked.
    std::list<std::unique_ptr<Connection>> open;
    std::lock_guard lock(m_mutex);
    open.swap(m_open);
  }

  // A new connection: parked until its first request arrives.
  void adopt(socket_t sock) {
    auto owned = std::make_unique<Connection>(sock, m_settings.limits, m_settings.max_requests);
    Connection& c = *owned;
    {
      std::lock_guard lock(m_mutex);
      c.entry = m_open.insert(m_open.end(), std::move(owned));
    }
    park(c, Clock::now() + m_settings.keep_alive);
  }

private:
  // Events taken per epoll_wait: few, so that when the scheduler pauses an event thread, few
  // connections wait for it (the others are taken by the other event threads).
  static constexpr int kEventBatch = 4;
  // A connection closed after an unread body is drained this long, for this many bytes at most,
  // so the client reads its answer instead of a reset (RFC 9112 §9.6).
  static constexpr auto kLingerTime = std::chrono::seconds(2);
  static constexpr std::size_t kLingerBytes = 1024 * 1024;

  void run_events() {
    std::array<epoll_event, kEventBatch> events{};
    for (;;) {
      // The timeout only lets an idle loop close overdue connections.
      const int ready = ::epoll_wait(m_settings.epoll, events.data(), kEventBatch, 1000);
      if (ready < 0 && errno != EINTR) return;  // only with a bad epoll fd: a bug, not a client
      for (int i = 0; i < ready; ++i) {
        if (events[i].data.ptr == nullptr) return;  // the stop event, level-triggered: every event thread sees it
        Connection& c = *static_cast<Connection*>(events[i].data.ptr);
        if (c.deadline.exchange(Connection::kServed, std::memory_order_acquire) == Connection::kTimedOut) {
          close(c);
        } else if (c.draining) {
          drain(c);
        } else if (c.event_stream != 0) {
          on_stream_input(c);
        } else {
          on_readable(c);
        }
      }
      close_overdue_if_due();
    }
  }

  // An event thread's turn: gathers the head, refuses what breaks the framing rules, answers every
  // request that has arrived whole and needs nothing slow, never waiting; the rest goes to a worker.
  void on_readable(Connection& c) {
    if (!c.stream.receive()) return close(c);  // the client has gone
    while (!c.closing && c.stream.has_input()) {
      const http::HeadParse parse = c.stream.examine();
      if (parse.state == http::HeadParse::State::incomplete) break;  // parked until the rest arrives
      if (parse.state == http::HeadParse::State::refused) {
        refuse(c, parse.refusal.status, parse.refusal.code, parse.refusal.message);
        break;
      }
      if (is_event_stream(parse.head) || !c.stream.holds_whole(parse.head) || !answers_from_memory(parse.head)) return hand_off(c);
      serve_one(c, parse.head);
    }
    // An answer the socket did not take whole is sent by a worker.
    if (c.stream.has_output()) return hand_off(c);
    finish(c);
  }

  // A worker's turn: the blocking way (a body read at its pace, slow answers), within the
  // timeouts, for as long as whole heads are buffered.
  void serve_blocking(Connection& c) {
    c.stream.set_may_wait(true);
    if (!c.stream.flush()) return close(c);
    while (!c.closing && c.stream.has_input()) {
      const http::HeadParse parse = c.stream.examine();
      if (parse.state == http::HeadParse::State::incomplete) break;
      if (parse.state == http::HeadParse::State::refused) {
        refuse(c, parse.refusal.status, parse.refusal.code, parse.refusal.message);
        break;
      }
      if (is_event_stream(parse.head)) return open_event_stream(c, parse.head);
      serve_one(c, parse.head);
    }
    if (!c.stream.flush()) return close(c);
    finish(c);
  }

  bool is_event_stream(const http::RequestHead& head) const {
    if (!m_settings.streams || head.method != "GET") return false;
    const std::string_view target = head.target;
    return target.substr(0, target.find('?')) == m_settings.streams->path;
  }

  // A worker's turn: asks the opener, then answers with the stream's head and parks the connection
  // for good (its next event is the client closing it), or answers the refusal and closes.
  void open_event_stream(Connection& c, const http::RequestHead& head) {
    HttpServer::EventStreamHub& hub = *m_settings.streams;
    const httplib::Request req = request_from_head(c.stream.head_text(head), c.stream.remote_ip());
    c.stream.drop_request(head);
    const HttpServer::EventStreamAnswer answer = hub.open ? hub.open(req) : HttpServer::EventStreamAnswer{};
    if (!answer.accepted) {
      c.stream.write(answer.refusal.data(), answer.refusal.size());
      c.closing = true;
      if (!c.stream.flush()) return close(c);
      return finish(c);
    }
    const std::string response =
        "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: private, no-store\r\n"
        "X-Accel-Buffering: no\r\nX-Content-Type-Options: nosniff\r\n" +
        answer.extra_headers + "\r\nretry: 3000\n\n";
    c.stream.write(response.data(), response.size());
    if (!c.stream.flush()) return close(c);
    // Whatever else the client sent on this connection is never answered: it only receives now.
    c.stream.release_buffers();
    c.event_stream = hub.add(c.stream.socket());
    if (hub.opened) hub.opened(c.event_stream, answer.subscriber, answer.last_event_id);
    park(c, Clock::time_point::max());
  }

  // An event thread's turn on a stream: the client closed it, or sent bytes nobody reads.
  void on_stream_input(Connection& c) {
    if (!c.stream.discard_input(kLingerBytes)) return close(c);
    park(c, Clock::time_point::max());
  }

  bool answers_from_memory(const http::RequestHead& head) const {
    return m_answers_from_memory && head.body_bytes == 0 && m_answers_from_memory(head.method, head.target);
  }

  // As cpp-httplib's loop: at most max_requests, the last one answered with "Connection: close";
  // the connection closes after an answer that asks for it or could not be written whole, and
  // after a request whose body cpp-httplib did not read.
  void serve_one(Connection& c, const http::RequestHead& head) {
    bool connection_closed = false;
    c.stream.begin_request(head);
    t_serving = &c.stream;
    const bool answered = m_serve(c.stream, c.requests_left == 1, connection_closed);
    t_serving = nullptr;
    // A small body left unread (a refused rollback) is dropped so the connection carries on; one the
    // client may never send ("Expect: 100-continue" answered with a refusal) or a large one is not
    // waited for: the connection closes instead.
    if (answered && !connection_closed) c.stream.skip_unread(kSkippedBodyBytes, !head.expects_continue);
    const bool read_whole = c.stream.end_request();
    --c.requests_left;
    // Sent before anything else happens, also when the connection is about to be closed.
    const bool sent = c.stream.flush();
    c.closing = !answered || !sent || connection_closed || !read_whole || c.requests_left == 0;
    c.linger = !read_whole;
  }

  void refuse(Connection& c, int status, std::string_view code, std::string_view message) {
    const std::string response = refusal_response(status, m_error_body, code, message);
    c.stream.write(response.data(), response.size());
    c.stream.flush();
    c.closing = true;
    c.linger = true;
    if (m_refusal_logger) m_refusal_logger(status, code, message, c.stream.remote_ip());
  }

  // After a turn: close, drain, or park for the next request (or the rest of this one's head).
  void finish(Connection& c) {
    if (!c.closing) {
      const bool head_in_part = c.stream.has_input();
      return park(c, head_in_part ? c.stream.first_byte_at() + m_settings.limits.head_timeout : Clock::now() + m_settings.keep_alive);
    }
    if (!c.linger || c.stream.has_output()) return close(c);
    // Half-close: the answer and a FIN go out; what the client still sends is read and dropped.
    ::shutdown(c.stream.socket(), SHUT_WR);
    c.draining = true;
    drain(c, Clock::now() + kLingerTime);
  }

  void drain(Connection& c, std::optional<Clock::time_point> until = std::nullopt) {
    if (!c.stream.discard_input(kLingerBytes)) return close(c);
    park(c, until ? *until : c.parked_until);
  }

  void hand_off(Connection& c) {
    std::function<void()> task = [this, connection = &c] { serve_blocking(*connection); };
    if (m_workers.try_enqueue(task)) return;
    // Every worker is busy: a held answer cannot be sent now, and a request must not queue
    // behind slow clients for a thread.
    if (c.stream.has_output()) return close(c);
    refuse(c, 503, "busy", "every worker is busy: try again in a moment");
    finish(c);
  }

  // Waits for its next event: armed for one event, so exactly one event thread takes it. Once
  // armed, another thread may own the connection at once: nothing here touches it afterwards.
  void park(Connection& c, Clock::time_point deadline) {
    c.stream.set_may_wait(false);
    c.parked_until = deadline;
    const int operation = c.in_epoll ? EPOLL_CTL_MOD : EPOLL_CTL_ADD;
    const int sock = c.stream.socket();
    c.in_epoll = true;
    epoll_event event{};
    event.events = EPOLLIN | EPOLLONESHOT;
    event.data.ptr = &c;
    c.deadline.store(deadline.time_since_epoch().count(), std::memory_order_release);
    if (::epoll_ctl(m_settings.epoll, operation, sock, &event) == 0) return;
    // Not armed, so still ours. Only out of kernel memory: closing it, the client reconnects.
    c.deadline.store(Connection::kServed, std::memory_order_relaxed);
    close(c);
  }

  void close(Connection& c) {
    // Out of the hub first: nothing writes to the socket once it is closed (and its number reused).
    if (c.event_stream != 0 && m_settings.streams) m_settings.streams->remove(std::exchange(c.event_stream, 0));
    std::unique_ptr<Connection> closing;  // destroyed, closing the socket, once the lock is released
    std::lock_guard lock(m_mutex);
    closing = std::move(*c.entry);
    m_open.erase(c.entry);
  }

  // Once a second, by whichever event thread comes first.
  void close_overdue_if_due() {
    const Clock::rep now = Clock::now().time_since_epoch().count();
    Clock::rep due = m_next_sweep.load(std::memory_order_relaxed);
    if (now < due || !m_next_sweep.compare_exchange_strong(due, now + Clock::duration(std::chrono::seconds(1)).count())) return;
    if (m_settings.streams) m_settings.streams->beat(Clock::now());
    std::lock_guard lock(m_mutex);
    for (const auto& c : m_open) {
      Clock::rep deadline = c->deadline.load(std::memory_order_relaxed);
      // Loses to a thread taking the connection at this moment: then it is served, not closed.
      if (deadline >= 0 && deadline <= now && c->deadline.compare_exchange_strong(deadline, Connection::kTimedOut)) {
        ::shutdown(c->stream.socket(), SHUT_RDWR);
      }
    }
  }

  const LoopSettings m_settings;
  const ServeRequest m_serve;
  const HttpServer::AnswersFromMemory m_answers_from_memory;
  const HttpServer::RefusalLogger m_refusal_logger;
  const HttpServer::ErrorBody m_error_body;
  std::atomic<bool> m_stopped{false};
  std::mutex m_mutex;  // guards m_open's list, not the connections
  std::list<std::unique_ptr<Connection>> m_open;
  std::atomic<Clock::rep> m_next_sweep{0};
  ElasticThreadPool m_workers;
  std::vector<std::thread> m_event_threads;  // last: they start once everything above exists
};

// [SECTION] HttpServer

HttpServer::HttpServer() : m_epoll(::epoll_create1(EPOLL_CLOEXEC)), m_stop_event(::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK)) {
  if (m_epoll < 0 || m_stop_event < 0) {
    m_setup_error = std::string("cannot create the connection loop's epoll set or event: ") + std::strerror(errno);
  } else {
    epoll_event stop{};
    stop.events = EPOLLIN;  // level-triggered, so that every event thread sees it
    stop.data.ptr = nullptr;
    if (::epoll_ctl(m_epoll, EPOLL_CTL_ADD, m_stop_event, &stop) != 0) {
      m_setup_error = std::string("cannot watch the stop event: ") + std::strerror(errno);
    }
  }
  new_task_queue = [this] {
    const std::size_t cores = std::max(1u, std::thread::hardware_concurrency());
    http::HeadLimits head_limits = m_head_limits;
    head_limits.max_body_bytes = payload_max_length_;
    LoopSettings settings{m_event_threads > 0 ? m_event_threads : cores,
                          m_min_workers,
                          m_max_workers,
                          keep_alive_max_count_,
                          std::chrono::seconds(keep_alive_timeout_sec_),
                          {to_milliseconds(read_timeout_sec_, read_timeout_usec_), to_milliseconds(write_timeout_sec_, write_timeout_usec_),
                           m_stop_event, head_limits, m_head_timeout, m_body_grace, m_min_body_rate},
                          m_epoll,
                          m_streams.get()};
    m_loop = new ConnectionLoop(
        settings,
        [this](httplib::Stream& stream, bool last, bool& connection_closed) { return process_request(stream, last, connection_closed, nullptr); },
        m_answers_from_memory, m_refusal_logger, m_error_body);
    return m_loop;
  };
}

HttpServer::~HttpServer() {
  if (m_stop_event >= 0) ::close(m_stop_event);
  if (m_epoll >= 0) ::close(m_epoll);
}

bool HttpServer::is_valid() const { return m_setup_error.empty() && httplib::Server::is_valid(); }

void HttpServer::set_thread_counts(std::size_t event_threads, std::size_t min_workers, std::size_t max_workers) {
  m_event_threads = event_threads;
  m_min_workers = min_workers;
  m_max_workers = max_workers;
}

void HttpServer::set_request_deadlines(std::chrono::milliseconds head_timeout, std::chrono::milliseconds body_grace, std::size_t min_body_rate) {
  m_head_timeout = head_timeout;
  m_body_grace = body_grace;
  m_min_body_rate = min_body_rate;
}

void HttpServer::set_head_limits(std::size_t max_request_line, std::size_t max_head_bytes, std::size_t max_header_lines) {
  m_head_limits.max_request_line = max_request_line;
  m_head_limits.max_head_bytes = max_head_bytes;
  m_head_limits.max_header_lines = max_header_lines;
}

void HttpServer::shut_down() {
  stop();
  if (m_stop_event < 0) return;
  // Wakes workers waiting for the rest of a request now; the loop itself stops when listen returns.
  const std::uint64_t one = 1;
  [[maybe_unused]] const ssize_t written = ::write(m_stop_event, &one, sizeof one);
}

void HttpServer::set_event_stream(std::string path, std::chrono::milliseconds heartbeat, OpenEventStream open, EventStreamOpened opened,
                                  EventStreamClosed closed) {
  if (!m_streams) m_streams = std::make_unique<EventStreamHub>();
  m_streams->path = std::move(path);
  m_streams->heartbeat = heartbeat;
  m_streams->open = std::move(open);
  m_streams->opened = std::move(opened);
  m_streams->closed = std::move(closed);
}

bool HttpServer::send_event(std::uint64_t stream, std::string_view bytes) { return m_streams && m_streams->send(stream, bytes); }

std::size_t HttpServer::event_streams() const {
  if (!m_streams) return 0;
  std::lock_guard lock(m_streams->mutex);
  return m_streams->streams.size();
}

bool HttpServer::request_body_unread() { return t_serving && t_serving->unread_body_closes(); }

bool HttpServer::process_and_close_socket(socket_t sock) {
  m_loop->adopt(sock);
  return true;
}

}  // namespace umuhanda
