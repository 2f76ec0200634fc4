// EventStream for native tests: records what was opened, and delivers the events a test pushes.
#pragma once

#include <string>
#include <vector>

#include "platform/event_stream.hpp"

namespace umuhanda {

class MemoryEventStream final : public EventStream {
public:
  void open(const std::string& url, std::function<void(const ServerEvent&)> on_event) override;
  void close() override;
  bool is_open() const override { return m_open; }

  // Delivers `event` as the server would; false when no stream is open (it is lost, as on a wire).
  bool push(const ServerEvent& event);
  const std::vector<std::string>& opened() const { return m_opened; }  // every URL opened, in order

private:
  bool m_open = false;
  std::function<void(const ServerEvent&)> m_on_event;
  std::vector<std::string> m_opened;
};

}  // namespace umuhanda
