// StoreFixture: what every Sqlite*Store test stands on. A real SQLite file in a folder of its own
// (named after the test), migrated as the server migrates it, with the writing connection, its
// mutex and two read-only connections. A test class adds its stores as members: they are destroyed
// before this base, so before the connections they use; the folder goes last.
#pragma once

#include <gtest/gtest.h>

#include <unistd.h>
#include <filesystem>
#include <memory>
#include <mutex>
#include <string>

#include "server_app.hpp"
#include "sqlite_database.hpp"

namespace umuhanda::testing {

class StoreFixture : public ::testing::Test {
protected:
  StoreFixture() {
    const auto* test = ::testing::UnitTest::GetInstance()->current_test_info();
    m_dir = std::filesystem::temp_directory_path() /
            ("umuhanda-" + std::string(test->test_suite_name()) + "-" + std::to_string(::getpid()) + "-" + test->name());
    std::filesystem::remove_all(m_dir);
    auto db = open_database(m_dir);
    if (!db) {
      ADD_FAILURE() << to_string(db.errors());
      return;
    }
    m_writer = std::make_unique<Database>(std::move(db).value());
    auto readers = ReadConnections::open((m_dir / "umuhanda.db").string(), 2);
    if (!readers) {
      ADD_FAILURE() << to_string(readers.errors());
      return;
    }
    m_readers = std::move(readers).value();
  }
  ~StoreFixture() override {
    m_readers.reset();
    m_writer.reset();
    std::filesystem::remove_all(m_dir);
  }

  // Each store is made on the fixture's connections: Store(writer, mutex, readers, extra...).
  template <class Store, class... Extra>
  std::unique_ptr<Store> make_store(Extra&&... extra) {
    if (!m_writer || !m_readers) return nullptr;  // the failure is reported already
    return std::make_unique<Store>(*m_writer, m_mutex, *m_readers, std::forward<Extra>(extra)...);
  }

  Database& writer() { return *m_writer; }
  std::mutex& writer_mutex() { return m_mutex; }
  ReadConnections& readers() { return *m_readers; }

private:
  std::filesystem::path m_dir;
  std::mutex m_mutex;
  std::unique_ptr<Database> m_writer;
  std::unique_ptr<ReadConnections> m_readers;
};

}  // namespace umuhanda::testing
