// key_pressed (app/keys.hpp) for the browser: ImGui 1.86's SDL backend indexes keys by SDL scancode.
#include "app/keys.hpp"

#include <SDL_scancode.h>
#include <imgui.h>

namespace umuhanda {
namespace {

SDL_Scancode scancode(Key key) {
  switch (key) {
    case Key::left: return SDL_SCANCODE_LEFT;
    case Key::right: return SDL_SCANCODE_RIGHT;
    case Key::up: return SDL_SCANCODE_UP;
    case Key::down: return SDL_SCANCODE_DOWN;
    case Key::enter: return SDL_SCANCODE_RETURN;
    case Key::keypad_enter: return SDL_SCANCODE_KP_ENTER;
    case Key::escape: return SDL_SCANCODE_ESCAPE;
    case Key::keypad_1: return SDL_SCANCODE_KP_1;
    case Key::keypad_2: return SDL_SCANCODE_KP_2;
    case Key::digit_1: return SDL_SCANCODE_1;
    case Key::digit_2: return SDL_SCANCODE_2;
    case Key::digit_3: return SDL_SCANCODE_3;
    case Key::digit_4: return SDL_SCANCODE_4;
    case Key::digit_5: return SDL_SCANCODE_5;
    case Key::digit_6: return SDL_SCANCODE_6;
    case Key::letter_a: return SDL_SCANCODE_A;
    case Key::letter_b: return SDL_SCANCODE_B;
    case Key::letter_c: return SDL_SCANCODE_C;
    case Key::letter_d: return SDL_SCANCODE_D;
    case Key::letter_e: return SDL_SCANCODE_E;
    case Key::letter_f: return SDL_SCANCODE_F;
  }
  return SDL_SCANCODE_UNKNOWN;
}

}  // namespace

bool key_pressed(Key key, bool repeat) { return ImGui::IsKeyPressed(scancode(key), repeat); }

}  // namespace umuhanda
