// The in-memory KeyValueStore: std::map per store, a queue of pending requests, injected failures.
// Error kinds and messages follow platform/browser/indexeddb_key_value_store.cpp.
#include "platform/memory/memory_key_value_store.hpp"

#include <utility>

#include "platform/app_window.hpp"

namespace umuhanda {
namespace {

using Stores = std::map<std::string, std::map<std::string, std::string>>;

std::uint64_t total_bytes(const Stores& stores) {
  std::uint64_t bytes = 0;
  for (const auto& store : stores) {
    for (const auto& entry : store.second) bytes += entry.second.size();
  }
  return bytes;
}

StorageError not_open(const std::string& what) { return StorageError{StorageErrorKind::unavailable, what + ": the storage is not open"}; }

// Like the browser store: a quota error says, for the student, that the device is full.
StorageError with_context(StorageError error, const std::string& what) {
  error.message = what + ": " + error.message;
  if (error.kind == StorageErrorKind::quota_exceeded) error.message = "the phone's storage for this app is full (" + error.message + ")";
  return error;
}

}  // namespace

// [SECTION] The seam

void MemoryKeyValueStore::open(Done on_open) {
  enqueue([this, on_open = std::move(on_open)] {
    std::optional<StorageError> error;
    if (m_open_failure) {
      error = StorageError{StorageErrorKind::unavailable, "open: InvalidStateError: " + *m_open_failure};
    } else {
      // The upgrade step: the four stores of schema version 1, kept with whatever they hold.
      for (const char* store : {stores::kPacks, stores::kMedia, stores::kProgress, stores::kMeta, stores::kSynced}) m_stores[store];
      m_open = true;
    }
    on_open(error);
    request_redraw();
  });
}

void MemoryKeyValueStore::get(const std::string& store, const std::string& key,
                              std::function<void(StorageResult<std::optional<std::string>>)> on_done) {
  enqueue([this, store, key, on_done = std::move(on_done)] {
    StorageResult<std::optional<std::string>> result;
    result.error = check_readable(store, "get " + store + "/" + key);
    if (!result.error) result.value = value(store, key);
    on_done(std::move(result));
    request_redraw();
  });
}

void MemoryKeyValueStore::get_all(const std::string& store, std::function<void(StorageResult<std::vector<KeyValue>>)> on_done) {
  enqueue([this, store, on_done = std::move(on_done)] {
    StorageResult<std::vector<KeyValue>> result;
    result.error = check_readable(store, "read " + store);
    if (!result.error) {
      for (const auto& entry : m_stores.at(store)) result.value.push_back(KeyValue{entry.first, entry.second});
    }
    on_done(std::move(result));
    request_redraw();
  });
}

void MemoryKeyValueStore::keys(const std::string& store, std::function<void(StorageResult<std::vector<std::string>>)> on_done) {
  enqueue([this, store, on_done = std::move(on_done)] {
    StorageResult<std::vector<std::string>> result;
    result.error = check_readable(store, "list " + store);
    if (!result.error) result.value = stored_keys(store);
    on_done(std::move(result));
    request_redraw();
  });
}

void MemoryKeyValueStore::write(std::vector<KeyValueWrite> writes, WriteDurability durability, Done on_done) {
  enqueue([this, writes = std::move(writes), durability, on_done = std::move(on_done)] {
    WriteRecord record{{}, durability, std::nullopt};
    std::string what = "write ";
    for (const KeyValueWrite& write : writes) {
      record.keys.push_back(write.store + "/" + write.key);
      what += (record.keys.size() > 1 ? ", " : "") + record.keys.back();
    }
    record.error = apply(writes, what);
    m_write_log.push_back(record);
    on_done(record.error);
    request_redraw();
  });
}

void MemoryKeyValueStore::request_persistence(std::function<void(bool)> on_done) {
  enqueue([this, on_done = std::move(on_done)] {
    on_done(m_persistence);
    request_redraw();
  });
}

std::optional<StorageError> MemoryKeyValueStore::check_readable(const std::string& store, const std::string& what) {
  if (!m_open) return not_open(what);
  if (m_read_failures_left > 0) {
    --m_read_failures_left;
    return with_context(*m_read_failure, what);
  }
  if (!m_stores.count(store)) return StorageError{StorageErrorKind::failed, what + ": NotFoundError: no object store \"" + store + "\""};
  return std::nullopt;
}

// One transaction: every check passes before the first change, so a failure leaves no trace.
std::optional<StorageError> MemoryKeyValueStore::apply(const std::vector<KeyValueWrite>& writes, const std::string& what) {
  if (!m_open) return not_open(what);
  if (m_write_failures_left > 0) {
    --m_write_failures_left;
    return with_context(*m_write_failure, what);
  }
  std::map<std::string, Store> after = m_stores;
  for (const KeyValueWrite& write : writes) {
    auto store = after.find(write.store);
    if (store == after.end()) return StorageError{StorageErrorKind::failed, what + ": NotFoundError: no object store \"" + write.store + "\""};
    if (write.value) store->second[write.key] = *write.value;
    else store->second.erase(write.key);
  }
  if (m_quota) {
    const std::uint64_t bytes = total_bytes(after);
    if (bytes > *m_quota) {
      return with_context(StorageError{StorageErrorKind::quota_exceeded, "QuotaExceededError: " + std::to_string(bytes) +
                                                                             " bytes would exceed the quota of " + std::to_string(*m_quota)},
                          what);
    }
  }
  m_stores = std::move(after);
  return std::nullopt;
}

// [SECTION] Driving it

std::size_t MemoryKeyValueStore::run_pending() {
  std::size_t ran = 0;
  while (run_next()) ++ran;
  return ran;
}

bool MemoryKeyValueStore::run_next() {
  if (m_queue.empty()) return false;
  std::function<void()> task = std::move(m_queue.front());
  m_queue.pop_front();
  task();
  return true;
}

// [SECTION] Failure injection

void MemoryKeyValueStore::fail_open(std::string reason) { m_open_failure = std::move(reason); }

void MemoryKeyValueStore::fail_next_writes(StorageError error, std::size_t count) {
  m_write_failure = std::move(error);
  m_write_failures_left = count;
}

void MemoryKeyValueStore::fail_next_reads(StorageError error, std::size_t count) {
  m_read_failure = std::move(error);
  m_read_failures_left = count;
}

// [SECTION] Inspection and set-up

std::optional<std::string> MemoryKeyValueStore::value(const std::string& store, const std::string& key) const {
  auto found = m_stores.find(store);
  if (found == m_stores.end()) return std::nullopt;
  auto entry = found->second.find(key);
  if (entry == found->second.end()) return std::nullopt;
  return entry->second;
}

std::vector<std::string> MemoryKeyValueStore::stored_keys(const std::string& store) const {
  std::vector<std::string> keys;
  if (auto found = m_stores.find(store); found != m_stores.end()) {
    for (const auto& entry : found->second) keys.push_back(entry.first);
  }
  return keys;
}

std::size_t MemoryKeyValueStore::count(const std::string& store) const {
  auto found = m_stores.find(store);
  return found == m_stores.end() ? 0 : found->second.size();
}

std::uint64_t MemoryKeyValueStore::bytes_stored() const { return total_bytes(m_stores); }

void MemoryKeyValueStore::seed(const std::string& store, const std::string& key, std::string value) { m_stores[store][key] = std::move(value); }

std::unique_ptr<KeyValueStore> make_key_value_store() { return std::make_unique<MemoryKeyValueStore>(); }

}  // namespace umuhanda
