// The connection handling behind HttpServer (see http_server.hpp): a buffered socket stream that
// may or may not wait, idle connections parked in epoll, event threads, and hand-offs to workers.
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
#include <vector>

#include "elastic_thread_pool.hpp"

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

bool starts_with_lowercase(std::string_view text, std::string_view lowercase_prefix) {
  if (text.size() < lowercase_prefix.size()) return false;
  for (std::size_t i = 0; i < lowercase_prefix.size(); ++i) {
    const char c = text[i];
    if ((c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c) != lowercase_prefix[i]) return false;
  }
  return true;
}

// The body length of a request head (request line and header lines, each ending in CRLF) when
// cpp-httplib would read exactly that many bytes after it: 0 without Content-Length, or one plain
// decimal Content-Length. Anything else (chunked, a malformed or repeated length) is nullopt:
// a worker then reads that request the blocking way, as cpp-httplib would.
std::optional<std::size_t> plain_body_length(std::string_view head) {
  std::optional<std::size_t> length;
  for (std::size_t end = head.find("\r\n"); end + 2 < head.size();) {
    const std::size_t start = end + 2;
    end = head.find("\r\n", start);
    const std::string_view line = head.substr(start, end - start);
    if (starts_with_lowercase(line, "transfer-encoding:")) return std::nullopt;
    if (!starts_with_lowercase(line, "content-length:")) continue;
    std::string_view value = line.substr(sizeof "content-length:" - 1);
    while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) value.remove_prefix(1);
    while (!value.empty() && (value.back() == ' ' || value.back() == '\t')) value.remove_suffix(1);
    std::size_t parsed = 0;
    const auto [stop, error] = std::from_chars(value.data(), value.data() + value.size(), parsed);
    if (length || value.empty() || value.size() > 15 || error != std::errc() || stop != value.data() + value.size()) return std::nullopt;
    length = parsed;
  }
  return length.value_or(0);
}

// [SECTION] ConnectionStream: one connection's buffered socket

struct StreamLimits {
  int read_timeout_ms;
  int write_timeout_ms;
  int stop_event;  // readable once the server stops: ends a wait for input at once
};

// One connection's socket for all of its requests. Input is read into a buffer (cpp-httplib reads
// the request line and headers a byte at a time through read()), so an event thread can see that a
// whole request has arrived before cpp-httplib reads it. Output is held until the response is
// complete, until it has to wait for input, or until a large write joins it.
// On a worker the stream waits, within the timeouts. On an event thread it never waits: reads come
// from the buffer only, and what the socket will not take now is held for a worker to send.
class ConnectionStream final : public httplib::Stream {
public:
  ConnectionStream(socket_t sock, StreamLimits limits) : m_sock(sock), m_limits(limits) {
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

  // Sends what is held (an event thread: what the socket takes now); false when the connection failed.
  bool flush() { return m_out.empty() || send_held_then(nullptr, 0) >= 0; }

  // Without waiting, adds what has arrived to the buffer; false once the client has closed its
  // side (or the connection failed).
  bool receive() {
    if (m_in_begin > 0) {
      std::memmove(m_in.data(), m_in.data() + m_in_begin, m_in_end - m_in_begin);
      m_in_end -= m_in_begin;
      m_in_begin = 0;
    }
    if (m_in_end == m_in.size()) return true;  // full: no whole request fits, a worker reads it
    for (;;) {
      const ssize_t received = ::recv(m_sock, m_in.data() + m_in_end, m_in.size() - m_in_end, MSG_DONTWAIT);
      if (received > 0) m_in_end += static_cast<std::size_t>(received);
      if (received >= 0) return received > 0;
      if (errno != EINTR) return errno == EAGAIN || errno == EWOULDBLOCK;
    }
  }

  // Whether the buffer holds a whole request: cpp-httplib can then read it without touching the socket.
  bool request_arrived() const {
    const std::string_view input(m_in.data() + m_in_begin, m_in_end - m_in_begin);
    const std::size_t head_end = input.find("\r\n\r\n");
    if (head_end == std::string_view::npos) return false;
    const std::optional<std::size_t> body = plain_body_length(input.substr(0, head_end + 2));
    return body && input.size() - (head_end + 4) >= *body;
  }

  bool is_readable() const override {
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
    if (has_input()) {
      const std::size_t count = std::min(size, m_in_end - m_in_begin);
      std::memcpy(ptr, m_in.data() + m_in_begin, count);
      m_in_begin += count;
      return static_cast<ssize_t>(count);
    }
    // An event thread lets cpp-httplib read only what request_arrived() found whole in the buffer.
    if (!m_may_wait) return -1;
    // The client may wait for what was written so far (a "100 Continue") before it sends more.
    if (!flush()) return -1;
    const bool direct = size >= m_in.size();
    for (;;) {
      const ssize_t received = ::recv(m_sock, direct ? ptr : m_in.data(), direct ? size : m_in.size(), MSG_DONTWAIT);
      if (received == 0) return 0;
      if (received > 0) {
        if (direct) return received;
        m_in_begin = 0;
        m_in_end = static_cast<std::size_t>(received);
        return read(ptr, size);
      }
      if (errno == EINTR) continue;
      if (errno != EAGAIN && errno != EWOULDBLOCK) return -1;
      if (wait_for(m_sock, POLLIN, m_limits.read_timeout_ms, m_limits.stop_event) <= 0) return -1;
    }
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
  StreamLimits m_limits;
  bool m_may_wait = true;
  std::string m_remote_ip, m_local_ip;
  int m_remote_port = 0, m_local_port = 0;
  // Large enough for a browser's request with its cookies; a longer head goes to a worker.
  std::array<char, 8192> m_in{};
  std::size_t m_in_begin = 0, m_in_end = 0;
  std::string m_out;
};

// [SECTION] ConnectionLoop: parked connections, event threads, workers

struct Connection {
  // parked_at while a thread serves the connection, and once a sweep has found it idle too long.
  static constexpr Clock::rep kServed = -1, kTimedOut = -2;

  Connection(socket_t sock, StreamLimits limits, std::size_t max_requests) : stream(sock, limits), requests_left(max_requests) {}
  ConnectionStream stream;  // closes the socket when the connection is destroyed
  std::size_t requests_left;
  bool closing = false;   // close once the held output is sent
  bool in_epoll = false;  // added to the epoll set (parking again only re-arms it)
  // When it was parked (Clock ticks), or kServed, or kTimedOut: the one field that a sweep and the
  // thread serving the connection both touch.
  std::atomic<Clock::rep> parked_at{kServed};
  std::list<std::unique_ptr<Connection>>::iterator entry;  // in ConnectionLoop::m_open
};

struct LoopSettings {
  std::size_t event_threads, min_workers, max_workers, max_requests;
  std::chrono::milliseconds keep_alive;
  StreamLimits limits;
  int epoll;  // HttpServer's, watching limits.stop_event (as the event with a null pointer)
};

// cpp-httplib's process_request for one request on `stream`.
using ServeRequest = std::function<bool(httplib::Stream& stream, bool last, bool& connection_closed)>;

}  // namespace

// Everything between accepting a connection and closing it. cpp-httplib creates it as its task
// queue when listening starts and shuts it down when listening ends: its accept loop hands over
// each new connection as a task (HttpServer::process_and_close_socket), which only parks the
// connection, so it runs at once on the accept thread.
//
// Ownership: m_open owns every open connection. At any time a connection is either parked (in the
// epoll set, armed for one event) or served by exactly one thread: the event thread that got its
// event (EPOLLONESHOT), or the worker it was handed to. Only that thread re-arms or closes it, so
// answering a request takes no lock. The idle sweep only reads parked_at and shuts a timed-out
// socket down; the event that follows lets an event thread close it.
class ConnectionLoop final : public httplib::TaskQueue {
public:
  ConnectionLoop(const LoopSettings& settings, ServeRequest serve)
      : m_settings(settings), m_serve(std::move(serve)), m_workers(settings.min_workers, settings.max_workers) {
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
    park(c);
  }

private:
  // Events taken per epoll_wait: few, so that when the scheduler pauses an event thread, few
  // connections wait for it (the others are taken by the other event threads).
  static constexpr int kEventBatch = 4;

  void run_events() {
    std::array<epoll_event, kEventBatch> events{};
    for (;;) {
      // The timeout only lets an idle loop close idle connections.
      const int ready = ::epoll_wait(m_settings.epoll, events.data(), kEventBatch, 1000);
      if (ready < 0 && errno != EINTR) return;  // only with a bad epoll fd: a bug, not a client
      for (int i = 0; i < ready; ++i) {
        if (events[i].data.ptr == nullptr) return;  // the stop event, level-triggered: every event thread sees it
        Connection& c = *static_cast<Connection*>(events[i].data.ptr);
        if (c.parked_at.exchange(Connection::kServed, std::memory_order_acquire) == Connection::kTimedOut) {
          close(c);
        } else {
          on_readable(c);
        }
      }
      close_idle_if_due();
    }
  }

  // An event thread's turn: answers every request that has arrived whole, never waiting.
  void on_readable(Connection& c) {
    if (!c.stream.receive()) return close(c);  // the client has gone
    while (!c.closing && c.stream.request_arrived()) serve_one(c);
    // What would wait goes to a worker: an answer the socket did not take whole, a request in part.
    if (c.stream.has_output() || (!c.closing && c.stream.has_input())) return hand_off(c);
    c.closing ? close(c) : park(c);
  }

  // A worker's turn: the blocking way, within the read and write timeouts, until the buffer is empty.
  void serve_blocking(Connection& c) {
    c.stream.set_may_wait(true);
    if (!c.stream.flush()) return close(c);
    while (!c.closing && c.stream.has_input()) serve_one(c);
    c.closing ? close(c) : park(c);
  }

  // As cpp-httplib's loop: at most max_requests, the last one answered with "Connection: close";
  // the connection closes after an answer that asks for it or could not be written whole.
  void serve_one(Connection& c) {
    bool connection_closed = false;
    const bool answered = m_serve(c.stream, c.requests_left == 1, connection_closed);
    --c.requests_left;
    // Sent before anything else happens, also when the connection is about to be closed.
    const bool sent = c.stream.flush();
    c.closing = !answered || !sent || connection_closed || c.requests_left == 0;
  }

  void hand_off(Connection& c) {
    m_workers.enqueue([this, connection = &c] { serve_blocking(*connection); });
  }

  // Idle until its next request: armed for one event, so exactly one event thread takes it. Once
  // armed, another thread may own the connection at once: nothing here touches it afterwards.
  void park(Connection& c) {
    c.stream.set_may_wait(false);
    const int operation = c.in_epoll ? EPOLL_CTL_MOD : EPOLL_CTL_ADD;
    const int sock = c.stream.socket();
    c.in_epoll = true;
    epoll_event event{};
    event.events = EPOLLIN | EPOLLONESHOT;
    event.data.ptr = &c;
    c.parked_at.store(Clock::now().time_since_epoch().count(), std::memory_order_release);
    if (::epoll_ctl(m_settings.epoll, operation, sock, &event) == 0) return;
    // Not armed, so still ours. Only out of kernel memory: closing it, the client reconnects.
    c.parked_at.store(Connection::kServed, std::memory_order_relaxed);
    close(c);
  }

  void close(Connection& c) {
    std::unique_ptr<Connection> closing;  // destroyed, closing the socket, once the lock is released
    std::lock_guard lock(m_mutex);
    closing = std::move(*c.entry);
    m_open.erase(c.entry);
  }

  // Once a second, by whichever event thread comes first.
  void close_idle_if_due() {
    const Clock::rep now = Clock::now().time_since_epoch().count();
    Clock::rep due = m_next_sweep.load(std::memory_order_relaxed);
    if (now < due || !m_next_sweep.compare_exchange_strong(due, now + Clock::duration(std::chrono::seconds(1)).count())) return;
    const Clock::rep idle_since = now - Clock::duration(m_settings.keep_alive).count();
    std::lock_guard lock(m_mutex);
    for (const auto& c : m_open) {
      Clock::rep parked = c->parked_at.load(std::memory_order_relaxed);
      // Loses to a thread taking the connection at this moment: then it is served, not closed.
      if (parked >= 0 && parked <= idle_since && c->parked_at.compare_exchange_strong(parked, Connection::kTimedOut)) {
        ::shutdown(c->stream.socket(), SHUT_RDWR);
      }
    }
  }

  const LoopSettings m_settings;
  const ServeRequest m_serve;
  std::atomic<bool> m_stopped{false};
  std::mutex m_mutex;                               // guards m_open's list, not the connections
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
    LoopSettings settings{m_event_threads > 0 ? m_event_threads : cores,
                          m_min_workers,
                          m_max_workers,
                          keep_alive_max_count_,
                          std::chrono::seconds(keep_alive_timeout_sec_),
                          {to_milliseconds(read_timeout_sec_, read_timeout_usec_), to_milliseconds(write_timeout_sec_, write_timeout_usec_), m_stop_event},
                          m_epoll};
    m_loop = new ConnectionLoop(settings, [this](httplib::Stream& stream, bool last, bool& connection_closed) {
      return process_request(stream, last, connection_closed, nullptr);
    });
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

void HttpServer::shut_down() {
  stop();
  if (m_stop_event < 0) return;
  // Wakes workers waiting for the rest of a request now; the loop itself stops when listen returns.
  const std::uint64_t one = 1;
  [[maybe_unused]] const ssize_t written = ::write(m_stop_event, &one, sizeof one);
}

bool HttpServer::process_and_close_socket(socket_t sock) {
  m_loop->adopt(sock);
  return true;
}

}  // namespace umuhanda
