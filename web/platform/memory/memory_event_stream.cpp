// MemoryEventStream (see memory_event_stream.hpp).
#include "platform/memory/memory_event_stream.hpp"

namespace umuhanda {

void MemoryEventStream::open(const std::string& url, std::function<void(const ServerEvent&)> on_event) {
  m_open = true;
  m_on_event = std::move(on_event);
  m_opened.push_back(url);
}

void MemoryEventStream::close() {
  m_open = false;
  m_on_event = nullptr;
}

bool MemoryEventStream::push(const ServerEvent& event) {
  if (!m_open || !m_on_event) return false;
  m_on_event(event);
  return true;
}

std::unique_ptr<EventStream> make_event_stream() { return std::make_unique<MemoryEventStream>(); }

}  // namespace umuhanda
