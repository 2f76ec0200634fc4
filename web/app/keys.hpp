// The keys the app reacts to, in its own names: screens ask key_pressed(Key::left) and never see
// SDL. web/platform/browser/keys.cpp maps each key to what the platform's ImGui backend reports.
#pragma once

#include <cstddef>

namespace umuhanda {

enum class Key {
  left,
  right,
  up,
  down,
  enter,
  keypad_enter,
  escape,
  keypad_1,
  keypad_2,
  digit_1,
  digit_2,
  digit_3,
  digit_4,
  digit_5,
  digit_6,
  letter_a,
  letter_b,
  letter_c,
  letter_d,
  letter_e,
  letter_f,
};

// The keys that pick choice `index` (0-based, below 6): 1-6 and A-F.
inline Key digit_key(std::size_t index) { return static_cast<Key>(static_cast<int>(Key::digit_1) + static_cast<int>(index)); }
inline Key letter_key(std::size_t index) { return static_cast<Key>(static_cast<int>(Key::letter_a) + static_cast<int>(index)); }

// Whether the key went down this frame; with `repeat`, also while it is held down.
bool key_pressed(Key key, bool repeat = false);

}  // namespace umuhanda
