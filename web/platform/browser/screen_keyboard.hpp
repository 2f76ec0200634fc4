// The phone's on-screen keyboard for ImGui text fields (browser only, used by browser_window.cpp).
// A canvas cannot raise a virtual keyboard: a hidden <input> is focused while ImGui wants text, and
// what the keyboard writes into it reaches ImGui as SDL events (screen_keyboard.cpp says how).
#pragma once

namespace umuhanda {

// Creates the hidden <input> and its listeners. Once, after the ImGui context exists.
void install_screen_keyboard();
// After every frame: focuses the hidden input (the keyboard comes up) when ImGui starts wanting
// text, keeps it at ImGui's caret, and blurs it (the keyboard goes away) when ImGui stops.
void update_screen_keyboard(bool wants_text);

}  // namespace umuhanda
