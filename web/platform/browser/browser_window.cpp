// AppWindow in the browser: SDL2 on a WebGL2 canvas that fills the page, Dear ImGui on top, and
// the requestAnimationFrame loop. The one browser main-loop detail lives here and nowhere else.
#include <SDL.h>
#include <SDL_opengles2.h>
#include <emscripten/emscripten.h>
#include <emscripten/html5.h>
#include <imgui.h>
#include <imgui_impl_opengl3.h>
#include <imgui_impl_sdl.h>

#include "platform/app_window.hpp"

namespace umuhanda {
namespace {

// The page's layout size in CSS pixels; the canvas follows it on resize and rotation.
EM_JS(int, page_width, (), { return window.innerWidth; });
EM_JS(int, page_height, (), { return window.innerHeight; });

class BrowserWindow final : public AppWindow {
public:
  BrowserWindow(SDL_Window* window, SDL_GLContext context) : m_window(window), m_context(context) {}

  float pixel_ratio() const override { return static_cast<float>(emscripten_get_device_pixel_ratio()); }

  void run(std::function<void()> frame) override {
    m_frame = std::move(frame);
    // fps 0: driven by requestAnimationFrame; simulate_infinite_loop: main() never returns.
    emscripten_set_main_loop_arg([](void* self) { static_cast<BrowserWindow*>(self)->tick(); }, this, 0, true);
  }

private:
  void follow_page_size() {
    int width = 0, height = 0;
    SDL_GetWindowSize(m_window, &width, &height);
    const int wanted_width = page_width(), wanted_height = page_height();
    if (wanted_width > 0 && wanted_height > 0 && (wanted_width != width || wanted_height != height)) {
      SDL_SetWindowSize(m_window, wanted_width, wanted_height);
    }
  }

  void tick() {
    follow_page_size();
    SDL_Event event;
    bool touch_released = false;
    while (SDL_PollEvent(&event)) {
      ImGui_ImplSDL2_ProcessEvent(&event);
      if (event.type == SDL_FINGERUP) touch_released = true;
    }
    ImGui_ImplOpenGL3_NewFrame();
    ImGui_ImplSDL2_NewFrame();
    ImGui::NewFrame();
    m_frame();
    ImGui::Render();

    ImGuiIO& io = ImGui::GetIO();
    SDL_GL_MakeCurrent(m_window, m_context);
    glViewport(0, 0, static_cast<int>(io.DisplaySize.x * io.DisplayFramebufferScale.x),
               static_cast<int>(io.DisplaySize.y * io.DisplayFramebufferScale.y));
    glClearColor(0.07f, 0.09f, 0.13f, 1.0f);
    glClear(GL_COLOR_BUFFER_BIT);
    ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
    SDL_GL_SwapWindow(m_window);
    // A finger has no hover: forget the pointer once it lifts, or the last button stays highlighted.
    if (touch_released) io.MousePos = ImVec2(-FLT_MAX, -FLT_MAX);
  }

  SDL_Window* m_window;
  SDL_GLContext m_context;
  std::function<void()> m_frame;
};

}  // namespace

Expected<std::unique_ptr<AppWindow>> create_app_window(const std::string& title) {
  if (SDL_Init(SDL_INIT_VIDEO | SDL_INIT_TIMER) != 0) {
    return Expected<std::unique_ptr<AppWindow>>::failure("SDL_Init", SDL_GetError());
  }
  SDL_GL_SetAttribute(SDL_GL_CONTEXT_PROFILE_MASK, SDL_GL_CONTEXT_PROFILE_ES);
  SDL_GL_SetAttribute(SDL_GL_CONTEXT_MAJOR_VERSION, 3);  // WebGL2
  SDL_GL_SetAttribute(SDL_GL_CONTEXT_MINOR_VERSION, 0);
  SDL_GL_SetAttribute(SDL_GL_DOUBLEBUFFER, 1);
  // Touches arrive as touches only; ImGui's SDL backend reads the mouse events SDL derives from them.
  SDL_SetHint(SDL_HINT_TOUCH_MOUSE_EVENTS, "1");
  auto flags = static_cast<SDL_WindowFlags>(SDL_WINDOW_OPENGL | SDL_WINDOW_RESIZABLE | SDL_WINDOW_ALLOW_HIGHDPI);
  SDL_Window* window = SDL_CreateWindow(title.c_str(), SDL_WINDOWPOS_CENTERED, SDL_WINDOWPOS_CENTERED, page_width(), page_height(), flags);
  if (!window) return Expected<std::unique_ptr<AppWindow>>::failure("SDL_CreateWindow", SDL_GetError());
  SDL_GLContext context = SDL_GL_CreateContext(window);
  if (!context) return Expected<std::unique_ptr<AppWindow>>::failure("WebGL2", std::string("cannot create a context: ") + SDL_GetError());
  SDL_GL_SetSwapInterval(1);

  IMGUI_CHECKVERSION();
  ImGui::CreateContext();
  ImGui::GetIO().IniFilename = nullptr;  // no file system in the browser build
  ImGui_ImplSDL2_InitForOpenGL(window, context);
  ImGui_ImplOpenGL3_Init("#version 300 es");
  return std::unique_ptr<AppWindow>(new BrowserWindow(window, context));
}

}  // namespace umuhanda
