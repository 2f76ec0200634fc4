// HttpClient: the network seam. The browser implementation uses emscripten_fetch; tests can
// provide their own. Callbacks run on the main thread, from the main loop.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace umuhanda {

struct HttpResponse {
  int status = 0;       // 0 when no HTTP answer arrived (offline, refused, aborted)
  std::string body;
  std::string error;    // why there is no usable answer, for the student and the log
  bool ok() const { return status >= 200 && status < 300; }
};

using HttpHeaders = std::vector<std::pair<std::string, std::string>>;

class HttpClient {
public:
  virtual ~HttpClient() = default;
  virtual void get(const std::string& url, const HttpHeaders& headers, std::function<void(HttpResponse)> on_done) = 0;
};

std::unique_ptr<HttpClient> make_http_client();

}  // namespace umuhanda
