// HttpServer: cpp-httplib's Server with its own connection handling. Requests are still read,
// routed and answered by cpp-httplib (process_request); which thread serves them, and when, is ours.
#pragma once

#include <httplib.h>

#include <cstddef>
#include <string>

namespace umuhanda {

class ConnectionLoop;  // http_server.cpp

// Who serves what (docs/api.md, "Connections and threads"):
// - cpp-httplib's accept loop (the thread that calls listen) parks each new connection.
// - Event threads wait on every parked (idle keep-alive) connection at once with epoll. When a
//   connection's next request has arrived whole, the event thread that saw it answers it at once
//   and parks the connection again: no hand-off, so no context switch per request.
// - Workers (an ElasticThreadPool) take what could block an event thread: a request that arrived
//   only in part (headers trickling in, an upload), and an answer the socket would not take whole.
//   They serve that connection the blocking way, within the read and write timeouts, then park it.
// An idle connection costs a socket and a small buffer, not a thread; it is closed after the
// keep-alive timeout (checked once a second) or after keep_alive_max_count requests.
//
// cpp-httplib's new_task_queue is the hook that starts and stops this: do not replace it.
class HttpServer final : public httplib::Server {
public:
  HttpServer();
  ~HttpServer() override;
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  // False when the epoll set could not be made (then bind fails too); setup_error() says why.
  bool is_valid() const override;
  const std::string& setup_error() const { return m_setup_error; }

  // Before listening. `event_threads` 0 means one per core: they do the CPU work of answering,
  // so more would only take turns on the same cores, and fewer would leave a core idle.
  // Workers: `min_workers` kept ready, at most `max_workers` (each holds one slow connection).
  void set_thread_counts(std::size_t event_threads, std::size_t min_workers, std::size_t max_workers);

  // httplib::Server::stop(): the accept loop ends, every parked connection is closed at once, a
  // worker waiting for the rest of a request gives up now; answers being sent get the write timeout.
  void shut_down();

private:
  // cpp-httplib's (private, virtual) loop over one accepted connection's requests: here it hands
  // the connection to the ConnectionLoop and returns at once.
  bool process_and_close_socket(socket_t sock) override;

  int m_epoll = -1;       // the parked connections, and the stop event
  int m_stop_event = -1;  // an eventfd, readable once shut_down() has run
  std::string m_setup_error;
  std::size_t m_event_threads = 0;
  std::size_t m_min_workers = 2;
  std::size_t m_max_workers = 256;
  ConnectionLoop* m_loop = nullptr;  // owned by cpp-httplib's listen loop, which deletes it on return
};

}  // namespace umuhanda
