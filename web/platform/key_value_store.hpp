// KeyValueStore: the storage seam. Named stores of key -> bytes, asynchronous, with an atomic
// multi-store write. The browser implementation is IndexedDB (database "umuhanda"); every
// callback runs on the main thread, outside the frame, and wakes the main loop.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace umuhanda {

// The stores the client keeps. Adding one means raising kStorageSchemaVersion.
namespace stores {
inline constexpr const char* kPacks = "packs";        // pack id -> pack.json as the server sent it
inline constexpr const char* kMedia = "media";        // sha256 -> the file's bytes
inline constexpr const char* kProgress = "progress";  // record id -> one JSON line of the progress log
inline constexpr const char* kMeta = "meta";          // "device", "pack:<id>" (etag, version), "sync", ...
inline constexpr const char* kSynced = "synced";      // record id -> the account it is stored in on the server
}  // namespace stores
inline constexpr int kStorageSchemaVersion = 2;

enum class StorageErrorKind {
  unavailable,     // no storage at all (private mode, blocked, IndexedDB missing) or it closed
  quota_exceeded,  // the device or the browser refuses more bytes
  failed,          // anything else; see message
};
struct StorageError {
  StorageErrorKind kind = StorageErrorKind::failed;
  std::string message;  // what failed and why, for the log and the student
};
inline std::string_view to_string(StorageErrorKind kind) {
  switch (kind) {
    case StorageErrorKind::unavailable: return "unavailable";
    case StorageErrorKind::quota_exceeded: return "quota_exceeded";
    case StorageErrorKind::failed: return "failed";
  }
  return "failed";
}

template <class T>
struct StorageResult {
  std::optional<StorageError> error;  // set: `value` means nothing
  T value{};
  bool ok() const { return !error.has_value(); }
};

struct KeyValue {
  std::string key;
  std::string value;
};

struct KeyValueWrite {
  std::string store;
  std::string key;
  std::optional<std::string> value;  // nullopt deletes the key
};

enum class WriteDurability {
  relaxed,  // may be lost if the device dies in the next seconds (re-downloadable data)
  strict,   // on disk when the callback reports success (progress, the pack in use)
};

class KeyValueStore {
public:
  using Done = std::function<void(std::optional<StorageError>)>;
  virtual ~KeyValueStore() = default;

  // Opens (and creates or upgrades) the database; call once before anything else.
  virtual void open(Done on_open) = 0;
  virtual void get(const std::string& store, const std::string& key, std::function<void(StorageResult<std::optional<std::string>>)> on_done) = 0;
  virtual void get_all(const std::string& store, std::function<void(StorageResult<std::vector<KeyValue>>)> on_done) = 0;
  virtual void keys(const std::string& store, std::function<void(StorageResult<std::vector<std::string>>)> on_done) = 0;
  // All writes in one transaction: every one of them is stored, or none (then `error` says why).
  virtual void write(std::vector<KeyValueWrite> writes, WriteDurability durability, Done on_done) = 0;
  // Asks the browser to keep this site's data under storage pressure; reports whether it will.
  virtual void request_persistence(std::function<void(bool persisted)> on_done) = 0;

  void put(const std::string& store, const std::string& key, std::string value, WriteDurability durability, Done on_done) {
    write({KeyValueWrite{store, key, std::move(value)}}, durability, std::move(on_done));
  }
};

std::unique_ptr<KeyValueStore> make_key_value_store();

}  // namespace umuhanda
