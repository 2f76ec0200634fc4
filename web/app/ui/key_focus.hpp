// KeyFocus: the arrow keys move a visible ring over a screen's tap targets, in the order they are
// drawn, and Enter activates the one in the ring. ImGui's own keyboard navigation stays off in this
// client: it knows nothing of taps versus drags, and its thin highlight is hard to see on a phone.
#pragma once

#include <imgui.h>

#include <algorithm>
#include <optional>
#include <string>

#include "app/keys.hpp"
#include "app/ui/theme.hpp"

namespace umuhanda {

class KeyFocus {
public:
  // Once per frame, before the items. Keys go to a text field first when one has them.
  void begin_frame() {
    m_seen = 0;
    m_moved = false;
    m_enter = false;
    if (ImGui::GetIO().WantTextInput) return;
    const bool next = key_pressed(Key::down, true) || key_pressed(Key::right, true);
    const bool previous = key_pressed(Key::up, true) || key_pressed(Key::left, true);
    if (m_count > 0 && next) m_index = std::min(m_index + 1, m_count - 1);
    if (m_count > 0 && previous) m_index = std::max(m_index - 1, 0);
    m_moved = next || previous;
    m_enter = key_pressed(Key::enter) || key_pressed(Key::keypad_enter);
  }

  // Right after a tappable item (ImGui's last item): rings it when it has the focus, and brings it
  // into view when the focus just moved to it. True when Enter activates it.
  bool item(const std::string& name) {
    if (m_seen++ != m_index) return false;
    m_name = name;
    const ImVec2 min = ImGui::GetItemRectMin(), max = ImGui::GetItemRectMax();
    ImGui::GetWindowDrawList()->AddRect(ImVec2(min.x - 3, min.y - 3), ImVec2(max.x + 3, max.y + 3), to_u32(palette().accent), 12.0f, 0, 3.0f);
    if (m_moved && !ImGui::IsItemVisible()) ImGui::SetScrollHereY(0.5f);
    if (!m_enter) return false;
    m_enter = false;
    return true;
  }

  // After the items. True when Enter was pressed with nothing in the ring: the screen's main action.
  bool end_frame() {
    m_count = m_seen;
    if (m_index >= m_count) m_index = m_count - 1;
    const bool unclaimed = m_enter && m_index < 0;
    m_enter = false;
    return unclaimed;
  }

  void reset() {
    m_index = -1;
    m_name.clear();
  }
  std::optional<std::string> focused() const { return m_index >= 0 ? std::optional<std::string>(m_name) : std::nullopt; }

private:
  int m_index = -1;  // -1: no ring
  int m_count = 0;   // items in the last frame
  int m_seen = 0;
  bool m_moved = false;
  bool m_enter = false;
  std::string m_name;
};

}  // namespace umuhanda
