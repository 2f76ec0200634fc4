// The connection loop and socket stream behind HttpServer (see http_server.hpp).
#include "http_server.hpp"

#include <arpa/inet.h>
#include <netdb.h>
#include <poll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstdint>
#include <cstring>
#include <mutex>
#include <string>

namespace umuhanda {
namespace {

int to_milliseconds(time_t seconds, time_t microseconds) { return static_cast<int>(seconds * 1000 + microseconds / 1000); }

// > 0 when `fd` is ready for `events`, 0 after `timeout_ms`, < 0 on an error or when `stop_event`
// (an eventfd, -1 for none) is readable.
int wait_for(int fd, short events, int timeout_ms, int stop_event = -1) {
  std::array<pollfd, 2> watched{{{fd, events, 0}, {stop_event, POLLIN, 0}}};
  int ready;
  do {
    ready = ::poll(watched.data(), stop_event >= 0 ? 2 : 1, timeout_ms);
  } while (ready < 0 && errno == EINTR);
  return ready > 0 && watched[1].revents != 0 ? -1 : ready;
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

// One accepted connection for all of its requests. Input is read in 4 KiB slices (cpp-httplib
// reads the request line and headers a byte at a time through read()); output is held until the
// response is complete, until it has to wait for input, or until a large write joins it.
class ConnectionStream final : public httplib::Stream {
public:
  ConnectionStream(socket_t sock, int read_timeout_ms, int write_timeout_ms, int stop_event)
      : m_sock(sock), m_read_timeout_ms(read_timeout_ms), m_write_timeout_ms(write_timeout_ms), m_stop_event(stop_event) {
    sockaddr_storage address{};
    socklen_t length = sizeof address;
    if (::getpeername(sock, reinterpret_cast<sockaddr*>(&address), &length) == 0) describe_address(address, length, m_remote_ip, m_remote_port);
    length = sizeof address;
    if (::getsockname(sock, reinterpret_cast<sockaddr*>(&address), &length) == 0) describe_address(address, length, m_local_ip, m_local_port);
  }

  bool is_readable() const override { return m_in_begin < m_in_end || wait_for(m_sock, POLLIN, m_read_timeout_ms, m_stop_event) > 0; }

  // As cpp-httplib's: writable within the write timeout, and not closed by the peer.
  bool is_writable() const override {
    if (wait_for(m_sock, POLLOUT, m_write_timeout_ms, m_stop_event) <= 0) return false;
    if (wait_for(m_sock, POLLIN, 0) == 0) return true;
    char byte;
    return ::recv(m_sock, &byte, 1, MSG_PEEK | MSG_DONTWAIT) > 0;
  }

  ssize_t read(char* ptr, std::size_t size) override {
    if (m_in_begin < m_in_end) {
      const std::size_t count = std::min(size, m_in_end - m_in_begin);
      std::memcpy(ptr, m_in.data() + m_in_begin, count);
      m_in_begin += count;
      return static_cast<ssize_t>(count);
    }
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
      if (wait_for(m_sock, POLLIN, m_read_timeout_ms, m_stop_event) <= 0) return -1;
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

  // Sends what is held; false when the connection failed.
  bool flush() { return m_out.empty() || send_held_then(nullptr, 0) >= 0; }

  // Between requests: true once the next request starts to arrive; false when the peer hangs up,
  // stays silent for the keep-alive timeout (the socket's SO_RCVTIMEO), or the server stops (which
  // shuts the read side down). One blocking recv, not poll then recv: a request costs recv and
  // send (system calls are what a small request spends its time on, and they cost more in a VM).
  bool wait_for_request() {
    if (m_in_begin < m_in_end) return true;  // pipelined
    if (!flush()) return false;
    ssize_t received;
    do {
      received = ::recv(m_sock, m_in.data(), m_in.size(), 0);
    } while (received < 0 && errno == EINTR);
    if (received <= 0) return false;
    m_in_begin = 0;
    m_in_end = static_cast<std::size_t>(received);
    return true;
  }

private:
  static constexpr std::size_t kHeldBytes = 16 * 1024;

  // Sends the held bytes, then as much of [ptr, ptr + size) as the socket takes (at least one
  // byte of it when size > 0): returns how much of it, or -1 on an error or the write timeout.
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
        if (wait_for(m_sock, POLLOUT, m_write_timeout_ms, m_stop_event) <= 0) return -1;
        continue;
      }
      const std::size_t from_held = std::min(static_cast<std::size_t>(sent), m_out.size());
      m_out.erase(0, from_held);
      const std::size_t from_ptr = static_cast<std::size_t>(sent) - from_held;
      if (m_out.empty() && (from_ptr > 0 || size == 0)) return static_cast<ssize_t>(from_ptr);
    }
  }

  socket_t m_sock;
  int m_read_timeout_ms;
  int m_write_timeout_ms;
  int m_stop_event;
  std::string m_remote_ip, m_local_ip;
  int m_remote_port = 0, m_local_port = 0;
  std::array<char, 4096> m_in{};
  std::size_t m_in_begin = 0, m_in_end = 0;
  std::string m_out;
};

}  // namespace

bool OpenConnections::add(socket_t sock) {
  const std::lock_guard lock(m_mutex);
  if (m_stopping) return false;
  m_sockets.push_back(sock);
  return true;
}

void OpenConnections::remove(socket_t sock) {
  const std::lock_guard lock(m_mutex);
  const auto found = std::find(m_sockets.begin(), m_sockets.end(), sock);
  if (found == m_sockets.end()) return;
  *found = m_sockets.back();
  m_sockets.pop_back();
}

void OpenConnections::end_all() {
  const std::lock_guard lock(m_mutex);
  m_stopping = true;
  // Shutting down the read side wakes a recv() blocked on the socket (it returns 0) and ends any
  // read to come; answers still go out. Each socket is closed by its own thread after remove(),
  // so no descriptor here can have been reused meanwhile.
  for (const socket_t sock : m_sockets) ::shutdown(sock, SHUT_RD);
}

HttpServer::HttpServer() : m_stop_event(::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK)) {}

HttpServer::~HttpServer() {
  if (m_stop_event >= 0) ::close(m_stop_event);
}

void HttpServer::shut_down() {
  stop();
  m_connections.end_all();
  if (m_stop_event < 0) return;  // a request being read or written then ends at its timeout
  const std::uint64_t one = 1;
  [[maybe_unused]] const ssize_t written = ::write(m_stop_event, &one, sizeof one);
}

bool HttpServer::process_and_close_socket(socket_t sock) {
  bool answered = false;
  {
    // The keep-alive timeout bounds the blocking recv() that waits for each next request.
    const timeval keep_alive{static_cast<time_t>(keep_alive_timeout_sec_), 0};
    ::setsockopt(sock, SOL_SOCKET, SO_RCVTIMEO, &keep_alive, sizeof keep_alive);
    ConnectionStream stream(sock, to_milliseconds(read_timeout_sec_, read_timeout_usec_), to_milliseconds(write_timeout_sec_, write_timeout_usec_),
                            m_stop_event);
    // As cpp-httplib: at most keep_alive_max_count_ requests, the last one answered with
    // "Connection: close"; the loop ends when the server stops, the client closes or stays silent
    // for the keep-alive timeout, or an answer could not be written whole.
    const bool added = m_connections.add(sock);
    for (std::size_t left = added ? keep_alive_max_count_ : 0; left > 0 && svr_sock_ != INVALID_SOCKET; --left) {
      if (!stream.wait_for_request()) break;
      bool connection_closed = false;
      answered = process_request(stream, left == 1, connection_closed, nullptr);
      // Sent before anything else happens, also when the connection is about to be closed.
      const bool sent = stream.flush();
      if (!answered || !sent || connection_closed) break;
    }
    if (added) m_connections.remove(sock);
  }
  ::shutdown(sock, SHUT_RDWR);
  ::close(sock);
  return answered;
}

}  // namespace umuhanda
