// KeyValueStore over IndexedDB, called directly through EM_JS (no IDBFS: it copies the whole file
// system on every sync). Values are stored as bytes (Uint8Array). JavaScript reports back through
// three exported functions: a value or entry, a flag, and the end of a request (ok or an error).
#include <emscripten/emscripten.h>

#include <cstdint>
#include <cstdlib>
#include <map>
#include <variant>

#include "platform/app_window.hpp"
#include "platform/key_value_store.hpp"

// [SECTION] JavaScript: one object on Module holding the database and every operation.
// Error kinds passed to C++: 0 ok, 1 unavailable, 2 quota exceeded, 3 failed.
// JavaScript inside EM_JS follows: clang-format would break it.
// clang-format off
EM_JS(void, umuhanda_kv_js_install, (), {
  if (Module["umuhandaKv"]) return;
  var kv = { db: null };
  function cstring(text) {
    var size = lengthBytesUTF8(text) + 1;
    var pointer = _malloc(size);
    stringToUTF8(text, pointer, size);
    return pointer;
  }
  function kindOf(error) {
    if (!error) return 3;
    if (error.name === "QuotaExceededError") return 2;
    if (error.name === "InvalidStateError" || error.name === "SecurityError") return 1;
    return 3;
  }
  kv.done = function (request, error, what) {
    var kind = error ? kindOf(error) : 0;
    var message = error ? what + ": " + (error.name ? error.name + ": " : "") + (error.message || String(error)) : "";
    var pointer = cstring(message);
    _umuhanda_kv_done(request, kind, pointer);
    _free(pointer);
  };
  kv.unavailable = function (request, what) {
    var pointer = cstring(what + ": the storage is not open");
    _umuhanda_kv_done(request, 1, pointer);
    _free(pointer);
  };
  function toBytes(value) {
    if (value === undefined || value === null) return null;
    if (typeof value === "string") return new TextEncoder().encode(value);
    if (value instanceof ArrayBuffer) return new Uint8Array(value);
    if (ArrayBuffer.isView(value)) return new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
    return null;
  }
  // Hands one key and its bytes to C++, which copies them before this returns.
  kv.entry = function (request, key, value) {
    var bytes = toBytes(value);
    var keyPointer = cstring(String(key));
    var dataPointer = 0, size = 0;
    if (bytes) {
      size = bytes.length;
      dataPointer = _malloc(Math.max(1, size));
      HEAPU8.set(bytes, dataPointer);
    }
    _umuhanda_kv_entry(request, keyPointer, dataPointer, size, bytes ? 1 : 0);
    _free(keyPointer);
    if (dataPointer) _free(dataPointer);
  };
  kv.open = function (request, name, version, storeNames) {
    if (typeof indexedDB === "undefined") { kv.done(request, { name: "InvalidStateError", message: "IndexedDB is not available" }, "open"); return; }
    var opening;
    try { opening = indexedDB.open(name, version); } catch (error) { kv.done(request, { name: "InvalidStateError", message: String(error) }, "open"); return; }
    opening.onupgradeneeded = function () {
      var db = opening.result;
      storeNames.forEach(function (store) { if (!db.objectStoreNames.contains(store)) db.createObjectStore(store); });
    };
    opening.onsuccess = function () {
      var db = opening.result;
      // Another tab with a newer client wants to upgrade: step aside rather than block it.
      db.onversionchange = function () { db.close(); kv.db = null; };
      db.onclose = function () { kv.db = null; };
      kv.db = db;
      kv.done(request, null, "open");
    };
    opening.onerror = function (event) {
      event.preventDefault();
      var error = opening.error || { name: "InvalidStateError", message: "cannot open the database" };
      kv.done(request, error.name === "QuotaExceededError" ? error : { name: "InvalidStateError", message: error.message }, "open");
    };
  };
  kv.read = function (request, store, what, start) {
    if (!kv.db) { kv.unavailable(request, what); return; }
    var transaction;
    try { transaction = kv.db.transaction(store, "readonly"); } catch (error) { kv.done(request, error, what); return; }
    var finish;
    try { finish = start(transaction.objectStore(store)); } catch (error) { kv.done(request, error, what); return; }
    transaction.oncomplete = function () { finish(); kv.done(request, null, what); };
    transaction.onabort = function () { kv.done(request, transaction.error || { name: "AbortError", message: "aborted" }, what); };
  };
  kv.get = function (request, store, key) {
    kv.read(request, store, "get " + store + "/" + key, function (objects) {
      var got = objects.get(key);
      return function () { if (got.result !== undefined) kv.entry(request, key, got.result); };
    });
  };
  kv.getAll = function (request, store) {
    kv.read(request, store, "read " + store, function (objects) {
      var keys = objects.getAllKeys(), values = objects.getAll();
      return function () { for (var i = 0; i < keys.result.length; i++) kv.entry(request, keys.result[i], values.result[i]); };
    });
  };
  kv.keys = function (request, store) {
    kv.read(request, store, "list " + store, function (objects) {
      var keys = objects.getAllKeys();
      return function () { for (var i = 0; i < keys.result.length; i++) kv.entry(request, keys.result[i], undefined); };
    });
  };
  // ops: [{store, key, data (Uint8Array copy) or null to delete}]
  kv.write = function (request, ops, strict) {
    var what = "write " + ops.map(function (op) { return op.store + "/" + op.key; }).join(", ");
    if (!kv.db) { kv.unavailable(request, what); return; }
    var names = [];
    ops.forEach(function (op) { if (names.indexOf(op.store) < 0) names.push(op.store); });
    var transaction;
    try {
      transaction = kv.db.transaction(names, "readwrite", { durability: strict ? "strict" : "relaxed" });
    } catch (error) { kv.done(request, error, what); return; }
    var reported = false;
    transaction.oncomplete = function () { if (!reported) { reported = true; kv.done(request, null, what); } };
    transaction.onabort = function () {
      if (!reported) { reported = true; kv.done(request, transaction.error || { name: "AbortError", message: "aborted" }, what); }
    };
    try {
      ops.forEach(function (op) {
        var objects = transaction.objectStore(op.store);
        if (op.data) objects.put(op.data, op.key); else objects.delete(op.key);
      });
    } catch (error) {
      reported = true;
      try { transaction.abort(); } catch (ignored) {}
      kv.done(request, error, what);
    }
  };
  kv.persist = function (request) {
    var storage = navigator.storage;
    if (!storage || !storage.persist || !storage.persisted) { _umuhanda_kv_flag(request, 0); return; }
    storage.persisted()
      .then(function (persisted) { return persisted || storage.persist(); })
      .then(function (persisted) { _umuhanda_kv_flag(request, persisted ? 1 : 0); }, function () { _umuhanda_kv_flag(request, 0); });
  };
  Module["umuhandaKv"] = kv;
});

EM_JS(void, umuhanda_kv_js_open, (int request, const char* name, int version, const char* store_names), {
  Module["umuhandaKv"].open(request, UTF8ToString(name), version, UTF8ToString(store_names).split(","));
});
EM_JS(void, umuhanda_kv_js_get, (int request, const char* store, const char* key), {
  Module["umuhandaKv"].get(request, UTF8ToString(store), UTF8ToString(key));
});
EM_JS(void, umuhanda_kv_js_get_all, (int request, const char* store), {
  Module["umuhandaKv"].getAll(request, UTF8ToString(store));
});
EM_JS(void, umuhanda_kv_js_keys, (int request, const char* store), {
  Module["umuhandaKv"].keys(request, UTF8ToString(store));
});
// `ops` points at `count` records of five 32-bit words: store, key, data, size, erase.
EM_JS(void, umuhanda_kv_js_write, (int request, const std::uint32_t* ops, int count, int strict), {
  var list = [];
  for (var i = 0; i < count; i++) {
    var base = (ops >> 2) + i * 5;
    var data = HEAPU32[base + 2], size = HEAPU32[base + 3], erase = HEAPU32[base + 4];
    list.push({
      store: UTF8ToString(HEAPU32[base]),
      key: UTF8ToString(HEAPU32[base + 1]),
      data: erase ? null : HEAPU8.slice(data, data + size),  // a copy: C++ frees its buffers on return
    });
  }
  Module["umuhandaKv"].write(request, list, strict);
});
EM_JS(void, umuhanda_kv_js_persist, (int request), { Module["umuhandaKv"].persist(request); });
// clang-format on

// [SECTION] C++: pending requests, keyed by number, completed by the exported functions below.
namespace umuhanda {
namespace {

struct PendingGet {
  std::function<void(StorageResult<std::optional<std::string>>)> on_done;
  std::optional<std::string> value;
};
struct PendingGetAll {
  std::function<void(StorageResult<std::vector<KeyValue>>)> on_done;
  std::vector<KeyValue> entries;
};
struct PendingKeys {
  std::function<void(StorageResult<std::vector<std::string>>)> on_done;
  std::vector<std::string> keys;
};
struct PendingDone {
  KeyValueStore::Done on_done;
};
struct PendingFlag {
  std::function<void(bool)> on_done;
};
using Pending = std::variant<PendingGet, PendingGetAll, PendingKeys, PendingDone, PendingFlag>;

std::map<int, Pending>& pending_requests() {
  static std::map<int, Pending> requests;
  return requests;
}

int add_request(Pending pending) {
  static int next_request = 1;
  const int request = next_request++;
  pending_requests().emplace(request, std::move(pending));
  return request;
}

std::optional<StorageError> error_from(int kind, const char* message) {
  if (kind == 0) return std::nullopt;
  StorageError error;
  error.kind = kind == 1 ? StorageErrorKind::unavailable : kind == 2 ? StorageErrorKind::quota_exceeded : StorageErrorKind::failed;
  error.message = message ? message : "";
  if (error.kind == StorageErrorKind::quota_exceeded) error.message = "the phone's storage for this app is full (" + error.message + ")";
  return error;
}

class IndexedDbKeyValueStore final : public KeyValueStore {
public:
  IndexedDbKeyValueStore() { umuhanda_kv_js_install(); }

  void open(Done on_open) override {
    const std::string names =
        std::string(stores::kPacks) + "," + stores::kMedia + "," + stores::kProgress + "," + stores::kMeta + "," + stores::kSynced;
    umuhanda_kv_js_open(add_request(PendingDone{std::move(on_open)}), "umuhanda", kStorageSchemaVersion, names.c_str());
  }

  void get(const std::string& store, const std::string& key, std::function<void(StorageResult<std::optional<std::string>>)> on_done) override {
    umuhanda_kv_js_get(add_request(PendingGet{std::move(on_done), {}}), store.c_str(), key.c_str());
  }

  void get_all(const std::string& store, std::function<void(StorageResult<std::vector<KeyValue>>)> on_done) override {
    umuhanda_kv_js_get_all(add_request(PendingGetAll{std::move(on_done), {}}), store.c_str());
  }

  void keys(const std::string& store, std::function<void(StorageResult<std::vector<std::string>>)> on_done) override {
    umuhanda_kv_js_keys(add_request(PendingKeys{std::move(on_done), {}}), store.c_str());
  }

  void write(std::vector<KeyValueWrite> writes, WriteDurability durability, Done on_done) override {
    std::vector<std::uint32_t> ops;
    ops.reserve(writes.size() * 5);
    for (const KeyValueWrite& write : writes) {
      ops.push_back(reinterpret_cast<std::uintptr_t>(write.store.c_str()));
      ops.push_back(reinterpret_cast<std::uintptr_t>(write.key.c_str()));
      ops.push_back(write.value ? reinterpret_cast<std::uintptr_t>(write.value->data()) : 0);
      ops.push_back(write.value ? static_cast<std::uint32_t>(write.value->size()) : 0);
      ops.push_back(write.value ? 0 : 1);
    }
    umuhanda_kv_js_write(add_request(PendingDone{std::move(on_done)}), ops.data(), static_cast<int>(writes.size()),
                         durability == WriteDurability::strict ? 1 : 0);
  }

  void request_persistence(std::function<void(bool)> on_done) override { umuhanda_kv_js_persist(add_request(PendingFlag{std::move(on_done)})); }
};

}  // namespace

std::unique_ptr<KeyValueStore> make_key_value_store() { return std::make_unique<IndexedDbKeyValueStore>(); }

}  // namespace umuhanda

// [SECTION] Exported to the JavaScript above

extern "C" EMSCRIPTEN_KEEPALIVE void umuhanda_kv_entry(int request, const char* key, const char* data, int size, int has_value) {
  auto it = umuhanda::pending_requests().find(request);
  if (it == umuhanda::pending_requests().end()) return;
  std::visit(
      [&](auto& pending) {
        using P = std::decay_t<decltype(pending)>;
        if constexpr (std::is_same_v<P, umuhanda::PendingGet>) {
          if (has_value) pending.value = std::string(data, static_cast<std::size_t>(size));
        } else if constexpr (std::is_same_v<P, umuhanda::PendingGetAll>) {
          pending.entries.push_back({key, has_value ? std::string(data, static_cast<std::size_t>(size)) : std::string()});
        } else if constexpr (std::is_same_v<P, umuhanda::PendingKeys>) {
          pending.keys.emplace_back(key);
        }
      },
      it->second);
}

extern "C" EMSCRIPTEN_KEEPALIVE void umuhanda_kv_done(int request, int kind, const char* message) {
  auto it = umuhanda::pending_requests().find(request);
  if (it == umuhanda::pending_requests().end()) return;
  umuhanda::Pending pending = std::move(it->second);
  umuhanda::pending_requests().erase(it);
  const auto error = umuhanda::error_from(kind, message);
  std::visit(
      [&](auto& p) {
        using P = std::decay_t<decltype(p)>;
        if constexpr (std::is_same_v<P, umuhanda::PendingGet>) {
          p.on_done({error, error ? std::nullopt : std::move(p.value)});
        } else if constexpr (std::is_same_v<P, umuhanda::PendingGetAll>) {
          p.on_done({error, error ? std::vector<umuhanda::KeyValue>() : std::move(p.entries)});
        } else if constexpr (std::is_same_v<P, umuhanda::PendingKeys>) {
          p.on_done({error, error ? std::vector<std::string>() : std::move(p.keys)});
        } else if constexpr (std::is_same_v<P, umuhanda::PendingDone>) {
          p.on_done(error);
        } else {
          p.on_done(false);
        }
      },
      pending);
  umuhanda::request_redraw();
}

extern "C" EMSCRIPTEN_KEEPALIVE void umuhanda_kv_flag(int request, int value) {
  auto it = umuhanda::pending_requests().find(request);
  if (it == umuhanda::pending_requests().end()) return;
  umuhanda::Pending pending = std::move(it->second);
  umuhanda::pending_requests().erase(it);
  if (auto* flag = std::get_if<umuhanda::PendingFlag>(&pending)) flag->on_done(value != 0);
  umuhanda::request_redraw();
}
