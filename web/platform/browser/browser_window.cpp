// AppWindow in the browser: SDL2 on a WebGL2 canvas that fills the page, Dear ImGui on top, and
// the requestAnimationFrame loop. The one browser main-loop detail lives here and nowhere else:
// "power save". After input or a resize a few frames are drawn at once, then the loop pauses until
// the next event, so an idle phone spends nothing on this page. request_redraw() (network and
// storage callbacks) is throttled: a download reporting progress 100 times a second redraws ~7.
// After each frame the phone's keyboard follows io.WantTextInput (screen_keyboard.cpp).
#include <SDL.h>
#include <SDL_opengles2.h>
#include <emscripten/emscripten.h>
#include <emscripten/eventloop.h>
#include <emscripten/html5.h>
#include <imgui.h>
#include <imgui_impl_opengl3.h>
#include <imgui_impl_sdl.h>

#include <algorithm>
#include <set>
#include <utility>
#include <vector>

#include "platform/app_window.hpp"
#include "platform/browser/screen_keyboard.hpp"

// SDL reports a resize only when its own idea of the size changes; the page's does first.
// JavaScript inside EM_JS follows: clang-format would break it.
// clang-format off
EM_JS(void, umuhanda_listen_for_page_resize, (), {
  window.addEventListener("resize", function () { _umuhanda_window_wake(); });
});

namespace umuhanda {
namespace {

// The page's layout size in CSS pixels; the canvas follows it on resize and rotation.
EM_JS(int, page_width, (), { return window.innerWidth; });
EM_JS(int, page_height, (), { return window.innerHeight; });
// clang-format on

// ImGui settles hover, layout and click results over two or three frames after an event.
constexpr int kFramesAfterEvent = 3;
constexpr int kFramesAfterUpdate = 2;
constexpr double kBackgroundFrameIntervalMs = 150.0;
// The longest step a frame may add to ImGui's clocks. A held key repeats once it has been down
// for io.KeyRepeatDelay of summed frame steps; one frame that came late (a loaded phone, the first
// frame after the loop slept) would otherwise count as a long hold and delete a second character
// for one Backspace (seen in the e2e test under a loaded CI machine). Capped, a repeat takes at
// least five frames of the key held down, and animations slow down rather than jump.
constexpr float kMaxFrameStepSeconds = 0.1f;
// Key repeat after half a second, the usual desktop default, rather than ImGui's 0.275 s.
constexpr float kKeyRepeatDelaySeconds = 0.5f;

class BrowserWindow;
BrowserWindow* g_window = nullptr;

class BrowserWindow final : public AppWindow {
public:
  BrowserWindow(SDL_Window* window, SDL_GLContext context) : m_window(window), m_context(context) {}

  float pixel_ratio() const override { return static_cast<float>(emscripten_get_device_pixel_ratio()); }

  void run(std::function<void()> frame) override {
    m_frame = std::move(frame);
    g_window = this;
    m_frames_left = kFramesAfterEvent;
    // Every SDL event (mouse, touch, keys, focus, visibility) wakes the loop as it is queued, except
    // the sentinel SDL 2.26 queues itself on every poll: it would keep the loop awake forever.
    SDL_AddEventWatch(
        [](void* self, SDL_Event* event) {
          if (event->type != SDL_POLLSENTINEL) static_cast<BrowserWindow*>(self)->wake();
          return 0;
        },
        this);
    umuhanda_listen_for_page_resize();
    // fps 0: driven by requestAnimationFrame; simulate_infinite_loop: main() never returns.
    emscripten_set_main_loop_arg([](void* self) { static_cast<BrowserWindow*>(self)->tick(); }, this, 0, true);
  }

  std::uint64_t frames_drawn() const override { return m_frames_drawn; }
  bool frames_pending() const override { return m_background_pending || m_frames_left > 0 || !m_deferred_events.empty(); }

  void rebuild_fonts(std::function<void()> load_fonts) override {
    m_load_fonts = std::move(load_fonts);
    wake();
  }

  // Input: draw now.
  void wake() {
    m_frames_left = kFramesAfterEvent;
    resume();
  }

  // A timer the UI asked for: one frame, now.
  void wake_for_timer() {
    m_frames_left = std::max(m_frames_left, 1);
    resume();
  }

  // Something changed in the background: draw soon, at most every kBackgroundFrameIntervalMs.
  void redraw_soon() {
    m_background_pending = true;
    if (m_paused && !m_timer_pending) schedule_background_frame();
  }

private:
  void resume() {
    if (!m_paused) return;
    m_paused = false;
    emscripten_resume_main_loop();
  }

  void pause() {
    m_paused = true;
    emscripten_pause_main_loop();
    if (m_background_pending && !m_timer_pending) schedule_background_frame();
  }

  void schedule_background_frame() {
    m_timer_pending = true;
    const double wait = std::max(0.0, m_last_frame_ms + kBackgroundFrameIntervalMs - emscripten_get_now());
    emscripten_set_timeout(
        [](void* self) {
          auto* window = static_cast<BrowserWindow*>(self);
          window->m_timer_pending = false;
          if (!window->m_background_pending) return;  // a frame since has shown it
          window->m_frames_left = std::max(window->m_frames_left, kFramesAfterUpdate);
          window->resume();
        },
        wait, this);
  }

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
    // ImGui 1.86 reads keys as up/down states once per frame: a key pressed and released between
    // two frames (a quick tap, any key while the loop slept, or the Backspaces of the on-screen
    // keyboard) would never be seen, nor a second press after a release. The release (or the new
    // press), and everything after it, waits for the next frame.
    std::vector<SDL_Event> events = std::move(m_deferred_events);
    m_deferred_events.clear();
    // Held back, they are input all the same: the frames that settle an event follow them too.
    if (!events.empty()) m_frames_left = std::max(m_frames_left, kFramesAfterEvent);
    SDL_Event event;
    while (SDL_PollEvent(&event)) events.push_back(event);
    std::set<SDL_Scancode> pressed, released;
    bool touch_released = false;
    std::size_t handled = 0;
    for (; handled < events.size(); ++handled) {
      const SDL_Event& next = events[handled];
      if (next.type == SDL_KEYUP && pressed.count(next.key.keysym.scancode)) break;
      if (next.type == SDL_KEYDOWN && released.count(next.key.keysym.scancode)) break;
      if (next.type == SDL_KEYDOWN) pressed.insert(next.key.keysym.scancode);
      if (next.type == SDL_KEYUP) released.insert(next.key.keysym.scancode);
      if (next.type == SDL_FINGERUP) touch_released = true;
      if (next.type == SDL_FINGERDOWN || (next.type == SDL_MOUSEMOTION && next.motion.which != SDL_TOUCH_MOUSEID)) {
        m_finger_lifted = m_lift_pending = false;
      }
      ImGui_ImplSDL2_ProcessEvent(&next);
    }
    m_deferred_events.assign(events.begin() + static_cast<std::ptrdiff_t>(handled), events.end());
    if (!m_deferred_events.empty()) m_frames_left = std::max(m_frames_left, 2);
    if (m_frames_left <= 0) return pause();
    --m_frames_left;
    ++m_frames_drawn;
    m_background_pending = false;  // this frame shows every change so far
    m_last_frame_ms = emscripten_get_now();
    if (m_load_fonts) {
      ImGui_ImplOpenGL3_DestroyFontsTexture();
      ImGui::GetIO().Fonts->Clear();
      std::exchange(m_load_fonts, nullptr)();
      ImGui_ImplOpenGL3_CreateFontsTexture();
    }
    ImGui_ImplOpenGL3_NewFrame();
    ImGui_ImplSDL2_NewFrame();
    ImGui::GetIO().DeltaTime = std::min(ImGui::GetIO().DeltaTime, kMaxFrameStepSeconds);
    // A finger has no hover: once it lifted, the pointer SDL still reports is not over anything, or
    // the last button tapped would stay highlighted. (The backend reads it again every frame.)
    if (m_finger_lifted) ImGui::GetIO().MousePos = ImVec2(-FLT_MAX, -FLT_MAX);
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
    update_screen_keyboard(io.WantTextInput);
    // The frame in which ImGui sees the button go up still needs the position, to release (click)
    // the button under the finger; a tap shorter than a frame reaches ImGui one frame later.
    if (touch_released) m_lift_pending = true;
    if (m_lift_pending && !io.MouseDown[ImGuiMouseButton_Left]) {
      m_finger_lifted = true;
      m_lift_pending = false;
      m_frames_left = std::max(m_frames_left, 1);  // one more frame, drawn without the hover
    }
    if (m_frames_left <= 0) pause();
  }

  SDL_Window* m_window;
  SDL_GLContext m_context;
  std::function<void()> m_frame;
  std::function<void()> m_load_fonts;
  std::vector<SDL_Event> m_deferred_events;
  int m_frames_left = 0;
  bool m_finger_lifted = false;
  bool m_lift_pending = false;
  bool m_paused = false;
  bool m_background_pending = false;
  bool m_timer_pending = false;
  double m_last_frame_ms = 0;
  std::uint64_t m_frames_drawn = 0;
};

}  // namespace

void request_redraw() {
  if (g_window) g_window->redraw_soon();
}

void request_redraw_in(int delay_ms) {
  static long timer = 0;
  if (timer != 0) emscripten_clear_timeout(timer);
  timer = emscripten_set_timeout(
      [](void*) {
        timer = 0;
        if (g_window) g_window->wake_for_timer();
      },
      delay_ms, nullptr);
}

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
  ImGui::GetIO().KeyRepeatDelay = kKeyRepeatDelaySeconds;
  ImGui_ImplSDL2_InitForOpenGL(window, context);
  ImGui_ImplOpenGL3_Init("#version 300 es");
  install_screen_keyboard();
  return std::unique_ptr<AppWindow>(new BrowserWindow(window, context));
}

}  // namespace umuhanda

extern "C" EMSCRIPTEN_KEEPALIVE void umuhanda_window_wake() {
  if (umuhanda::g_window) umuhanda::g_window->wake();
}
