// HttpClient: the network seam. The browser implementation uses emscripten_fetch; tests can
// provide their own. Callbacks run on the main thread, outside the frame, and wake the main loop.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace umuhanda {

using HttpHeaders = std::vector<std::pair<std::string, std::string>>;

struct HttpResponse {
  int status = 0;         // 0 when no HTTP answer arrived (offline, refused, aborted)
  std::string body;       // decoded (the browser undoes Content-Encoding)
  std::string error;      // why there is no usable answer, for the student and the log
  std::string etag;       // the ETag response header as sent (quotes kept), empty when absent
  bool complete = false;  // a 2xx whose body arrived whole: the transfer ended normally and
                          // matched Content-Length when the server sent one for identity bytes
  bool ok() const { return status >= 200 && status < 300; }
  bool not_modified() const { return status == 304; }
};

// Reported while a body arrives. bytes_received counts the body as the page gets it, after the
// browser has undone any Content-Encoding; bytes_total is the Content-Length of an unencoded body,
// and 0 when unknown (browsers do not report a total for compressed answers).
struct HttpProgress {
  int status = 0;
  std::uint64_t bytes_received = 0;
  std::uint64_t bytes_total = 0;
};

struct HttpRequest {
  std::string url;
  HttpHeaders headers;                                   // e.g. {"If-None-Match", stored_etag}
  std::function<void(const HttpProgress&)> on_progress;  // optional
  std::string method = "GET";                            // "POST", "DELETE": the browser adds Origin and the cookies
  std::string body;                                      // sent as it is (set Content-Type in `headers`)
  // Optional: the body's bytes sent so far and its size, while a large body (an upload) goes out.
  std::function<void(std::uint64_t sent, std::uint64_t total)> on_upload_progress;

  // A GET of `url` (set the other fields after): built field by field, as braces would have to
  // name every member.
  static HttpRequest to(std::string url, HttpHeaders headers = {}) {
    HttpRequest request;
    request.url = std::move(url);
    request.headers = std::move(headers);
    return request;
  }
};

class HttpClient {
public:
  virtual ~HttpClient() = default;
  virtual void send(HttpRequest request, std::function<void(HttpResponse)> on_done) = 0;

  void get(const std::string& url, const HttpHeaders& headers, std::function<void(HttpResponse)> on_done) {
    send(HttpRequest::to(url, headers), std::move(on_done));
  }
  // A JSON body with `method` (POST, DELETE...), for the API routes that change something.
  void send_json(const std::string& method, const std::string& url, std::string json, std::function<void(HttpResponse)> on_done) {
    HttpRequest request = HttpRequest::to(url, {{"Content-Type", "application/json"}});
    request.method = method;
    request.body = std::move(json);
    send(std::move(request), std::move(on_done));
  }
};

std::unique_ptr<HttpClient> make_http_client();

// [SECTION] Response headers, as XMLHttpRequest.getAllResponseHeaders() gives them
// ("name: value\r\n" per line). Pure: shared by the browser client and its tests.

// The value of header `name` (case-insensitive), trimmed of spaces, tabs and the trailing "\r"
// that the raw header block keeps; nullopt when absent.
std::optional<std::string> find_response_header(std::string_view all_headers, std::string_view name);

// Whether a body that arrived with a normal end of transfer is whole. An encoded body cannot be
// checked (Content-Length counts the compressed bytes, the body holds the decoded ones), nor one
// without a usable Content-Length; an identity body must be exactly Content-Length bytes.
bool response_body_is_complete(std::string_view all_headers, std::size_t body_size);

}  // namespace umuhanda
