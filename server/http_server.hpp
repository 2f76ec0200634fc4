// HttpServer: cpp-httplib's Server with a leaner loop for each connection. Requests are still read,
// routed and answered by cpp-httplib; only the socket work between and around them is replaced.
#pragma once

#include <httplib.h>

#include <mutex>
#include <vector>

namespace umuhanda {

// The open connections, so that stopping can end them at once: a connection is added and removed
// once (not per request), and end_all() shuts down their read sides.
class OpenConnections {
public:
  // False once end_all() has run: the connection should end at once.
  bool add(socket_t sock);
  void remove(socket_t sock);
  // Wakes every connection waiting for its next request (its wait then reports a hang-up), ends
  // reads of requests still arriving, and refuses new connections.
  void end_all();

private:
  std::mutex m_mutex;
  std::vector<socket_t> m_sockets;
  bool m_stopping = false;
};

// cpp-httplib 0.11.4 (Debian) spends eight system calls on a small keep-alive request: it
// waits for the next request in 10 ms polls with 1 ms sleeps between them, polls again before each
// read and twice before each write, and asks the kernel for both socket addresses on every request.
// This loop waits for the next request in one blocking recv (bounded by the keep-alive timeout as
// SO_RCVTIMEO), reads and writes at once (polling only when the socket would block), sends a
// response head and a small body in one call (a large body with the head in one sendmsg), and
// looks the addresses up once per connection: a 304 costs recv and send.
class HttpServer final : public httplib::Server {
public:
  HttpServer();
  ~HttpServer() override;
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  // httplib::Server::stop(), and every connection waiting for its next request ends now rather
  // than at its keep-alive timeout (cpp-httplib's own loop noticed within 11 ms).
  void shut_down();

private:
  // Replaces cpp-httplib's (private, virtual) loop over one accepted connection's requests.
  bool process_and_close_socket(socket_t sock) override;

  OpenConnections m_connections;
  int m_stop_event = -1;  // an eventfd, readable once shut_down() has run
};

}  // namespace umuhanda
