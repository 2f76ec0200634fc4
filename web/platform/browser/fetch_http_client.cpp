// HttpClient over emscripten_fetch (XMLHttpRequest underneath). Traps it handles (docs/toolchain.md#emscripten-316-debian):
// a 304 arrives in onerror with status 304 and no bytes, so both callbacks build the same
// HttpResponse and the caller judges the status; header values are read from the raw block and
// trimmed. Every callback wakes the main loop so the UI shows what changed.
#include <emscripten/fetch.h>

#include <cstring>

#include "platform/app_window.hpp"
#include "platform/http_client.hpp"

namespace umuhanda {
namespace {

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
