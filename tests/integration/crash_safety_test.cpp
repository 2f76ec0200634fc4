// Crash safety of pack imports: SIGKILLs the real umuhanda-server in the middle of uploads (and the
// `import` command in the middle of imports) at many points, then checks the SQLite file directly and
// that the restarted server serves exactly the previous version or exactly the new one.
// [SECTION] Files and child processes (started by server_process.hpp)
// [SECTION] The new version: every picture changed, so the import writes megabytes in its transaction
// [SECTION] Uploading over a raw socket, so a kill can land before the body is complete
// [SECTION] Watching an import from outside: its WAL and the version other connections see
// [SECTION] What the database holds, read with the sqlite3 C API while no server runs
// [SECTION] What the restarted server answers
// [SECTION] Shared set-up: a seeded data folder, a token, the new version, the expected answers
// [SECTION] The tests
#include <arpa/inet.h>
#include <fcntl.h>
#include <gtest/gtest.h>
#include <httplib.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sqlite3.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>
#include <zlib.h>

#include <array>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <optional>
#include <random>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "server_process.hpp"
#include "sha256.hpp"

namespace umuhanda {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;
using std::chrono::microseconds;
using std::chrono::milliseconds;

const std::string kServer = UMUHANDA_SERVER_BINARY;
const std::string kPackTool = UMUHANDA_PACK_BINARY;
const fs::path kSource = UMUHANDA_SOURCE_DIR;
const std::string kPackId = "umuhanda-default";
// Random bytes added to every picture of the new version (214 of them): about 3.4 MB of new media
// written inside the import transaction, so that kills can land between its BEGIN and its COMMIT.
constexpr std::size_t kExtraBytesPerPicture = 16 * 1024;

double in_ms(Clock::duration d) { return std::chrono::duration<double, std::milli>(d).count(); }

// [SECTION] Files and child processes (started by server_process.hpp)

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

bool write_file(const fs::path& path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << bytes;
  return static_cast<bool>(out);
}

// A fresh copy of `from` at `to`: every kill starts from the same seeded database.
void fresh_copy(const fs::path& from, const fs::path& to) {
  fs::remove_all(to);
  fs::copy(from, to, fs::copy_options::recursive);
}

std::string tail_of(const fs::path& log, std::size_t bytes = 3000) {
  std::string text = read_file(log);
  return text.size() > bytes ? "..." + text.substr(text.size() - bytes) : text;
}

using testing::describe_exit;
using testing::run_command;
using testing::ServerProcess;  // the real server; here on folders the test keeps, and killed with SIGKILL
using testing::spawn_process;
using testing::wait_for_exit;

// [SECTION] The new version: every picture changed, so the import writes megabytes in its transaction

std::string big_endian32(std::uint32_t value) {
  return {static_cast<char>(value >> 24), static_cast<char>(value >> 16), static_cast<char>(value >> 8), static_cast<char>(value)};
}

// The same picture with a private ancillary chunk of random bytes after IHDR: still a valid PNG of
// the same pixel size, but a different file (a new SHA-256) for the media table.
std::string with_private_chunk(const std::string& png, std::mt19937& random) {
  std::string data(kExtraBytesPerPicture, '\0');
  for (char& c : data) c = static_cast<char>(random() & 0xFF);
  std::string typed = "umHd" + data;
  const auto crc = crc32(crc32(0L, Z_NULL, 0), reinterpret_cast<const Bytef*>(typed.data()), static_cast<uInt>(typed.size()));
  std::string chunk = big_endian32(static_cast<std::uint32_t>(data.size())) + typed + big_endian32(static_cast<std::uint32_t>(crc));
  constexpr std::size_t kAfterIhdr = 8 + 4 + 4 + 13 + 4;  // signature, then IHDR's length, type, data and CRC
  std::string changed = png;
  changed.insert(kAfterIhdr, chunk);
  return changed;
}

// Builds version 2 of the default pack into `zip`: a higher version, a changed title and every
// picture changed. Returns what went wrong, or "".
std::string build_new_version(const fs::path& work, const fs::path& zip) {
  const fs::path folder = work / "umuhanda-default-v2";
  fresh_copy(kSource / "assets" / "packs" / kPackId, folder);
  auto manifest = nlohmann::ordered_json::parse(read_file(folder / "pack.json"), nullptr, false);
  if (manifest.is_discarded() || !manifest.contains("version")) return "the default pack.json is not JSON with a version";
  manifest["version"] = manifest["version"].get<int>() + 1;
  manifest["title"]["en"] = manifest["title"]["en"].get<std::string>() + " (second edition)";
  // Media entries are computed by the tool from the files; they would no longer match.
  manifest.erase("media");
  if (!write_file(folder / "pack.json", manifest.dump(2))) return "cannot write " + (folder / "pack.json").string();
  std::mt19937 random(20240601);
  int pictures = 0;
  std::vector<fs::path> files;
  for (const auto& entry : fs::recursive_directory_iterator(folder / "media")) {
    if (entry.is_regular_file() && entry.path().extension() == ".png") files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());  // the same bytes in every run
  for (const auto& file : files) {
    const std::string png = read_file(file);
    if (png.size() < 33 || png.compare(12, 4, "IHDR") != 0) return file.string() + " is not a PNG starting with IHDR";
    write_file(file, with_private_chunk(png, random));
    ++pictures;
  }
  if (pictures == 0) return "the default pack has no PNG pictures to change";
  const testing::CommandRun built = run_command({kPackTool, "build", folder.string(), "-o", zip.string()}, work / "pack-build.log");
  if (built.status != 0) return "umuhanda-pack build failed:\n" + read_file(work / "pack-build.log");
  return "";
}

// [SECTION] Uploading over a raw socket, so a kill can land before the body is complete

// POST /api/v1/packs from its own thread, sending only the first `body_bytes` of the body when asked,
// then reading the answer until the server closes the connection (or dies).
class RawUpload {
public:
  RawUpload(int port, const std::string& token, const std::string& zip, std::size_t body_bytes) {
    std::string request = "POST /api/v1/packs HTTP/1.1\r\nHost: 127.0.0.1:" + std::to_string(port) + "\r\nAuthorization: Bearer " + token +
                          "\r\nContent-Type: application/zip\r\nContent-Length: " + std::to_string(zip.size()) + "\r\nConnection: close\r\n\r\n" +
                          zip.substr(0, body_bytes);
    m_start = Clock::now();
    m_thread = std::thread([this, port, request = std::move(request)] { run(port, request); });
  }
  ~RawUpload() { join(); }
  RawUpload(const RawUpload&) = delete;
  RawUpload& operator=(const RawUpload&) = delete;

  Clock::time_point start() const { return m_start; }
  bool request_sent() const { return m_request_sent; }
  bool answered() const { return m_answered; }  // the server closed the connection, answering or not
  // Waits until the server has read every byte sent (while the upload is not yet answered).
  bool read_by_server() const {
    const int fd = m_fd;
    return fd >= 0 && !m_answered && testing::read_by_peer(fd, std::chrono::seconds(10));
  }
  void join() {
    if (m_thread.joinable()) m_thread.join();
  }
  // After join(): the answer's status (0 for none), and when the request was sent and answered.
  int status() const { return m_status; }
  Clock::duration sent_after() const { return m_sent_at - m_start; }
  Clock::duration answered_after() const { return m_answered_at - m_start; }
  const std::string& answer() const { return m_answer; }

private:
  void run(int port, const std::string& request) {
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) {
      m_answered = true;
      return;
    }
    timeval patience{30, 0};
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &patience, sizeof patience);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(static_cast<std::uint16_t>(port));
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (connect(fd, reinterpret_cast<const sockaddr*>(&address), sizeof address) == 0) {
      std::size_t sent = 0;
      while (sent < request.size()) {
        ssize_t n = send(fd, request.data() + sent, request.size() - sent, MSG_NOSIGNAL);
        if (n <= 0) break;
        sent += static_cast<std::size_t>(n);
      }
      if (sent == request.size()) {
        m_fd = fd;
        m_sent_at = Clock::now();
        m_request_sent = true;
        char buffer[4096];
        for (ssize_t n; (n = recv(fd, buffer, sizeof buffer, 0)) > 0;) m_answer.append(buffer, static_cast<std::size_t>(n));
        m_answered_at = Clock::now();
        if (m_answer.rfind("HTTP/1.1 ", 0) == 0) m_status = std::atoi(m_answer.c_str() + 9);
      }
    }
    m_fd = -1;
    close(fd);
    m_answered = true;
  }

  std::thread m_thread;
  Clock::time_point m_start, m_sent_at, m_answered_at;
  std::atomic<bool> m_request_sent{false}, m_answered{false};
  std::atomic<int> m_fd{-1};  // the socket, from when the request was sent until it is closed
  int m_status = 0;
  std::string m_answer;
};

// [SECTION] Watching an import from outside: its WAL and the version other connections see

// What another process can see of a running import: how far the WAL has grown (the transaction's
// spilled pages, then its commit frame) and which version a read-only connection finds current.
class ImportProbe {
public:
  explicit ImportProbe(const fs::path& data) : m_database(data / "umuhanda.db"), m_wal(data / "umuhanda.db-wal") {}
  ~ImportProbe() {
    sqlite3_finalize(m_query);
    sqlite3_close(m_db);
  }
  ImportProbe(const ImportProbe&) = delete;
  ImportProbe& operator=(const ImportProbe&) = delete;

  std::uintmax_t wal_bytes() const {
    std::error_code ec;
    const std::uintmax_t size = fs::file_size(m_wal, ec);
    return ec ? 0 : size;
  }
  // The current version of the default pack, or 0 while it cannot be read. The connection is opened
  // only once the importer has created the WAL: a reader of a WAL database without one would take
  // locks that make the importer wait.
  int current_version() {
    if (!m_db) {
      std::error_code ec;
      if (!fs::exists(m_wal, ec)) return 0;
      if (sqlite3_open_v2(m_database.c_str(), &m_db, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK ||
          sqlite3_prepare_v2(m_db, "SELECT current_version FROM packs WHERE pack_id = ?1", -1, &m_query, nullptr) != SQLITE_OK) {
        sqlite3_finalize(m_query);
        sqlite3_close(m_db);
        m_db = nullptr;
        m_query = nullptr;
        return 0;
      }
      sqlite3_bind_text(m_query, 1, kPackId.c_str(), -1, SQLITE_STATIC);
    }
    const int version = sqlite3_step(m_query) == SQLITE_ROW ? sqlite3_column_int(m_query, 0) : 0;
    sqlite3_reset(m_query);
    return version;
  }

private:
  fs::path m_database, m_wal;
  sqlite3* m_db = nullptr;
  sqlite3_stmt* m_query = nullptr;
};

// Polls an uninterrupted import from its own thread: when the WAL first grew and when the new
// version became visible.
class CommitWatcher {
public:
  CommitWatcher(const fs::path& data, Clock::time_point start, int version_before) : m_probe(data), m_start(start), m_version_before(version_before) {
    m_thread = std::thread([this] { run(); });
  }
  ~CommitWatcher() { stop(); }
  CommitWatcher(const CommitWatcher&) = delete;
  CommitWatcher& operator=(const CommitWatcher&) = delete;

  void stop() {
    m_stop = true;
    if (m_thread.joinable()) m_thread.join();
  }
  std::optional<Clock::duration> wal_grew() const { return m_wal_grew; }
  std::optional<Clock::duration> committed() const { return m_committed; }
  std::uintmax_t wal_at_commit() const { return m_wal_at_commit; }

private:
  void run() {
    const std::uintmax_t wal_before = m_probe.wal_bytes();
    while (!m_stop && !m_committed) {
      const auto now = Clock::now();
      if (!m_wal_grew && m_probe.wal_bytes() > wal_before) m_wal_grew = now - m_start;
      const int version = m_probe.current_version();
      if (version != 0 && version != m_version_before) {
        m_committed = now - m_start;
        m_wal_at_commit = m_probe.wal_bytes();
      }
      // Seldom enough not to slow the import it times (the commit is seen within a few ms).
      std::this_thread::sleep_for(milliseconds(2));
    }
  }

  ImportProbe m_probe;
  Clock::time_point m_start;
  int m_version_before;
  std::atomic<bool> m_stop{false};
  std::thread m_thread;
  std::optional<Clock::duration> m_wal_grew, m_committed;
  std::uintmax_t m_wal_at_commit = 0;
};

// One uninterrupted import, measured from its start.
struct Timeline {
  Clock::duration sent{};  // the whole request was written (uploads only)
  std::optional<Clock::duration> wal_grew, committed;
  Clock::duration finished{};    // the 201 arrived, or the import command exited
  std::uintmax_t wal_bytes = 0;  // the WAL's size once committed: every frame of the import
};

std::string describe(const Timeline& t) {
  std::ostringstream text;
  text.precision(1);
  text << std::fixed;
  if (t.sent > Clock::duration::zero()) text << "request sent at " << in_ms(t.sent) << " ms, ";
  text << "first WAL write at " << (t.wal_grew ? in_ms(*t.wal_grew) : -1.0) << " ms, commit seen at " << (t.committed ? in_ms(*t.committed) : -1.0)
       << " ms, finished at " << in_ms(t.finished) << " ms, WAL " << t.wal_bytes << " bytes";
  return text.str();
}

// [SECTION] What the database holds, read with the sqlite3 C API while no server runs

struct DatabaseState {
  std::vector<std::string> problems;  // anything that is not what an intact database holds
  int current_version = 0;
  std::vector<int> versions;  // stored versions of the default pack
  int media = 0;
};

// Opens the file as the killed process left it (with its WAL), read-only, so that recovering the
// WAL is still left to the restarted server.
DatabaseState inspect_database(const fs::path& data, bool full) {
  DatabaseState state;
  sqlite3* db = nullptr;
  const fs::path file = data / "umuhanda.db";
  if (sqlite3_open_v2(file.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) {
    state.problems.push_back("cannot open " + file.string() + ": " + (db ? sqlite3_errmsg(db) : "out of memory"));
    sqlite3_close(db);
    return state;
  }
  auto each_row = [&](const char* sql, auto on_row) {
    sqlite3_stmt* statement = nullptr;
    if (sqlite3_prepare_v2(db, sql, -1, &statement, nullptr) != SQLITE_OK) {
      state.problems.push_back(std::string(sql) + ": " + sqlite3_errmsg(db));
      return;
    }
    int rc;
    while ((rc = sqlite3_step(statement)) == SQLITE_ROW) on_row(statement);
    if (rc != SQLITE_DONE) state.problems.push_back(std::string(sql) + ": " + sqlite3_errmsg(db));
    sqlite3_finalize(statement);
  };
  auto text = [](sqlite3_stmt* statement, int column) {
    const void* bytes = sqlite3_column_blob(statement, column);
    return bytes ? std::string(static_cast<const char*>(bytes), static_cast<std::size_t>(sqlite3_column_bytes(statement, column))) : std::string();
  };

  std::string integrity;
  each_row("PRAGMA integrity_check", [&](sqlite3_stmt* s) { integrity += (integrity.empty() ? "" : "; ") + text(s, 0); });
  if (integrity != "ok") state.problems.push_back("PRAGMA integrity_check says: " + integrity);
  if (!full) {
    sqlite3_close(db);
    return state;
  }
  each_row("PRAGMA foreign_key_check", [&](sqlite3_stmt* s) { state.problems.push_back("foreign key broken in table " + text(s, 0)); });
  each_row("SELECT current_version FROM packs WHERE pack_id = 'umuhanda-default'",
           [&](sqlite3_stmt* s) { state.current_version = sqlite3_column_int(s, 0); });
  each_row("SELECT version, sha256, body, length(body_gzip), length(body_br) FROM pack_versions WHERE pack_id = 'umuhanda-default' ORDER BY version",
           [&](sqlite3_stmt* s) {
             const int version = sqlite3_column_int(s, 0);
             state.versions.push_back(version);
             if (sha256_hex(text(s, 2)) != text(s, 1))
               state.problems.push_back("version " + std::to_string(version) + "'s body does not match its sha256");
             if (sqlite3_column_int(s, 3) <= 0 || sqlite3_column_int(s, 4) <= 0) {
               state.problems.push_back("version " + std::to_string(version) + " lacks its gzip or brotli body");
             }
           });
  each_row("SELECT sha256, body FROM media", [&](sqlite3_stmt* s) {
    ++state.media;
    if (sha256_hex(text(s, 1)) != text(s, 0)) state.problems.push_back("media " + text(s, 0) + " does not match its sha256");
  });
  sqlite3_close(db);
  return state;
}

std::string describe(const DatabaseState& state) {
  std::ostringstream text;
  text << "current version " << state.current_version << ", stored versions [";
  for (int v : state.versions) text << ' ' << v;
  text << " ], " << state.media << " media";
  for (const auto& p : state.problems) text << "\n  problem: " << p;
  return text.str();
}

// [SECTION] What the restarted server answers

// GET /api/v1/packs/umuhanda-default in each encoding, exactly as sent.
struct Served {
  std::array<std::string, 3> bodies;  // identity, gzip, br
  std::array<std::string, 3> etags;
  bool operator==(const Served&) const = default;
};

struct Observation {
  std::string error;  // a request that got no answer or an unexpected status
  Served pack;
  int catalog_version = 0;
  std::string catalog_etag;
  std::size_t catalog_bytes = 0;
  std::vector<std::pair<int, bool>> versions;  // (version, current) from /versions
};

Observation observe(int port) {
  Observation seen;
  httplib::Client client("127.0.0.1", port);
  client.set_decompress(false);
  client.set_connection_timeout(5);
  client.set_read_timeout(10);
  auto get = [&](const std::string& path, const char* encoding) -> httplib::Result {
    auto res = client.Get(path, {{"Accept-Encoding", encoding}});
    if (!res) seen.error += "GET " + path + " got no answer (" + httplib::to_string(res.error()) + "); ";
    else if (res->status != 200) seen.error += "GET " + path + " answered " + std::to_string(res->status) + ": " + res->body + "; ";
    return res;
  };
  if (!get("/healthz", "identity")) return seen;
  const std::array<const char*, 3> encodings = {"identity", "gzip", "br"};
  for (std::size_t i = 0; i < encodings.size(); ++i) {
    auto res = get("/api/v1/packs/" + kPackId, encodings[i]);
    if (!res || res->status != 200) return seen;
    seen.pack.bodies[i] = res->body;
    seen.pack.etags[i] = res->get_header_value("ETag");
  }
  auto catalog = get("/api/v1/packs", "identity");
  if (catalog && catalog->status == 200) {
    auto json = nlohmann::json::parse(catalog->body, nullptr, false);
    if (json.is_discarded() || !json.contains("packs") || json["packs"].size() != 1) {
      seen.error += "the catalog is not one pack: " + catalog->body + "; ";
    } else {
      const auto& entry = json["packs"][0];
      seen.catalog_version = entry.value("version", 0);
      seen.catalog_etag = entry.value("etag", "");
      seen.catalog_bytes = entry["bytes"].value("identity", std::size_t{0});
    }
  }
  auto versions = get("/api/v1/packs/" + kPackId + "/versions", "identity");
  if (versions && versions->status == 200) {
    auto json = nlohmann::json::parse(versions->body, nullptr, false);
    if (json.is_discarded() || !json.contains("versions")) seen.error += "the version list is not JSON: " + versions->body + "; ";
    else
      for (const auto& v : json["versions"]) seen.versions.emplace_back(v.value("version", 0), v.value("current", false));
  }
  return seen;
}

// [SECTION] Shared set-up: a seeded data folder, a token, the new version, the expected answers

struct World {
  std::string error;  // why the set-up failed, or ""
  fs::path root;      // everything of this test run; removed at exit
  fs::path seeded;    // a data folder seeded by the real server, with an instructor token
  fs::path zip;       // version 2 of the default pack
  std::string zip_bytes;
  std::string token;
  Served old_version;
  int old_media = 0;
  // Version 2 as served after the first uninterrupted import of this run (each test times one).
  std::optional<Served> new_version;
  int new_media = 0;

  ~World() {
    std::error_code ec;
    if (!root.empty() && !std::getenv("UMUHANDA_KEEP_TEST_DATA")) fs::remove_all(root, ec);
  }
};

std::string set_up(World& world) {
  char pattern[] = "/tmp/umuhanda-crash-XXXXXX";
  if (!mkdtemp(pattern)) return "cannot create a temporary folder";
  world.root = pattern;
  world.seeded = world.root / "seeded";
  fs::create_directories(world.root / "logs");
  {
    ServerProcess seeder(testing::kept_folder, world.seeded, world.root / "logs" / "seed.log");
    if (!seeder.started()) return "the server did not start on an empty folder:\n" + read_file(world.root / "logs" / "seed.log");
    const int status = seeder.stop();  // a clean stop checkpoints the WAL into umuhanda.db
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) return "the seeding server " + describe_exit(status);
  }
  const testing::CommandRun instructor = run_command(
      {kServer, "--data", world.seeded.string(), "user", "create", "--role", "instructor", "--name", "Crash Test", "--login", "crash@example.rw"},
      world.root / "logs" / "token.log", "crash test password\n");
  if (instructor.status != 0) return "user create printed:\n" + instructor.output + read_file(world.root / "logs" / "token.log");
  const testing::CommandRun token =
      run_command({kServer, "--data", world.seeded.string(), "token", "create", "--login", "crash@example.rw"}, world.root / "logs" / "token.log");
  std::istringstream lines(token.output);
  std::getline(lines, world.token);
  std::getline(lines, world.token);  // the secret is on the second line
  if (token.status != 0 || world.token.empty()) return "token create printed:\n" + token.output + read_file(world.root / "logs" / "token.log");

  if (auto failed = build_new_version(world.root, world.root / "v2.zip"); !failed.empty()) return failed;
  world.zip = world.root / "v2.zip";
  world.zip_bytes = read_file(world.zip);

  // What version 1 looks like, before any import.
  world.old_media = inspect_database(world.seeded, true).media;
  const fs::path data = world.root / "before";
  fresh_copy(world.seeded, data);
  ServerProcess server(testing::kept_folder, data, world.root / "logs" / "before.log");
  if (!server.started()) return "the server did not start:\n" + read_file(world.root / "logs" / "before.log");
  Observation before = observe(server.port());
  if (!before.error.empty()) return "before any import: " + before.error;
  world.old_version = before.pack;
  return "";
}

World& world() {
  static World shared;
  static const bool ready = [] {
    shared.error = set_up(shared);
    return true;
  }();
  (void)ready;
  return shared;
}

// Records what version 2 looks like, served from `data` after an uninterrupted import; every
// uninterrupted import of the run must give the same. Returns what went wrong, or "".
std::string record_new_version(World& w, const fs::path& data, const fs::path& log) {
  Observation after;
  {
    ServerProcess server(testing::kept_folder, data, log);
    if (!server.started()) return "the server did not start after the import:\n" + tail_of(log);
    after = observe(server.port());
  }
  if (!after.error.empty()) return "after the import: " + after.error;
  if (after.pack == w.old_version) return "after the import the server still serves version 1";
  const int media = inspect_database(data, true).media;
  if (media <= w.old_media) return "version 2 brought no new media";
  if (w.new_version && (*w.new_version != after.pack || w.new_media != media))
    return "two uninterrupted imports of version 2 stored different things";
  w.new_version = after.pack;
  w.new_media = media;
  return "";
}

// [SECTION] The tests

// How one kill went, for the report printed at the end of each test.
struct KillRecord {
  std::string label;
  double killed_at_ms = 0;
  int served_version = 0;  // 1 = previous version (killed before the commit), 2 = new (after)
};

class CrashSafety : public ::testing::Test {
protected:
  void SetUp() override { ASSERT_TRUE(world().error.empty()) << "set-up failed: " << world().error; }

  // After a SIGKILL: the file is intact, and the restarted server serves exactly the previous or
  // exactly the new version, agreeing with the database, the catalog and the version list. Returns
  // the version served (0 when it is neither).
  int check_after_kill(const fs::path& data, const fs::path& log, bool answered_201) {
    const World& w = world();
    const DatabaseState state = inspect_database(data, true);
    EXPECT_TRUE(state.problems.empty()) << "the database the killed process left: " << describe(state);

    ServerProcess server(testing::kept_folder, data, log);
    EXPECT_TRUE(server.started()) << "the server does not start after the kill:\n" << tail_of(log);
    if (!server.started()) return 0;
    const Observation seen = observe(server.port());
    EXPECT_TRUE(seen.error.empty()) << seen.error;
    const int version = seen.pack == w.old_version ? 1 : seen.pack == *w.new_version ? 2 : 0;
    EXPECT_NE(version, 0) << "the restarted server serves neither version 1's bytes nor version 2's (" << seen.pack.bodies[0].size()
                          << " bytes, ETag " << seen.pack.etags[0] << "; version 1 has " << w.old_version.bodies[0].size() << " bytes, version 2 "
                          << w.new_version->bodies[0].size() << ")";
    if (answered_201) {
      EXPECT_EQ(version, 2) << "the upload was answered 201 before the kill, but its version did not survive it";
    }
    if (version != 0) {
      EXPECT_EQ(seen.catalog_version, version) << "the catalog disagrees with the served pack";
      EXPECT_EQ(seen.catalog_etag, seen.pack.etags[0]);
      EXPECT_EQ(seen.catalog_bytes, seen.pack.bodies[0].size());
      const std::vector<std::pair<int, bool>> listed =
          version == 1 ? std::vector<std::pair<int, bool>>{{1, true}} : std::vector<std::pair<int, bool>>{{1, false}, {2, true}};
      EXPECT_EQ(seen.versions, listed) << "the version list disagrees with the served pack";
      EXPECT_EQ(state.current_version, version);
      EXPECT_EQ(state.versions, (version == 1 ? std::vector<int>{1} : std::vector<int>{1, 2}))
          << "an import is all or nothing: no version row without the current version moving to it";
      EXPECT_EQ(state.media, version == 1 ? w.old_media : w.new_media) << "media from an import that was not committed, or missing";
    }
    const int status = server.stop();
    EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << "the restarted server " << describe_exit(status);
    const DatabaseState recovered = inspect_database(data, false);
    EXPECT_TRUE(recovered.problems.empty()) << "after the restarted server stopped: " << describe(recovered);
    return version;
  }

  // With `require_both`, the kill points must have covered both sides of the commit.
  static void report(const char* what, const std::vector<KillRecord>& kills, Clock::time_point started, bool require_both) {
    int before = 0, after = 0;
    std::printf("%-34s %12s  %s\n", what, "killed at", "then served");
    for (const auto& k : kills) {
      std::printf("%-34s %9.1f ms  %s\n", k.label.c_str(), k.killed_at_ms,
                  k.served_version == 1   ? "version 1 (killed before the commit)"
                  : k.served_version == 2 ? "version 2 (killed after the commit)"
                                          : "NEITHER");
      (k.served_version == 1 ? before : after) += k.served_version ? 1 : 0;
    }
    std::printf("%zu kills: %d before the commit, %d after it; %.1f s\n", kills.size(), before, after,
                std::chrono::duration<double>(Clock::now() - started).count());
    std::fflush(stdout);
    ::testing::Test::RecordProperty("kills", static_cast<int>(kills.size()));
    ::testing::Test::RecordProperty("kills_before_commit", before);
    ::testing::Test::RecordProperty("kills_after_commit", after);
    if (!require_both) return;
    EXPECT_GE(before, 1) << "no kill landed before the commit: the kill points do not cover the import";
    EXPECT_GE(after, 1) << "no kill landed after the commit: the kill points do not cover the import";
  }
};

// The suite is named after this file, so that `ctest -R crash` selects it.
using crash_safety = CrashSafety;

// When to kill. Fractions of the timed import spread the kills over all of it; the WAL and the
// commit are watched for the kills around the commit, since timings vary from run to run.
struct KillPoint {
  enum class When {
    body_sent,    // only `body_bytes` of the upload's body were sent
    after_start,  // `delay` after the import started
    wal_reaches,  // the WAL holds `wal_bytes` (the transaction's pages, then its commit frame)
    commit_seen,  // `delay` after another connection saw the new version
    answered,     // the upload was answered
  };
  std::string label;
  When when = When::after_start;
  Clock::duration delay{};
  std::size_t body_bytes = 0;
  std::uintmax_t wal_bytes = 0;
};

std::string fraction_label(const std::string& what, int numerator, int denominator) {
  return what + " " + std::to_string(numerator) + "/" + std::to_string(denominator);
}

// Kill points around the commit of an import whose committed WAL holds `wal_bytes`.
void add_commit_points(std::vector<KillPoint>& points, std::uintmax_t wal_bytes, const std::vector<int>& wal_percent,
                       const std::vector<int>& after_commit_ms) {
  for (int percent : wal_percent) {
    const std::uintmax_t bytes = std::max<std::uintmax_t>(1, wal_bytes * static_cast<std::uintmax_t>(percent) / 100);
    const std::string label = percent == 0     ? "WAL: first page written"
                              : percent == 100 ? "WAL: commit frame written"
                                               : "WAL: " + std::to_string(percent) + "% of the import's frames";
    points.push_back({label, KillPoint::When::wal_reaches, {}, 0, bytes});
  }
  for (int ms : after_commit_ms) {
    points.push_back({"commit seen +" + std::to_string(ms) + " ms", KillPoint::When::commit_seen, milliseconds(ms), 0, 0});
  }
}

// Waits until `point` in an import that started at `start`; gives up when `finished` says the
// import ended, or after a minute.
template <typename Finished>
void wait_until(const KillPoint& point, Clock::time_point start, ImportProbe& probe, Finished finished) {
  const auto deadline = Clock::now() + std::chrono::minutes(1);
  auto poll = [&](auto reached) {
    while (!reached() && !finished() && Clock::now() < deadline) std::this_thread::sleep_for(microseconds(150));
  };
  switch (point.when) {
    case KillPoint::When::after_start: std::this_thread::sleep_until(start + point.delay); break;
    case KillPoint::When::wal_reaches: poll([&] { return probe.wal_bytes() >= point.wal_bytes; }); break;
    case KillPoint::When::commit_seen:
      poll([&] { return probe.current_version() == 2; });
      std::this_thread::sleep_for(point.delay);
      break;
    case KillPoint::When::body_sent:
    case KillPoint::When::answered: poll([] { return false; }); break;
  }
}

std::vector<KillPoint> upload_kill_points(const World& w, const Timeline& timed) {
  std::vector<KillPoint> points;
  const std::size_t body = w.zip_bytes.size();
  for (std::size_t sent : {std::size_t{0}, body / 4, body / 2, body - 1}) {
    points.push_back({"body: " + std::to_string(sent) + " of " + std::to_string(body) + " B sent", KillPoint::When::body_sent, {}, sent, 0});
  }
  constexpr int kSteps = 20;
  for (int i = 1; i <= kSteps; ++i) {
    points.push_back({fraction_label("upload time", i, kSteps), KillPoint::When::after_start, timed.finished * i / kSteps, 0, 0});
  }
  add_commit_points(points, timed.wal_bytes, {0, 50, 99, 100}, {0});
  points.push_back({"after the 201 arrived", KillPoint::When::answered, {}, 0, 0});
  return points;
}

TEST_F(crash_safety, AnUploadKilledAtAnyPointLeavesTheOldOrTheNewVersionWhole) {
  World& w = world();
  const auto started = Clock::now();
  const fs::path data = w.root / "upload";

  // One uninterrupted upload, timed: the kill points are fractions of it, or its WAL and commit.
  fresh_copy(w.seeded, data);
  Timeline timed;
  {
    ServerProcess server(testing::kept_folder, data, w.root / "logs" / "upload-timed.log");
    ASSERT_TRUE(server.started()) << tail_of(w.root / "logs" / "upload-timed.log");
    RawUpload upload(server.port(), w.token, w.zip_bytes, w.zip_bytes.size());
    CommitWatcher watcher(data, upload.start(), 1);
    upload.join();
    watcher.stop();
    ASSERT_EQ(upload.status(), 201) << upload.answer();
    timed = {upload.sent_after(), watcher.wal_grew(), watcher.committed(), upload.answered_after(), watcher.wal_at_commit()};
    server.stop();
  }
  std::printf("one uninterrupted upload of %zu bytes: %s\n", w.zip_bytes.size(), describe(timed).c_str());
  ASSERT_TRUE(timed.committed && timed.wal_bytes > 0) << "the upload's commit was not seen";
  const std::string recorded = record_new_version(w, data, w.root / "logs" / "upload-timed.log");
  ASSERT_TRUE(recorded.empty()) << recorded;

  std::vector<KillRecord> kills;
  int index = 0;
  for (const KillPoint& point : upload_kill_points(w, timed)) {
    SCOPED_TRACE("kill " + std::to_string(++index) + ": " + point.label);
    const fs::path log = w.root / "logs" / ("upload-kill-" + std::to_string(index) + ".log");
    fresh_copy(w.seeded, data);
    ServerProcess server(testing::kept_folder, data, log);
    ASSERT_TRUE(server.started()) << tail_of(log);
    Clock::duration killed_at{};
    int status = 0, answer = 0;
    {
      ImportProbe probe(data);  // closed before the checks: only the restarted server may recover the WAL
      const bool whole_body = point.when != KillPoint::When::body_sent;
      RawUpload upload(server.port(), w.token, w.zip_bytes, whole_body ? w.zip_bytes.size() : point.body_bytes);
      if (point.when == KillPoint::When::body_sent) {
        const auto deadline = Clock::now() + std::chrono::seconds(10);
        while (!upload.request_sent() && Clock::now() < deadline) std::this_thread::sleep_for(microseconds(200));
        EXPECT_TRUE(upload.read_by_server()) << "the server did not read the part of the upload that was sent";
      } else if (point.when == KillPoint::When::answered) {
        upload.join();
      } else {
        wait_until(point, upload.start(), probe, [&] { return upload.answered(); });
      }
      killed_at = Clock::now() - upload.start();
      status = server.kill_hard();
      upload.join();
      if (point.when == KillPoint::When::answered) {
        EXPECT_EQ(upload.status(), 201) << upload.answer();
      }
      answer = upload.status();
    }
    EXPECT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL) << "the server was not running at the kill: it " << describe_exit(status);
    const int version = check_after_kill(data, log, answer == 201);
    kills.push_back({point.label, in_ms(killed_at), version});
    if (HasFailure()) std::printf("server log of kill %d:\n%s\n", index, tail_of(log).c_str());
  }
  report("upload kill point", kills, started, true);
}

TEST_F(crash_safety, TheImportCommandKilledAtAnyPointLeavesTheOldOrTheNewVersionWhole) {
  World& w = world();
  const auto started = Clock::now();
  const fs::path data = w.root / "cli";
  const std::vector<std::string> import = {kServer, "--data", data.string(), "import", w.zip.string()};

  // One uninterrupted import, timed.
  fresh_copy(w.seeded, data);
  Timeline timed;
  {
    const fs::path log = w.root / "logs" / "cli-timed.log";
    const auto start = Clock::now();
    CommitWatcher watcher(data, start, 1);
    const pid_t pid = spawn_process(import, log);
    ASSERT_GT(pid, 0);
    const int status = wait_for_exit(pid);
    timed.finished = Clock::now() - start;
    watcher.stop();
    ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << read_file(log);
    timed.wal_grew = watcher.wal_grew();
    timed.committed = watcher.committed();
    timed.wal_bytes = watcher.wal_at_commit();
  }
  std::printf("one uninterrupted `import`: %s\n", describe(timed).c_str());
  ASSERT_TRUE(timed.committed && timed.wal_bytes > 0) << "the import's commit was not seen";
  const std::string recorded = record_new_version(w, data, w.root / "logs" / "cli-timed.log");
  ASSERT_TRUE(recorded.empty()) << recorded;

  std::vector<KillPoint> points;
  constexpr int kSteps = 5;
  for (int i = 1; i < kSteps; ++i) {
    points.push_back({fraction_label("import time", i, kSteps), KillPoint::When::after_start, timed.finished * i / kSteps, 0, 0});
  }
  add_commit_points(points, timed.wal_bytes, {50, 99}, {0});

  std::vector<KillRecord> kills;
  int index = 0;
  for (const KillPoint& point : points) {
    SCOPED_TRACE("kill " + std::to_string(++index) + ": " + point.label);
    const fs::path log = w.root / "logs" / ("cli-kill-" + std::to_string(index) + ".log");
    fresh_copy(w.seeded, data);
    Clock::duration killed_at{};
    int status = 0;
    {
      ImportProbe probe(data);
      const auto start = Clock::now();
      const pid_t pid = spawn_process(import, log);
      ASSERT_GT(pid, 0);
      wait_until(point, start, probe, [pid] {
        siginfo_t info{};
        return waitid(P_PID, static_cast<id_t>(pid), &info, WEXITED | WNOHANG | WNOWAIT) == 0 && info.si_pid == pid;
      });
      killed_at = Clock::now() - start;
      kill(pid, SIGKILL);
      status = wait_for_exit(pid);
    }
    // An import that ended before the signal must have succeeded.
    if (WIFEXITED(status)) {
      EXPECT_EQ(WEXITSTATUS(status), 0) << read_file(log);
    }
    const int version = check_after_kill(data, log, WIFEXITED(status) && WEXITSTATUS(status) == 0);
    kills.push_back({point.label, in_ms(killed_at), version});
    if (HasFailure()) std::printf("log of kill %d:\n%s\n", index, tail_of(log).c_str());
  }
  // Kills are timed from the calibration run; the process start varies, so either side may be missed.
  report("import kill point", kills, started, false);
}

}  // namespace
}  // namespace umuhanda
