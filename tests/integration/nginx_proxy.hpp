// Debian's nginx in front of the real server, for the tests about a reverse proxy (request
// smuggling, shared caches): one process in a temporary folder of its own, on a free loopback port.
#pragma once

#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "http_test_support.hpp"
#include "server_process.hpp"

namespace umuhanda::testing {

inline const std::filesystem::path kNginx = "/usr/sbin/nginx";

inline std::string read_text(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// A loopback port free at this moment (nginx cannot be told to pick one: a start that finds it
// taken meanwhile is retried with another).
inline int free_loopback_port() {
  const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t length = sizeof address;
  int port = 0;
  if (fd >= 0 && ::bind(fd, reinterpret_cast<const sockaddr*>(&address), sizeof address) == 0 &&
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) == 0) {
    port = ntohs(address.sin_port);
  }
  if (fd >= 0) ::close(fd);
  return port;
}

inline bool accepts_connections(int port) {
  RawConnection probe(port);
  return probe.connected();
}

// [SECTION] nginx in a temporary folder

// Debian's nginx as one process (daemon off, master_process off) whose config, pid file, logs,
// temporary and cache folders all live in a folder of its own; it proxies to `upstream_port` with
// upstream keep-alive, as a production front would, so a request left in the server's buffer by one
// client could be answered on another's behalf.
class NginxProxy {
public:
  // Which answers nginx's proxy_cache may keep: those of the immutable URLs (as docs/ advises), or
  // every API answer the server's headers allow (a cache that trusts Cache-Control alone).
  enum class Cache { immutable_urls, every_api_answer };

  explicit NginxProxy(int upstream_port, Cache cache = Cache::immutable_urls) : m_cache(cache) {
    char pattern[] = "/tmp/umuhanda-nginx-XXXXXX";
    m_dir = ::mkdtemp(pattern);
    for (int attempt = 0; attempt < 5 && m_port == 0; ++attempt) start(upstream_port);
  }
  ~NginxProxy() {
    stop();
    std::error_code ec;
    if (!std::getenv("UMUHANDA_KEEP_TEST_DATA")) std::filesystem::remove_all(m_dir, ec);
  }
  NginxProxy(const NginxProxy&) = delete;
  NginxProxy& operator=(const NginxProxy&) = delete;

  bool started() const { return m_port > 0; }
  int port() const { return m_port; }
  std::string access_log() const { return read_text(m_dir / "access.log"); }
  std::string error_log() const { return read_text(m_dir / "error.log"); }
  std::string config() const { return read_text(m_dir / "nginx.conf"); }
  std::string failure_context() const {
    return "nginx error log:\n" + error_log() + "nginx access log:\n" + access_log() + "nginx start attempts:\n" + m_start_notes;
  }

  // SIGTERM (nginx's fast shutdown) and wait; its logs stay readable.
  void stop() {
    if (m_pid <= 0) return;
    ::kill(m_pid, SIGTERM);
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
    int status = 0;
    while (::waitpid(m_pid, &status, WNOHANG) == 0) {
      if (std::chrono::steady_clock::now() > deadline) {
        ::kill(m_pid, SIGKILL);
        ::waitpid(m_pid, &status, 0);
        break;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(10));  // polling for the exit, with a deadline
    }
    m_pid = -1;
  }

private:
  void write_config(int port, int upstream_port) const {
    const std::string dir = m_dir.string();
    std::ofstream(m_dir / "nginx.conf") << R"(# Written by tests/integration/nginx_proxy.hpp.
daemon off;
master_process off;
worker_processes 1;
pid )" << dir << R"(/nginx.pid;
error_log )" << dir << R"(/error.log info;
events { worker_connections 256; }
http {
  # What was forwarded: $upstream_status is "-" for a request nginx answered itself.
  log_format forwarded '$status up=$upstream_status cache=$upstream_cache_status $request_method $request_uri';
  access_log )" << dir << R"(/access.log forwarded;
  client_body_temp_path )" << dir << R"(/client_body;
  proxy_temp_path )" << dir << R"(/proxy;
  fastcgi_temp_path )" << dir << R"(/fastcgi;
  uwsgi_temp_path )" << dir << R"(/uwsgi;
  scgi_temp_path )" << dir << R"(/scgi;
  proxy_cache_path )" << dir << R"(/cache levels=1:2 keys_zone=umuhanda:1m max_size=64m inactive=10m use_temp_path=off;
  client_header_timeout 5s;
  client_body_timeout 5s;
  # A request is logged when its connection is done with it: without a lingering close, that is
  # before the client sees the connection close, so the log is whole when the test reads it.
  lingering_close off;
  server_tokens off;
  upstream umuhanda {
    server 127.0.0.1:)" << upstream_port << R"(;
    keepalive 4;
  }
  proxy_http_version 1.1;
  proxy_set_header Connection "";
  proxy_set_header Host $host;
  proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
  server {
    listen 127.0.0.1:)" << port << R"(;
    location / {
      proxy_pass http://umuhanda;
    }
    # Pack versions and media never change ("immutable"): nginx keeps them and answers
    # If-None-Match itself. The latest pack and the catalog ("no-cache") always go to the server.
    location ~ )" << (m_cache == Cache::every_api_answer ? "^/api/" : "^/api/v1/(packs/[a-z0-9._-]+/v/[0-9]+|media/[0-9a-f]+)$")
                                        << R"( {
      proxy_pass http://umuhanda;
      proxy_cache umuhanda;
      proxy_cache_revalidate on;
      add_header X-Cache-Status $upstream_cache_status always;
    }
  }
}
)";
  }

  void start(int upstream_port) {
    const int port = free_loopback_port();
    if (port == 0) return;
    write_config(port, upstream_port);
    std::vector<std::string> args = {
        kNginx.string(), "-p", m_dir.string(), "-e", (m_dir / "error.log").string(), "-c", (m_dir / "nginx.conf").string()};
    m_pid = testing::spawn_process(args, m_dir / "nginx.out");
    if (m_pid < 0) {
      m_pid = -1;
      m_start_notes += "cannot run " + kNginx.string() + "\n";
      return;
    }
    // Ready once it accepts a connection; an nginx that exits (port taken meanwhile, bad config) is
    // not waited for.
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (std::chrono::steady_clock::now() < deadline) {
      int status = 0;
      if (::waitpid(m_pid, &status, WNOHANG) == m_pid) {
        m_pid = -1;
        m_start_notes += "nginx on port " + std::to_string(port) + " exited at start (status " + std::to_string(status) +
                         "): " + read_text(m_dir / "nginx.out") + "\n";
        return;
      }
      if (accepts_connections(port)) {
        m_port = port;
        return;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(10));  // polling for readiness, with a deadline
    }
    m_start_notes += "nginx on port " + std::to_string(port) + " did not accept a connection within 10 s\n";
    stop();
  }

  Cache m_cache;
  std::filesystem::path m_dir;
  pid_t m_pid = -1;
  int m_port = 0;
  std::string m_start_notes;
};

}  // namespace umuhanda::testing
