// umuhanda-web: wires the browser window, the network, storage, textures and the client's screens.
#include <cstdio>

#include "app/account.hpp"
#include "app/classes.hpp"
#include "app/client_app.hpp"
#include "app/contact.hpp"
#include "app/content_sync.hpp"
#include "app/exam_admin.hpp"
#include "app/inbox.hpp"
#include "app/item_statistics.hpp"
#include "app/live_updates.hpp"
#include "app/pack_manager.hpp"
#include "app/payments.hpp"
#include "app/pictures.hpp"
#include "app/plan_editor.hpp"
#include "app/progress_store.hpp"
#include "app/progress_sync.hpp"
#include "app/scheduled_exams.hpp"
#include "platform/app_window.hpp"
#include "platform/device.hpp"
#include "platform/event_stream.hpp"
#include "platform/http_client.hpp"
#include "platform/key_value_store.hpp"
#include "platform/tab_channel.hpp"
#include "platform/test_hook.hpp"
#include "platform/texture_cache.hpp"

int main() {
  auto window = umuhanda::create_app_window("Umuhanda");
  if (!window) {
    std::fprintf(stderr, "umuhanda: cannot start the display: %s", umuhanda::to_string(window.errors()).c_str());
    return 1;
  }
  // Objects used by the main loop and by callbacks must outlive main(): emscripten_set_main_loop
  // never returns here, but static storage makes that explicit.
  static auto keep_window = std::move(window).value();
  static auto http = umuhanda::make_http_client();
  static auto storage = umuhanda::make_key_value_store();
  static auto clock = umuhanda::make_device_clock();
  static auto device = umuhanda::make_device();
  // A sign grid shows up to ~40 thumbnails at once; a question two pictures and the next one's.
  static auto textures = umuhanda::make_texture_cache(96);
  static umuhanda::ContentSync content(*http, *storage, *clock);
  // The other open tabs of this client hear of every record this one stores, and it of theirs.
  static auto tabs = umuhanda::make_tab_channel("umuhanda-progress");
  static umuhanda::ProgressStore progress(*storage, *clock, umuhanda::device_random_seed, tabs.get());
  static umuhanda::Pictures pictures(content, *textures);
  static umuhanda::Account account(*http, *storage);
  static umuhanda::ProgressSync sync(*http, *storage, progress, account, *clock);
  static umuhanda::Classes classes(*http);
  static umuhanda::Payments payments(*http);
  static umuhanda::Inbox inbox(*http);
  static umuhanda::ContactMessages contact(*http);
  // Scheduled exams: the sitting and a submission made offline are kept in storage.
  static umuhanda::ScheduledExams scheduled_exams(*http, *storage, *clock);
  static auto verifier = umuhanda::make_signature_verifier();
  static umuhanda::Entitlements entitlements(*http, *storage, *verifier, *clock);
  // While signed in: the person's notifications as they happen (a payment approved unlocks at once).
  static auto events = umuhanda::make_event_stream();
  static umuhanda::LiveUpdates live(*events, account, entitlements);
  static umuhanda::ItemStatisticsReport item_statistics(*http);
  static umuhanda::ExamAdmin exam_admin(*http);
  static umuhanda::PackManager packs(*http);
  static umuhanda::People people(*http);
  static umuhanda::PlanEditor plan_editor(*http);
  static umuhanda::ClientApp app(
      *keep_window, *storage, content, progress, pictures, *device, *clock, umuhanda::device_random_seed(),
      {account, sync, classes, entitlements, payments, inbox, contact, scheduled_exams, item_statistics, exam_admin, packs, people, plan_editor});
  live.on_notification = [](const std::string& kind) { app.on_notification(kind); };
  umuhanda::set_state_provider([] {
    auto state = app.state();
    state["live"] = live.state_json();
    state["frames"] = keep_window->frames_drawn();
    state["frames_pending"] = keep_window->frames_pending();
    return state.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  });
  app.start();
  keep_window->run([] {
    live.update();
    app.draw();
  });
  return 0;
}
