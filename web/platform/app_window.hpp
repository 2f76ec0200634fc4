// AppWindow: the window, GL context, Dear ImGui set-up and the main loop. The browser version
// (platform/browser/browser_window.cpp) keeps the canvas the size of the page and crisp on HiDPI.
#pragma once

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
  // Calls `frame` between ImGui::NewFrame() and rendering, forever (the browser owns the loop).
  virtual void run(std::function<void()> frame) = 0;
};

Expected<std::unique_ptr<AppWindow>> create_app_window(const std::string& title);

}  // namespace umuhanda
