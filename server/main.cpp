// umuhanda-server: parses the command line, starts ServerApp, stops cleanly on SIGINT/SIGTERM.
#include <CLI/CLI.hpp>

#include <csignal>
#include <cstdio>
#include <ctime>
#include <iostream>
#include <mutex>
#include <pthread.h>
#include <thread>
#include <unistd.h>

#include "server_app.hpp"

namespace {

std::filesystem::path executable_dir() {
  std::error_code ec;
  auto self = std::filesystem::read_symlink("/proc/self/exe", ec);
  return ec ? std::filesystem::current_path() : self.parent_path();
}

void log_line(const std::string& line) {
  static std::mutex mutex;
  char stamp[32];
  std::time_t now = std::time(nullptr);
  std::tm utc{};
  gmtime_r(&now, &utc);
  std::strftime(stamp, sizeof stamp, "%Y-%m-%dT%H:%M:%SZ", &utc);
  std::lock_guard lock(mutex);
  std::fprintf(stderr, "%s %s\n", stamp, line.c_str());
}

}  // namespace

int main(int argc, char** argv) {
  umuhanda::ServerConfig config;
  const auto beside_binary = executable_dir();
  std::string web_dir = (beside_binary / "web").string();
  std::string packs_dir = (beside_binary / "assets" / "packs").string();
  std::string data_dir = "data";

  CLI::App cli{"umuhanda-server: the Umuhanda content API and web client server.\n"
               "Keeps its data in DATA/umuhanda.db (SQLite), created and seeded with the default pack when missing."};
  // A later occurrence wins, so scripts can append overrides to a default command line.
  cli.option_defaults()->multi_option_policy(CLI::MultiOptionPolicy::TakeLast);
  cli.add_option("--host", config.host, "address to listen on")->capture_default_str();
  cli.add_option("--port", config.port, "TCP port; 0 picks a free one (printed at start)")->capture_default_str()->check(CLI::Range(0, 65535));
  cli.add_option("--data", data_dir, "folder holding umuhanda.db")->capture_default_str();
  cli.add_option("--web", web_dir, "folder of the built web client; \"\" serves the API only")->capture_default_str();
  cli.add_option("--seed-packs", packs_dir, "folder of pack folders imported into an empty database")->capture_default_str();
  cli.add_option("--threads", config.threads, "worker threads (one per open connection)")->capture_default_str()->check(CLI::Range(2, 1024));
  CLI11_PARSE(cli, argc, argv);
  config.data_dir = data_dir;
  config.web_dir = web_dir;
  config.seed_packs_dir = packs_dir;

  // Block the stop signals in every thread; one thread waits for them and stops the server,
  // which is safe there and not in a signal handler.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);
  std::signal(SIGPIPE, SIG_IGN);

  auto app = umuhanda::ServerApp::create(config, log_line);
  if (!app) {
    std::cerr << "umuhanda-server: cannot start:\n" << umuhanda::to_string(app.errors());
    return 1;
  }
  auto port = app.value()->bind();
  if (!port) {
    std::cerr << "umuhanda-server: " << umuhanda::to_string(port.errors());
    return 1;
  }
  // Tests and scripts read this line to learn the port.
  std::printf("umuhanda-server listening on http://%s:%d\n", config.host.c_str(), port.value());
  std::fflush(stdout);

  umuhanda::ServerApp& server = *app.value();
  std::thread signal_waiter([&server, stop_signals] {
    int received = 0;
    sigwait(&stop_signals, &received);
    log_line(std::string("received ") + (received == SIGINT ? "SIGINT" : "SIGTERM") + ", stopping");
    server.stop();
  });
  server.serve();
  // serve() also returns if the listener fails; wake the waiter so it can be joined.
  pthread_kill(signal_waiter.native_handle(), SIGTERM);
  signal_waiter.join();
  log_line("stopped");
  return 0;
}
