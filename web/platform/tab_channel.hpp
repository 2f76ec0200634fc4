// TabChannel: messages between the open tabs (and installed app windows) of this client in one
// browser. Each tab writes its own records to the shared IndexedDB; the channel tells the others
// at once, so a tab open beside another shows every answer, not only its own. The browser
// implementation is a BroadcastChannel (which never delivers a message to its sender); every
// callback runs on the main thread, outside the frame, and wakes the main loop.
#pragma once

#include <functional>
#include <memory>
#include <string>

namespace umuhanda {

class TabChannel {
public:
  virtual ~TabChannel() = default;
  // Sends `message` to every other tab of this client; this tab does not receive it.
  virtual void post(const std::string& message) = 0;
  // The one receiver of other tabs' messages (replaces an earlier one).
  virtual void on_message(std::function<void(const std::string&)> receiver) = 0;
};

// The browser's: BroadcastChannel `name`; a channel that does nothing where there is none.
std::unique_ptr<TabChannel> make_tab_channel(const std::string& name);

}  // namespace umuhanda
