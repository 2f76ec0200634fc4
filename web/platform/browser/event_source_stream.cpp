// EventStream in the browser: one EventSource (same origin, so the session cookie goes with it).
// It reconnects by itself after a drop, sending Last-Event-ID; the server then sends what was missed.
#include <emscripten/emscripten.h>

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "platform/app_window.hpp"
#include "platform/event_stream.hpp"

namespace umuhanda {
using ServerEventHandler = std::function<void(const ServerEvent&)>;
}

// JavaScript inside EM_JS follows: clang-format would break it.
// clang-format off
EM_JS(void, umuhanda_event_source_open, (const char* url, void* handler), {
  if (globalThis.umuhandaEventSource) globalThis.umuhandaEventSource.close();
  var source = new EventSource(UTF8ToString(url));
  globalThis.umuhandaEventSource = source;
  var deliver = function (type) {
    return function (event) {
      if (globalThis.umuhandaEventSource !== source) return;
      var text = function (value) { var size = lengthBytesUTF8(value) + 1, pointer = _malloc(size); stringToUTF8(value, pointer, size); return pointer; };
      var t = text(type), id = text(event.lastEventId || ""), data = text(event.data || "");
      _umuhanda_server_event(handler, t, id, data);
      _free(t); _free(id); _free(data);
    };
  };
  source.addEventListener("notification", deliver("notification"));
  source.addEventListener("reset", deliver("reset"));
});
EM_JS(void, umuhanda_event_source_close, (), {
  if (globalThis.umuhandaEventSource) { globalThis.umuhandaEventSource.close(); globalThis.umuhandaEventSource = null; }
});
// clang-format on

namespace umuhanda {
namespace {

class EventSourceStream final : public EventStream {
public:
  ~EventSourceStream() override { close(); }
  void open(const std::string& url, std::function<void(const ServerEvent&)> on_event) override {
    close();
    m_handler = std::make_unique<ServerEventHandler>(std::move(on_event));
    umuhanda_event_source_open(url.c_str(), m_handler.get());
    m_open = true;
  }
  void close() override {
    if (!m_open) return;
    umuhanda_event_source_close();
    m_open = false;
    // The old handler stays alive: an event already queued for it in JavaScript is dropped there.
    m_retired.push_back(std::move(m_handler));
  }
  bool is_open() const override { return m_open; }

private:
  bool m_open = false;
  std::unique_ptr<ServerEventHandler> m_handler;
  std::vector<std::unique_ptr<ServerEventHandler>> m_retired;
};

}  // namespace

std::unique_ptr<EventStream> make_event_stream() { return std::make_unique<EventSourceStream>(); }

}  // namespace umuhanda

extern "C" EMSCRIPTEN_KEEPALIVE void umuhanda_server_event(void* handler, const char* type, const char* id, const char* data) {
  (*static_cast<umuhanda::ServerEventHandler*>(handler))(umuhanda::ServerEvent{type, id, data});
  umuhanda::request_redraw();
}
