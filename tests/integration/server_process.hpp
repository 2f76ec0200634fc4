// Child processes for integration tests, started in one place (no shell): the real umuhanda-server
// binary on a free loopback port (ServerProcess: start, wait until it answers, stop with SIGTERM or
// SIGKILL, keep its log for failures), and any other program (spawn_process, run_command).
#pragma once

#include <sys/types.h>

#include <chrono>
#include <filesystem>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace umuhanda::testing {

// [SECTION] Any program

// Starts `args` (argv[0] a path, no shell). Its stdout goes into a pipe returned in `*stdout_pipe`
// when given, else to `log`; its stderr goes to `log` (appended), or into the same pipe when `log`
// is empty and a pipe is asked for, or nowhere. The test's own descriptors are close-on-exec, so
// children never hold its sockets or database files. Its stdin reads `stdin_file` when given.
// Returns the pid, or -1.
pid_t spawn_process(const std::vector<std::string>& args, const std::filesystem::path& log, int* stdout_pipe = nullptr,
                    const std::filesystem::path& stdin_file = {});
// Waits for `pid` to end (retrying on EINTR); returns its wait status.
int wait_for_exit(pid_t pid);
// "exited with 1", "killed by Killed": a wait status for failure messages.
std::string describe_exit(int status);

struct CommandRun {
  int status = -1;     // the exit code, or -1 when it did not exit normally
  std::string output;  // stdout, and stderr too unless it went to a log
};
// Runs `args` to its end; stderr goes to `log` when one is given; `input` is its standard input.
CommandRun run_command(const std::vector<std::string>& args, const std::filesystem::path& log = {}, const std::string& input = {});

// [SECTION] The server

enum class StartWith {
  seeded_copy,     // a copy of a database seeded once per test run: fast
  empty_database,  // a brand-new data folder: the server seeds it (a second or two)
};

// Selects the ServerProcess constructor for a data folder the caller keeps (a tag, so that a braced
// argument list is never taken for two paths).
struct KeptFolder {};
inline constexpr KeptFolder kept_folder{};

class ServerProcess {
public:
  // Extra arguments are appended to --host 127.0.0.1 --port 0 --data <temp> --web "".
  explicit ServerProcess(std::vector<std::string> extra_arguments = {}, StartWith start = StartWith::seeded_copy);
  // On `data`, a folder the caller owns and keeps, with stderr appended to `log`:
  // ServerProcess server(kept_folder, data, log).
  ServerProcess(KeptFolder, const std::filesystem::path& data, const std::filesystem::path& log, std::vector<std::string> extra_arguments = {});
  ~ServerProcess();
  ServerProcess(const ServerProcess&) = delete;
  ServerProcess& operator=(const ServerProcess&) = delete;

  bool started() const { return m_port > 0; }
  int port() const { return m_port; }
  pid_t pid() const { return m_pid; }  // -1 once stopped
  const std::filesystem::path& data_dir() const { return m_data_dir; }
  std::string log() const;  // what the server wrote to stderr so far
  // Sends SIGTERM and waits; returns the wait status (or -1 when not running).
  int stop();
  // Sends SIGKILL and waits: a crash at a moment of the test's choosing. Returns the wait status.
  int kill_hard();

private:
  void start(std::vector<std::string> extra_arguments);
  int end_with(int signal_number);

  bool m_owns_data = true;
  pid_t m_pid = -1;
  int m_port = 0;
  std::filesystem::path m_data_dir;
  std::filesystem::path m_log_file;
};

// Polls `condition` until it holds (true) or `timeout` has passed (false): how tests wait for
// something to happen, instead of sleeping for a time that is too short on a busy machine.
bool eventually(const std::function<bool()>& condition, std::chrono::milliseconds timeout = std::chrono::seconds(10));

// Waits until the other end of the loopback TCP socket `fd` has read every byte sent on it so far
// (the kernel holds none for it: its receive queue in /proc/net/tcp is empty). False after `timeout`.
bool read_by_peer(int fd, std::chrono::milliseconds timeout = std::chrono::seconds(10));

// The server's log (SeededServer or ServerProcess) once it contains `text`, or as it is after
// `timeout` (a log line is written after its answer is sent).
template <typename Server>
std::string log_once_it_has(const Server& server, std::string_view text, std::chrono::milliseconds timeout = std::chrono::seconds(10)) {
  std::string log;
  eventually([&] { return (log = server.log()).find(text) != std::string::npos; }, timeout);
  return log;
}

}  // namespace umuhanda::testing
