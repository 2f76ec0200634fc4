// KeyValueStore in memory, for native builds and the client_app unit tests. It keeps the IndexedDB
// store's semantics (named stores, one all-or-nothing transaction per write, errors as values) and
// its asynchrony: nothing completes during the call; callbacks queue and run on run_pending(), the
// way the browser runs them outside the frame, so a test decides what happens first.
#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "platform/key_value_store.hpp"

namespace umuhanda {

class MemoryKeyValueStore final : public KeyValueStore {
public:
  // One write() as it ended: what it touched ("store/key") and the error it ended with, if any.
  struct WriteRecord {
    std::vector<std::string> keys;
    WriteDurability durability = WriteDurability::relaxed;
    std::optional<StorageError> error;
  };

  // [SECTION] The seam. Requests are served in the order they were made, each when its turn comes
  // in run_pending(): a read sees every write made before it, like IndexedDB's transaction order.
  void open(Done on_open) override;
  void get(const std::string& store, const std::string& key, std::function<void(StorageResult<std::optional<std::string>>)> on_done) override;
  void get_all(const std::string& store, std::function<void(StorageResult<std::vector<KeyValue>>)> on_done) override;
  void keys(const std::string& store, std::function<void(StorageResult<std::vector<std::string>>)> on_done) override;
  void write(std::vector<KeyValueWrite> writes, WriteDurability durability, Done on_done) override;
  void request_persistence(std::function<void(bool persisted)> on_done) override;

  // [SECTION] Driving it: the callbacks run here, never inside the call that made the request.
  // Runs queued requests until none is left (callbacks may queue more); returns how many ran.
  std::size_t run_pending();
  // Runs the oldest queued request; false when none was queued.
  bool run_next();
  std::size_t pending() const { return m_queue.size(); }
  // The page went away: queued requests never complete, and their writes are never applied.
  void discard_pending() { m_queue.clear(); }

  // [SECTION] Failure injection
  // open() fails with `unavailable` (private mode, IndexedDB blocked or missing).
  void fail_open(std::string reason = "IndexedDB is not available");
  // The database closed (another tab upgraded it): every later request fails with `unavailable`.
  void close() { m_open = false; }
  // Writes that would leave more than `bytes` of values stored fail with `quota_exceeded`, whole.
  void set_quota(std::optional<std::uint64_t> bytes) { m_quota = bytes; }
  // The next `count` writes abort with `error`, storing nothing.
  void fail_next_writes(StorageError error, std::size_t count = 1);
  // The next `count` reads (get, get_all, keys) fail with `error`.
  void fail_next_reads(StorageError error, std::size_t count = 1);
  // What request_persistence() reports.
  void set_persistence(bool granted) { m_persistence = granted; }

  // [SECTION] Inspection and set-up, synchronous: no callbacks, no failure injection.
  std::optional<std::string> value(const std::string& store, const std::string& key) const;
  std::vector<std::string> stored_keys(const std::string& store) const;  // in key order
  std::size_t count(const std::string& store) const;
  std::uint64_t bytes_stored() const;  // every value's size, all stores together
  // Stores a value as an earlier visit left it (the store need not be open).
  void seed(const std::string& store, const std::string& key, std::string value);
  // Every write() that ended, in order, with failed ones included.
  const std::vector<WriteRecord>& write_log() const { return m_write_log; }

private:
  using Store = std::map<std::string, std::string>;

  void enqueue(std::function<void()> task) { m_queue.push_back(std::move(task)); }
  std::optional<StorageError> check_readable(const std::string& store, const std::string& what);
  std::optional<StorageError> apply(const std::vector<KeyValueWrite>& writes, const std::string& what);

  std::map<std::string, Store> m_stores;
  std::deque<std::function<void()>> m_queue;
  std::vector<WriteRecord> m_write_log;
  bool m_open = false;
  std::optional<std::string> m_open_failure;
  std::optional<std::uint64_t> m_quota;
  std::optional<StorageError> m_write_failure;
  std::size_t m_write_failures_left = 0;
  std::optional<StorageError> m_read_failure;
  std::size_t m_read_failures_left = 0;
  bool m_persistence = false;
};

}  // namespace umuhanda
