// HttpClient over emscripten_fetch. A 304 arrives in onerror with status 304 (TOOLCHAIN.md), so
// both callbacks build the same HttpResponse and let the caller judge the status.
#include <emscripten/fetch.h>

#include <cstring>

#include "platform/http_client.hpp"

namespace umuhanda {
namespace {

struct PendingRequest {
  std::function<void(HttpResponse)> on_done;
  std::vector<std::string> header_storage;  // emscripten_fetch keeps pointers until the request ends
  std::vector<const char*> header_pointers;
};

void finish(emscripten_fetch_t* fetch, bool succeeded) {
  auto* pending = static_cast<PendingRequest*>(fetch->userData);
  HttpResponse response;
  response.status = fetch->status;
  if (fetch->data && fetch->numBytes > 0) response.body.assign(fetch->data, static_cast<std::size_t>(fetch->numBytes));
  if (!succeeded && fetch->status == 0) response.error = "no connection to the server";
  else if (!succeeded && fetch->status != 304) response.error = "the server answered " + std::to_string(fetch->status);
  emscripten_fetch_close(fetch);
  auto on_done = std::move(pending->on_done);
  delete pending;
  on_done(std::move(response));
}

class FetchHttpClient final : public HttpClient {
public:
  void get(const std::string& url, const HttpHeaders& headers, std::function<void(HttpResponse)> on_done) override {
    auto* pending = new PendingRequest{std::move(on_done), {}, {}};
    for (const auto& [name, value] : headers) {
      pending->header_storage.push_back(name);
      pending->header_storage.push_back(value);
    }
    for (const auto& text : pending->header_storage) pending->header_pointers.push_back(text.c_str());
    pending->header_pointers.push_back(nullptr);

    emscripten_fetch_attr_t attributes;
    emscripten_fetch_attr_init(&attributes);
    std::strcpy(attributes.requestMethod, "GET");
    attributes.attributes = EMSCRIPTEN_FETCH_LOAD_TO_MEMORY;
    attributes.requestHeaders = pending->header_pointers.data();
    attributes.userData = pending;
    attributes.onsuccess = [](emscripten_fetch_t* fetch) { finish(fetch, true); };
    attributes.onerror = [](emscripten_fetch_t* fetch) { finish(fetch, false); };
    emscripten_fetch(&attributes, url.c_str());
  }
};

}  // namespace

std::unique_ptr<HttpClient> make_http_client() { return std::make_unique<FetchHttpClient>(); }

}  // namespace umuhanda
