// Fuzzes parse_sync_push_body (server/request_bodies.cpp): the body of POST /api/v1/sync/push, from
// any signed-in device. Beyond "no crash": a refusal says why; an accepted push has a valid device
// id, at most 500 entries, each either kept or rejected (with a reason) exactly once; every kept
// event's stored line reads back as the same record, which writes the same line again (what the
// server stores is what every device will read). And the fast path agrees with the slow one: a push
// the scanner accepts is the push the document reader (nlohmann and JsonReader) makes of it.
#include <cstddef>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <set>

#include "fuzz_check.hpp"
#include "request_bodies.hpp"
#include "umuhanda/progress_log.hpp"

using namespace umuhanda;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text = fuzz::as_text(data, size);
  auto push = parse_sync_push_body(text);
  if (auto scanned = scan_sync_push_body(text)) {
    auto document = read_sync_push_document(text);
    FUZZ_CHECK(document.ok(), "the scanner accepted a push the document reader refuses: " + to_string(document.errors()));
    FUZZ_CHECK(document->rejected.empty(), "the scanner kept an event the document reader rejects: " + document->rejected.front().reason);
    FUZZ_CHECK(scanned->device == document->device, "device \"" + scanned->device + "\" scanned, \"" + document->device + "\" read");
    FUZZ_CHECK(scanned->events == document->events, "the scanner and the document reader read other events");
  }
  if (!push) {
    fuzz::check_refusal(push.errors());
    return 0;
  }
  const auto json = nlohmann::json::parse(text, nullptr, false);
  FUZZ_CHECK(json.is_object() && json.contains("events") && json["events"].is_array(), "a push without an events array was accepted");
  const std::size_t entries = json["events"].size();
  FUZZ_CHECK(entries <= kMaxPushEvents, std::to_string(entries) + " events accepted");
  FUZZ_CHECK(!push->device.empty() && push->device.size() <= kMaxDeviceIdBytes, "device id of " + std::to_string(push->device.size()) + " bytes");
  FUZZ_CHECK(push->events.size() + push->rejected.size() == entries,
             std::to_string(push->events.size()) + " kept and " + std::to_string(push->rejected.size()) + " rejected of " + std::to_string(entries));
  std::set<std::size_t> rejected_indexes;
  for (const RejectedEvent& rejected : push->rejected) {
    FUZZ_CHECK(rejected.index < entries, "rejected index " + std::to_string(rejected.index));
    FUZZ_CHECK(rejected_indexes.insert(rejected.index).second, "index " + std::to_string(rejected.index) + " rejected twice");
    FUZZ_CHECK(!rejected.reason.empty(), "a rejection without a reason");
  }
  for (const SyncEvent& event : push->events) {
    FUZZ_CHECK(!event.id.empty() && event.id.size() <= kMaxEventIdBytes, "event id of " + std::to_string(event.id.size()) + " bytes");
    auto again = read_progress_record(event.body, "stored");
    FUZZ_CHECK(again.ok(), "the stored line does not read back: " + event.body);
    FUZZ_CHECK(record_id(again.value()) == event.id && record_type(again.value()) == event.type && record_time_ms(again.value()) == event.at_ms,
               "the stored line reads back as another record: " + event.body);
    FUZZ_CHECK(to_json_line(again.value()) == event.body, "the stored line is not canonical: " + event.body);
  }
  return 0;
}
