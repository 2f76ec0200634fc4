// TabChannel over the browser's BroadcastChannel (every browser the client supports has one; where
// it is missing, posts go nowhere and tabs only see each other's records at their next start).
#include <emscripten/emscripten.h>

#include <cstdlib>
#include <map>

#include "platform/app_window.hpp"
#include "platform/tab_channel.hpp"

// JavaScript inside EM_JS follows: clang-format would break it.
// clang-format off
EM_JS(void, umuhanda_tab_channel_open, (int handle, const char* name), {
  if (typeof BroadcastChannel === "undefined") return;
  Module.umuhandaTabChannels = Module.umuhandaTabChannels || {};
  var channel = new BroadcastChannel(UTF8ToString(name));
  channel.onmessage = function (event) {
    if (typeof event.data !== "string") return;
    var text = stringToNewUTF8(event.data);
    _umuhanda_tab_message(handle, text);
    _free(text);
  };
  Module.umuhandaTabChannels[handle] = channel;
});

EM_JS(void, umuhanda_tab_channel_post, (int handle, const char* message), {
  var channel = Module.umuhandaTabChannels && Module.umuhandaTabChannels[handle];
  if (channel) channel.postMessage(UTF8ToString(message));
});
// clang-format on

namespace umuhanda {
namespace {

class BroadcastTabChannel;
std::map<int, BroadcastTabChannel*>& channels() {
  static std::map<int, BroadcastTabChannel*> open;
  return open;
}

class BroadcastTabChannel final : public TabChannel {
public:
  explicit BroadcastTabChannel(const std::string& name) : m_handle(next_handle()) {
    channels()[m_handle] = this;
    umuhanda_tab_channel_open(m_handle, name.c_str());
  }
  ~BroadcastTabChannel() override { channels().erase(m_handle); }
  void post(const std::string& message) override { umuhanda_tab_channel_post(m_handle, message.c_str()); }
  void on_message(std::function<void(const std::string&)> receiver) override { m_receiver = std::move(receiver); }
  void deliver(const std::string& message) {
    if (m_receiver) m_receiver(message);
    request_redraw();
  }

private:
  static int next_handle() {
    static int last = 0;
    return ++last;
  }
  int m_handle;
  std::function<void(const std::string&)> m_receiver;
};

}  // namespace

std::unique_ptr<TabChannel> make_tab_channel(const std::string& name) { return std::make_unique<BroadcastTabChannel>(name); }

}  // namespace umuhanda

extern "C" EMSCRIPTEN_KEEPALIVE void umuhanda_tab_message(int handle, const char* message) {
  auto it = umuhanda::channels().find(handle);
  if (it != umuhanda::channels().end()) it->second->deliver(message);
}
