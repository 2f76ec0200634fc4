// TabChannel for the native tests: channels made from one MemoryTabHub reach each other, and a
// message is delivered only when the test calls deliver_pending(), as a browser delivers it later.
#pragma once

#include <deque>
#include <utility>
#include <vector>

#include "platform/tab_channel.hpp"

namespace umuhanda {

class MemoryTabChannel;

// Outlives every channel it opened.
class MemoryTabHub {
public:
  std::unique_ptr<TabChannel> open();
  // Delivers every message posted so far (and any posted while delivering); returns how many.
  std::size_t deliver_pending();
  std::size_t posted() const { return m_posted; }

private:
  friend class MemoryTabChannel;
  std::vector<MemoryTabChannel*> m_channels;
  std::deque<std::pair<MemoryTabChannel*, std::string>> m_pending;  // sender, message
  std::size_t m_posted = 0;
};

}  // namespace umuhanda
