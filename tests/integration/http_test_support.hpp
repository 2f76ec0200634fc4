// Tools for tests that must see HTTP as bytes on the wire (raw loopback sockets, where
// httplib::Client would hide a header or a body), plus API tokens and pack .zip files for uploads.
#pragma once

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <chrono>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "server_process.hpp"  // ServerProcess, eventually(), log_once_it_has()

namespace umuhanda::testing {

// The real server (through ServerProcess) on its own copy of a data folder seeded once per build.
// StartWith::seeded_copy seeds once per process, and CTest runs every test in a process of its own:
// seeding compresses the default pack, seconds each time. This template is shared by every test
// process, rebuilt when the server binary or its default packs change.
class SeededServer {
public:
  // `data`: run on this existing data folder (kept); empty: on a fresh copy (removed afterwards).
  explicit SeededServer(std::vector<std::string> extra_arguments = {}, std::filesystem::path data = {});
  ~SeededServer();
  SeededServer(const SeededServer&) = delete;
  SeededServer& operator=(const SeededServer&) = delete;

  bool started() const;
  int port() const;
  int pid() const;  // -1 once stopped
  const std::filesystem::path& data_dir() const { return m_data; }
  std::string log() const;
  int stop();
  // SIGKILL, as a crash at a moment of the test's choosing; returns the wait status.
  int kill_hard();

private:
  std::filesystem::path m_data;
  bool m_owns_data = false;
  std::unique_ptr<ServerProcess> m_process;
};

// A test fixture with a SeededServer of its own, started in SetUp with extra_arguments(). TearDown
// stops it, fails the test when its log holds a sanitizer report (ThreadSanitizer, AddressSanitizer,
// UBSan), and prints the log when the test failed.
class SeededServerTest : public ::testing::Test {
protected:
  void SetUp() override { start_server(extra_arguments()); }
  void TearDown() override;
  virtual std::vector<std::string> extra_arguments() { return {}; }
  // Starts `server` with `arguments` and sets `port`; the test fails when the server does not start.
  void start_server(const std::vector<std::string>& arguments);

  std::unique_ptr<SeededServer> server;
  int port = 0;
};

// One HTTP response exactly as the server sent it.
struct RawResponse {
  std::string error;  // empty when a whole response was read
  int status = 0;
  std::string head;                                          // status line and header lines as received, up to the blank line
  std::vector<std::pair<std::string, std::string>> headers;  // in order, names as sent
  std::string body;                                          // every byte after the head (until close, or Content-Length)

  bool ok() const { return error.empty(); }
  bool has(std::string_view name) const;            // case-insensitive
  std::string header(std::string_view name) const;  // the first value, or empty
  int count(std::string_view name) const;
  // A one-line summary for failure messages.
  std::string describe() const;
};

// The "error" object of the server's JSON error body (docs/api.md), or null when the body is not one.
nlohmann::json error_of(const RawResponse& res);
// Its code, or "(not a JSON error: <body>)", so that a failed comparison shows what came instead.
std::string error_code_of(const RawResponse& res);

// A client connection to 127.0.0.1 (never any other address).
class RawConnection {
public:
  explicit RawConnection(int port);
  ~RawConnection();
  RawConnection(const RawConnection&) = delete;
  RawConnection& operator=(const RawConnection&) = delete;

  bool connected() const { return m_fd >= 0; }
  bool send(std::string_view bytes);
  // Reads one response: the head, then Content-Length bytes (none for HEAD, 204 and 304). Bytes
  // beyond it stay buffered for the next call, so pipelined answers are told apart.
  RawResponse read_response(bool head_request = false, std::chrono::milliseconds timeout = std::chrono::seconds(5));
  // Reads one response head, then everything until the server closes the connection.
  RawResponse read_until_close(std::chrono::milliseconds timeout = std::chrono::seconds(5));
  // A stream's head only (an event stream has no length and never ends).
  RawResponse read_stream_head(std::chrono::milliseconds timeout = std::chrono::seconds(5));
  // Reads until `marker` has arrived; returns everything up to and including it (and keeps the
  // rest), or nullopt after `timeout` or a close (keeping what arrived).
  std::optional<std::string> read_through(std::string_view marker, std::chrono::milliseconds timeout = std::chrono::seconds(5));
  // What arrived and was not read yet, without waiting.
  const std::string& buffered() const { return m_buffer; }
  // Whether the server has closed the connection (waits up to `timeout` for it).
  bool closed_by_server(std::chrono::milliseconds timeout);
  // Whether the server has sent something or closed (waits up to `timeout`); nothing is read.
  bool readable(std::chrono::milliseconds timeout);
  // Waits until the server process has read every byte sent so far (the kernel holds none of them
  // for it: its socket's receive queue in /proc/net/tcp is empty). False after `timeout`.
  bool read_by_server(std::chrono::milliseconds timeout = std::chrono::seconds(10));
  // Bytes the server sent that this side has not read yet (buffered here or in the kernel).
  std::size_t unread_bytes() const;
  void close();

private:
  bool fill(std::chrono::steady_clock::time_point deadline);  // false on close, error or timeout
  RawResponse read_head(std::chrono::steady_clock::time_point deadline);

  int m_fd = -1;
  std::string m_buffer;
};

// Sends `bytes` on a new connection and expects exactly one answer: `status`, a JSON error with
// `code` (any code when empty), "Connection: close" and "Cache-Control: no-store"; then the
// server closes the connection, so nothing after the refused head is ever answered.
void expect_refused_and_closed(int port, std::string_view bytes, int status, std::string_view code = {});

// "GET /path HTTP/1.1" with Host, Connection: close and the given extra header lines.
std::string request_text(std::string_view method, std::string_view path, const std::vector<std::string>& header_lines = {},
                         std::string_view body = {});

// Sends `request` on a new connection and reads the answer until the server closes it.
RawResponse round_trip(int port, std::string_view request, std::chrono::milliseconds timeout = std::chrono::seconds(10));
// GET (or another body-less method) with extra header lines ("Accept-Encoding: br").
RawResponse fetch(int port, std::string_view path, const std::vector<std::string>& header_lines = {}, std::string_view method = "GET");

// Server-Timing as the server reports it: "cache;desc=hit, db;dur=0.000;desc=\"0 queries\"".
struct ServerTiming {
  bool parsed = false;
  std::string cache;  // hit, miss or none
  int queries = -1;
};
ServerTiming parse_server_timing(std::string_view value);

// gzip and brotli decoders, to check that encoded bodies hold the identity bytes.
std::string gunzip(std::string_view bytes);
std::string unbrotli(std::string_view bytes);

// A number field of /proc/PID/status ("Threads", "VmHWM" in KB), or -1.
long proc_status(int pid, const std::string& field);

// An API token made with the real `umuhanda-server token create` on the server's data folder.
struct ApiToken {
  long id = 0;
  std::string secret;
};
ApiToken create_token(const SeededServer& server, std::string_view role, std::string_view name);
bool revoke_token(const SeededServer& server, long id);

// Pack .zip files. The default pack's folder and its pack.json text:
std::filesystem::path default_pack_dir();
std::string read_file(const std::filesystem::path& file);
// The default pack with pack.json's "version" set to `version`, built by `umuhanda-pack build`
// (once per version and test run).
const std::string& default_pack_zip(int version);
// A zip of these files (path -> bytes) made with libzip, for packs the pack tool refuses to build.
std::string zip_of(const std::map<std::string, std::string>& files);
// The default pack's files (pack.json and media), to break before zipping.
std::map<std::string, std::string> default_pack_files();

}  // namespace umuhanda::testing
