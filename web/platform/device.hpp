// The device: its clock and randomness (for the pure core's Clock and RandomSource), how much
// storage the site uses, reloading the page, downloads, the clipboard and opening files.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "umuhanda/clock.hpp"

namespace umuhanda {

// Wall-clock milliseconds since the Unix epoch (the browser's Date.now()).
std::unique_ptr<Clock> make_device_clock();

// 64 bits from the platform's cryptographic generator (crypto.getRandomValues): seeds the device id.
std::uint64_t device_random_seed();

struct StorageEstimate {
  std::uint64_t usage_bytes = 0;  // what this site stores (IndexedDB, service worker caches)
  std::uint64_t quota_bytes = 0;  // what the browser would let it store
};

// A file the person chose (the file picker, or dropped on the page): its name and bytes, or why
// it could not be read (`error` set, `bytes` empty).
struct PickedFile {
  std::string name;
  std::string bytes;
  std::string error;
};

// The largest file the picker hands over: the whole file is copied into the app's memory.
inline constexpr std::uint64_t kMaxPickedFileBytes = 64ull * 1024 * 1024;

class Device {
public:
  virtual ~Device() = default;
  // navigator.storage.estimate(); nullopt when the browser cannot tell.
  virtual void estimate_storage(std::function<void(std::optional<StorageEstimate>)> on_done) = 0;
  // Starts the app again from its first screen (after clearing cached data).
  virtual void reload() = 0;
  // The page address's fragment without '#' ("practice" for /#practice): the screen to open first.
  virtual std::string location_fragment() const = 0;
  // Called whenever the browser says the connection came back (window "online"): what waited for
  // the network can try again at once rather than at its next retry.
  virtual void on_online(std::function<void()> callback) = 0;
  // Saves what `url` (same origin) answers as a file, as a link with a download attribute does.
  virtual void download(const std::string& url) = 0;
  // Puts `text` on the clipboard (call it from a tap: browsers allow it only then); `on_done` says
  // whether it worked (the Clipboard API, or the older copy command on a page served over plain
  // http, where the Clipboard API does not exist).
  virtual void copy_text(const std::string& text, std::function<void(bool)> on_done) = 0;
  // Opens the device's file picker (call it from a tap), for files matching `accept` (an HTML
  // accept list: ".zip,.csv,.json"); `on_done` runs once a file is chosen and read. Nothing runs
  // when the person cancels; a later call replaces a pending one.
  virtual void open_file(const std::string& accept, std::function<void(PickedFile)> on_done) = 0;
  // Files dropped on the page (desktop drag and drop) go to `callback` while one is set; an empty
  // function stops it. A dropped file never makes the browser leave the app.
  virtual void on_file_dropped(std::function<void(PickedFile)> callback) = 0;
};

std::unique_ptr<Device> make_device();

}  // namespace umuhanda
