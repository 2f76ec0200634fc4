// Raw loopback HTTP, decoders, token and pack .zip helpers for the integration tests.
#include "http_test_support.hpp"

#include <atomic>
#include <iostream>

#include <arpa/inet.h>
#include <brotli/decode.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/file.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>
#include <zip.h>
#include <zlib.h>

#include <array>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <mutex>
#include <regex>
#include <sstream>
#include <thread>

#include "server_process.hpp"

namespace umuhanda::testing {
namespace {

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(a[i])) != std::tolower(static_cast<unsigned char>(b[i]))) return false;
  }
  return true;
}

std::string trim(std::string_view text) {
  auto first = text.find_first_not_of(" \t");
  if (first == std::string_view::npos) return {};
  auto last = text.find_last_not_of(" \t");
  return std::string(text.substr(first, last - first + 1));
}

}  // namespace

// [SECTION] Servers on a shared seeded template

namespace {

// The newest modification time among these files and folders' contents: what a kept artefact
// made from them depends on.
std::string stamp_of(const std::vector<std::filesystem::path>& inputs) {
  auto newest = std::filesystem::file_time_type::min();
  std::error_code ec;
  for (const auto& input : inputs) {
    if (auto written = std::filesystem::last_write_time(input, ec); !ec && written > newest) newest = written;
    for (auto it = std::filesystem::recursive_directory_iterator(input, ec); !ec && it != std::filesystem::recursive_directory_iterator();
         it.increment(ec)) {
      if (auto written = it->last_write_time(ec); !ec && written > newest) newest = written;
    }
    ec.clear();
  }
  return std::to_string(static_cast<unsigned long long>(newest.time_since_epoch().count()));
}

// The seeded database depends on the server binary and the packs beside it.
std::string seed_stamp() {
  const std::filesystem::path binary = UMUHANDA_SERVER_BINARY;
  return stamp_of({binary, binary.parent_path() / "assets" / "packs"});
}

const std::filesystem::path& seeded_template() {
  static const std::filesystem::path folder = [] {
    const std::filesystem::path state = UMUHANDA_TEST_STATE_DIR;
    const std::filesystem::path wanted = state / ("seeded-data-" + seed_stamp());
    if (std::filesystem::exists(wanted / "ready")) return wanted;
    // Test processes run in parallel: one seeds, the others wait for it.
    std::filesystem::create_directories(state);
    const int lock = ::open((state / "seeded-data.lock").c_str(), O_CREAT | O_RDWR | O_CLOEXEC, 0644);
    ::flock(lock, LOCK_EX);
    if (!std::filesystem::exists(wanted / "ready")) {
      for (const auto& entry : std::filesystem::directory_iterator(state)) {
        if (entry.path().filename().string().rfind("seeded-data-", 0) == 0) std::filesystem::remove_all(entry.path());
      }
      ServerProcess seeder({}, StartWith::empty_database);
      const std::filesystem::path seeded = seeder.data_dir();
      // A clean stop checkpoints the WAL into umuhanda.db. A server that failed is not kept: the
      // tests then fail on starting theirs, with its log.
      if (seeder.started() && seeder.stop() == 0) {
        const std::filesystem::path partial = state / ("seeded-data-partial-" + std::to_string(::getpid()));
        std::filesystem::copy(seeded, partial, std::filesystem::copy_options::recursive);
        std::filesystem::remove(partial / "server.log");
        std::ofstream(partial / "ready") << "seeded by the real server\n";
        std::filesystem::rename(partial, wanted);
      }
    }
    ::flock(lock, LOCK_UN);
    ::close(lock);
    return wanted;
  }();
  return folder;
}

}  // namespace

SeededServer::SeededServer(std::vector<std::string> extra_arguments, std::filesystem::path data) : m_data(std::move(data)) {
  if (m_data.empty()) {
    char pattern[] = "/tmp/umuhanda-seeded-XXXXXX";
    m_data = ::mkdtemp(pattern);
    m_owns_data = true;
    std::error_code ec;
    std::filesystem::copy(seeded_template(), m_data, std::filesystem::copy_options::recursive | std::filesystem::copy_options::overwrite_existing,
                          ec);
    std::filesystem::remove(m_data / "ready", ec);
  }
  // A later --data wins over the empty folder ServerProcess makes (and keeps its log in).
  extra_arguments.push_back("--data");
  extra_arguments.push_back(m_data.string());
  m_process = std::make_unique<ServerProcess>(extra_arguments, StartWith::empty_database);
}

SeededServer::~SeededServer() {
  m_process.reset();
  std::error_code ec;
  if (m_owns_data && !std::getenv("UMUHANDA_KEEP_TEST_DATA")) std::filesystem::remove_all(m_data, ec);
}

bool SeededServer::started() const { return m_process && m_process->started(); }
int SeededServer::port() const { return m_process ? m_process->port() : 0; }
int SeededServer::pid() const { return m_process ? m_process->pid() : -1; }
std::string SeededServer::log() const { return m_process ? m_process->log() : std::string(); }
int SeededServer::kill_hard() { return m_process ? m_process->kill_hard() : -1; }
int SeededServer::stop() { return m_process ? m_process->stop() : -1; }

void SeededServerTest::start_server(const std::vector<std::string>& arguments) {
  server = std::make_unique<SeededServer>(arguments);
  ASSERT_TRUE(server->started()) << "the server did not start; its log:\n" << server->log();
  port = server->port();
}

void SeededServerTest::TearDown() {
  if (!server) return;
  // Under a sanitizer preset the server writes what it finds to its log and carries on (or
  // aborts): either way the test that drove it fails, with the report. Stopping first lets the
  // server report what it finds while shutting down.
  server->stop();
  const std::string log = server->log();
  for (const char* report : {"WARNING: ThreadSanitizer", "ERROR: AddressSanitizer", "runtime error:"}) {
    if (log.find(report) != std::string::npos) ADD_FAILURE() << "the server's log holds a sanitizer report (\"" << report << "\")";
  }
  if (HasFailure()) std::cerr << "server log:\n" << server->log();
}

// [SECTION] Responses

bool RawResponse::has(std::string_view name) const { return count(name) > 0; }

std::string RawResponse::header(std::string_view name) const {
  for (const auto& [key, value] : headers) {
    if (iequals(key, name)) return value;
  }
  return {};
}

int RawResponse::count(std::string_view name) const {
  int found = 0;
  for (const auto& [key, value] : headers) found += iequals(key, name) ? 1 : 0;
  return found;
}

std::string RawResponse::describe() const {
  if (!ok()) return "no response: " + error;
  return head + "[" + std::to_string(body.size()) + " body bytes]" + (body.size() < 400 ? " " + body : std::string());
}

// [SECTION] Connections

RawConnection::RawConnection(int port) {
  m_fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (m_fd < 0) return;
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<std::uint16_t>(port));
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(m_fd, reinterpret_cast<const sockaddr*>(&address), sizeof address) != 0) {
    close();
    return;
  }
  int one = 1;
  ::setsockopt(m_fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
}

RawConnection::~RawConnection() { close(); }

void RawConnection::close() {
  if (m_fd >= 0) ::close(m_fd);
  m_fd = -1;
}

bool RawConnection::send(std::string_view bytes) {
  while (m_fd >= 0 && !bytes.empty()) {
    ssize_t n = ::send(m_fd, bytes.data(), bytes.size(), MSG_NOSIGNAL);
    if (n <= 0) return false;
    bytes.remove_prefix(static_cast<std::size_t>(n));
  }
  return m_fd >= 0;
}

bool RawConnection::fill(std::chrono::steady_clock::time_point deadline) {
  if (m_fd < 0) return false;
  auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now()).count();
  if (left <= 0) return false;
  pollfd wanted{m_fd, POLLIN, 0};
  if (::poll(&wanted, 1, static_cast<int>(left)) <= 0) return false;
  std::array<char, 64 * 1024> chunk;
  ssize_t n = ::recv(m_fd, chunk.data(), chunk.size(), 0);
  if (n <= 0) return false;
  m_buffer.append(chunk.data(), static_cast<std::size_t>(n));
  return true;
}

RawResponse RawConnection::read_head(std::chrono::steady_clock::time_point deadline) {
  RawResponse response;
  std::size_t end;
  while ((end = m_buffer.find("\r\n\r\n")) == std::string::npos) {
    if (!fill(deadline)) {
      response.error = m_fd < 0 ? "not connected"
                                : "the connection closed or timed out before a whole response head (" + std::to_string(m_buffer.size()) +
                                      " bytes: " + m_buffer.substr(0, 200) + ")";
      return response;
    }
  }
  response.head = m_buffer.substr(0, end + 4);
  m_buffer.erase(0, end + 4);
  std::istringstream lines(response.head);
  std::string line;
  std::getline(lines, line);
  if (line.rfind("HTTP/1.", 0) != 0 || line.size() < 12) {
    response.error = "not an HTTP status line: " + line;
    return response;
  }
  response.status = std::atoi(line.c_str() + 9);
  while (std::getline(lines, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty()) break;
    auto colon = line.find(':');
    if (colon == std::string::npos) continue;
    response.headers.emplace_back(line.substr(0, colon), trim(std::string_view(line).substr(colon + 1)));
  }
  return response;
}

RawResponse RawConnection::read_response(bool head_request, std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  RawResponse response = read_head(deadline);
  if (!response.ok()) return response;
  if (head_request || response.status == 204 || response.status == 304 || response.status < 200) return response;
  if (!response.has("Content-Length")) {
    response.error = "a response without Content-Length, which these tests do not expect";
    return response;
  }
  const std::size_t length = std::stoull(response.header("Content-Length"));
  while (m_buffer.size() < length) {
    if (!fill(deadline)) {
      response.error = "the body ended after " + std::to_string(m_buffer.size()) + " of " + std::to_string(length) + " bytes";
      return response;
    }
  }
  response.body = m_buffer.substr(0, length);
  m_buffer.erase(0, length);
  return response;
}

RawResponse RawConnection::read_until_close(std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  RawResponse response = read_head(deadline);
  if (!response.ok()) return response;
  while (fill(deadline)) {
  }
  if (std::chrono::steady_clock::now() >= deadline) response.error = "the server did not close the connection";
  response.body = std::move(m_buffer);
  m_buffer.clear();
  return response;
}

RawResponse RawConnection::read_stream_head(std::chrono::milliseconds timeout) { return read_head(std::chrono::steady_clock::now() + timeout); }

std::optional<std::string> RawConnection::read_through(std::string_view marker, std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  std::size_t found;
  while ((found = m_buffer.find(marker)) == std::string::npos) {
    if (!fill(deadline)) return std::nullopt;
  }
  std::string through = m_buffer.substr(0, found + marker.size());
  m_buffer.erase(0, found + marker.size());
  return through;
}

bool RawConnection::closed_by_server(std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    pollfd wanted{m_fd, POLLIN, 0};
    if (::poll(&wanted, 1, 20) <= 0) continue;
    char byte;
    ssize_t n = ::recv(m_fd, &byte, 1, MSG_PEEK);
    if (n <= 0) return true;
    return false;  // the server sent something instead
  }
  return false;
}

bool RawConnection::readable(std::chrono::milliseconds timeout) {
  if (!m_buffer.empty()) return true;
  pollfd wanted{m_fd, POLLIN, 0};
  return ::poll(&wanted, 1, static_cast<int>(timeout.count())) > 0;
}

bool RawConnection::read_by_server(std::chrono::milliseconds timeout) { return m_fd >= 0 && read_by_peer(m_fd, timeout); }

std::size_t RawConnection::unread_bytes() const {
  int queued = 0;
  if (m_fd < 0 || ::ioctl(m_fd, FIONREAD, &queued) != 0) queued = 0;
  return m_buffer.size() + static_cast<std::size_t>(queued);
}

std::string request_text(std::string_view method, std::string_view path, const std::vector<std::string>& header_lines, std::string_view body) {
  std::string text = std::string(method) + " " + std::string(path) + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n";
  for (const auto& line : header_lines) text += line + "\r\n";
  if (!body.empty()) text += "Content-Length: " + std::to_string(body.size()) + "\r\n";
  text += "\r\n";
  text += body;
  return text;
}

RawResponse round_trip(int port, std::string_view request, std::chrono::milliseconds timeout) {
  RawConnection connection(port);
  RawResponse failed;
  if (!connection.connected()) failed.error = "cannot connect to 127.0.0.1:" + std::to_string(port);
  else if (!connection.send(request)) failed.error = "cannot send the request";
  if (!failed.ok()) return failed;
  return connection.read_until_close(timeout);
}

RawResponse fetch(int port, std::string_view path, const std::vector<std::string>& header_lines, std::string_view method) {
  return round_trip(port, request_text(method, path, header_lines));
}

ServerTiming parse_server_timing(std::string_view value) {
  static const std::regex kForm(R"re(^cache;desc=(hit|miss|none), db;dur=[0-9]+\.[0-9]{3};desc="([0-9]+) (query|queries)"$)re");
  std::match_results<std::string_view::const_iterator> match;
  ServerTiming timing;
  if (!std::regex_match(value.begin(), value.end(), match, kForm)) return timing;
  timing.parsed = true;
  timing.cache = match[1].str();
  timing.queries = std::stoi(match[2].str());
  return timing;
}

// [SECTION] Decoders

std::string gunzip(std::string_view bytes) {
  z_stream stream{};
  if (inflateInit2(&stream, 15 + 16) != Z_OK) return {};
  std::string out;
  std::array<char, 64 * 1024> chunk;
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(bytes.data()));
  stream.avail_in = static_cast<uInt>(bytes.size());
  int result = Z_OK;
  while (result == Z_OK) {
    stream.next_out = reinterpret_cast<Bytef*>(chunk.data());
    stream.avail_out = static_cast<uInt>(chunk.size());
    result = inflate(&stream, Z_NO_FLUSH);
    out.append(chunk.data(), chunk.size() - stream.avail_out);
  }
  inflateEnd(&stream);
  return result == Z_STREAM_END ? out : std::string();
}

std::string unbrotli(std::string_view bytes) {
  BrotliDecoderState* state = BrotliDecoderCreateInstance(nullptr, nullptr, nullptr);
  if (!state) return {};
  std::string out;
  std::array<std::uint8_t, 64 * 1024> chunk;
  std::size_t available_in = bytes.size();
  const auto* next_in = reinterpret_cast<const std::uint8_t*>(bytes.data());
  BrotliDecoderResult result = BROTLI_DECODER_RESULT_NEEDS_MORE_OUTPUT;
  while (result == BROTLI_DECODER_RESULT_NEEDS_MORE_OUTPUT) {
    std::size_t available_out = chunk.size();
    std::uint8_t* next_out = chunk.data();
    result = BrotliDecoderDecompressStream(state, &available_in, &next_in, &available_out, &next_out, nullptr);
    out.append(reinterpret_cast<const char*>(chunk.data()), chunk.size() - available_out);
  }
  BrotliDecoderDestroyInstance(state);
  return result == BROTLI_DECODER_RESULT_SUCCESS ? out : std::string();
}

// [SECTION] Commands and tokens

long proc_status(int pid, const std::string& field) {
  std::ifstream status("/proc/" + std::to_string(pid) + "/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind(field + ":", 0) == 0) return std::stol(line.substr(field.size() + 1));
  }
  return -1;
}

ApiToken create_token(const SeededServer& server, std::string_view role, std::string_view name) {
  // Tokens belong to accounts: one account per call, with a login of its own.
  static std::atomic<int> accounts{0};
  const std::string login = "token-holder-" + std::to_string(::getpid()) + "-" + std::to_string(++accounts) + "@example.rw";
  CommandRun user = run_command({UMUHANDA_SERVER_BINARY, "--data", server.data_dir().string(), "user", "create", "--role", std::string(role),
                                 "--name", std::string(name), "--login", login},
                                {}, "token holder's password 1\n");
  if (user.status != 0) return ApiToken{};
  // Prints "token 3 for NAME (ROLE):" then the secret on the second line.
  CommandRun run = run_command({UMUHANDA_SERVER_BINARY, "--data", server.data_dir().string(), "token", "create", "--login", login});
  ApiToken token;
  if (run.status != 0) return token;
  std::istringstream lines(run.output);
  std::string first, second;
  std::getline(lines, first);
  std::getline(lines, second);
  if (first.rfind("token ", 0) != 0) return token;
  token.id = std::atol(first.c_str() + 6);
  token.secret = second;
  return token;
}

bool revoke_token(const SeededServer& server, long id) {
  return run_command({UMUHANDA_SERVER_BINARY, "--data", server.data_dir().string(), "token", "revoke", std::to_string(id)}).status == 0;
}

// [SECTION] Pack zips

std::filesystem::path default_pack_dir() { return std::filesystem::path(UMUHANDA_SOURCE_DIR) / "assets" / "packs" / "umuhanda-default"; }

std::string read_file(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

std::map<std::string, std::string> default_pack_files() {
  std::map<std::string, std::string> files;
  const auto root = default_pack_dir();
  for (const auto& entry : std::filesystem::recursive_directory_iterator(root)) {
    if (entry.is_regular_file()) files[std::filesystem::relative(entry.path(), root).generic_string()] = read_file(entry.path());
  }
  return files;
}

const std::string& default_pack_zip(int version) {
  static std::mutex mutex;
  static std::map<int, std::string> built;
  std::lock_guard lock(mutex);
  if (auto it = built.find(version); it != built.end()) return it->second;
  // Kept beside the seeded template, so each test process does not build it again.
  const std::filesystem::path state = UMUHANDA_TEST_STATE_DIR;
  const std::string prefix = "default-pack-v" + std::to_string(version) + "-";
  const std::filesystem::path kept = state / (prefix + stamp_of({UMUHANDA_PACK_BINARY, default_pack_dir()}) + ".zip");
  if (std::filesystem::exists(kept)) return built[version] = read_file(kept);

  char pattern[] = "/tmp/umuhanda-zip-XXXXXX";
  const std::filesystem::path temp = ::mkdtemp(pattern);
  std::filesystem::copy(default_pack_dir(), temp / "pack", std::filesystem::copy_options::recursive);
  std::string text = read_file(temp / "pack" / "pack.json");
  const std::regex version_field(R"("version": *[0-9]+)");
  text = std::regex_replace(text, version_field, "\"version\": " + std::to_string(version), std::regex_constants::format_first_only);
  std::ofstream(temp / "pack" / "pack.json", std::ios::binary | std::ios::trunc) << text;
  CommandRun run = run_command({UMUHANDA_PACK_BINARY, "build", (temp / "pack").string(), "-o", (temp / "pack.zip").string()});
  std::string zip = run.status == 0 ? read_file(temp / "pack.zip") : std::string();
  if (!zip.empty()) {
    std::error_code ec;
    std::filesystem::create_directories(state, ec);
    for (const auto& entry : std::filesystem::directory_iterator(state, ec)) {
      if (entry.path().filename().string().rfind(prefix, 0) == 0) std::filesystem::remove(entry.path(), ec);
    }
    // Renamed into place whole: a parallel process sees the old state or the finished file.
    std::filesystem::rename(temp / "pack.zip", state / ("partial-" + std::to_string(::getpid()) + ".zip"), ec);
    if (!ec) std::filesystem::rename(state / ("partial-" + std::to_string(::getpid()) + ".zip"), kept, ec);
  }
  std::filesystem::remove_all(temp);
  return built[version] = std::move(zip);
}

std::string zip_of(const std::map<std::string, std::string>& files) {
  zip_error_t error;
  zip_error_init(&error);
  zip_source_t* buffer = zip_source_buffer_create(nullptr, 0, 0, &error);
  if (!buffer) return {};
  zip_source_keep(buffer);
  zip_t* archive = zip_open_from_source(buffer, ZIP_TRUNCATE, &error);
  if (!archive) {
    zip_source_free(buffer);
    return {};
  }
  for (const auto& [path, bytes] : files) {
    zip_source_t* file = zip_source_buffer(archive, bytes.data(), bytes.size(), 0);
    if (!file || zip_file_add(archive, path.c_str(), file, ZIP_FL_ENC_UTF_8) < 0) {
      zip_source_free(file);
      zip_discard(archive);
      zip_source_free(buffer);
      return {};
    }
  }
  // Closing writes the archive into `buffer`, which we kept to read it back.
  if (zip_close(archive) < 0) {
    zip_discard(archive);
    zip_source_free(buffer);
    return {};
  }
  std::string out;
  if (zip_source_open(buffer) == 0) {
    std::array<char, 64 * 1024> chunk;
    zip_int64_t n;
    while ((n = zip_source_read(buffer, chunk.data(), chunk.size())) > 0) out.append(chunk.data(), static_cast<std::size_t>(n));
    zip_source_close(buffer);
  }
  zip_source_free(buffer);
  return out;
}

nlohmann::json error_of(const RawResponse& res) {
  auto body = nlohmann::json::parse(res.body, nullptr, false);
  return body.is_object() && body.contains("error") && body["error"].is_object() ? body["error"] : nlohmann::json();
}

std::string error_code_of(const RawResponse& res) {
  const nlohmann::json error = error_of(res);
  return error.contains("code") && error["code"].is_string() ? error["code"].get<std::string>() : "(not a JSON error: " + res.body + ")";
}

void expect_refused_and_closed(int port, std::string_view bytes, int status, std::string_view code) {
  SCOPED_TRACE(std::string(bytes.substr(0, 200)));
  RawConnection connection(port);
  ASSERT_TRUE(connection.send(bytes));
  RawResponse res = connection.read_response(false, std::chrono::seconds(5));
  ASSERT_TRUE(res.ok()) << res.error;
  EXPECT_EQ(res.status, status) << res.describe();
  const std::string found = error_code_of(res);
  if (code.empty()) {
    EXPECT_FALSE(error_of(res).is_null()) << found;
  } else {
    EXPECT_EQ(found, code);
  }
  EXPECT_EQ(res.header("Connection"), "close");
  EXPECT_EQ(res.header("Cache-Control"), "no-store");
  EXPECT_TRUE(connection.closed_by_server(std::chrono::seconds(5))) << "the connection stayed open after a refused request";
}

}  // namespace umuhanda::testing
