#include "platform/memory/memory_tab_channel.hpp"

#include <algorithm>
#include <functional>

namespace umuhanda {

class MemoryTabChannel final : public TabChannel {
public:
  explicit MemoryTabChannel(MemoryTabHub& hub) : m_hub(hub) { m_hub.m_channels.push_back(this); }
  ~MemoryTabChannel() override { std::erase(m_hub.m_channels, this); }
  void post(const std::string& message) override {
    m_hub.m_pending.emplace_back(this, message);
    ++m_hub.m_posted;
  }
  void on_message(std::function<void(const std::string&)> receiver) override { m_receiver = std::move(receiver); }
  void deliver(const std::string& message) {
    if (m_receiver) m_receiver(message);
  }

private:
  MemoryTabHub& m_hub;
  std::function<void(const std::string&)> m_receiver;
};

std::unique_ptr<TabChannel> MemoryTabHub::open() { return std::make_unique<MemoryTabChannel>(*this); }

std::size_t MemoryTabHub::deliver_pending() {
  std::size_t delivered = 0;
  while (!m_pending.empty()) {
    auto [sender, message] = std::move(m_pending.front());
    m_pending.pop_front();
    // Copied: a receiver may open or close channels.
    const std::vector<MemoryTabChannel*> receivers = m_channels;
    for (MemoryTabChannel* channel : receivers) {
      if (channel != sender && std::find(m_channels.begin(), m_channels.end(), channel) != m_channels.end()) channel->deliver(message);
    }
    ++delivered;
  }
  return delivered;
}

}  // namespace umuhanda
