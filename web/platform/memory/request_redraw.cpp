// request_redraw() for native builds, where the app logic (content_sync.cpp, progress_store.cpp)
// runs without a window: the seams call it after every callback, as the browser ones do to wake
// the power-saving main loop (browser_window.cpp). Natively there is no loop to wake, so it does
// nothing; the unit tests run the callbacks themselves, with run_pending().
#include "platform/app_window.hpp"

namespace umuhanda {

void request_redraw() {}
void request_redraw_in(int) {}

}  // namespace umuhanda
