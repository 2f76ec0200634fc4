// AppWindow: the window, GL context, Dear ImGui set-up and the main loop. The browser version
// (platform/browser/browser_window.cpp) keeps the canvas the size of the page and crisp on HiDPI,
// and draws only when something happened ("power save"): input, a resize, or request_redraw().
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "umuhanda/expected.hpp"

namespace umuhanda {

class AppWindow {
public:
  virtual ~AppWindow() = default;
  // Device pixels per CSS pixel: fonts are rasterised at this scale.
  virtual float pixel_ratio() const = 0;
  // Calls `frame` between ImGui::NewFrame() and rendering, whenever a frame is due (the browser
  // owns the loop). Never returns in the browser.
  virtual void run(std::function<void()> frame) = 0;
  // Frames drawn since start: stays still while nothing happens.
  virtual std::uint64_t frames_drawn() const = 0;
  // Whether more frames are due (after input, or asked for by request_redraw, which may wait up to
  // the background interval): until they are drawn, what is on screen may still move.
  virtual bool frames_pending() const = 0;
  // Before the next frame: empties the font atlas, calls `load_fonts` to fill it again (a new text
  // size), and uploads the new atlas. Fonts cannot change inside a frame.
  virtual void rebuild_fonts(std::function<void()> load_fonts) = 0;
};

Expected<std::unique_ptr<AppWindow>> create_app_window(const std::string& title);

// Draws a few more frames soon. Seams call it after every callback (network, storage); the UI
// calls it when its state changed outside input handling. Cheap, and safe before the window exists.
void request_redraw();
// Draws one frame in about `delay_ms` (a countdown that ticks once a second). Cheap; a later call
// before it fired replaces it.
void request_redraw_in(int delay_ms);

}  // namespace umuhanda
