// EventStream: the seam for a stream of server-sent events (docs/api.md, "Live events"). The
// browser's is an EventSource, which sends the session cookie, reconnects by itself after a drop
// and resumes with Last-Event-ID; native tests push events by hand (MemoryEventStream). Events
// arrive on the main thread, outside the frame, and wake the main loop.
#pragma once

#include <functional>
#include <memory>
#include <string>

namespace umuhanda {

struct ServerEvent {
  std::string type;  // "notification", "reset"
  std::string id;    // "" when the event has none
  std::string data;  // as sent: JSON for Umuhanda's events
};

class EventStream {
public:
  virtual ~EventStream() = default;
  // Opens `url` (closing any stream open before); each event goes to `on_event`.
  virtual void open(const std::string& url, std::function<void(const ServerEvent&)> on_event) = 0;
  virtual void close() = 0;
  virtual bool is_open() const = 0;
};

std::unique_ptr<EventStream> make_event_stream();

}  // namespace umuhanda
