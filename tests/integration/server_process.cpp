// Spawning and stopping the server binary.
#include "server_process.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>
#include <thread>

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

// [SECTION] Any program

pid_t spawn_process(const std::vector<std::string>& args, const std::filesystem::path& log, int* stdout_pipe,
                    const std::filesystem::path& stdin_file) {
  std::vector<std::string> copies = args;
  std::vector<char*> argv;
  for (auto& a : copies) argv.push_back(a.data());
  argv.push_back(nullptr);
  int pipe_fds[2] = {-1, -1};
  if (stdout_pipe && ::pipe2(pipe_fds, O_CLOEXEC) != 0) return -1;
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  const std::string log_path = log.empty() ? std::string("/dev/null") : log.string();
  if (stdout_pipe) {
    posix_spawn_file_actions_adddup2(&actions, pipe_fds[1], STDOUT_FILENO);
  } else {
    posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, log_path.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
  }
  if (stdout_pipe && log.empty()) {
    posix_spawn_file_actions_adddup2(&actions, pipe_fds[1], STDERR_FILENO);
  } else {
    posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, log_path.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
  }
  const std::string stdin_path = stdin_file.string();
  if (!stdin_path.empty()) posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, stdin_path.c_str(), O_RDONLY, 0);
  pid_t pid = -1;
  const int spawned = ::posix_spawn(&pid, argv[0], &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (stdout_pipe) {
    ::close(pipe_fds[1]);
    if (spawned != 0) ::close(pipe_fds[0]);
    else *stdout_pipe = pipe_fds[0];
  }
  return spawned == 0 ? pid : -1;
}

int wait_for_exit(pid_t pid) {
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  return status;
}

std::string describe_exit(int status) {
  if (WIFEXITED(status)) return "exited with " + std::to_string(WEXITSTATUS(status));
  if (WIFSIGNALED(status)) return std::string("killed by ") + ::strsignal(WTERMSIG(status));
  return "ended with status " + std::to_string(status);
}

CommandRun run_command(const std::vector<std::string>& args, const std::filesystem::path& log, const std::string& input) {
  CommandRun run;
  std::filesystem::path input_file;
  if (!input.empty()) {
    char pattern[] = "/tmp/umuhanda-input-XXXXXX";
    const int fd = ::mkstemp(pattern);
    if (fd < 0) return run;
    const bool written = ::write(fd, input.data(), input.size()) == static_cast<ssize_t>(input.size());
    ::close(fd);
    input_file = pattern;
    if (!written) return run;
  }
  int out = -1;
  const pid_t pid = spawn_process(args, log, &out, input_file);
  if (!input_file.empty()) std::filesystem::remove(input_file);  // the child has it open already, or failed
  if (pid < 0) return run;
  char buffer[4096];
  for (ssize_t n; (n = ::read(out, buffer, sizeof buffer)) > 0;) run.output.append(buffer, static_cast<std::size_t>(n));
  ::close(out);
  const int status = wait_for_exit(pid);
  run.status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return run;
}

// [SECTION] The server

ServerProcess::ServerProcess(std::vector<std::string> extra_arguments, StartWith start) {
  char pattern[] = "/tmp/umuhanda-test-XXXXXX";
  m_data_dir = mkdtemp(pattern);
  m_log_file = m_data_dir / "server.log";
  if (start == StartWith::seeded_copy) {
    std::filesystem::copy(seeded_template(), m_data_dir,
                          std::filesystem::copy_options::recursive | std::filesystem::copy_options::overwrite_existing);
  }
  this->start(std::move(extra_arguments));
}

ServerProcess::ServerProcess(KeptFolder, const std::filesystem::path& data, const std::filesystem::path& log,
                             std::vector<std::string> extra_arguments)
    : m_owns_data(false), m_data_dir(data), m_log_file(log) {
  start(std::move(extra_arguments));
}

void ServerProcess::start(std::vector<std::string> extra_arguments) {
  std::vector<std::string> args = {UMUHANDA_SERVER_BINARY, "--host", "127.0.0.1", "--port", "0", "--data", m_data_dir.string(), "--web", ""};
  args.insert(args.end(), extra_arguments.begin(), extra_arguments.end());
  int out = -1;
  m_pid = spawn_process(args, m_log_file, &out);
  if (m_pid < 0) return;

  // The server prints "umuhanda-server listening on http://127.0.0.1:PORT" once bound.
  std::string printed;
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  while (std::chrono::steady_clock::now() < deadline && printed.find('\n') == std::string::npos) {
    pollfd fd{out, POLLIN, 0};
    if (poll(&fd, 1, 100) <= 0) continue;
    char buffer[256];
    ssize_t n = read(out, buffer, sizeof buffer);
    if (n <= 0) break;
    printed.append(buffer, static_cast<std::size_t>(n));
  }
  close(out);
  auto colon = printed.rfind(':');
  if (printed.find("listening on") != std::string::npos && colon != std::string::npos) m_port = std::atoi(printed.c_str() + colon + 1);
}

// [SECTION] Waiting for a condition

bool eventually(const std::function<bool()>& condition, std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (!condition()) {
    if (std::chrono::steady_clock::now() >= deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));  // the polling interval, not a guess at a duration
  }
  return true;
}

bool read_by_peer(int fd, std::chrono::milliseconds timeout) {
  sockaddr_in local{}, peer{};
  socklen_t local_length = sizeof local, peer_length = sizeof peer;
  if (::getsockname(fd, reinterpret_cast<sockaddr*>(&local), &local_length) != 0 ||
      ::getpeername(fd, reinterpret_cast<sockaddr*>(&peer), &peer_length) != 0) {
    return false;
  }
  // /proc/net/tcp names the server's end of this connection "0100007F:<server port>" with remote
  // "0100007F:<our port>" (hex), and gives its queues as "tx_queue:rx_queue" (hex bytes).
  char wanted[64];
  std::snprintf(wanted, sizeof wanted, "0100007F:%04X 0100007F:%04X", ntohs(peer.sin_port), ntohs(local.sin_port));
  return eventually(
      [&] {
        std::ifstream table("/proc/net/tcp");
        std::string line;
        while (std::getline(table, line)) {
          const auto at = line.find(wanted);
          if (at == std::string::npos) continue;
          std::istringstream fields(line.substr(at + std::strlen(wanted)));
          std::string state, queues;
          fields >> state >> queues;
          const auto colon = queues.find(':');
          return colon != std::string::npos && std::stoul(queues.substr(colon + 1), nullptr, 16) == 0;
        }
        return false;
      },
      timeout);
}

ServerProcess::~ServerProcess() {
  stop();
  std::error_code ec;
  if (m_owns_data && !std::getenv("UMUHANDA_KEEP_TEST_DATA")) std::filesystem::remove_all(m_data_dir, ec);
}

std::string ServerProcess::log() const {
  std::ifstream in(m_log_file);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

int ServerProcess::stop() { return end_with(SIGTERM); }
int ServerProcess::kill_hard() { return end_with(SIGKILL); }

int ServerProcess::end_with(int signal_number) {
  if (m_pid <= 0) return -1;
  kill(m_pid, signal_number);
  const int status = wait_for_exit(m_pid);
  m_pid = -1;
  return status;
}

}  // namespace umuhanda::testing
