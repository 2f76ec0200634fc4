// [SECTION] Start-up: database, seeding, snapshot
// [SECTION] HTTP: limits, logging, routes, responses
#include "server_app.hpp"

#include <httplib.h>

#include <chrono>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "http_caching.hpp"
#include "migrations.hpp"
#include "pack_files.hpp"
#include "pack_repository.hpp"
#include "umuhanda/pack_json.hpp"

namespace umuhanda {
namespace {

constexpr std::size_t kMaxPathLength = 1024;  // cpp-httplib's regex routes crash on very long paths

void send_error(httplib::Response& res, int status, std::string_view code, std::string_view message) {
  nlohmann::json body = {{"error", {{"code", code}, {"message", message}, {"details", nlohmann::json::array()}}}};
  res.status = status;
  res.set_header("Cache-Control", "no-store");
  res.set_content(body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace), "application/json");
}

// Sends `resource`, or 304 when the client already holds it (RFC 9110 §13.1.2).
void send_resource(const httplib::Request& req, httplib::Response& res, const Resource& resource) {
  res.set_header("ETag", resource.etag);
  res.set_header("Cache-Control", resource.cache_control);
  if (req.has_header("If-None-Match") && if_none_match_matches(req.get_header_value("If-None-Match"), resource.etag)) {
    res.status = 304;
    return;
  }
  res.status = 200;
  res.set_content(resource.body, resource.content_type);
  if (resource.content_type.rfind("text/html", 0) == 0) {
    // wasm-unsafe-eval: Chromium needs it to compile WebAssembly under a CSP without 'unsafe-eval'.
    res.set_header("Content-Security-Policy",
                   "default-src 'self'; script-src 'self' 'unsafe-inline' 'wasm-unsafe-eval'; style-src 'self' 'unsafe-inline'; "
                   "img-src 'self' data: blob:; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'");
    res.set_header("X-Content-Type-Options", "nosniff");
    res.set_header("Referrer-Policy", "no-referrer");
  }
}

thread_local std::chrono::steady_clock::time_point t_request_start;

}  // namespace

ServerApp::ServerApp(ServerConfig config, LogSink log, Database db)
    : m_config(std::move(config)), m_log(std::move(log)), m_db(std::move(db)), m_http(std::make_unique<httplib::Server>()) {}

ServerApp::~ServerApp() = default;

Expected<std::unique_ptr<ServerApp>> ServerApp::create(const ServerConfig& config, LogSink log) {
  std::error_code ec;
  std::filesystem::create_directories(config.data_dir, ec);
  if (ec) return Expected<std::unique_ptr<ServerApp>>::failure(config.data_dir.string(), "cannot create the data folder: " + ec.message());
  auto db = Database::open((config.data_dir / "umuhanda.db").string());
  if (!db) return db.errors();
  auto schema = migrate(db.value());
  if (!schema) return schema.errors();

  std::unique_ptr<ServerApp> app(new ServerApp(config, std::move(log), std::move(db).value()));
  if (auto seeded = app->seed_if_empty(); !seeded) return seeded.errors();
  if (auto loaded = app->reload_snapshot(); !loaded) return loaded.errors();
  if (!config.web_dir.empty()) {
    auto files = StaticFiles::load(config.web_dir);
    if (!files) return files.errors();
    app->m_static = std::move(files).value();
    app->m_log("serving the web client from " + config.web_dir.string() + " (" + std::to_string(app->m_static.size()) + " files)");
  }
  app->install_routes();
  return app;
}

Expected<bool> ServerApp::seed_if_empty() {
  std::lock_guard lock(m_db_mutex);
  auto empty = has_no_packs(m_db);
  if (!empty) return empty.errors();
  if (!empty.value() || m_config.seed_packs_dir.empty()) return true;

  std::error_code ec;
  std::vector<std::filesystem::path> pack_dirs;
  for (const auto& entry : std::filesystem::directory_iterator(m_config.seed_packs_dir, ec)) {
    if (std::filesystem::is_regular_file(entry.path() / "pack.json")) pack_dirs.push_back(entry.path());
  }
  if (ec) return Expected<bool>::failure(m_config.seed_packs_dir.string(), "cannot list the default packs: " + ec.message());
  std::sort(pack_dirs.begin(), pack_dirs.end());
  for (const auto& dir : pack_dirs) {
    auto files = read_pack_folder(dir);
    auto loaded = files ? load_pack_files(files.value()) : Expected<LoadedPack>(files.errors());
    auto imported = loaded ? import_pack(m_db, to_json(loaded->pack)) : Expected<ImportOutcome>(loaded.errors());
    if (!imported) {
      Diagnostics errors = imported.errors();
      for (auto& e : errors) e.path = (dir / "pack.json").string() + ": " + e.path;
      return errors;
    }
    m_log("seeded the empty database with pack \"" + imported->stored.id + "\" version " + std::to_string(imported->stored.version) +
          " from " + dir.string() + (loaded->warnings.empty() ? "" : " (" + std::to_string(loaded->warnings.size()) + " warnings)"));
  }
  return true;
}

Expected<bool> ServerApp::reload_snapshot() {
  std::lock_guard lock(m_db_mutex);
  auto packs = load_current_packs(m_db);
  if (!packs) return packs.errors();
  std::atomic_store(&m_snapshot, build_content_snapshot(packs.value()));
  return true;
}

std::shared_ptr<const ContentSnapshot> ServerApp::snapshot() const { return std::atomic_load(&m_snapshot); }

void ServerApp::install_routes() {
  httplib::Server& http = *m_http;
  // One thread per connection: the pool is sized so idle keep-alive clients cannot starve others.
  const int threads = m_config.threads;
  http.new_task_queue = [threads] { return new httplib::ThreadPool(static_cast<std::size_t>(threads)); };
  http.set_tcp_nodelay(true);
  http.set_keep_alive_timeout(5);
  http.set_read_timeout(5, 0);
  http.set_write_timeout(5, 0);
  http.set_payload_max_length(1024 * 1024);

  http.set_pre_routing_handler([](const httplib::Request& req, httplib::Response& res) {
    t_request_start = std::chrono::steady_clock::now();
    if (req.path.size() > kMaxPathLength) {
      send_error(res, 414, "uri_too_long", "the request path is longer than " + std::to_string(kMaxPathLength) + " characters");
      return httplib::Server::HandlerResponse::Handled;
    }
    return httplib::Server::HandlerResponse::Unhandled;
  });

  http.set_exception_handler([this](const httplib::Request& req, httplib::Response& res, std::exception_ptr failure) {
    std::string what = "unknown exception";
    try {
      if (failure) std::rethrow_exception(failure);
    } catch (const std::exception& e) {
      what = e.what();
    } catch (...) {
    }
    m_log("error: " + req.method + " " + req.path + " raised: " + what);
    send_error(res, 500, "internal", "the server failed to answer this request");
  });

  http.set_logger([this](const httplib::Request& req, const httplib::Response& res) {
    auto micros = std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - t_request_start).count();
    m_log(req.method + " " + req.path + " " + std::to_string(res.status) + " " + std::to_string(res.body.size()) + "B " +
          std::to_string(micros) + "us " + req.remote_addr);
  });

  http.Get("/healthz", [](const httplib::Request&, httplib::Response& res) {
    res.set_header("Cache-Control", "no-store");
    res.set_content("{\"status\":\"ok\"}", "application/json");
  });

  http.Get("/api/v1/packs", [this](const httplib::Request& req, httplib::Response& res) {
    send_resource(req, res, snapshot()->catalog);
  });

  http.Get(R"(/api/v1/packs/([a-z0-9][a-z0-9._-]{0,63}))", [this](const httplib::Request& req, httplib::Response& res) {
    auto content = snapshot();
    auto it = content->packs.find(req.matches[1].str());
    if (it == content->packs.end()) return send_error(res, 404, "not_found", "no pack with id \"" + req.matches[1].str() + "\"");
    send_resource(req, res, it->second);
  });

  http.Get(R"(/.*)", [this](const httplib::Request& req, httplib::Response& res) {
    if (const Resource* file = m_static.find(req.path)) return send_resource(req, res, *file);
    send_error(res, 404, "not_found", "nothing is served at this path");
  });
}

Expected<int> ServerApp::bind() {
  int port = m_config.port == 0 ? m_http->bind_to_any_port(m_config.host) : (m_http->bind_to_port(m_config.host, m_config.port) ? m_config.port : -1);
  if (port < 0) {
    return Expected<int>::failure(m_config.host + ":" + std::to_string(m_config.port), "cannot listen here (in use, or not an address of this machine)");
  }
  return port;
}

void ServerApp::serve() { m_http->listen_after_bind(); }

void ServerApp::stop() { m_http->stop(); }

}  // namespace umuhanda
