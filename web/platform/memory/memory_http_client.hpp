// HttpClient in memory, for native builds and the client_app unit tests: a scripted server. It
// answers from resources served by URL (ETag, If-None-Match -> 304), fixed replies or a handler,
// records every request, and builds each HttpResponse the way platform/browser/fetch_http_client.cpp
// does (a 304 with no body and no error, offline as status 0, `complete` judged from the headers, a
// cut transfer as an error with the bytes that arrived). Nothing is answered during send():
// answers queue and are delivered, progress events first, on run_pending().
#pragma once

#include <cstddef>
#include <deque>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "platform/http_client.hpp"

namespace umuhanda {

// What the scripted server does with one request.
struct MemoryHttpReply {
  int status = 200;
  std::string body;
  HttpHeaders headers;                   // as sent, e.g. {"ETag", "\"v1\""}, {"Content-Length", "120"}, {"Content-Encoding", "gzip"}
  bool no_connection = false;            // no answer at all: offline, refused, aborted
  std::optional<std::size_t> cut_after;  // the connection drops after this many body bytes
  std::size_t progress_events = 1;       // spread evenly over the body (none for an empty body)

  // 200 with Content-Length, and the ETag when given.
  static MemoryHttpReply ok(std::string body, std::string etag = {});
  static MemoryHttpReply not_modified(std::string etag);
  static MemoryHttpReply error(int status, std::string body = {});
  static MemoryHttpReply offline();
};

class MemoryHttpClient final : public HttpClient {
public:
  // Asked before the fixed replies and the resources; nullopt lets them answer.
  using Handler = std::function<std::optional<MemoryHttpReply>(const HttpRequest&)>;

  struct RecordedRequest {
    std::string url;
    HttpHeaders headers;
    std::string method;
    std::string body;
    bool answered = false;
    std::optional<std::string> header(std::string_view name) const;  // case-insensitive
  };

  void send(HttpRequest request, std::function<void(HttpResponse)> on_done) override;

  // [SECTION] What the server answers. Precedence: offline, handler, reply(), serve(), else 404.
  // A resource: 200 with the body, Content-Length and the ETag (when given), or 304 with the ETag
  // when the request's If-None-Match names it.
  void serve(const std::string& url, std::string body, std::string etag = {});
  // The same reply to every request for `url`.
  void reply(const std::string& url, MemoryHttpReply reply);
  void set_handler(Handler handler) { m_handler = std::move(handler); }
  // Every request fails as on a phone without a connection, until set back.
  void set_offline(bool offline) { m_offline = offline; }

  // [SECTION] Driving it
  // Answers queued requests until none is left (answers may send more); returns how many.
  std::size_t run_pending();
  // Answers the oldest queued request; false when none was queued.
  bool run_next();
  std::size_t pending() const { return m_queue.size(); }

  // [SECTION] Inspection
  const std::vector<RecordedRequest>& requests() const { return m_requests; }
  std::size_t count(std::string_view url) const;  // requests sent for `url`
  std::size_t answered() const;                   // requests answered so far

private:
  struct Resource {
    std::string body;
    std::string etag;
  };
  struct Pending {
    std::size_t index = 0;  // into m_requests
    HttpRequest request;
    std::function<void(HttpResponse)> on_done;
  };

  MemoryHttpReply reply_for(const HttpRequest& request) const;

  std::vector<RecordedRequest> m_requests;
  std::deque<Pending> m_queue;
  std::map<std::string, Resource> m_resources;
  std::map<std::string, MemoryHttpReply> m_replies;
  Handler m_handler;
  bool m_offline = false;
};

}  // namespace umuhanda
