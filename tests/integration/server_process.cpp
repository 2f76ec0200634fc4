// Spawning and stopping the server binary.
#include "server_process.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <sstream>

extern char** environ;

namespace umuhanda::testing {

namespace {

// A data folder seeded by the real server once per test run, copied by tests that do not test
// seeding itself (seeding compresses the default pack, which takes a second or two).
const std::filesystem::path& seeded_template() {
  static const std::filesystem::path folder = [] {
    ServerProcess seeder({}, StartWith::empty_database);
    std::filesystem::path kept = seeder.data_dir().string() + "-template";
    seeder.stop();  // a clean stop checkpoints the WAL into umuhanda.db
    std::filesystem::copy(seeder.data_dir(), kept, std::filesystem::copy_options::recursive);
    std::filesystem::remove(kept / "server.log");
    return kept;
  }();
  // Removed when the test process exits.
  static const struct Remover {
    ~Remover() {
      std::error_code ec;
      std::filesystem::remove_all(folder, ec);
    }
  } remover;
  return folder;
}

}  // namespace

ServerProcess::ServerProcess(std::vector<std::string> extra_arguments, StartWith start) {
  char pattern[] = "/tmp/umuhanda-test-XXXXXX";
  m_data_dir = mkdtemp(pattern);
  m_log_file = m_data_dir / "server.log";
  if (start == StartWith::seeded_copy) {
    std::filesystem::copy(seeded_template(), m_data_dir, std::filesystem::copy_options::recursive | std::filesystem::copy_options::overwrite_existing);
  }

  std::vector<std::string> args = {UMUHANDA_SERVER_BINARY, "--host", "127.0.0.1", "--port", "0", "--data", m_data_dir.string(), "--web", ""};
  args.insert(args.end(), extra_arguments.begin(), extra_arguments.end());
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);

  int out[2];
  if (pipe(out) != 0) return;
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, out[1], STDOUT_FILENO);
  posix_spawn_file_actions_addclose(&actions, out[0]);
  posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, m_log_file.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  int spawned = posix_spawn(&m_pid, argv[0], &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  close(out[1]);
  if (spawned != 0) {
    m_pid = -1;
    close(out[0]);
    return;
  }

  // The server prints "umuhanda-server listening on http://127.0.0.1:PORT" once bound.
  std::string printed;
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  while (std::chrono::steady_clock::now() < deadline && printed.find('\n') == std::string::npos) {
    pollfd fd{out[0], POLLIN, 0};
    if (poll(&fd, 1, 100) <= 0) continue;
    char buffer[256];
    ssize_t n = read(out[0], buffer, sizeof buffer);
    if (n <= 0) break;
    printed.append(buffer, static_cast<std::size_t>(n));
  }
  close(out[0]);
  auto colon = printed.rfind(':');
  if (printed.find("listening on") != std::string::npos && colon != std::string::npos) m_port = std::atoi(printed.c_str() + colon + 1);
}

ServerProcess::~ServerProcess() {
  stop();
  std::error_code ec;
  if (!std::getenv("UMUHANDA_KEEP_TEST_DATA")) std::filesystem::remove_all(m_data_dir, ec);
}

std::string ServerProcess::log() const {
  std::ifstream in(m_log_file);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

int ServerProcess::stop() {
  if (m_pid <= 0) return -1;
  kill(m_pid, SIGTERM);
  int status = 0;
  waitpid(m_pid, &status, 0);
  m_pid = -1;
  return status;
}

}  // namespace umuhanda::testing
