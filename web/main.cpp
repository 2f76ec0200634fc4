// umuhanda-web: wires the browser window, the network and the practice UI together.
#include <cstdio>

#include "app/practice_app.hpp"
#include "app/ui_font.hpp"
#include "platform/app_window.hpp"
#include "platform/http_client.hpp"
#include "platform/test_hook.hpp"

int main() {
  auto window = umuhanda::create_app_window("Umuhanda");
  if (!window) {
    std::fprintf(stderr, "umuhanda: cannot start the display: %s", umuhanda::to_string(window.errors()).c_str());
    return 1;
  }
  auto http = umuhanda::make_http_client();
  // Objects used by the main loop must outlive main(): emscripten_set_main_loop never returns here,
  // but static storage makes that explicit.
  static umuhanda::PracticeApp app(*http, umuhanda::load_ui_fonts(18.0f, 23.0f, window.value()->pixel_ratio()));
  static auto keep_http = std::move(http);
  static auto keep_window = std::move(window).value();
  umuhanda::set_state_provider([] { return app.state_json(); });
  app.start();
  keep_window->run([] { app.draw(); });
  return 0;
}
