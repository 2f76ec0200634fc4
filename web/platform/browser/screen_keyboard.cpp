// The phone's on-screen keyboard for ImGui text fields: a hidden <input> that has the focus while
// ImGui wants text, and the bridge that turns what is written into it into ImGui input.
//
// Where text comes from while the hidden input has the focus:
// - Physical keys (a desktop, a tablet's keyboard, iOS's keyboard, which sends real key events):
//   SDL listens on the window, sends keydown as keys and keypress as SDL_TEXTINPUT, and cancels the
//   keypress (and Backspace, Tab, arrows and Ctrl shortcuts) so the browser never writes that text
//   into the input. Those reach ImGui once, through SDL, as before.
// - Everything the browser writes into the input without a keypress: Android keyboards such as
//   Gboard (keydown 229, then insertText, insertCompositionText while a word is composed,
//   deleteContentBackward, whole suggested words replacing the composed ones), IME composition,
//   dictation, paste. Gboard composes almost every word and replaces text rather than adding
//   letters, so the single 'input' events (or their inputType) cannot be replayed one by one. The
//   input's value is compared instead with the value last forwarded: what the two share at the
//   start and at the end stayed, the rest was removed (sent as Backspace presses) and added (sent as
//   SDL_TEXTINPUT, which the SDL backend passes to io.AddInputCharactersUTF8). Edits happen at the
//   caret, which is where ImGui applies them.
// - A real Backspace or Delete key is already an ImGui key through SDL; if the browser also changed
//   the value for it (Delete is not cancelled by SDL), that change is not forwarded again. With an
//   empty hidden input Gboard sends Backspace as such a real key, so deleting text that was there
//   before the keyboard came up works too.
// The hidden input is emptied whenever it gets the focus: it only has to hold what the keyboard
// composes, and a fresh value keeps the keyboard's idea of the text from drifting from ImGui's.
//
// ImGui 1.86 reads keys as states once per frame and inserts the characters of a frame before it
// applies Backspace, so each Backspace is a key press of its own frame and the text follows them;
// browser_window.cpp hands such events to ImGui a frame at a time. Pushed SDL events wake the
// "power save" loop like any input.
//
// Mobile browsers show the keyboard only for a focus() that a touch caused: the focus after the
// frame that activated the field is early enough for Chrome (the tap's user activation still
// holds); a touchend on the canvas while ImGui wants text focuses the input again from within the
// gesture (iOS), which also brings back a keyboard the student dismissed while the field stayed
// active. SDL cancels the canvas's touch and mouse events, so tapping the canvas never takes the
// focus away from the input: only ImGui's answer does.
#include "platform/browser/screen_keyboard.hpp"

#include <SDL.h>
#include <emscripten/emscripten.h>
#include <imgui.h>
#include <imgui_internal.h>  // ImTextCharToUtf8

namespace umuhanda {
namespace {

// font-size 16 px: iOS zooms into inputs with smaller text. Invisible, fixed and kept at ImGui's
// caret, so focusing it never scrolls the page and keyboards place their pop-ups next to the text. enterkeyhint "search": the only text field is
// the road signs search. Autocorrection would replace what the student typed behind their back.
// JavaScript inside EM_JS follows: clang-format would break it.
// clang-format off
EM_JS(void, screen_keyboard_create, (), {
  var input = document.createElement("input");
  input.id = "umuhanda-text-input";
  input.type = "text";
  var attributes = {
    "inputmode": "text", "enterkeyhint": "search", "autocomplete": "off", "autocorrect": "off",
    "autocapitalize": "off", "spellcheck": "false", "aria-label": "Text entry"
  };
  for (var name in attributes) input.setAttribute(name, attributes[name]);
  input.style.cssText = "position: fixed; left: 0; top: 0; width: 4px; height: 20px; margin: 0; padding: 0; border: 0;" +
      "outline: none; font-size: 16px; line-height: 20px; opacity: 0; color: transparent; background: transparent;" +
      "caret-color: transparent; pointer-events: none;";
  document.body.appendChild(input);

  var keyboard = { input: input, forwarded: "", wanted: false, keyDeletes: false };
  keyboard.forward = function () {
    var before = Array.from(keyboard.forwarded), after = Array.from(input.value);
    keyboard.forwarded = input.value;
    var head = 0;
    while (head < before.length && head < after.length && before[head] === after[head]) head++;
    var tail = 0;
    while (tail < before.length - head && tail < after.length - head &&
           before[before.length - 1 - tail] === after[after.length - 1 - tail]) tail++;
    var removed = before.length - head - tail;
    var added = after.slice(head, after.length - tail);
    if (keyboard.keyDeletes && added.length === 0) return;
    if (removed > 0) _umuhanda_keyboard_delete(removed);
    for (var i = 0; i < added.length; i++) _umuhanda_keyboard_insert(added[i].codePointAt(0));
  };
  keyboard.focus = function () {
    if (document.activeElement === input) input.blur();
    input.value = "";
    keyboard.forwarded = "";
    input.focus({ preventScroll: true });
  };
  input.addEventListener("input", keyboard.forward);
  input.addEventListener("compositionend", keyboard.forward);
  input.addEventListener("keydown", function (event) {
    keyboard.keyDeletes = !event.isComposing && event.keyCode !== 229 && (event.key === "Backspace" || event.key === "Delete");
  });
  input.addEventListener("keyup", function () { keyboard.keyDeletes = false; });
  Module.canvas.addEventListener("touchend", function () {
    if (keyboard.wanted) keyboard.focus();
  }, { passive: true });
  Module.umuhandaKeyboard = keyboard;
});

EM_JS(void, screen_keyboard_update, (int wanted, int caret_x, int caret_y), {
  var keyboard = Module.umuhandaKeyboard, input = keyboard.input;
  input.style.left = Math.max(0, Math.min(caret_x, window.innerWidth - 8)) + "px";
  input.style.top = Math.max(0, Math.min(caret_y, window.innerHeight - 24)) + "px";
  if (wanted && !keyboard.wanted) keyboard.focus();
  if (!wanted && keyboard.wanted) {
    if (document.activeElement === input) {
      input.blur();
      Module.canvas.focus({ preventScroll: true });
    }
    input.value = "";
    keyboard.forwarded = "";
  }
  keyboard.wanted = !!wanted;
});
// clang-format on

struct Caret {
  int x = 0, y = 0;
  bool operator==(const Caret&) const = default;
};

Caret g_caret;       // ImGui's text caret (top left, CSS px), as its last frame placed it
Caret g_placed;      // where the hidden input was put
bool g_wanted = false;  // as last told to the page

void push_key(SDL_Scancode code, bool down) {
  SDL_Event event{};
  event.type = down ? SDL_KEYDOWN : SDL_KEYUP;
  event.key.state = down ? SDL_PRESSED : SDL_RELEASED;
  event.key.keysym.scancode = code;
  event.key.keysym.sym = SDL_GetKeyFromScancode(code);
  SDL_PushEvent(&event);
}

}  // namespace

void install_screen_keyboard() {
  ImGui::GetIO().ImeSetInputScreenPosFn = [](int x, int y) { g_caret = {x, y}; };
  screen_keyboard_create();
}

void update_screen_keyboard(bool wants_text) {
  if (wants_text == g_wanted && (!wants_text || g_caret == g_placed)) return;
  g_wanted = wants_text;
  g_placed = g_caret;
  screen_keyboard_update(wants_text ? 1 : 0, g_caret.x, g_caret.y);
}

}  // namespace umuhanda

// Called by the hidden input's listeners. Text that arrives after ImGui stopped wanting it (a
// composition the blur committed) has no field to go to.
extern "C" EMSCRIPTEN_KEEPALIVE void umuhanda_keyboard_delete(int count) {
  if (!umuhanda::g_wanted) return;
  for (int i = 0; i < count; ++i) {
    umuhanda::push_key(SDL_SCANCODE_BACKSPACE, true);
    umuhanda::push_key(SDL_SCANCODE_BACKSPACE, false);
  }
}

extern "C" EMSCRIPTEN_KEEPALIVE void umuhanda_keyboard_insert(unsigned code_point) {
  if (!umuhanda::g_wanted || code_point < 0x20 || code_point > 0x10FFFF) return;
  SDL_Event event{};
  event.type = SDL_TEXTINPUT;
  ImTextCharToUtf8(event.text.text, code_point);
  SDL_PushEvent(&event);
}
