// The Umuhanda server: database, content store, static client, instructor uploads, and the HTTP
// routes over them. main.cpp only parses arguments and calls this; tests drive the real binary.
#pragma once

#include <atomic>
#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>

#include "accounts_api.hpp"
#include "api_tokens.hpp"
#include "classes_api.hpp"
#include "contact_api.hpp"
#include "content_store.hpp"
#include "delivery/notification_delivery.hpp"
#include "exams_api.hpp"
#include "item_statistics_api.hpp"
#include "jobs/job_runner.hpp"
#include "live_events.hpp"
#include "notifications_api.hpp"
#include "pack_repository.hpp"
#include "payments_api.hpp"
#include "people_api.hpp"
#include "rate_limiter.hpp"
#include "sqlite_database.hpp"
#include "static_files.hpp"
#include "store/attempt_reader.hpp"
#include "store/class_store.hpp"
#include "store/sync_store.hpp"
#include "sync_api.hpp"
#include "system_clock.hpp"
#include "wal_checkpointer.hpp"

namespace httplib {
class Server;
struct Request;
struct Response;
class ContentReader;
}  // namespace httplib

namespace umuhanda {

class HttpServer;

// Which requests get an access log line on stderr. Errors raised while answering, uploads and
// rollbacks are logged whatever this says.
enum class AccessLog {
  errors,  // answers of status 400 and above, and every request that is not GET, HEAD or OPTIONS
  all,     // every request: one line each, a cost on every answer
};

struct ServerConfig {
  std::string host = "127.0.0.1";
  int port = 8080;                          // 0 picks a free port
  std::filesystem::path data_dir = "data";  // holds umuhanda.db
  std::filesystem::path web_dir;            // the built client; empty = none (API only)
  std::filesystem::path seed_packs_dir;     // packs imported into an empty database (assets/packs)
  std::size_t event_threads = 0;            // answer requests that arrived whole; 0 = one per core
  std::size_t min_threads = 2;              // workers kept ready for slow clients
  std::size_t max_threads = 256;            // workers at most, each holding one slow client
  int keep_alive_seconds = 5;
  int read_timeout_seconds = 5;                  // per read: a stalled client is dropped after this
  std::size_t max_upload_bytes = 50u << 20;      // larger uploads get 413, before any byte of them is read
  std::size_t max_concurrent_uploads = 2;        // more at once get 503: each holds its body in memory
  int head_timeout_seconds = 10;                 // a request head must be whole this long after its first byte
  std::size_t min_body_bytes_per_second = 1024;  // after the head timeout's grace, a body slower than this is dropped
  std::size_t cache_bytes = 256u << 20;          // encoded bodies kept in memory
  AccessLog access_log = AccessLog::errors;
  std::filesystem::path password_dictionary = kDefaultPasswordDictionary;  // empty: refuse only runs (password_dictionary.hpp)
  bool secure_cookies = false;  // clients reach the server over TLS (nginx): __Host- session cookie, Secure
  // SQLite synchronous=FULL instead of NORMAL: every commit (an acknowledged sync push) is on disk
  // before the answer and survives a power loss, at the cost of an fsync per commit (docs/sync.md).
  bool durable_commits = false;
  std::int64_t reset_code_seconds = 10 * 60;   // a password reset code's life (shorter only in tests)
  std::string time_zone = "Africa/Kigali";     // the school's: recurring jobs and schedules read their times in it
  std::int64_t job_lease_ms = 30000;           // a job not finished this long after a worker took it runs again
  std::int64_t job_poll_ms = 1000;             // the longest the job runner sleeps (jobs other processes enqueue)
  std::int64_t sse_heartbeat_ms = 15000;       // an event stream silent this long gets a comment line
  std::size_t job_batch = 64;                  // jobs taken and finished in one transaction
  std::filesystem::path payment_instructions;  // how students pay this school (payments_api.hpp); empty: no payments
  double job_retry_scale = 1.0;                // multiplies the retry delays (tests shrink them)
  std::filesystem::path backup_dir;            // the nightly copies (docs/jobs.md); empty: DATA/backups
  int backup_keep = 7;                         // copies kept; 0: no nightly backup
  // Notifications by email and webhook (docs/notifications.md); none when the URLs are empty.
  std::string school_name = "Umuhanda";  // signs every message
  std::string smtp_url;                  // smtp://host:587 (STARTTLS) or smtps://host:465
  std::string smtp_user;
  std::filesystem::path smtp_password_file;
  std::string mail_from;               // "Kigali Driving School <no-reply@school.rw>"
  bool smtp_plain = false;             // allow smtp:// without STARTTLS (a relay on this machine only)
  std::filesystem::path smtp_ca_file;  // trust this PEM bundle instead of the system's
  std::string webhook_url;             // http(s)://: the school's WhatsApp or SMS gateway
  std::filesystem::path webhook_secret_file;
  bool test_clock = false;  // POST /api/v1/test/clock sets the exams' and jobs' clock (test builds only)
};

using LogSink = std::function<void(const std::string& line)>;

// Who sent an authenticated request.
struct Caller {
  std::string name;
  Role role = Role::student;
  std::int64_t user_id = 0;  // the account (0 for an API token made before tokens belonged to users)
};

// Opens (creating if needed) DATA/umuhanda.db and applies the migrations.
Expected<Database> open_database(const std::filesystem::path& data_dir);

// Imports a pack .zip or folder into the database (for the admin command line).
Expected<ImportOutcome> import_pack_path(Database& db, const std::filesystem::path& path);

class ServerApp {
public:
  // Opens the database, applies migrations, seeds it when empty, loads the client.
  static Expected<std::unique_ptr<ServerApp>> create(const ServerConfig& config, LogSink log);
  ~ServerApp();

  Expected<int> bind();  // returns the port (useful with port 0)
  void serve();          // until stop() is called, from any thread
  void stop();

  // The routes that read a request body.
  enum class BodyRoute {
    upload,
    rollback,
    account_form,
    sync_push,
    class_form,
    class_join,
    class_students,
    reset_code,  // and disable, enable: staff, no body
    account_deletion,
    payment_request,
    payment_decision,
    notifications_read,
    subscription_grant,
    language,
    contact_form,
    contact_status,
    exam_schedule,
    exam_submission,
    plan_form
  };

private:
  ServerApp(ServerConfig config, LogSink log, Database db, std::unique_ptr<ReadConnections> readers);
  Expected<void> seed_if_empty();
  Expected<void> start_live_events();
  // Fails when the API routes registered and the authorization table (api_routes.hpp) differ.
  Expected<void> install_routes();
  void serve_latest_pack(const httplib::Request& req, httplib::Response& res, const std::string& pack_id);
  // Whether the caller may read a restricted pack (staff, or a student whose running subscription's
  // plan opens it); otherwise answers 401 or 403 subscription_required and returns false.
  bool may_read_restricted(const httplib::Request& req, httplib::Response& res, const std::string& pack_id);
  // Bodies are read only once the head has been admitted (caller, type, room): a refused request is
  // answered at once and its body never read (the connection closes after it).
  void handle_upload(const httplib::Request& req, httplib::Response& res, const httplib::ContentReader& read_body);
  void handle_rollback(const httplib::Request& req, httplib::Response& res, const httplib::ContentReader& read_body);
  // The authenticated caller, or an error response already written (401, 403 or 429).
  std::optional<Caller> authenticate(const httplib::Request& req, httplib::Response& res, bool need_instructor);
  // A 500 for a failure that is not the client's (database, disk): logged with its details, which
  // the client never sees.
  void send_internal_error(const httplib::Request& req, httplib::Response& res, const Diagnostics& errors);
  // For an "Expect: 100-continue" request: 100 when the route would read its body, else the
  // refusal, written into `res` (so the client never sends the body).
  int admit_body(const httplib::Request& req, httplib::Response& res);
  // What a request with a body must pass before a byte of it is read (caller, Content-Type): one
  // check for both ways a body comes, after "Expect: 100-continue" (admit_body) or at once (the
  // handlers). The caller (anonymous for the account forms, sign-up and sign-in; the session's user
  // for a sync push and a class join), or the refusal already written into `res`.
  std::optional<Caller> admit_before_body(const httplib::Request& req, httplib::Response& res, BodyRoute route);
  // Whether an event thread may answer this request: only from memory (HttpServer::AnswersFromMemory).
  bool answers_from_memory(std::string_view method, std::string_view target);

  ServerConfig m_config;
  LogSink m_log;
  std::mutex m_db_mutex;      // the one writing connection; requests read through m_readers
  std::mutex m_import_mutex;  // one upload or rollback writes at a time (compression is outside it)
  Database m_db;
  std::unique_ptr<ReadConnections> m_readers;
  std::unique_ptr<WalCheckpointer> m_checkpointer;  // after m_db: unhooks from it before it closes
  std::atomic<std::size_t> m_uploads_running{0};
  ContentStore m_store;
  StaticFiles m_static;
  FailureRateLimiter m_auth_failures{20, std::chrono::minutes(1)};
  std::unique_ptr<AccountStore> m_account_store;
  std::unique_ptr<AccountsApi> m_accounts;
  std::unique_ptr<SyncStore> m_sync_store;
  std::unique_ptr<SyncApi> m_sync;
  std::unique_ptr<ClassStore> m_class_store;
  std::unique_ptr<ClassesApi> m_classes;
  std::unique_ptr<AttemptReader> m_attempt_reader;
  std::unique_ptr<ItemStatisticsApi> m_item_statistics;
  std::unique_ptr<EntitlementSigner> m_signer;
  std::unique_ptr<SubscriptionStore> m_subscription_store;
  std::unique_ptr<PaymentsApi> m_payments;
  std::unique_ptr<PeopleApi> m_people;
  std::unique_ptr<NotificationStore> m_notification_store;
  std::unique_ptr<NotificationsApi> m_notifications;
  std::unique_ptr<ContactStore> m_contact_store;
  std::unique_ptr<ContactApi> m_contact;
  std::unique_ptr<ExamStore> m_exam_store;
  std::unique_ptr<ExamsApi> m_exams;
  AdjustableClock m_clock;  // the system's; a test build started with --test-clock lets tests set it
  std::unique_ptr<SqliteJobStore> m_job_store;
  std::unique_ptr<NotificationDelivery> m_delivery;  // before m_jobs: its handler runs on the runner's thread
  std::unique_ptr<JobRunner> m_jobs;                 // after the stores: its thread stops before they go
  std::unique_ptr<HttpServer> m_http;
  std::unique_ptr<LiveEvents> m_live_events;  // after m_http: its thread stops before the server goes
  int m_listen_socket = -1;
};

}  // namespace umuhanda
