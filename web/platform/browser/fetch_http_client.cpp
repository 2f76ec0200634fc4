// HttpClient over emscripten_fetch (XMLHttpRequest underneath). Traps it handles (docs/toolchain.md#emscripten-316-debian):
// a 304 arrives in onerror with status 304 and no bytes, so both callbacks build the same
// HttpResponse and the caller judges the status; header values are read from the raw block and
// trimmed. Every callback wakes the main loop so the UI shows what changed.
#include <emscripten/fetch.h>

#include <emscripten/emscripten.h>

#include <cstdlib>
#include <cstring>

#include "platform/app_window.hpp"
#include "platform/http_client.hpp"

// emscripten_fetch reports only the download: a request that wants the upload's progress goes
// through its own XMLHttpRequest, whose `upload.onprogress` tells. Headers arrive as
// "name\nvalue\n" pairs (neither may hold a line break); the answer's bytes are copied into the
// module's memory, which umuhanda_upload_done() takes over.
// clang-format off
EM_JS(void, umuhanda_send_with_upload_progress, (const char* method, const char* url, const char* header_lines, const char* body, double body_size, void* request), {
  var xhr = new XMLHttpRequest();
  xhr.open(UTF8ToString(method), UTF8ToString(url));
  var lines = UTF8ToString(header_lines).split("\n");
  for (var i = 0; i + 1 < lines.length; i += 2) xhr.setRequestHeader(lines[i], lines[i + 1]);
  xhr.responseType = "arraybuffer";
  xhr.upload.onprogress = function (event) { _umuhanda_upload_progress(request, event.loaded, event.lengthComputable ? event.total : body_size); };
  var finished = false;
  var done = function (answered) {
    if (finished) return;
    finished = true;
    var bytes = answered && xhr.response ? new Uint8Array(xhr.response) : new Uint8Array(0);
    var data = _malloc(Math.max(bytes.length, 1));
    HEAPU8.set(bytes, data);
    var headers = stringToNewUTF8(answered ? (xhr.getAllResponseHeaders() || "") : "");
    _umuhanda_upload_done(request, answered ? xhr.status : 0, data, bytes.length, headers);
  };
  xhr.onload = function () { done(true); };
  xhr.onerror = xhr.onabort = xhr.ontimeout = function () { done(false); };
  xhr.send(HEAPU8.slice(body, body + body_size));
});
// clang-format on

namespace umuhanda {
namespace {

struct PendingUpload {
  std::function<void(HttpResponse)> on_done;
  std::function<void(std::uint64_t, std::uint64_t)> on_upload_progress;
};

struct PendingRequest {
  std::function<void(HttpResponse)> on_done;
  std::function<void(const HttpProgress&)> on_progress;
  std::vector<std::string> header_storage;  // emscripten_fetch keeps pointers until the request ends
  std::vector<const char*> header_pointers;
  std::string body;  // sent from here: emscripten_fetch keeps the pointer too
};

std::string response_headers(emscripten_fetch_t* fetch) {
  const std::size_t length = emscripten_fetch_get_response_headers_length(fetch);
  if (length == 0) return {};
  std::string headers(length + 1, '\0');
  emscripten_fetch_get_response_headers(fetch, headers.data(), headers.size());
  headers.resize(std::strlen(headers.c_str()));
  return headers;
}

// Both callbacks end here. A 2xx body is whole only after `load` (`succeeded`): XHR fires it when the
// transfer ended normally (a cut connection fires `error`) and checks Content-Length itself;
// response_body_is_complete() compares again for identity bodies, whose header counts our bytes.
void finish(emscripten_fetch_t* fetch, bool succeeded) {
  auto* pending = static_cast<PendingRequest*>(fetch->userData);
  HttpResponse response;
  response.status = fetch->status;
  if (fetch->data && fetch->numBytes > 0) response.body.assign(fetch->data, static_cast<std::size_t>(fetch->numBytes));
  const std::string headers = response.status != 0 ? response_headers(fetch) : std::string();
  if (auto etag = find_response_header(headers, "ETag")) response.etag = std::move(*etag);
  if (!succeeded && fetch->status == 0) response.error = "no connection to the server";
  else if (!succeeded && fetch->status != 304) response.error = "the server answered " + std::to_string(fetch->status);
  response.complete = succeeded && response.ok() && response_body_is_complete(headers, response.body.size());
  emscripten_fetch_close(fetch);
  auto on_done = std::move(pending->on_done);
  delete pending;
  on_done(std::move(response));
  request_redraw();
}

void progress(emscripten_fetch_t* fetch) {
  auto* pending = static_cast<PendingRequest*>(fetch->userData);
  if (!pending->on_progress) return;
  // Without EMSCRIPTEN_FETCH_STREAM_DATA no bytes are handed over here: dataOffset is XHR's `loaded`.
  pending->on_progress(HttpProgress{fetch->status, fetch->dataOffset + fetch->numBytes, fetch->totalBytes});
  request_redraw();
}

class FetchHttpClient final : public HttpClient {
public:
  void send(HttpRequest request, std::function<void(HttpResponse)> on_done) override {
    if (request.on_upload_progress) {
      std::string header_lines;
      for (const auto& [name, value] : request.headers) header_lines += name + "\n" + value + "\n";
      auto* pending = new PendingUpload{std::move(on_done), std::move(request.on_upload_progress)};
      umuhanda_send_with_upload_progress(request.method.c_str(), request.url.c_str(), header_lines.c_str(), request.body.data(),
                                         static_cast<double>(request.body.size()), pending);
      return;
    }
    auto* pending = new PendingRequest{std::move(on_done), std::move(request.on_progress), {}, {}, std::move(request.body)};
    for (const auto& [name, value] : request.headers) {
      pending->header_storage.push_back(name);
      pending->header_storage.push_back(value);
    }
    for (const auto& text : pending->header_storage) pending->header_pointers.push_back(text.c_str());
    pending->header_pointers.push_back(nullptr);

    emscripten_fetch_attr_t attributes;
    emscripten_fetch_attr_init(&attributes);
    std::strncpy(attributes.requestMethod, request.method.c_str(), sizeof(attributes.requestMethod) - 1);
    if (!pending->body.empty()) {
      attributes.requestData = pending->body.data();
      attributes.requestDataSize = pending->body.size();
    }
    attributes.attributes = EMSCRIPTEN_FETCH_LOAD_TO_MEMORY;
    attributes.requestHeaders = pending->header_pointers.data();
    attributes.userData = pending;
    attributes.onsuccess = [](emscripten_fetch_t* fetch) { finish(fetch, true); };
    attributes.onerror = [](emscripten_fetch_t* fetch) { finish(fetch, false); };
    attributes.onprogress = [](emscripten_fetch_t* fetch) { progress(fetch); };
    emscripten_fetch(&attributes, request.url.c_str());
  }
};

}  // namespace

std::unique_ptr<HttpClient> make_http_client() { return std::make_unique<FetchHttpClient>(); }

}  // namespace umuhanda

extern "C" EMSCRIPTEN_KEEPALIVE void umuhanda_upload_progress(void* request, double sent, double total) {
  auto* pending = static_cast<umuhanda::PendingUpload*>(request);
  pending->on_upload_progress(static_cast<std::uint64_t>(sent), static_cast<std::uint64_t>(total));
  umuhanda::request_redraw();
}

// Ends an upload the way finish() ends a fetch: the same HttpResponse fields for the same answers.
extern "C" EMSCRIPTEN_KEEPALIVE void umuhanda_upload_done(void* request, int status, char* data, double size, char* headers) {
  std::unique_ptr<umuhanda::PendingUpload> pending(static_cast<umuhanda::PendingUpload*>(request));
  umuhanda::HttpResponse response;
  response.status = status;
  response.body.assign(data, static_cast<std::size_t>(size));
  std::free(data);
  const std::string all_headers(headers);
  std::free(headers);
  if (auto etag = umuhanda::find_response_header(all_headers, "ETag")) response.etag = std::move(*etag);
  if (status == 0) response.error = "no connection to the server";
  else if (!response.ok()) response.error = "the server answered " + std::to_string(status);
  response.complete = response.ok() && umuhanda::response_body_is_complete(all_headers, response.body.size());
  pending->on_done(std::move(response));
  umuhanda::request_redraw();
}
