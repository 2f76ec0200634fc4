// SQLite wrapper implementation.
#include "sqlite_database.hpp"

#include "request_stats.hpp"

namespace umuhanda {
namespace {

std::string describe(sqlite3* db, std::string_view sql) { return std::string(sqlite3_errmsg(db)) + " (in: " + std::string(sql.substr(0, 120)) + ")"; }

}  // namespace

Expected<Database> Database::open(const std::string& path) {
  sqlite3* raw = nullptr;
  int rc = sqlite3_open_v2(path.c_str(), &raw, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nullptr);
  Database db(raw, path);
  if (rc != SQLITE_OK) {
    return Expected<Database>::failure(path, std::string("cannot open the database: ") + (raw ? sqlite3_errmsg(raw) : sqlite3_errstr(rc)));
  }
  sqlite3_busy_timeout(raw, 5000);
  // WAL lets readers go on while an import writes; synchronous=NORMAL is durable across process
  // crashes in WAL mode (only an OS crash can lose the last commit, never corrupt the file).
  auto settings = db.exec("PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;");
  if (!settings) return settings.errors();
  return db;
}

Expected<Database> Database::open_reader(const std::string& path) {
  sqlite3* raw = nullptr;
  int rc = sqlite3_open_v2(path.c_str(), &raw, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, nullptr);
  Database db(raw, path);
  if (rc != SQLITE_OK) {
    return Expected<Database>::failure(path,
                                       std::string("cannot open the database for reading: ") + (raw ? sqlite3_errmsg(raw) : sqlite3_errstr(rc)));
  }
  sqlite3_busy_timeout(raw, 5000);
  return db;
}

Expected<std::unique_ptr<ReadConnections>> ReadConnections::open(const std::string& path, std::size_t count) {
  std::unique_ptr<ReadConnections> pool(new ReadConnections());
  pool->m_connections.reserve(count);
  for (std::size_t i = 0; i < count; ++i) {
    auto db = Database::open_reader(path);
    if (!db) return db.errors();
    pool->m_connections.push_back(std::move(db).value());
  }
  for (auto& db : pool->m_connections) pool->m_free.push_back(&db);
  return pool;
}

Database* ReadConnections::take() {
  std::unique_lock lock(m_mutex);
  m_freed.wait(lock, [this] { return !m_free.empty(); });
  Database* db = m_free.back();
  m_free.pop_back();
  return db;
}

void ReadConnections::give_back(Database* db) {
  {
    std::lock_guard lock(m_mutex);
    m_free.push_back(db);
  }
  m_freed.notify_one();
}

Expected<void> Database::exec(std::string_view sql) {
  char* message = nullptr;
  std::string text(sql);
  ++current_request_stats().queries;
  DbTimer timer;
  if (sqlite3_exec(m_db.get(), text.c_str(), nullptr, nullptr, &message) != SQLITE_OK) {
    std::string reason = message ? message : "unknown error";
    sqlite3_free(message);
    return Expected<void>::failure(m_path, reason + " (in: " + text.substr(0, 120) + ")");
  }
  return {};
}

StatementCache::~StatementCache() {
  for (auto& [sql, statement] : m_ready) sqlite3_finalize(statement);
}

sqlite3_stmt* StatementCache::take(std::string_view sql) {
  auto found = m_ready.find(sql);
  if (found == m_ready.end()) return nullptr;
  sqlite3_stmt* statement = found->second;
  m_ready.erase(found);
  return statement;
}

void StatementCache::give_back(sqlite3_stmt* statement) {
  if (!statement) return;
  sqlite3_reset(statement);
  sqlite3_clear_bindings(statement);
  const char* sql = sqlite3_sql(statement);
  if (!sql || m_ready.size() >= kMaxStatements || !m_ready.emplace(sql, statement).second) sqlite3_finalize(statement);
}

Expected<void> Database::run(std::string_view sql) {
  auto statement = prepare(sql);
  if (!statement) return statement.errors();
  return statement->run();
}

Expected<Statement> Database::prepare(std::string_view sql) {
  ++current_request_stats().queries;
  DbTimer timer;
  if (sqlite3_stmt* ready = m_statements->take(sql)) return Statement(*this, ready);
  sqlite3_stmt* raw = nullptr;
  if (sqlite3_prepare_v3(m_db.get(), sql.data(), static_cast<int>(sql.size()), SQLITE_PREPARE_PERSISTENT, &raw, nullptr) != SQLITE_OK) {
    return Expected<Statement>::failure(m_path, describe(m_db.get(), sql));
  }
  return Statement(*this, raw);
}

Statement& Statement::bind(int index, std::string_view text) {
  sqlite3_bind_text(m_statement.get(), index, text.data(), static_cast<int>(text.size()), SQLITE_TRANSIENT);
  return *this;
}

Statement& Statement::bind_blob(int index, std::string_view bytes) {
  sqlite3_bind_blob(m_statement.get(), index, bytes.data(), static_cast<int>(bytes.size()), SQLITE_TRANSIENT);
  return *this;
}

Statement& Statement::bind(int index, std::int64_t value) {
  sqlite3_bind_int64(m_statement.get(), index, value);
  return *this;
}

Expected<bool> Statement::step() {
  DbTimer timer;
  int rc = sqlite3_step(m_statement.get());
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  return Expected<bool>::failure(m_db->path(), describe(m_db->handle(), sqlite3_sql(m_statement.get())));
}

Expected<void> Statement::run() {
  for (;;) {
    auto row = step();
    if (!row) return row.errors();
    if (!row.value()) return {};
  }
}

void Statement::reset() {
  sqlite3_reset(m_statement.get());
  sqlite3_clear_bindings(m_statement.get());
}

bool Statement::column_is_null(int index) const { return sqlite3_column_type(m_statement.get(), index) == SQLITE_NULL; }

std::optional<std::string> Statement::column_optional_text(int index) const {
  if (column_is_null(index)) return std::nullopt;
  return column_text(index);
}

std::optional<std::int64_t> Statement::column_optional_int(int index) const {
  if (column_is_null(index)) return std::nullopt;
  return column_int(index);
}

Statement& Statement::bind_optional(int index, const std::optional<std::string>& text) {
  if (text) return bind(index, std::string_view(*text));
  sqlite3_bind_null(m_statement.get(), index);
  return *this;
}

std::int64_t Statement::column_int(int index) const { return sqlite3_column_int64(m_statement.get(), index); }
double Statement::column_double(int index) const { return sqlite3_column_double(m_statement.get(), index); }

std::string Statement::column_text(int index) const {
  const void* bytes = sqlite3_column_blob(m_statement.get(), index);
  int size = sqlite3_column_bytes(m_statement.get(), index);
  return bytes ? std::string(static_cast<const char*>(bytes), static_cast<std::size_t>(size)) : std::string();
}

Expected<Transaction> Transaction::begin(Database& db) {
  auto begun = db.run("BEGIN IMMEDIATE");
  if (!begun) return begun.errors();
  return Transaction(db);
}

Transaction::~Transaction() {
  if (m_db) (void)m_db->exec("ROLLBACK");
}

Expected<void> Transaction::commit() {
  auto committed = m_db->run("COMMIT");
  if (committed) m_db = nullptr;
  return committed;
}

}  // namespace umuhanda
