// The browser's clock (Date.now) and crypto.getRandomValues behind device.hpp.
#include "platform/device.hpp"

#include <emscripten/emscripten.h>
#include <emscripten/html5.h>

#include <cmath>
#include <cstdlib>
#include <memory>
#include <string>

#include "platform/app_window.hpp"

// JavaScript inside EM_JS follows: clang-format would break it.
// clang-format off
EM_JS(void, umuhanda_estimate_storage, (void* request), {
  if (!navigator.storage || !navigator.storage.estimate) { _umuhanda_storage_estimated(request, -1, -1); return; }
  navigator.storage.estimate().then(
      function (estimate) { _umuhanda_storage_estimated(request, estimate.usage || 0, estimate.quota || 0); },
      function () { _umuhanda_storage_estimated(request, -1, -1); });
});

EM_JS(void, umuhanda_reload_page, (), { location.reload(); });

EM_JS(char*, umuhanda_location_fragment, (), { return stringToNewUTF8(location.hash.replace(/^#/, "")); });

EM_JS(void, umuhanda_listen_online, (), {
  window.addEventListener("online", function () { _umuhanda_online(); });
});

EM_JS(void, umuhanda_download, (const char* url), {
  var link = document.createElement("a");
  link.href = UTF8ToString(url);
  link.download = "";
  document.body.appendChild(link);
  link.click();
  link.remove();
});

// navigator.clipboard exists only in secure contexts (https, localhost); a school server reached
// at http://192.168.x.y has none, where a selected text area and the copy command still work.
EM_JS(void, umuhanda_copy_text, (const char* text, void* request), {
  var value = UTF8ToString(text);
  var fallback = function () {
    var area = document.createElement("textarea");
    area.value = value;
    area.setAttribute("readonly", "");
    area.style.position = "fixed";
    area.style.opacity = "0";
    document.body.appendChild(area);
    area.select();
    var copied = false;
    try { copied = document.execCommand("copy"); } catch (e) { copied = false; }
    area.remove();
    _umuhanda_text_copied(request, copied ? 1 : 0);
  };
  if (!navigator.clipboard || !navigator.clipboard.writeText) { fallback(); return; }
  navigator.clipboard.writeText(value).then(function () { _umuhanda_text_copied(request, 1); }, fallback);
});

// One reader for picked and dropped files: the bytes are copied into the module's memory, which
// umuhanda_file_read() takes over. `source` 0 is the picker, 1 a drop.
EM_JS(void, umuhanda_install_file_reader, (double max_bytes), {
  if (Module.umuhandaReadFile) return;
  Module.umuhandaReadFile = function (file, source) {
    var name = stringToNewUTF8(file.name || "");
    if (file.size > max_bytes) { _umuhanda_file_read(source, name, 0, file.size, 1); return; }
    file.arrayBuffer().then(function (buffer) {
      var bytes = new Uint8Array(buffer);
      var data = _malloc(Math.max(bytes.length, 1));
      HEAPU8.set(bytes, data);
      _umuhanda_file_read(source, name, data, bytes.length, 0);
    }, function () { _umuhanda_file_read(source, name, 0, 0, 2); });
  };
});

// A hidden <input type=file>, made once; clicking it needs the tap's user activation, which lasts
// into the frame that handles the tap.
EM_JS(void, umuhanda_open_file_picker, (const char* accept), {
  var input = document.getElementById("umuhanda-file");
  if (!input) {
    input = document.createElement("input");
    input.type = "file";
    input.id = "umuhanda-file";
    input.style.display = "none";
    input.addEventListener("change", function () {
      var file = input.files && input.files[0];
      if (file) Module.umuhandaReadFile(file, 0);
      input.value = "";
    });
    document.body.appendChild(input);
  }
  input.accept = UTF8ToString(accept);
  input.click();
});

// Without preventDefault on both events a file dropped on the page replaces the app with the file.
EM_JS(void, umuhanda_listen_drops, (), {
  window.addEventListener("dragover", function (event) { event.preventDefault(); });
  window.addEventListener("drop", function (event) {
    event.preventDefault();
    var file = event.dataTransfer && event.dataTransfer.files && event.dataTransfer.files[0];
    if (file) Module.umuhandaReadFile(file, 1);
  });
});

EM_JS(double, umuhanda_random_u32, (), {
  var word = new Uint32Array(1);
  crypto.getRandomValues(word);
  return word[0];
});
// clang-format on

namespace umuhanda {
namespace {

class BrowserClock final : public Clock {
public:
  std::int64_t now_ms() const override { return static_cast<std::int64_t>(std::floor(emscripten_date_now())); }
};

using EstimateDone = std::function<void(std::optional<StorageEstimate>)>;
using CopyDone = std::function<void(bool)>;

std::function<void()>& online_callback() {
  static std::function<void()> callback;
  return callback;
}

using FileDone = std::function<void(PickedFile)>;

FileDone& picked_file_callback() {
  static FileDone callback;
  return callback;
}

FileDone& dropped_file_callback() {
  static FileDone callback;
  return callback;
}

class BrowserDevice final : public Device {
public:
  void estimate_storage(EstimateDone on_done) override { umuhanda_estimate_storage(new EstimateDone(std::move(on_done))); }
  void reload() override { umuhanda_reload_page(); }
  void on_online(std::function<void()> callback) override {
    if (!online_callback()) umuhanda_listen_online();
    online_callback() = std::move(callback);
  }
  void download(const std::string& url) override { umuhanda_download(url.c_str()); }
  void copy_text(const std::string& text, CopyDone on_done) override { umuhanda_copy_text(text.c_str(), new CopyDone(std::move(on_done))); }
  void open_file(const std::string& accept, FileDone on_done) override {
    umuhanda_install_file_reader(static_cast<double>(kMaxPickedFileBytes));
    picked_file_callback() = std::move(on_done);
    umuhanda_open_file_picker(accept.c_str());
  }
  void on_file_dropped(FileDone callback) override {
    static bool listening = false;
    if (!listening) {
      umuhanda_install_file_reader(static_cast<double>(kMaxPickedFileBytes));
      umuhanda_listen_drops();
      listening = true;
    }
    dropped_file_callback() = std::move(callback);
  }
  std::string location_fragment() const override {
    char* text = umuhanda_location_fragment();
    std::string fragment(text);
    std::free(text);
    return fragment;
  }
};

}  // namespace

std::unique_ptr<Device> make_device() { return std::make_unique<BrowserDevice>(); }

std::unique_ptr<Clock> make_device_clock() { return std::make_unique<BrowserClock>(); }

std::uint64_t device_random_seed() {
  const auto high = static_cast<std::uint64_t>(umuhanda_random_u32());
  const auto low = static_cast<std::uint64_t>(umuhanda_random_u32());
  return (high << 32) | low;
}

}  // namespace umuhanda

extern "C" EMSCRIPTEN_KEEPALIVE void umuhanda_storage_estimated(void* request, double usage, double quota) {
  std::unique_ptr<umuhanda::EstimateDone> on_done(static_cast<umuhanda::EstimateDone*>(request));
  std::optional<umuhanda::StorageEstimate> estimate;
  if (usage >= 0) estimate = umuhanda::StorageEstimate{static_cast<std::uint64_t>(usage), static_cast<std::uint64_t>(quota)};
  (*on_done)(estimate);
  umuhanda::request_redraw();
}

extern "C" EMSCRIPTEN_KEEPALIVE void umuhanda_text_copied(void* request, int copied) {
  std::unique_ptr<umuhanda::CopyDone> on_done(static_cast<umuhanda::CopyDone*>(request));
  (*on_done)(copied != 0);
  umuhanda::request_redraw();
}

extern "C" EMSCRIPTEN_KEEPALIVE void umuhanda_online() {
  if (umuhanda::online_callback()) umuhanda::online_callback()();
  umuhanda::request_redraw();
}

// `problem`: 0 read, 1 larger than kMaxPickedFileBytes, 2 the browser could not read it.
extern "C" EMSCRIPTEN_KEEPALIVE void umuhanda_file_read(int source, char* name, char* data, double size, int problem) {
  umuhanda::PickedFile file;
  file.name = name;
  std::free(name);
  if (problem == 0) {
    file.bytes.assign(data, static_cast<std::size_t>(size));
    std::free(data);
  } else if (problem == 1) {
    file.error = file.name + " is " + std::to_string(static_cast<std::uint64_t>(size) / (1024 * 1024)) +
                 " MB; the largest file that can be opened is " + std::to_string(umuhanda::kMaxPickedFileBytes / (1024 * 1024)) + " MB";
  } else {
    file.error = file.name + " could not be read (the browser refused it, or it was moved or deleted)";
  }
  auto& callback = source == 0 ? umuhanda::picked_file_callback() : umuhanda::dropped_file_callback();
  if (callback) {
    // A picker's callback runs once; a drop's stays for the next file.
    auto run = source == 0 ? std::move(callback) : callback;
    if (source == 0) callback = nullptr;
    run(std::move(file));
  }
  umuhanda::request_redraw();
}
