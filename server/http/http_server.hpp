// HttpServer: cpp-httplib's Server with its own connection handling. Requests are framed by us
// (request_head.hpp: RFC 9112, before cpp-httplib parses a byte), then routed and answered by
// cpp-httplib (process_request); which thread serves them, and when, is ours.
#pragma once

#include <httplib.h>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "request_head.hpp"

namespace umuhanda {

class ConnectionLoop;  // http_server.cpp

// Who serves what (docs/api.md, "Connections and threads"):
// - cpp-httplib's accept loop (the thread that calls listen) parks each new connection.
// - Event threads wait on every parked connection at once with epoll, and gather each request's
//   head without waiting (a head trickling in costs no thread, and must be whole within the head
//   timeout). A head that breaks a framing rule is refused (400, 411, 413, 414, 431, 501, 505) and
//   the connection closed. When a request has arrived whole and the application says it is
//   answered from memory, the event thread answers it at once: no hand-off, no context switch.
// - Workers (an ElasticThreadPool) take what could block an event thread: a request with a body
//   still arriving (at a minimum rate), a request that must touch the disk or database, and an
//   answer the socket would not take whole. When every worker is busy, the request gets a 503.
// - cpp-httplib only ever reads the bytes of the request it was given: the body of a request it
//   leaves unread (a refused upload) closes the connection, and is never read as a request.
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

  // Before listening. A head must be whole `head_timeout` after its first byte; a body must arrive
  // at `min_body_rate` bytes a second on average once `body_grace` has passed. The body limit is
  // cpp-httplib's payload_max_length, checked against Content-Length before any body byte is read.
  void set_request_deadlines(std::chrono::milliseconds head_timeout, std::chrono::milliseconds body_grace, std::size_t min_body_rate);
  void set_head_limits(std::size_t max_request_line, std::size_t max_head_bytes, std::size_t max_header_lines);

  // Before listening. Whether a request whose head and body have arrived can be answered by an
  // event thread: true only when it needs no disk, database or long computation. Others go to a
  // worker. Unset: every request goes to a worker.
  using AnswersFromMemory = std::function<bool(std::string_view method, std::string_view target)>;
  void set_answers_from_memory(AnswersFromMemory answers_from_memory) { m_answers_from_memory = std::move(answers_from_memory); }

  // Before listening. Told of every request refused before cpp-httplib saw it: status, code, why,
  // and the client's address. For the access log; called on the thread that refused it.
  using RefusalLogger = std::function<void(int status, std::string_view code, std::string_view message, std::string_view remote_ip)>;
  void set_refusal_logger(RefusalLogger logger) { m_refusal_logger = std::move(logger); }

  // Before listening. The JSON body of those refusals, made by the same code as the server's other
  // errors so that both look alike. Unset: a line of plain text.
  using ErrorBody = std::function<std::string(std::string_view code, std::string_view message)>;
  void set_error_body(ErrorBody error_body) { m_error_body = std::move(error_body); }

  // While a handler or the post-routing handler runs: whether the request's body is unread and will
  // not be read and dropped (too large, or never asked for): the connection closes after this
  // answer, which should say so.
  static bool request_body_unread();

  // [SECTION] Server-sent events (docs/api.md, "Live events")
  // A GET of `path` becomes a stream of events instead of an answer: `open` (on a worker) decides
  // with the request what a cpp-httplib handler would (who is asking, from which event on). When
  // it accepts, the connection answers "200 text/event-stream" and then stays open with no thread
  // of its own: parked in epoll like an idle connection, written to by send_event from any thread,
  // and sent a comment line after `heartbeat` without events (proxies and phones drop silent
  // connections). No Content-Length: the stream ends when the connection closes.
  struct EventStreamAnswer {
    bool accepted = false;
    std::string refusal;          // when not accepted: a whole HTTP response (closing the connection)
    std::int64_t subscriber = 0;  // whose events the stream carries
    std::int64_t last_event_id = 0;
    std::string extra_headers;  // "Name: value\r\n" lines added to the stream's head
  };
  using OpenEventStream = std::function<EventStreamAnswer(const httplib::Request& req)>;
  // Told of every stream opened (after its head was sent) and closed, on the thread that did it.
  using EventStreamOpened = std::function<void(std::uint64_t stream, std::int64_t subscriber, std::int64_t last_event_id)>;
  using EventStreamClosed = std::function<void(std::uint64_t stream)>;
  void set_event_stream(std::string path, std::chrono::milliseconds heartbeat, OpenEventStream open, EventStreamOpened opened,
                        EventStreamClosed closed);
  // Any thread: appends whole events to the stream's output. False when the stream is gone, or
  // when its reader is so far behind that its output passed the limit (it is then closed).
  bool send_event(std::uint64_t stream, std::string_view bytes);
  std::size_t event_streams() const;

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
  std::chrono::milliseconds m_head_timeout{10000};
  std::chrono::milliseconds m_body_grace{10000};
  std::size_t m_min_body_rate = 1024;
  http::HeadLimits m_head_limits;
  AnswersFromMemory m_answers_from_memory;
  RefusalLogger m_refusal_logger;
  ErrorBody m_error_body;
  ConnectionLoop* m_loop = nullptr;  // owned by cpp-httplib's listen loop, which deletes it on return

public:
  // The open streams (http_server.cpp), kept here so that send_event is safe from any thread at
  // any time, also before listening and after the loop is gone.
  struct EventStreamHub;

private:
  std::unique_ptr<EventStreamHub> m_streams;
};

}  // namespace umuhanda
