// A thin RAII layer over SQLite: open with the settings the server relies on (WAL, foreign keys,
// busy timeout), prepared statements, transactions. Failures are values naming the SQL and why.
#pragma once

#include <sqlite3.h>

#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "umuhanda/expected.hpp"

namespace umuhanda {

class Statement;

// Each connection keeps the statements it prepared, one per SQL text, and hands a finished one out
// again instead of compiling the same SQL anew (compiling was a seventh of a sync push's CPU).
class StatementCache {
public:
  StatementCache() = default;
  StatementCache(const StatementCache&) = delete;
  StatementCache& operator=(const StatementCache&) = delete;
  ~StatementCache();

  sqlite3_stmt* take(std::string_view sql);  // nullptr when none is ready
  void give_back(sqlite3_stmt* statement);   // reset for its next use; finalized when one is kept already

private:
  struct Hash {
    using is_transparent = void;
    std::size_t operator()(std::string_view text) const { return std::hash<std::string_view>()(text); }
  };
  static constexpr std::size_t kMaxStatements = 128;  // the server's SQL is a fixed set; this only bounds a mistake
  std::unordered_map<std::string, sqlite3_stmt*, Hash, std::equal_to<>> m_ready;
};

class Database {
public:
  static Expected<Database> open(const std::string& path);
  // A read-only connection to a database that open() has set up (WAL): it reads beside a writer.
  static Expected<Database> open_reader(const std::string& path);

  Database(Database&&) noexcept = default;
  Database& operator=(Database&&) noexcept = default;

  // Runs one or more statements that return no rows.
  Expected<void> exec(std::string_view sql);
  Expected<Statement> prepare(std::string_view sql);
  // Runs one statement without rows through prepare(): kept compiled, for the ones run most
  // (BEGIN IMMEDIATE, COMMIT).
  Expected<void> run(std::string_view sql);
  sqlite3* handle() const { return m_db.get(); }
  // Rows the last INSERT, UPDATE or DELETE changed.
  std::int64_t changes() const { return sqlite3_changes(m_db.get()); }
  const std::string& path() const { return m_path; }

private:
  struct Closer {
    void operator()(sqlite3* db) const { sqlite3_close_v2(db); }
  };
  Database(sqlite3* db, std::string path) : m_db(db), m_path(std::move(path)), m_statements(std::make_unique<StatementCache>()) {}

  std::unique_ptr<sqlite3, Closer> m_db;
  std::string m_path;
  std::unique_ptr<StatementCache> m_statements;  // after m_db: finalized before the connection closes
  friend class Statement;
};

class Statement {
public:
  Statement(Statement&&) noexcept = default;
  Statement& operator=(Statement&&) noexcept = default;

  Statement& bind(int index, std::string_view text);
  Statement& bind_blob(int index, std::string_view bytes);
  Statement& bind(int index, std::int64_t value);

  // Advances to the next row: true for a row, false when done; errors carry the SQL.
  Expected<bool> step();
  Expected<void> run();  // step() to completion, for statements without rows
  void reset();          // ready to run again with new bindings

  std::int64_t column_int(int index) const;
  double column_double(int index) const;
  std::string column_text(int index) const;  // also reads BLOBs as bytes
  bool column_is_null(int index) const;
  // NULL as nullopt.
  std::optional<std::string> column_optional_text(int index) const;
  std::optional<std::int64_t> column_optional_int(int index) const;
  // Binds NULL for nullopt.
  Statement& bind_optional(int index, const std::optional<std::string>& text);

private:
  friend class Database;
  struct Finalizer {
    StatementCache* cache;
    void operator()(sqlite3_stmt* statement) const { cache->give_back(statement); }
  };
  Statement(Database& db, sqlite3_stmt* statement) : m_db(&db), m_statement(statement, Finalizer{db.m_statements.get()}) {}

  Database* m_db;
  std::unique_ptr<sqlite3_stmt, Finalizer> m_statement;
};

// BEGIN IMMEDIATE on construction; rolls back on destruction unless commit() succeeded.
class Transaction {
public:
  static Expected<Transaction> begin(Database& db);
  Transaction(Transaction&& other) noexcept : m_db(other.m_db) { other.m_db = nullptr; }
  Transaction& operator=(Transaction&&) = delete;
  ~Transaction();
  Expected<void> commit();

private:
  explicit Transaction(Database& db) : m_db(&db) {}
  Database* m_db;
};

// Runs `work(db)` inside BEGIN IMMEDIATE ... COMMIT; an error from `work` (or from the commit)
// rolls everything back and is returned as it is.
template <class Work>
auto in_transaction(Database& db, Work&& work) -> decltype(work(db)) {
  auto transaction = Transaction::begin(db);
  if (!transaction) return transaction.errors();
  auto result = work(db);
  if (!result) return result;
  auto committed = transaction->commit();
  if (!committed) return committed.errors();
  return result;
}

// Steps `query` to its end, turning each row into a T with `read(const Statement&)`.
template <class T, class Read>
Expected<std::vector<T>> read_rows(Statement& query, Read&& read) {
  std::vector<T> rows;
  for (;;) {
    auto row = query.step();
    if (!row) return row.errors();
    if (!row.value()) return rows;
    rows.push_back(read(query));
  }
}

// A few read-only connections to one database file, each used by one thread at a time. With WAL,
// readers never wait for the writer (who keeps its own connection and mutex): a request that reads
// waits at most for another reader's query, never for an import's transaction.
class ReadConnections {
public:
  static Expected<std::unique_ptr<ReadConnections>> open(const std::string& path, std::size_t count);

  // Runs `use(Database&)` on a free connection (waiting for one if all are taken).
  template <class Use>
  auto with(Use&& use) {
    Database* db = take();
    struct GiveBack {
      ReadConnections* pool;
      Database* db;
      ~GiveBack() { pool->give_back(db); }
    } give_back{this, db};
    return use(*db);
  }

private:
  ReadConnections() = default;
  Database* take();
  void give_back(Database* db);

  std::mutex m_mutex;
  std::condition_variable m_freed;
  std::vector<Database> m_connections;
  std::vector<Database*> m_free;
};

}  // namespace umuhanda
