// Runs the real umuhanda-server binary on a free loopback port with its own temporary data folder,
// for integration tests: start, wait until it answers, stop with SIGTERM, keep its log for failures.
#pragma once

#include <sys/types.h>

#include <filesystem>
#include <string>
#include <vector>

namespace umuhanda::testing {

enum class StartWith {
  seeded_copy,     // a copy of a database seeded once per test run: fast
  empty_database,  // a brand-new data folder: the server seeds it (a second or two)
};

class ServerProcess {
public:
  // Extra arguments are appended to --host 127.0.0.1 --port 0 --data <temp> --web "".
  explicit ServerProcess(std::vector<std::string> extra_arguments = {}, StartWith start = StartWith::seeded_copy);
  ~ServerProcess();
  ServerProcess(const ServerProcess&) = delete;
  ServerProcess& operator=(const ServerProcess&) = delete;

  bool started() const { return m_port > 0; }
  int port() const { return m_port; }
  pid_t pid() const { return m_pid; }  // -1 once stopped
  const std::filesystem::path& data_dir() const { return m_data_dir; }
  std::string log() const;  // what the server wrote to stderr so far
  // Sends SIGTERM and waits; returns the exit status (or -1).
  int stop();

private:
  pid_t m_pid = -1;
  int m_port = 0;
  std::filesystem::path m_data_dir;
  std::filesystem::path m_log_file;
};

}  // namespace umuhanda::testing
