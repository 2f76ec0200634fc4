// The Umuhanda server: database, content snapshot, static client, and the HTTP routes over them.
// main.cpp only parses arguments and calls this; tests drive the real binary.
#pragma once

#include <atomic>
#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <string>

#include "content_snapshot.hpp"
#include "sqlite_database.hpp"
#include "static_files.hpp"

namespace httplib {
class Server;
}

namespace umuhanda {

struct ServerConfig {
  std::string host = "127.0.0.1";
  int port = 8080;                       // 0 picks a free port
  std::filesystem::path data_dir = "data";   // holds umuhanda.db
  std::filesystem::path web_dir;         // the built client; empty = none (API only)
  std::filesystem::path seed_packs_dir;  // packs imported into an empty database (assets/packs)
  int threads = 16;
};

using LogSink = std::function<void(const std::string& line)>;

class ServerApp {
public:
  // Opens or creates the database, applies migrations, seeds it when empty, loads the client.
  static Expected<std::unique_ptr<ServerApp>> create(const ServerConfig& config, LogSink log);
  ~ServerApp();

  // Binds the listening socket; returns the port (useful with port 0).
  Expected<int> bind();
  // Serves until stop() is called (from any thread).
  void serve();
  void stop();

private:
  ServerApp(ServerConfig config, LogSink log, Database db);
  Expected<bool> seed_if_empty();
  Expected<bool> reload_snapshot();
  void install_routes();
  std::shared_ptr<const ContentSnapshot> snapshot() const;

  ServerConfig m_config;
  LogSink m_log;
  std::mutex m_db_mutex;  // one SQLite connection, used by imports and start-up only
  Database m_db;
  std::shared_ptr<const ContentSnapshot> m_snapshot;  // swapped whole with std::atomic_load/store
  StaticFiles m_static;
  std::unique_ptr<httplib::Server> m_http;
};

}  // namespace umuhanda
