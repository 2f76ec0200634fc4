// [SECTION] Start-up: database, seeding, content
// [SECTION] Responses: errors, conditional requests, encodings
// [SECTION] Limits, logging, errors
// [SECTION] Content routes
// [SECTION] Instructor routes: upload, rollback
// [SECTION] Method not allowed
#include "server_app.hpp"

#include <httplib.h>
#include <algorithm>

#include <charconv>
#include <chrono>
#include <fstream>
#include <initializer_list>
#include <limits>
#include <nlohmann/json.hpp>
#include <optional>
#include <regex>
#include <string_view>

#include "account_export.hpp"
#include "api_routes.hpp"
#include "content_paths.hpp"
#include "delivery/email_message.hpp"
#include "entitlement_signer.hpp"
#include "http_caching.hpp"
#include "http_server.hpp"
#include "jobs/server_jobs.hpp"
#include "migrations.hpp"
#include "pack_files.hpp"
#include "pack_zip.hpp"
#include "request_bodies.hpp"
#include "request_stats.hpp"
#include "responses.hpp"
#include "session_cookies.hpp"
#include "store/sqlite_account_store.hpp"
#include "store/sqlite_attempt_reader.hpp"
#include "store/sqlite_class_store.hpp"
#include "store/sqlite_contact_store.hpp"
#include "store/sqlite_exam_store.hpp"
#include "store/sqlite_notification_store.hpp"
#include "store/sqlite_subscription_store.hpp"
#include "store/sqlite_sync_store.hpp"
#include "umuhanda/pack_json.hpp"

namespace umuhanda {
namespace {

constexpr std::size_t kMaxPathLength = 1024;  // cpp-httplib's regex routes crash on very long paths
// Issuing a reset code takes no body; an empty JSON object, or a little more, is let through unread.
constexpr std::size_t kMaxResetCodeBodyBytes = 64;

thread_local std::chrono::steady_clock::time_point t_request_start;

AccountsConfig accounts_config(const ServerConfig& config) {
  AccountsConfig accounts;
  accounts.secure_cookies = config.secure_cookies;
  accounts.reset_code_seconds = config.reset_code_seconds;
  return accounts;
}

// A secret kept in a file (a password, the webhook's key): its text without the final line break.
Expected<std::string> read_secret(const std::filesystem::path& path, const char* option) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Expected<std::string>::failure(path.string(), std::string(option) + ": cannot read this file");
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.pop_back();
  if (text.empty()) return Expected<std::string>::failure(path.string(), std::string(option) + ": the file is empty");
  return text;
}

// The email and webhook channels from the command line, checked before the server starts.
Expected<DeliverySettings> delivery_settings(const ServerConfig& config) {
  DeliverySettings settings;
  settings.school_name = config.school_name;
  settings.unreachable_pause_ms = static_cast<std::int64_t>(30000 * config.job_retry_scale);
  if (!config.smtp_url.empty()) {
    const bool smtps = config.smtp_url.starts_with("smtps://");
    if (!smtps && !config.smtp_url.starts_with("smtp://"))
      return Expected<DeliverySettings>::failure("--smtp-url", "\"" + config.smtp_url + "\" is not an smtp:// or smtps:// address");
    if (!mailbox_address(config.mail_from))
      return Expected<DeliverySettings>::failure("--mail-from", "emails need a sender address, e.g. --mail-from 'School <no-reply@school.rw>'");
    SmtpSettings smtp{config.smtp_url, config.smtp_user, "", !config.smtp_plain, config.smtp_ca_file.string()};
    if (!config.smtp_password_file.empty()) {
      auto password = read_secret(config.smtp_password_file, "--smtp-password-file");
      if (!password) return password.errors();
      smtp.password = std::move(password).value();
    }
    settings.smtp = std::move(smtp);
    settings.mail_from = config.mail_from;
  }
  if (!config.webhook_url.empty()) {
    if (!config.webhook_url.starts_with("http://") && !config.webhook_url.starts_with("https://"))
      return Expected<DeliverySettings>::failure("--webhook-url", "\"" + config.webhook_url + "\" is not an http:// or https:// address");
    settings.webhook = WebhookSettings{config.webhook_url, {}};
    if (!config.webhook_secret_file.empty()) {
      auto secret = read_secret(config.webhook_secret_file, "--webhook-secret-file");
      if (!secret) return secret.errors();
      settings.webhook_secret = std::move(secret).value();
    }
  }
  if (settings.smtp || settings.webhook) init_curl();
  return settings;
}

// Whether `AccessLog::errors` logs this answer: failures, and anything that may change data.
bool worth_logging(const httplib::Request& req, const httplib::Response& res) {
  return res.status >= 400 || (req.method != "GET" && req.method != "HEAD" && req.method != "OPTIONS");
}

}  // namespace

// [SECTION] Start-up: database, seeding, content

Expected<Database> open_database(const std::filesystem::path& data_dir) {
  std::error_code ec;
  std::filesystem::create_directories(data_dir, ec);
  if (ec) return Expected<Database>::failure(data_dir.string(), "cannot create the data folder: " + ec.message());
  auto db = Database::open((data_dir / "umuhanda.db").string());
  if (!db) return db.errors();
  auto schema = migrate(db.value());
  if (!schema) return schema.errors();
  return db;
}

Expected<ImportOutcome> import_pack_path(Database& db, const std::filesystem::path& path) {
  Expected<PackFiles> files = Expected<PackFiles>::failure(path.string(), "is neither a pack folder nor a .zip file");
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) {
    files = read_pack_folder(path);
  } else if (std::filesystem::is_regular_file(path, ec)) {
    std::ifstream in(path, std::ios::binary);
    std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    files = read_pack_zip(bytes);
  }
  if (!files) return files.errors();
  auto loaded = load_pack_files(files.value());
  if (!loaded) return loaded.errors();
  return import_loaded_pack(db, loaded.value());
}

ServerApp::ServerApp(ServerConfig config, LogSink log, Database db, std::unique_ptr<ReadConnections> readers)
    : m_config(std::move(config)),
      m_log(std::move(log)),
      m_db(std::move(db)),
      m_readers(std::move(readers)),
      m_store(*m_readers, m_config.cache_bytes),
      m_account_store(std::make_unique<SqliteAccountStore>(m_db, m_db_mutex, *m_readers)),
      m_accounts(std::make_unique<AccountsApi>(*m_account_store, accounts_config(m_config), m_log)),
      m_sync_store(std::make_unique<SqliteSyncStore>(m_db, m_db_mutex, *m_readers)),
      m_sync(std::make_unique<SyncApi>(*m_sync_store, *m_accounts, m_log)),
      m_class_store(std::make_unique<SqliteClassStore>(m_db, m_db_mutex, *m_readers)),
      m_classes(std::make_unique<ClassesApi>(*m_class_store, *m_sync_store, m_store, m_log)),
      m_attempt_reader(std::make_unique<SqliteAttemptReader>(*m_readers)),
      m_item_statistics(std::make_unique<ItemStatisticsApi>(*m_attempt_reader, m_store, m_log)),
      m_http(std::make_unique<HttpServer>()) {}

ServerApp::~ServerApp() {
  // No commit may reach the live events once they are gone (the job runner still writes).
  if (m_live_events) {
    std::lock_guard lock(m_db_mutex);
    m_checkpointer->set_commit_listener(nullptr);
    m_live_events->unhook(m_db);
  }
}

Expected<std::unique_ptr<ServerApp>> ServerApp::create(const ServerConfig& config, LogSink log) {
  auto db = open_database(config.data_dir);
  if (!db) return db.errors();
  if (config.durable_commits) {
    if (auto full = db->exec("PRAGMA synchronous=FULL"); !full) return full.errors();
  }
  // Two readers: requests that miss the cache run on workers, rarely more than two at once.
  auto readers = ReadConnections::open(db->path(), 2);
  if (!readers) return readers.errors();
  std::unique_ptr<ServerApp> app(new ServerApp(config, std::move(log), std::move(db).value(), std::move(readers).value()));
  auto checkpointer = WalCheckpointer::start(app->m_db);
  if (!checkpointer) return checkpointer.errors();
  app->m_checkpointer = std::move(checkpointer).value();
  if (auto seeded = app->seed_if_empty(); !seeded) return seeded.errors();
  {
    std::lock_guard lock(app->m_db_mutex);
    auto filled = backfill_encodings(app->m_db);
    if (!filled) return filled.errors();
    if (filled.value() > 0) app->m_log("compressed " + std::to_string(filled.value()) + " stored pack versions");
  }
  {
    std::lock_guard lock(app->m_db_mutex);
    auto signer = EntitlementSigner::load_or_create(app->m_db, SystemClock().now_ms() / 1000);
    if (!signer) return signer.errors();
    app->m_signer = std::make_unique<EntitlementSigner>(std::move(signer).value());
  }
  app->m_store.set_entitlement_key(app->m_signer->key_id(), app->m_signer->public_key());
  if (auto loaded = app->m_store.reload(); !loaded) return loaded.errors();
  if (!config.web_dir.empty()) {
    auto files = StaticFiles::load(config.web_dir);
    if (!files) return files.errors();
    app->m_static = std::move(files).value();
    for (const auto& warning : app->m_static.warnings()) app->m_log("warning: " + warning);
    app->m_log("serving the web client from " + config.web_dir.string() + " (" + std::to_string(app->m_static.size()) + " files; " +
               std::to_string(app->m_static.forms_from_build()) + " compressed forms from the build, " +
               std::to_string(app->m_static.forms_computed()) + " computed now)");
  }
  if (!config.password_dictionary.empty()) {
    auto dictionary = PasswordDictionary::load(config.password_dictionary);
    if (!dictionary) return dictionary.errors();
    app->m_log("password dictionary: " + std::to_string(dictionary->size()) + " words from " + config.password_dictionary.string());
    app->m_accounts->set_dictionary(std::move(dictionary).value());
  }
  auto zone = TimeZone::locate(config.time_zone);
  if (!zone) return zone.errors();
  PaymentInstructions instructions;
  if (!config.payment_instructions.empty()) {
    auto read = read_payment_instructions(config.payment_instructions);
    if (!read) return read.errors();
    instructions = std::move(read).value();
  }
  app->m_subscription_store = std::make_unique<SqliteSubscriptionStore>(app->m_db, app->m_db_mutex, *app->m_readers);
  app->m_payments = std::make_unique<PaymentsApi>(*app->m_subscription_store, *app->m_signer, std::move(instructions), app->m_log);
  app->m_people = std::make_unique<PeopleApi>(*app->m_account_store, *app->m_subscription_store, app->m_log);
  app->m_notification_store = std::make_unique<SqliteNotificationStore>(app->m_db, app->m_db_mutex, *app->m_readers);
  app->m_notifications = std::make_unique<NotificationsApi>(*app->m_notification_store, zone.value(), config.school_name, app->m_log);
  app->m_contact_store = std::make_unique<SqliteContactStore>(app->m_db, app->m_db_mutex, *app->m_readers);
  app->m_contact = std::make_unique<ContactApi>(*app->m_contact_store, app->m_log);
  app->m_exam_store = std::make_unique<SqliteExamStore>(app->m_db, app->m_db_mutex, *app->m_readers, zone.value());
  app->m_exams = std::make_unique<ExamsApi>(*app->m_exam_store, app->m_clock, app->m_log);
  app->m_job_store = std::make_unique<SqliteJobStore>(app->m_db, app->m_db_mutex, *app->m_readers);
  app->m_jobs = std::make_unique<JobRunner>(*app->m_job_store, app->m_clock,
                                            JobRunnerOptions{.database_path = app->m_db.path(),
                                                             .batch = config.job_batch,
                                                             .lease_ms = config.job_lease_ms,
                                                             .idle_poll_ms = config.job_poll_ms,
                                                             .retry_scale = config.job_retry_scale,
                                                             .owner = {}},
                                            app->m_log);
  const BackupSettings backup{app->m_db.path(), config.backup_dir.empty() ? config.data_dir / "backups" : config.backup_dir, config.backup_keep};
  register_server_jobs(*app->m_jobs, zone.value(), app->m_clock, backup);
  if (backup.keep > 0)
    app->m_log("backups: every night at 02:30 to " + backup.directory.string() + ", the newest " + std::to_string(backup.keep) + " kept");
  auto delivery = delivery_settings(config);
  if (!delivery) return delivery.errors();
  if (delivery->smtp) app->m_log("notifications: email through " + delivery->smtp->url + " from " + delivery->mail_from);
  if (delivery->webhook)
    app->m_log("notifications: webhook to " + delivery->webhook->url + (delivery->webhook_secret.empty() ? " (unsigned)" : " (signed)"));
  app->m_delivery =
      std::make_unique<NotificationDelivery>(app->m_db, app->m_db_mutex, *app->m_readers, std::move(delivery).value(), zone.value(), app->m_clock);
  app->m_jobs->handle(kDeliverNotificationJob, JobHandler{{}, [delivery = app->m_delivery.get()](const Job& job) { return delivery->deliver(job); }});
  if (auto live = app->start_live_events(); !live) return live.errors();
  if (auto routes = app->install_routes(); !routes) return routes.errors();
  app->m_jobs->start();
  app->m_log("jobs: runner " + app->m_jobs->owner() + ", times in " + zone->name());
  return app;
}

// GET /api/v1/me/events (docs/api.md, "Live events"): answered by the connection layer, which keeps
// the stream open without a thread; LiveEvents writes each person's notifications to it.
Expected<void> ServerApp::start_live_events() {
  auto live = LiveEvents::start(m_db.path(), *m_http, m_log);
  if (!live) return live.errors();
  m_live_events = std::move(live).value();
  {
    std::lock_guard lock(m_db_mutex);
    m_live_events->hook(m_db);
    m_checkpointer->set_commit_listener([events = m_live_events.get()] { events->committed(); });
  }
  auto open = [this](const httplib::Request& req) {
    HttpServer::EventStreamAnswer answer;
    const PlainBodies plain;  // the refusal is written whole, not through a content provider
    httplib::Response res;
    auto signed_in = m_accounts->require_session(req, res, false);
    if (!signed_in) {
      answer.refusal = whole_response(res);
      return answer;
    }
    answer.accepted = true;
    answer.subscriber = signed_in->user.id;
    // EventSource sends Last-Event-ID when it reconnects; a page that has just read its inbox
    // starts from its newest notification with ?after=ID.
    const std::string resume = req.has_header("Last-Event-ID") ? req.get_header_value("Last-Event-ID") : req.get_param_value("after");
    std::int64_t last = 0;
    if (std::from_chars(resume.data(), resume.data() + resume.size(), last).ec == std::errc() && last > 0) {
      answer.last_event_id = last;
    } else {
      // Taken before the head is written: the client may act on the head (a test, a page that
      // pays at once) before the connection layer calls stream_opened, and what that records
      // must not fall between the two (live_events.hpp, dispatched()).
      answer.last_event_id = m_live_events->dispatched();
    }
    for (const auto& [name, value] : res.headers) answer.extra_headers += name + ": " + value + "\r\n";
    return answer;
  };
  m_http->set_event_stream(
      "/api/v1/me/events", std::chrono::milliseconds(m_config.sse_heartbeat_ms), open,
      [events = m_live_events.get()](std::uint64_t stream, std::int64_t user, std::int64_t last) { events->stream_opened(stream, user, last); },
      [events = m_live_events.get()](std::uint64_t stream) { events->stream_closed(stream); });
  return {};
}

Expected<void> ServerApp::seed_if_empty() {
  std::lock_guard lock(m_db_mutex);
  auto empty = has_no_packs(m_db);
  if (!empty) return empty.errors();
  if (!empty.value() || m_config.seed_packs_dir.empty()) return {};

  std::error_code ec;
  std::vector<std::filesystem::path> pack_dirs;
  for (const auto& entry : std::filesystem::directory_iterator(m_config.seed_packs_dir, ec)) {
    if (std::filesystem::is_regular_file(entry.path() / "pack.json")) pack_dirs.push_back(entry.path());
  }
  if (ec) return Expected<void>::failure(m_config.seed_packs_dir.string(), "cannot list the default packs: " + ec.message());
  std::sort(pack_dirs.begin(), pack_dirs.end());
  for (const auto& dir : pack_dirs) {
    auto imported = import_pack_path(m_db, dir);
    if (!imported) {
      Diagnostics errors = imported.errors();
      for (auto& e : errors) e.path = (dir / "pack.json").string() + ": " + e.path;
      return errors;
    }
    m_log("seeded the empty database with pack \"" + imported->stored.pack_id + "\" version " + std::to_string(imported->stored.version) + " from " +
          dir.string() + " (" + std::to_string(imported->new_media) + " media files)");
  }
  return {};
}

std::optional<Caller> ServerApp::authenticate(const httplib::Request& req, httplib::Response& res, bool need_instructor) {
  const auto now = FailureRateLimiter::Clock::now();
  if (auto wait = m_auth_failures.retry_after(req.remote_addr, now); wait > FailureRateLimiter::Clock::duration::zero()) {
    res.set_header("Retry-After", std::to_string(std::chrono::duration_cast<std::chrono::seconds>(wait).count() + 1));
    send_error(res, 429, "too_many_requests", "too many failed sign-ins from this address: try again later");
    return std::nullopt;
  }
  std::optional<Caller> caller;
  if (req.has_header("Authorization")) {
    // An API token (scripts, the command line): not sent by browsers on their own, so no Origin check.
    const std::string secret = bearer_secret(req.get_header_value("Authorization"));
    if (!secret.empty()) {
      auto found = m_readers->with([&](Database& db) { return find_token(db, secret); });
      if (!found) {
        send_error(res, 500, "internal", "the server failed to answer this request");
        return std::nullopt;
      }
      if (found.value()) caller = Caller{found.value()->name, found.value()->role, found.value()->user_id.value_or(0)};
    }
  } else if (m_accounts->has_session_cookie(req)) {
    bool failed = false;
    auto signed_in = m_accounts->session_of(req, res, failed);
    if (failed) return std::nullopt;
    if (signed_in) {
      const bool changes_state = req.method != "GET" && req.method != "HEAD" && req.method != "OPTIONS";
      if (changes_state && refuse_cross_origin(req, res)) return std::nullopt;
      caller = Caller{signed_in->user.name, signed_in->user.role, signed_in->user.id};
    }
  }
  if (!caller) {
    // The same answer for a missing, malformed, unknown or revoked token or session: nothing to learn
    // from it. Only a credential that was sent and failed counts towards the limit (a guess); a
    // request with none guesses nothing (a signed-out page asking what it may see).
    if (req.has_header("Authorization") || m_accounts->has_session_cookie(req)) m_auth_failures.record_failure(req.remote_addr, now);
    res.set_header("WWW-Authenticate", "Bearer realm=\"umuhanda\"");
    send_error(res, 401, "unauthorized", "sign in, or send an API token: \"Authorization: Bearer <token>\"");
    return std::nullopt;
  }
  if (need_instructor && caller->role == Role::student) {
    send_error(res, 403, "forbidden", "only instructors and admins may do this");
    return std::nullopt;
  }
  return caller;
}

Expected<void> ServerApp::install_routes() {
  httplib::Server& http = *m_http;
  // API routes are registered only through the authorization table (api_routes.hpp): `declared`
  // passes a pattern through and notes it, and the table and the registrations must match.
  Diagnostics route_errors;
  std::vector<const ApiRoute*> registered;
  auto declared = [&](std::string_view method, const char* pattern) {
    if (const ApiRoute* route = find_api_route(method, pattern)) {
      registered.push_back(route);
    } else {
      route_errors.push_back(error(std::string(method) + " " + pattern, "is registered but not in the authorization table (api_routes.cpp)"));
    }
    return pattern;
  };
  // Idle connections wait in epoll, not on threads (http_server.hpp): event threads answer requests
  // that arrive whole, workers take slow clients.
  m_http->set_thread_counts(m_config.event_threads, m_config.min_threads, m_config.max_threads);
  http.set_tcp_nodelay(true);
  // cpp-httplib listens with a queue of 5 (compiled into Debian's library): remember the socket so
  // bind() can lengthen the queue; otherwise bursts of new connections are dropped and retried 1 s later.
  http.set_socket_options([this](socket_t sock) {
    int yes = 1;
    setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
    m_listen_socket = sock;
  });
  http.set_keep_alive_timeout(m_config.keep_alive_seconds);
  http.set_keep_alive_max_count(1000);
  http.set_read_timeout(m_config.read_timeout_seconds, 0);
  http.set_write_timeout(10, 0);
  http.set_payload_max_length(m_config.max_upload_bytes);
  m_http->set_request_deadlines(std::chrono::seconds(m_config.head_timeout_seconds), std::chrono::seconds(m_config.head_timeout_seconds),
                                m_config.min_body_bytes_per_second);
  m_http->set_answers_from_memory([this](std::string_view method, std::string_view target) { return answers_from_memory(method, target); });
  // Requests refused before routing (framing, limits, 503) are always logged: they are rare and
  // say that something between the client and here is broken or hostile.
  m_http->set_refusal_logger([this](int status, std::string_view code, std::string_view message, std::string_view remote_ip) {
    m_log("refused " + std::to_string(status) + " " + std::string(code) + ": " + std::string(message) + " " + std::string(remote_ip));
  });
  m_http->set_error_body([](std::string_view code, std::string_view message) { return error_body(code, message); });
  http.set_expect_100_continue_handler([this](const httplib::Request& req, httplib::Response& res) { return admit_body(req, res); });

  // [SECTION] Limits, logging, errors

  // Runs before the body is read, so refusals here cost no memory. The framing, the header size and
  // the body limit were checked by the connection layer before cpp-httplib parsed the head
  // (http/request_head.hpp); a body left unread closes the connection there.
  http.set_pre_routing_handler([this](const httplib::Request& req, httplib::Response& res) {
    current_request_stats() = RequestStats{};
    t_request_start = std::chrono::steady_clock::now();
    // Whole representations only: cpp-httplib would cut the body to the Range but keep our 200
    // status, and a cache would store the piece as the whole. Ignoring Range is allowed (RFC 9110
    // §14.2). The Request is cpp-httplib's own mutable object; routes only get it as const.
    const_cast<httplib::Request&>(req).ranges.clear();
    // A request without Content-Length has no body (RFC 9112 §6.3; chunked ones never get here).
    if (!req.has_header("Content-Length")) const_cast<httplib::Request&>(req).set_header("Content-Length", "0");
    if (req.path.size() > kMaxPathLength) {
      send_error(res, 414, "uri_too_long", "the request path is longer than " + std::to_string(kMaxPathLength) + " characters");
      return httplib::Server::HandlerResponse::Handled;
    }
    // The route clients poll most (If-None-Match on the latest pack) skips cpp-httplib's regex
    // routing, three std::regex matches that took about 3 us a request here (a 304 took 36 us of
    // server CPU in all): the same handler gives the same answer.
    if (req.method == "GET" || req.method == "HEAD") {
      if (const ContentPath path = parse_content_path(req.path); path.kind == ContentPath::Kind::latest_pack) {
        serve_latest_pack(req, res, std::string(path.pack_id));
        return httplib::Server::HandlerResponse::Handled;
      }
    }
    return httplib::Server::HandlerResponse::Unhandled;
  });

  http.set_post_routing_handler([](const httplib::Request&, httplib::Response& res) {
    res.set_header("Server-Timing", current_request_stats().server_timing());
    res.set_header("X-Content-Type-Options", "nosniff");
    res.set_header("Date", current_http_date());  // RFC 9110 §6.6.1; cpp-httplib sends none
    // 204 and 304 have no content; cpp-httplib would announce "Content-Length: 0" otherwise.
    if (res.status == 204 || res.status == 304) res.headers.erase("Content-Length");
    // Ranges are ignored (see above), so HEAD must not advertise them where GET does not.
    res.headers.erase("Accept-Ranges");
    // A body left unread (a refused upload) closes the connection: the answer says so.
    if (HttpServer::request_body_unread() && res.get_header_value("Connection") != "close") res.set_header("Connection", "close");
    if (res.get_header_value("Connection") == "close") res.headers.erase("Keep-Alive");
  });

  // Errors cpp-httplib raises itself (413 payload too large, 400 bad request, ...) get our JSON.
  http.set_error_handler(httplib::Server::HandlerWithResponse([](const httplib::Request&, httplib::Response& res) {
    if (!res.body.empty() || res.content_length_ > 0) return httplib::Server::HandlerResponse::Unhandled;
    switch (res.status) {
      case 413: send_error(res, 413, "payload_too_large", "the request body is larger than this server accepts"); break;
      // cpp-httplib could not read these requests whole: close rather than parse what follows.
      case 414: send_error(res, 414, "uri_too_long", "the request line is longer than this server accepts", {}, true); break;
      case 404: send_error(res, 404, "not_found", "nothing is served at this path"); break;
      case 400: send_error(res, 400, "bad_request", "the request is not valid HTTP", {}, true); break;
      default: send_error(res, res.status, "error", "the request could not be served"); break;
    }
    return httplib::Server::HandlerResponse::Handled;
  }));

  // Only for what no handler expects (std::bad_alloc, a bug): failures that are values take
  // send_internal_error directly.
  http.set_exception_handler([this](const httplib::Request& req, httplib::Response& res, std::exception_ptr failure) {
    std::string what = "unknown exception";
    try {
      if (failure) std::rethrow_exception(failure);
    } catch (const std::exception& e) {
      what = e.what();
    } catch (...) {
    }
    send_internal_error(req, res, Diagnostics{error("exception", what)});
  });

  http.set_logger([this](const httplib::Request& req, const httplib::Response& res) {
    if (m_config.access_log == AccessLog::all || worth_logging(req, res)) {
      const RequestStats& stats = current_request_stats();
      // A request refused before routing (bad request line, 414) never started the clock.
      const bool timed = t_request_start != std::chrono::steady_clock::time_point{};
      const auto micros = std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - t_request_start).count();
      const char* cache = stats.cache == RequestStats::Cache::hit ? " cache=hit" : stats.cache == RequestStats::Cache::miss ? " cache=miss" : "";
      std::string line;
      line.reserve(96 + req.path.size());
      line.append(req.method).append(" ").append(req.path).append(" ").append(std::to_string(res.status)).append(" ");
      line.append(std::to_string(res.content_length_ ? res.content_length_ : res.body.size())).append("B ");
      line.append(timed ? std::to_string(micros) + "us" : std::string("-"))
          .append(" q=")
          .append(std::to_string(stats.queries))
          .append(cache)
          .append(" ");
      line.append(req.remote_addr);
      m_log(line);
    }
    // A request refused before routing (bad request line, 414) must not report this one's stats
    // or time.
    current_request_stats() = RequestStats{};
    t_request_start = {};
  });

  // [SECTION] Content routes

  http.Get("/healthz", [](const httplib::Request&, httplib::Response& res) { send_json(res, 200, {{"status", "ok"}}, "no-store"); });

  http.Get(declared("GET", "/api/v1/packs"),
           [this](const httplib::Request& req, httplib::Response& res) { send_resource(req, res, m_store.catalog()); });

  // Answered before routing (see the pre-routing handler); kept so the route table stays whole.
  http.Get(declared("GET", kLatestPackRoute),
           [this](const httplib::Request& req, httplib::Response& res) { serve_latest_pack(req, res, req.matches[1].str()); });

  http.Get(declared("GET", kPackVersionsRoute), [this](const httplib::Request& req, httplib::Response& res) {
    ResourcePtr list = m_store.versions(req.matches[1].str());
    if (!list) return send_error(res, 404, "not_found", "no pack with id \"" + req.matches[1].str() + "\"");
    send_resource(req, res, list);
  });

  http.Get(declared("GET", kPackVersionRoute), [this](const httplib::Request& req, httplib::Response& res) {
    const std::string pack_id = req.matches[1].str();
    const int version = std::stoi(req.matches[2].str());  // 1 to 9 digits: fits
    if (version < 1) return send_error(res, 404, "not_found", "versions start at 1");
    const bool restricted = m_store.restricted(pack_id, version);
    if (restricted && !may_read_restricted(req, res, pack_id)) return;
    auto resource = m_store.pack_version(pack_id, version);
    if (!resource) return send_internal_error(req, res, resource.errors());
    if (!resource.value()) return send_error(res, 404, "not_found", "pack \"" + pack_id + "\" has no version " + std::to_string(version));
    send_resource(req, res, resource.value(), restricted ? kRestrictedCacheControl : nullptr);
  });

  http.Get(declared("GET", kPackSampleRoute), [this](const httplib::Request& req, httplib::Response& res) {
    const std::string pack_id = req.matches[1].str();
    // A public pack is its own sample.
    if (ResourcePtr sample = m_store.sample(pack_id)) return send_resource(req, res, sample);
    if (!m_store.current_version(pack_id)) return send_error(res, 404, "not_found", "no pack with id \"" + pack_id + "\"");
    serve_latest_pack(req, res, pack_id);
  });

  http.Get(declared("GET", kMediaRoute), [this](const httplib::Request& req, httplib::Response& res) {
    auto resource = m_store.media(req.matches[1].str());
    if (!resource) return send_internal_error(req, res, resource.errors());
    if (!resource.value()) return send_error(res, 404, "not_found", "no media file has this SHA-256");
    send_resource(req, res, resource.value());
  });

  http.Get(declared("GET", "/api/v1/me"), [this](const httplib::Request& req, httplib::Response& res) {
    auto caller = authenticate(req, res, false);
    if (!caller) return;
    nlohmann::json me = {{"name", caller->name}, {"role", std::string(to_string(caller->role))}};
    me["user_id"] = caller->user_id > 0 ? nlohmann::json(caller->user_id) : nlohmann::json();
    send_json(res, 200, me, kPrivate);
  });

  // [SECTION] Instructor routes: upload, rollback

  http.Post(declared("POST", "/api/v1/packs"), [this](const httplib::Request& req, httplib::Response& res, const httplib::ContentReader& read_body) {
    handle_upload(req, res, read_body);
  });
  http.Post(
      declared("POST", R"(/api/v1/packs/([a-z0-9][a-z0-9._-]{0,63})/rollback)"),
      [this](const httplib::Request& req, httplib::Response& res, const httplib::ContentReader& read_body) { handle_rollback(req, res, read_body); });

  // [SECTION] Accounts and sessions (accounts_api.hpp)

  http.Post(declared("POST", "/api/v1/accounts"),
            [this](const httplib::Request& req, httplib::Response& res, const httplib::ContentReader& read_body) {
              if (admit_before_body(req, res, BodyRoute::account_form)) m_accounts->sign_up(req, res, read_body);
            });
  http.Post(declared("POST", "/api/v1/sessions"),
            [this](const httplib::Request& req, httplib::Response& res, const httplib::ContentReader& read_body) {
              if (admit_before_body(req, res, BodyRoute::account_form)) m_accounts->sign_in(req, res, read_body);
            });
  http.Get(declared("GET", "/api/v1/sessions"), [this](const httplib::Request& req, httplib::Response& res) { m_accounts->list_sessions(req, res); });
  http.Get(declared("GET", "/api/v1/sessions/current"),
           [this](const httplib::Request& req, httplib::Response& res) { m_accounts->current_session(req, res); });
  http.Delete(declared("DELETE", "/api/v1/sessions"),
              [this](const httplib::Request& req, httplib::Response& res) { m_accounts->sign_out_everywhere(req, res); });
  http.Delete(declared("DELETE", "/api/v1/sessions/current"),
              [this](const httplib::Request& req, httplib::Response& res) { m_accounts->sign_out(req, res); });
  http.Delete(declared("DELETE", R"(/api/v1/sessions/([0-9]{1,18}))"),
              [this](const httplib::Request& req, httplib::Response& res) { m_accounts->end_session(req, res, std::stoll(req.matches[1].str())); });

  // [SECTION] Plans and payments (payments_api.hpp, docs/payments.md)

  http.Get(declared("GET", "/api/v1/plans"), [this](const httplib::Request& req, httplib::Response& res) { m_payments->plans(req, res); });
  http.Post(declared("POST", "/api/v1/payments"),
            [this](const httplib::Request& req, httplib::Response& res, const httplib::ContentReader& read_body) {
              if (auto caller = admit_before_body(req, res, BodyRoute::payment_request)) m_payments->request(req, res, read_body, *caller);
            });
  http.Get(declared("GET", "/api/v1/me/subscription"), [this](const httplib::Request& req, httplib::Response& res) {
    auto signed_in = m_accounts->require_session(req, res, false);
    if (!signed_in) return;
    m_payments->mine(req, res, Caller{signed_in->user.name, signed_in->user.role, signed_in->user.id});
  });
  // Answered by the connection layer as an event stream (start_live_events); kept so the route
  // table stays whole. Reached only if the layer does not know the path: then it is a 404.
  http.Get(declared("GET", "/api/v1/me/events"),
           [](const httplib::Request&, httplib::Response& res) { send_error(res, 404, "not_found", "the live event stream is not served here"); });
  http.Get(declared("GET", "/api/v1/me/entitlement"), [this](const httplib::Request& req, httplib::Response& res) {
    auto signed_in = m_accounts->require_session(req, res, false);
    if (!signed_in) return;
    m_payments->entitlement(req, res, Caller{signed_in->user.name, signed_in->user.role, signed_in->user.id});
  });
  http.Get(declared("GET", "/api/v1/payments"), [this](const httplib::Request& req, httplib::Response& res) {
    if (auto caller = authenticate(req, res, true)) m_payments->list(req, res, *caller);
  });
  http.Post(declared("POST", R"(/api/v1/payments/([0-9]{1,18})/approve)"),
            [this](const httplib::Request& req, httplib::Response& res, const httplib::ContentReader& read_body) {
              if (auto caller = admit_before_body(req, res, BodyRoute::payment_decision)) {
                m_payments->approve(req, res, read_body, *caller, std::stoll(req.matches[1].str()));
              }
            });
  http.Post(declared("POST", R"(/api/v1/payments/([0-9]{1,18})/reject)"),
            [this](const httplib::Request& req, httplib::Response& res, const httplib::ContentReader& read_body) {
              if (auto caller = admit_before_body(req, res, BodyRoute::payment_decision)) {
                m_payments->reject(req, res, read_body, *caller, std::stoll(req.matches[1].str()));
              }
            });

  http.Post(declared("POST", R"(/api/v1/users/([0-9]{1,18})/subscriptions)"),
            [this](const httplib::Request& req, httplib::Response& res, const httplib::ContentReader& read_body) {
              if (auto caller = admit_before_body(req, res, BodyRoute::subscription_grant)) {
                m_payments->grant(req, res, read_body, *caller, std::stoll(req.matches[1].str()));
              }
            });

  http.Post(declared("POST", R"(/api/v1/users/([0-9]{1,18})/subscriptions/end)"),
            [this](const httplib::Request& req, httplib::Response& res, const httplib::ContentReader& read_body) {
              if (auto caller = admit_before_body(req, res, BodyRoute::subscription_grant)) {
                m_people->end_subscription(req, res, read_body, *caller, std::stoll(req.matches[1].str()));
              }
            });
  http.Post(declared("POST", R"(/api/v1/users/([0-9]{1,18})/role)"),
            [this](const httplib::Request& req, httplib::Response& res, const httplib::ContentReader& read_body) {
              if (auto caller = admit_before_body(req, res, BodyRoute::subscription_grant)) {
                m_people->set_role(req, res, read_body, *caller, std::stoll(req.matches[1].str()));
              }
            });
  http.Get(declared("GET", "/api/v1/admin/users"), [this](const httplib::Request& req, httplib::Response& res) {
    if (auto caller = authenticate(req, res, true)) m_people->search(req, res, *caller);
  });
  http.Get(declared("GET", R"(/api/v1/admin/users/([0-9]{1,18}))"), [this](const httplib::Request& req, httplib::Response& res) {
    if (auto caller = authenticate(req, res, true)) m_people->show(req, res, *caller, std::stoll(req.matches[1].str()));
  });
  http.Get(declared("GET", "/api/v1/admin/plans"), [this](const httplib::Request& req, httplib::Response& res) {
    if (auto caller = authenticate(req, res, true)) m_payments->all_plans(req, res, *caller);
  });
  http.Post(declared("POST", "/api/v1/admin/plans"),
            [this](const httplib::Request& req, httplib::Response& res, const httplib::ContentReader& read_body) {
              if (auto caller = admit_before_body(req, res, BodyRoute::plan_form)) {
                m_payments->save_plan(req, res, read_body, *caller,
                                      [this](const std::string& pack_id) { return m_store.current_version(pack_id).has_value(); });
              }
            });

  http.Get(declared("GET", "/api/v1/admin/audit"), [this](const httplib::Request& req, httplib::Response& res) {
    if (auto caller = authenticate(req, res, true)) m_payments->audit(req, res, *caller);
  });

  // [SECTION] Notifications (notifications_api.hpp)

  http.Get(declared("GET", "/api/v1/me/notifications"), [this](const httplib::Request& req, httplib::Response& res) {
    auto signed_in = m_accounts->require_session(req, res, false);
    if (!signed_in) return;
    m_notifications->inbox(req, res, Caller{signed_in->user.name, signed_in->user.role, signed_in->user.id});
  });
  http.Post(declared("POST", "/api/v1/me/notifications/read"),
            [this](const httplib::Request& req, httplib::Response& res, const httplib::ContentReader& read_body) {
              if (auto caller = admit_before_body(req, res, BodyRoute::notifications_read)) m_notifications->mark_read(req, res, read_body, *caller);
            });

  http.Post(declared("POST", "/api/v1/me/language"),
            [this](const httplib::Request& req, httplib::Response& res, const httplib::ContentReader& read_body) {
              if (auto caller = admit_before_body(req, res, BodyRoute::language)) m_accounts->set_language(req, res, read_body, caller->user_id);
            });

  // [SECTION] The contact form (contact_api.hpp)

  http.Post(declared("POST", "/api/v1/contact"),
            [this](const httplib::Request& req, httplib::Response& res, const httplib::ContentReader& read_body) {
              if (!admit_before_body(req, res, BodyRoute::contact_form)) return;
              bool failed = false;
              auto signed_in = m_accounts->session_of(req, res, failed);
              if (failed) return;
              m_contact->submit(req, res, read_body, signed_in ? std::optional<User>(signed_in->user) : std::nullopt);
            });
  http.Get(declared("GET", "/api/v1/contact"), [this](const httplib::Request& req, httplib::Response& res) {
    if (authenticate(req, res, true)) m_contact->list(req, res);
  });
  http.Post(declared("POST", R"(/api/v1/contact/([0-9]{1,18}))"),
            [this](const httplib::Request& req, httplib::Response& res, const httplib::ContentReader& read_body) {
              if (auto caller = admit_before_body(req, res, BodyRoute::contact_status)) {
                m_contact->set_status(req, res, read_body, *caller, std::stoll(req.matches[1].str()));
              }
            });

  // [SECTION] Scheduled exams (exams_api.hpp, docs/exams.md)

  auto save_schedule = [this](const httplib::Request& req, httplib::Response& res, const httplib::ContentReader& read_body) {
    auto caller = admit_before_body(req, res, BodyRoute::exam_schedule);
    if (!caller) return;
    if (caller->role != Role::admin) return send_error(res, 403, "forbidden", "only admins set exam schedules");
    m_exams->save_schedule(req, res, read_body, req.matches.size() > 1 ? std::stoll(req.matches[1].str()) : 0);
  };
  http.Post(declared("POST", "/api/v1/exam-schedules"), save_schedule);
  http.Post(declared("POST", R"(/api/v1/exam-schedules/([0-9]{1,18}))"), save_schedule);
  http.Get(declared("GET", "/api/v1/exam-schedules"), [this](const httplib::Request& req, httplib::Response& res) {
    auto caller = authenticate(req, res, true);
    if (!caller) return;
    if (caller->role != Role::admin) return send_error(res, 403, "forbidden", "only admins see exam schedules");
    m_exams->list_schedules(req, res);
  });
  http.Get(declared("GET", "/api/v1/admin/exams"), [this](const httplib::Request& req, httplib::Response& res) {
    auto caller = authenticate(req, res, true);
    if (!caller) return;
    if (caller->role != Role::admin) return send_error(res, 403, "forbidden", "only admins follow the scheduled exams");
    m_exams->overview(req, res);
  });
  http.Get(declared("GET", "/api/v1/exams"), [this](const httplib::Request& req, httplib::Response& res) {
    auto signed_in = m_accounts->require_session(req, res, false);
    if (signed_in) m_exams->list_exams(req, res, Caller{signed_in->user.name, signed_in->user.role, signed_in->user.id});
  });
  http.Post(declared("POST", R"(/api/v1/exams/([0-9]{1,18})/start)"),
            [this](const httplib::Request& req, httplib::Response& res, const httplib::ContentReader& read_body) {
              if (auto caller = admit_before_body(req, res, BodyRoute::exam_submission)) {
                std::string ignored;
                if (!read_whole_body(req, read_body, ignored)) return send_body_too_slow(res);
                m_exams->start(req, res, *caller, std::stoll(req.matches[1].str()));
              }
            });
  http.Post(declared("POST", R"(/api/v1/exams/([0-9]{1,18})/submit)"),
            [this](const httplib::Request& req, httplib::Response& res, const httplib::ContentReader& read_body) {
              if (auto caller = admit_before_body(req, res, BodyRoute::exam_submission)) {
                m_exams->submit(req, res, read_body, *caller, std::stoll(req.matches[1].str()));
              }
            });
  http.Get(declared("GET", R"(/api/v1/exams/([0-9]{1,18})/result)"), [this](const httplib::Request& req, httplib::Response& res) {
    auto signed_in = m_accounts->require_session(req, res, false);
    if (signed_in)
      m_exams->result(req, res, Caller{signed_in->user.name, signed_in->user.role, signed_in->user.id}, std::stoll(req.matches[1].str()));
  });
  http.Get(declared("GET", R"(/api/v1/exams/([0-9]{1,18})/ranking)"), [this](const httplib::Request& req, httplib::Response& res) {
    auto signed_in = m_accounts->require_session(req, res, false);
    if (signed_in)
      m_exams->ranking(req, res, Caller{signed_in->user.name, signed_in->user.role, signed_in->user.id}, std::stoll(req.matches[1].str()));
  });
  http.Post(declared("POST", "/api/v1/me/rankings"),
            [this](const httplib::Request& req, httplib::Response& res, const httplib::ContentReader& read_body) {
              if (auto caller = admit_before_body(req, res, BodyRoute::language)) m_exams->show_in_rankings(req, res, read_body, *caller);
            });
  http.Post(declared("POST", "/api/v1/me/exam-reminders"),
            [this](const httplib::Request& req, httplib::Response& res, const httplib::ContentReader& read_body) {
              if (auto caller = admit_before_body(req, res, BodyRoute::language)) m_exams->remind_of_exams(req, res, read_body, *caller);
            });
#ifdef UMUHANDA_TEST_HOOKS
  // Tests move the clock of exams and jobs instead of waiting (docs/exams.md, "Testing").
  if (m_config.test_clock) {
    http.Post("/api/v1/test/clock", [this](const httplib::Request& req, httplib::Response& res, const httplib::ContentReader& read_body) {
      auto caller = admit_before_body(req, res, BodyRoute::exam_schedule);
      if (!caller) return;
      if (caller->role != Role::admin) return send_error(res, 403, "forbidden", "only admins set the test clock");
      std::string text;
      if (!read_whole_body(req, read_body, text)) return send_body_too_slow(res);
      const auto body = nlohmann::json::parse(text, nullptr, false);
      if (!body.is_object() || !body.contains("now_ms") || !body["now_ms"].is_number_integer())
        return send_error(res, 400, "bad_request", "send {\"now_ms\": Unix milliseconds, \"frozen\": optional true}");
      if (body.contains("frozen") && !body["frozen"].is_boolean())
        return send_error(res, 400, "bad_request", "frozen: true (the clock stays put) or false (it runs on)");
      m_clock.set_now_ms(body["now_ms"].get<std::int64_t>(), body.value("frozen", false));
      m_jobs->wake();
      send_json(res, 200, {{"now_ms", m_clock.now_ms()}}, kPrivate);
    });
  }
#endif

  // [SECTION] Admins: the job queue (jobs/, docs/jobs.md)

  http.Get(declared("GET", "/api/v1/admin/jobs"), [this](const httplib::Request& req, httplib::Response& res) {
    auto caller = authenticate(req, res, true);
    if (!caller) return;
    if (caller->role != Role::admin) return send_error(res, 403, "forbidden", "only admins may see the job queue");
    std::optional<JobState> state;
    if (req.has_param("state")) {
      state = job_state_from(req.get_param_value("state"));
      if (!state) return send_error(res, 400, "bad_request", "state: one of available, running, done, dead");
    }
    auto counts = m_job_store->counts();
    if (!counts) return send_internal_error(req, res, counts.errors());
    auto jobs = m_job_store->list(state, 200);
    if (!jobs) return send_internal_error(req, res, jobs.errors());
    nlohmann::json listed = nlohmann::json::array();
    for (const Job& job : jobs.value()) {
      nlohmann::json entry = {{"id", job.id},
                              {"kind", job.kind},
                              {"state", std::string(to_string(job.state))},
                              {"run_at_ms", job.run_at_ms},
                              {"attempts", job.attempts},
                              {"max_attempts", job.max_attempts},
                              {"created_at_ms", job.created_at_ms}};
      if (job.unique_key) entry["unique_key"] = *job.unique_key;
      if (job.last_error) entry["last_error"] = *job.last_error;
      if (job.finished_at_ms) entry["finished_at_ms"] = *job.finished_at_ms;
      listed.push_back(std::move(entry));
    }
    const JobCounts& n = counts.value();
    send_json(res, 200,
              {{"counts", {{"available", n.available}, {"running", n.running}, {"done", n.done}, {"dead", n.dead}}},
               {"runner", m_jobs->owner()},
               {"jobs", std::move(listed)}},
              kPrivate);
  });

  // [SECTION] Password resets and the account's own data (accounts_api.hpp, account_export.hpp)

  http.Post(declared("POST", R"(/api/v1/users/([0-9]{1,18})/reset-code)"),
            [this](const httplib::Request& req, httplib::Response& res, const httplib::ContentReader& read_body) {
              if (auto caller = admit_before_body(req, res, BodyRoute::reset_code)) {
                std::string ignored;  // none, or a few bytes that say nothing
                if (!read_whole_body(req, read_body, ignored)) return send_body_too_slow(res);
                m_accounts->issue_reset_code(req, res, *caller, std::stoll(req.matches[1].str()), *m_class_store);
              }
            });
  for (const bool disable : {true, false}) {
    http.Post(declared("POST", disable ? R"(/api/v1/users/([0-9]{1,18})/disable)" : R"(/api/v1/users/([0-9]{1,18})/enable)"),
              [this, disable](const httplib::Request& req, httplib::Response& res, const httplib::ContentReader& read_body) {
                if (auto caller = admit_before_body(req, res, BodyRoute::reset_code)) {
                  std::string ignored;  // none, or a few bytes that say nothing
                  if (!read_whole_body(req, read_body, ignored)) return send_body_too_slow(res);
                  m_accounts->set_disabled(req, res, *caller, std::stoll(req.matches[1].str()), *m_class_store, disable);
                }
              });
  }
  http.Post(declared("POST", "/api/v1/password-resets"),
            [this](const httplib::Request& req, httplib::Response& res, const httplib::ContentReader& read_body) {
              if (admit_before_body(req, res, BodyRoute::account_form)) m_accounts->reset_password(req, res, read_body);
            });
  http.Get(declared("GET", "/api/v1/me/export"), [this](const httplib::Request& req, httplib::Response& res) {
    auto signed_in = m_accounts->require_session(req, res, false);
    if (!signed_in) return;
    const auto now = std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
    auto exported = export_account(signed_in->user, *m_account_store, *m_class_store, *m_sync_store, *m_readers, now);
    if (!exported) return send_internal_error(req, res, exported.errors());
    res.set_header("Content-Disposition", "attachment; filename=\"umuhanda-export.json\"");
    send_json(res, 200, exported.value(), kPrivate);
  });
  http.Post(declared("POST", "/api/v1/me/delete"),
            [this](const httplib::Request& req, httplib::Response& res, const httplib::ContentReader& read_body) {
              if (auto caller = admit_before_body(req, res, BodyRoute::account_deletion)) {
                m_accounts->delete_account(req, res, read_body, caller->user_id);
              }
            });

  // [SECTION] Progress sync (sync_api.hpp, docs/sync.md)

  http.Post(declared("POST", "/api/v1/sync/push"),
            [this](const httplib::Request& req, httplib::Response& res, const httplib::ContentReader& read_body) {
              if (auto caller = admit_before_body(req, res, BodyRoute::sync_push)) m_sync->push(req, res, read_body, caller->user_id);
            });
  http.Get(declared("GET", "/api/v1/sync/events"), [this](const httplib::Request& req, httplib::Response& res) { m_sync->pull(req, res); });

  // [SECTION] Classes (classes_api.hpp)

  http.Post(declared("POST", "/api/v1/classes"),
            [this](const httplib::Request& req, httplib::Response& res, const httplib::ContentReader& read_body) {
              if (auto caller = admit_before_body(req, res, BodyRoute::class_form)) m_classes->create(req, res, read_body, *caller);
            });
  http.Get(declared("GET", "/api/v1/classes"), [this](const httplib::Request& req, httplib::Response& res) {
    if (auto caller = authenticate(req, res, false)) m_classes->list(req, res, *caller);
  });
  http.Post(declared("POST", "/api/v1/classes/join"),
            [this](const httplib::Request& req, httplib::Response& res, const httplib::ContentReader& read_body) {
              if (auto caller = admit_before_body(req, res, BodyRoute::class_join)) m_classes->join(req, res, read_body, *caller);
            });
  http.Get(declared("GET", R"(/api/v1/classes/([0-9]{1,18}))"), [this](const httplib::Request& req, httplib::Response& res) {
    if (auto caller = authenticate(req, res, true)) m_classes->show(req, res, *caller, std::stoll(req.matches[1].str()));
  });
  http.Post(declared("POST", R"(/api/v1/classes/([0-9]{1,18}))"),
            [this](const httplib::Request& req, httplib::Response& res, const httplib::ContentReader& read_body) {
              if (auto caller = admit_before_body(req, res, BodyRoute::class_form)) {
                m_classes->rename(req, res, read_body, *caller, std::stoll(req.matches[1].str()));
              }
            });
  http.Post(declared("POST", R"(/api/v1/classes/([0-9]{1,18})/code)"),
            [this](const httplib::Request& req, httplib::Response& res, const httplib::ContentReader& read_body) {
              if (auto caller = admit_before_body(req, res, BodyRoute::class_form)) {
                m_classes->change_code(req, res, read_body, *caller, std::stoll(req.matches[1].str()));
              }
            });
  http.Get(declared("GET", R"(/api/v1/packs/([a-z0-9][a-z0-9._-]{0,63})/item-statistics)"),
           [this](const httplib::Request& req, httplib::Response& res) {
             if (authenticate(req, res, true)) m_item_statistics->show(req, res, req.matches[1].str());
           });
  http.Post(declared("POST", R"(/api/v1/classes/([0-9]{1,18})/students)"),
            [this](const httplib::Request& req, httplib::Response& res, const httplib::ContentReader& read_body) {
              if (auto caller = admit_before_body(req, res, BodyRoute::class_students)) {
                m_accounts->add_students(req, res, read_body, *caller, std::stoll(req.matches[1].str()), *m_class_store);
              }
            });
  http.Get(declared("GET", R"(/api/v1/classes/([0-9]{1,18})/code\.png)"), [this](const httplib::Request& req, httplib::Response& res) {
    if (auto caller = authenticate(req, res, true)) m_classes->code_png(req, res, *caller, std::stoll(req.matches[1].str()));
  });
  http.Get(declared("GET", R"(/api/v1/classes/([0-9]{1,18})/roster)"), [this](const httplib::Request& req, httplib::Response& res) {
    if (auto caller = authenticate(req, res, true)) m_classes->roster(req, res, *caller, std::stoll(req.matches[1].str()));
  });
  http.Get(declared("GET", R"(/api/v1/classes/([0-9]{1,18})/roster\.csv)"), [this](const httplib::Request& req, httplib::Response& res) {
    if (auto caller = authenticate(req, res, true)) m_classes->roster_csv(req, res, *caller, std::stoll(req.matches[1].str()));
  });
  http.Get(declared("GET", R"(/api/v1/classes/([0-9]{1,18})/results\.csv)"), [this](const httplib::Request& req, httplib::Response& res) {
    if (auto caller = authenticate(req, res, true)) m_classes->results_csv(req, res, *caller, std::stoll(req.matches[1].str()));
  });
  http.Get(declared("GET", R"(/api/v1/classes/([0-9]{1,18})/students/([0-9]{1,18}))"), [this](const httplib::Request& req, httplib::Response& res) {
    if (auto caller = authenticate(req, res, true)) {
      m_classes->student(req, res, *caller, std::stoll(req.matches[1].str()), std::stoll(req.matches[2].str()));
    }
  });
  http.Delete(declared("DELETE", R"(/api/v1/classes/([0-9]{1,18})/students/([0-9]{1,18}))"),
              [this](const httplib::Request& req, httplib::Response& res) {
                if (auto caller = authenticate(req, res, true)) {
                  m_classes->remove_student(req, res, *caller, std::stoll(req.matches[1].str()), std::stoll(req.matches[2].str()));
                }
              });

  // [SECTION] Method not allowed

  // Paths and the methods they allow; anything else on a known path is 405 with Allow.
  static const std::vector<std::pair<std::regex, std::string>> kAllowed = {
      {std::regex(R"(/api/v1/packs)"), "GET, HEAD, POST"},
      {std::regex(R"(/api/v1/packs/[^/]+/rollback)"), "POST"},
      {std::regex(R"(/api/v1/accounts)"), "POST"},
      {std::regex(R"(/api/v1/password-resets)"), "POST"},
      {std::regex(R"(/api/v1/users/[^/]+/(reset-code|disable|enable))"), "POST"},
      {std::regex(R"(/api/v1/me/delete)"), "POST"},
      {std::regex(R"(/api/v1/sessions)"), "GET, HEAD, POST, DELETE"},
      {std::regex(R"(/api/v1/sessions/[^/]+)"), "DELETE"},
      {std::regex(R"(/api/v1/classes)"), "GET, HEAD, POST"},
      {std::regex(R"(/api/v1/classes/join)"), "POST"},
      {std::regex(R"(/api/v1/classes/[0-9]+)"), "GET, HEAD, POST"},
      {std::regex(R"(/api/v1/classes/[^/]+/code)"), "POST"},
      {std::regex(R"(/api/v1/classes/[^/]+/students)"), "POST"},
      {std::regex(R"(/api/v1/classes/[^/]+/students/[^/]+)"), "GET, HEAD, DELETE"},
      {std::regex(R"(/api/v1/payments)"), "GET, HEAD, POST"},
      {std::regex(R"(/api/v1/me/notifications/read)"), "POST"},
      {std::regex(R"(/api/v1/me/language)"), "POST"},
      {std::regex(R"(/api/v1/me/rankings)"), "POST"},
      {std::regex(R"(/api/v1/me/exam-reminders)"), "POST"},
      {std::regex(R"(/api/v1/contact)"), "GET, HEAD, POST"},
      {std::regex(R"(/api/v1/contact/[^/]+)"), "POST"},
      {std::regex(R"(/api/v1/exam-schedules)"), "GET, HEAD, POST"},
      {std::regex(R"(/api/v1/exam-schedules/[^/]+)"), "POST"},
      {std::regex(R"(/api/v1/exams/[^/]+/(start|submit))"), "POST"},
      {std::regex(R"(/api/v1/users/[^/]+/subscriptions)"), "POST"},
      {std::regex(R"(/api/v1/users/[^/]+/(subscriptions/end|role))"), "POST"},
      {std::regex(R"(/api/v1/payments/[^/]+/(approve|reject))"), "POST"},
      {std::regex(R"(/api/v1/.*)"), "GET, HEAD"},
      {std::regex(R"(/.*)"), "GET, HEAD"},
  };
  auto not_allowed = [](const httplib::Request& req, httplib::Response& res) {
    for (const auto& [pattern, allow] : kAllowed) {
      if (!std::regex_match(req.path, pattern)) continue;
      res.set_header("Allow", allow);
      if (req.method == "OPTIONS") {
        res.status = 204;
        return;
      }
      return send_error(res, 405, "method_not_allowed", req.method + " is not allowed here; allowed: " + allow);
    }
  };
  http.Get(R"(/api/v1/packs/[^/]+/rollback)", not_allowed);
  http.Get("/api/v1/accounts", not_allowed);
  http.Get("/api/v1/password-resets", not_allowed);
  http.Get(R"(/api/v1/users/[^/]+/(reset-code|disable|enable))", not_allowed);
  http.Get("/api/v1/me/delete", not_allowed);
  http.Get(R"(/api/v1/sessions/[^/]+)", not_allowed);
  http.Get("/api/v1/classes/join", not_allowed);
  http.Get(R"(/api/v1/classes/[^/]+/code)", not_allowed);
  http.Get(R"(/api/v1/classes/[^/]+/students)", not_allowed);
  http.Get(R"(/api/v1/classes/[^/]+/students/[^/]+)", not_allowed);
  http.Get(R"(/api/v1/payments/[^/]+/(approve|reject))", not_allowed);
  http.Get("/api/v1/me/notifications/read", not_allowed);
  http.Get("/api/v1/me/language", not_allowed);
  http.Get("/api/v1/me/rankings", not_allowed);
  http.Get("/api/v1/me/exam-reminders", not_allowed);
  http.Get(R"(/api/v1/contact/[^/]+)", not_allowed);
  http.Get(R"(/api/v1/exam-schedules/[^/]+)", not_allowed);
  http.Get(R"(/api/v1/exams/[^/]+/(start|submit))", not_allowed);
  http.Get(R"(/api/v1/users/[^/]+/subscriptions)", not_allowed);
  http.Get(R"(/api/v1/users/[^/]+/(subscriptions/end|role))", not_allowed);
  http.Get(R"(/api/.*)",
           [](const httplib::Request&, httplib::Response& res) { send_error(res, 404, "not_found", "no such API endpoint (see docs/api.md)"); });
  http.Get(R"(/.*)", [this](const httplib::Request& req, httplib::Response& res) {
    if (ResourcePtr file = m_static.find(req.path)) return send_resource(req, res, file);
    send_error(res, 404, "not_found", "nothing is served at this path");
  });
  http.Post(R"(/.*)", not_allowed);
  http.Put(R"(/.*)", not_allowed);
  http.Patch(R"(/.*)", not_allowed);
  http.Delete(R"(/.*)", not_allowed);
  http.Options(R"(/.*)", not_allowed);

  for (const ApiRoute& route : api_routes()) {
    if (std::find(registered.begin(), registered.end(), &route) == registered.end()) {
      route_errors.push_back(
          error(std::string(route.method) + " " + std::string(route.pattern), "is in the authorization table but never registered"));
    }
  }
  if (!route_errors.empty()) return route_errors;
  return {};
}

void ServerApp::serve_latest_pack(const httplib::Request& req, httplib::Response& res, const std::string& pack_id) {
  auto version = m_store.current_version(pack_id);
  if (!version) return send_error(res, 404, "not_found", "no pack with id \"" + pack_id + "\"");
  const bool restricted = m_store.restricted(pack_id, *version);
  if (restricted && !may_read_restricted(req, res, pack_id)) return;
  auto resource = m_store.pack_version(pack_id, *version);
  if (!resource) return send_internal_error(req, res, resource.errors());
  if (!resource.value()) return send_error(res, 404, "not_found", "no pack with id \"" + pack_id + "\"");
  // The latest version changes when an instructor publishes: caches must revalidate.
  send_resource(req, res, resource.value(), restricted ? kRestrictedCacheControl : kRevalidate);
}

bool ServerApp::may_read_restricted(const httplib::Request& req, httplib::Response& res, const std::string& pack_id) {
  const std::string sample_hint = "its free sample is at /api/v1/packs/" + pack_id + "/sample";
  // Someone who sent no credentials at all is told what to do, and not counted as a failed
  // sign-in: a school's students behind one address must not lock each other out.
  if (!req.has_header("Authorization") && !m_accounts->has_session_cookie(req)) {
    send_error(res, 403, "subscription_required", "pack \"" + pack_id + "\" is for subscribers: sign in with a plan that opens it; " + sample_hint);
    return false;
  }
  auto caller = authenticate(req, res, false);
  if (!caller) return false;
  if (caller->role != Role::student) return true;
  auto grant = m_subscription_store->running_grant(caller->user_id, SystemClock().now_ms() / 1000);
  if (!grant) {
    send_internal_error(req, res, grant.errors());
    return false;
  }
  if (!grant.value()) {
    send_error(res, 403, "subscription_required", "you have no running subscription: choose a plan to open pack \"" + pack_id + "\"; " + sample_hint);
    return false;
  }
  if (!grant.value()->opens(pack_id)) {
    send_error(res, 403, "subscription_required",
               "your plan \"" + grant.value()->subscription.plan_slug + "\" does not open pack \"" + pack_id + "\"; " + sample_hint);
    return false;
  }
  return true;
}

namespace {

bool is_rollback_route(const httplib::Request& req) {
  constexpr std::string_view kPrefix = "/api/v1/packs/", kSuffix = "/rollback";
  return req.method == "POST" && req.path.size() > kPrefix.size() + kSuffix.size() && req.path.rfind(kPrefix, 0) == 0 &&
         req.path.compare(req.path.size() - kSuffix.size(), kSuffix.size(), kSuffix) == 0;
}

// `prefix`, then an id of 1 to 18 digits (as the routes take it), then one of `suffixes`.
bool is_id_path(std::string_view path, std::string_view prefix, std::initializer_list<std::string_view> suffixes) {
  if (path.substr(0, prefix.size()) != prefix) return false;
  path.remove_prefix(prefix.size());
  const std::size_t digits = std::min(path.find_first_not_of("0123456789"), path.size());
  if (digits == 0 || digits > 18) return false;
  path.remove_prefix(digits);
  return std::find(suffixes.begin(), suffixes.end(), path) != suffixes.end();
}

// The routes that read a body, told from the request line alone (before routing, for Expect).
std::optional<ServerApp::BodyRoute> body_route(const httplib::Request& req) {
  using enum ServerApp::BodyRoute;
  if (req.method != "POST") return std::nullopt;
  const std::string_view path = req.path;
  if (path == "/api/v1/packs") return upload;
  if (is_rollback_route(req)) return rollback;
  if (path == "/api/v1/accounts" || path == "/api/v1/sessions" || path == "/api/v1/password-resets") return account_form;
  if (path == "/api/v1/me/delete") return account_deletion;
  if (path == "/api/v1/sync/push") return sync_push;
  if (path == "/api/v1/classes/join") return class_join;
  if (path == "/api/v1/payments") return payment_request;
  if (path == "/api/v1/me/notifications/read") return notifications_read;
  if (path == "/api/v1/me/language" || path == "/api/v1/me/rankings" || path == "/api/v1/me/exam-reminders") return language;
  if (path == "/api/v1/contact") return contact_form;
  if (is_id_path(path, "/api/v1/contact/", {""})) return contact_status;
  if (path == "/api/v1/exam-schedules" || is_id_path(path, "/api/v1/exam-schedules/", {""}) || path == "/api/v1/test/clock") return exam_schedule;
  if (is_id_path(path, "/api/v1/exams/", {"/start", "/submit"})) return exam_submission;
  if (is_id_path(path, "/api/v1/users/", {"/reset-code", "/disable", "/enable"})) return reset_code;
  if (is_id_path(path, "/api/v1/users/", {"/subscriptions", "/subscriptions/end", "/role"})) return subscription_grant;
  if (path == "/api/v1/admin/plans") return plan_form;
  if (is_id_path(path, "/api/v1/payments/", {"/approve", "/reject"})) return payment_decision;
  if (path == "/api/v1/classes" || is_id_path(path, "/api/v1/classes/", {"", "/code"})) return class_form;
  if (is_id_path(path, "/api/v1/classes/", {"/students"})) return class_students;
  return std::nullopt;
}

// What a route that reads a body admits before reading it.
struct BodyRule {
  enum class Type { any, json, json_if_any, zip } type;
  std::uint64_t max_bytes;
  // Said after "the body is larger than N bytes".
  std::string_view too_large_hint;
  // Who may send it: anyone (from this server's pages), a session, a student's session, or staff
  // by session (same origin) or API token.
  enum class Who { anyone_same_origin, session, student_session, staff } who;
  std::string_view not_a_student = {};
};

BodyRule body_rule(ServerApp::BodyRoute route) {
  using enum ServerApp::BodyRoute;
  using Type = BodyRule::Type;
  using Who = BodyRule::Who;
  constexpr auto kUnbounded = std::numeric_limits<std::uint64_t>::max();
  switch (route) {
    case upload: return {Type::zip, kUnbounded, {}, Who::staff};
    case rollback: return {Type::any, kUnbounded, {}, Who::staff};
    // Signing in from another site's page would sign the browser into the attacker's account.
    case account_form: return {Type::json, AccountsApi::kMaxBodyBytes, {}, Who::anyone_same_origin};
    // Only the person at this server's own pages deletes their account: by session, same origin.
    case account_deletion: return {Type::json, AccountsApi::kMaxBodyBytes, {}, Who::session};
    case reset_code: return {Type::any, kMaxResetCodeBodyBytes, ": issuing a reset code, disabling or enabling an account takes no body", Who::staff};
    case sync_push: return {Type::json, SyncApi::kMaxPushBytes, ": send at most 500 events at a time", Who::session};
    case class_form: return {Type::json, ClassesApi::kMaxBodyBytes, {}, Who::staff};
    case class_students: return {Type::json, AccountsApi::kMaxStudentsBodyBytes, ": send at most 500 students at a time", Who::staff};
    // A student joins with their own session (an API token is for scripts, not for joining).
    case class_join: return {Type::json, ClassesApi::kMaxBodyBytes, {}, Who::student_session, "only students join classes"};
    // The student's own session, from this server's pages: an API token is for staff's scripts.
    case payment_request: return {Type::json, PaymentsApi::kMaxBodyBytes, {}, Who::student_session, "only students ask for plans (staff grant them)"};
    case payment_decision: return {Type::json_if_any, PaymentsApi::kMaxBodyBytes, {}, Who::staff};
    case subscription_grant: return {Type::json, PaymentsApi::kMaxBodyBytes, {}, Who::staff};
    // Staff pass here; the handler lets admins only.
    case plan_form: return {Type::json, PaymentsApi::kMaxPlanBodyBytes, {}, Who::staff};
    case notifications_read: return {Type::json, NotificationsApi::kMaxBodyBytes, {}, Who::session};
    case language: return {Type::json, NotificationsApi::kMaxBodyBytes, {}, Who::session};
    // Anyone may write to the school, from its own pages (another site's form would be spam).
    case contact_form: return {Type::json, ContactApi::kMaxBodyBytes, {}, Who::anyone_same_origin};
    case contact_status: return {Type::json, NotificationsApi::kMaxBodyBytes, {}, Who::staff};
    case exam_schedule: return {Type::json, ExamsApi::kMaxBodyBytes, {}, Who::staff};
    // A student's own session: an exam is sat by the person, not a script.
    case exam_submission: return {Type::json_if_any, ExamsApi::kMaxBodyBytes, {}, Who::student_session, "only students sit scheduled exams"};
  }
  return {Type::any, 0, {}, Who::staff};
}

bool is_zip_type(const std::string& type) { return type == "application/zip" || type == "application/x-zip-compressed"; }

// application/json, with or without parameters ("; charset=utf-8"). A form post from another site
// cannot send this type without a CORS preflight, which this server never grants.
bool is_json_type(const std::string& type) {
  const std::string_view media = std::string_view(type).substr(0, type.find(';'));
  return media == "application/json";
}

// A place among the uploads that may hold a body in memory at once, taken or not.
class UploadSlot {
public:
  UploadSlot(std::atomic<std::size_t>& running, std::size_t most) : m_running(running) {
    std::size_t now = m_running.load();
    while (now < most && !m_running.compare_exchange_weak(now, now + 1)) {
    }
    m_taken = now < most;
  }
  ~UploadSlot() {
    if (m_taken) --m_running;
  }
  UploadSlot(const UploadSlot&) = delete;
  UploadSlot& operator=(const UploadSlot&) = delete;
  explicit operator bool() const { return m_taken; }

private:
  std::atomic<std::size_t>& m_running;
  bool m_taken = false;
};

}  // namespace

void ServerApp::send_internal_error(const httplib::Request& req, httplib::Response& res, const Diagnostics& errors) {
  umuhanda::send_internal_error(m_log, req, res, errors);
}

int ServerApp::admit_body(const httplib::Request& req, httplib::Response& res) {
  // cpp-httplib writes this answer without its content provider: the body must be plain.
  const PlainBodies plain;
  const std::optional<BodyRoute> route = body_route(req);
  if (route && !admit_before_body(req, res, *route)) return res.status;
  return 100;
}

std::optional<Caller> ServerApp::admit_before_body(const httplib::Request& req, httplib::Response& res, BodyRoute route) {
  using Type = BodyRule::Type;
  using Who = BodyRule::Who;
  const BodyRule rule = body_rule(route);
  const auto length = req.get_header_value<std::uint64_t>("Content-Length");
  if (rule.type == Type::json || (rule.type == Type::json_if_any && length > 0)) {
    if (!is_json_type(req.get_header_value("Content-Type"))) {
      send_error(res, 415, "unsupported_media_type", "send a JSON body with Content-Type: application/json");
      return std::nullopt;
    }
  }
  if (length > rule.max_bytes) {
    send_error(res, 413, "payload_too_large",
               "the body is larger than " + std::to_string(rule.max_bytes) + " bytes" + std::string(rule.too_large_hint));
    return std::nullopt;
  }
  if (rule.who == Who::anyone_same_origin) {
    if (refuse_cross_origin(req, res)) return std::nullopt;
    return Caller{};
  }
  if (rule.who == Who::session || rule.who == Who::student_session) {
    auto signed_in = m_accounts->require_session(req, res, true);
    if (!signed_in) return std::nullopt;
    if (rule.who == Who::student_session && signed_in->user.role != Role::student) {
      send_error(res, 403, "forbidden", std::string(rule.not_a_student));
      return std::nullopt;
    }
    return Caller{signed_in->user.name, signed_in->user.role, signed_in->user.id};
  }
  auto caller = authenticate(req, res, true);
  if (!caller) return std::nullopt;
  // An upload's type is checked after its sender: a stranger learns nothing about what it takes.
  if (rule.type == Type::zip && !is_zip_type(req.get_header_value("Content-Type"))) {
    send_error(res, 415, "unsupported_media_type", "upload a pack as a .zip with Content-Type: application/zip");
    return std::nullopt;
  }
  return caller;
}

bool ServerApp::answers_from_memory(std::string_view method, std::string_view target) {
  if (method != "GET" && method != "HEAD") return false;
  const ContentPath path = parse_content_path(target.substr(0, target.find('?')));
  switch (path.kind) {
    case ContentPath::Kind::media: return m_store.media_in_memory(std::string(path.sha256));
    // The current version is kept in memory by every reload; an unknown pack is a 404.
    // A restricted version asks the database who the caller is and what their plan opens.
    case ContentPath::Kind::pack_sample:
      if (m_store.sample(std::string(path.pack_id))) return true;
      [[fallthrough]];  // a public pack is its own sample
    case ContentPath::Kind::latest_pack: {
      auto version = m_store.current_version(std::string(path.pack_id));
      if (!version) return true;
      return !m_store.restricted(std::string(path.pack_id), *version) && m_store.version_in_memory(std::string(path.pack_id), *version);
    }
    case ContentPath::Kind::pack_version:
      if (path.version < 1) return true;
      return !m_store.restricted(std::string(path.pack_id), path.version) && m_store.version_in_memory(std::string(path.pack_id), path.version);
    // The catalog and version lists are in the snapshot; static files in memory.
    case ContentPath::Kind::catalog:
    case ContentPath::Kind::pack_versions:
    case ContentPath::Kind::not_api: return true;
    // /api/v1/me reads the token table. Any other API path (a 404 or 405 today) goes to a worker
    // too, so that a route added later is safe until it is classed here.
    case ContentPath::Kind::me:
    case ContentPath::Kind::other_api: return false;
  }
  return false;
}

void ServerApp::handle_upload(const httplib::Request& req, httplib::Response& res, const httplib::ContentReader& read_body) {
  auto caller = admit_before_body(req, res, BodyRoute::upload);
  if (!caller) return;
  // Each upload holds its body in memory: a few at once bound the total.
  UploadSlot slot(m_uploads_running, m_config.max_concurrent_uploads);
  if (!slot) {
    res.set_header("Retry-After", "5");
    return send_error(res, 503, "busy", std::to_string(m_config.max_concurrent_uploads) + " uploads are being processed: try again in a moment");
  }
  std::string body;
  if (!read_whole_body(req, read_body, body)) return send_body_too_slow(res);
  auto files = read_pack_zip(body);
  if (!files) return send_error(res, 422, "invalid_pack", "the upload is not a readable pack .zip", files.errors());
  auto loaded = load_pack_files(files.value());
  if (!loaded) {
    return send_error(res, 422, "invalid_pack", "the pack has " + std::to_string(loaded.errors().size()) + " error(s); nothing was changed",
                      loaded.errors());
  }
  // The pack's own problems are a 422; any other import failure is the database's, a 500 whose
  // details (SQL, file paths) go to the log only.
  auto newest = m_readers->with([&](Database& db) { return newest_version(db, loaded->pack.id); });
  if (!newest) return send_internal_error(req, res, newest.errors());
  if (auto conflict = version_conflict(loaded->pack, newest.value())) {
    return send_error(res, 422, "invalid_pack", "the pack was not imported; nothing was changed", {*conflict});
  }
  // Seconds of compression, with no lock held: readers and other requests go on meanwhile.
  const PreparedImport prepared = prepare_import(loaded.value());
  // Writers take turns (and reload in that turn, so snapshots are installed in commit order);
  // readers use their own connections and never wait for this.
  std::unique_lock import_lock(m_import_mutex);
  Expected<ImportOutcome> imported = [&] {
    std::lock_guard lock(m_db_mutex);
    return store_import(m_db, prepared);
  }();
  if (!imported) {
    // A version stored meanwhile by another upload is the pack's problem, not the server's.
    if (imported.errors().size() == 1 && imported.errors().front().path == "version") {
      return send_error(res, 422, "invalid_pack", "the pack was not imported; nothing was changed", imported.errors());
    }
    return send_internal_error(req, res, imported.errors());
  }
  if (auto reloaded = m_store.reload(); !reloaded) return send_internal_error(req, res, reloaded.errors());
  import_lock.unlock();
  m_log("pack \"" + imported->stored.pack_id + "\" version " + std::to_string(imported->stored.version) + " uploaded by " + caller->name);
  send_json(res, 201,
            {{"id", imported->stored.pack_id},
             {"version", imported->stored.version},
             {"sha256", imported->stored.sha256},
             {"new_media", imported->new_media},
             {"url", "/api/v1/packs/" + imported->stored.pack_id},
             {"warnings", details_json(imported->warnings)}},
            kPrivate);
}

void ServerApp::handle_rollback(const httplib::Request& req, httplib::Response& res, const httplib::ContentReader& read_body) {
  auto caller = admit_before_body(req, res, BodyRoute::rollback);
  if (!caller) return;
  const std::string pack_id = req.matches[1].str();
  std::string text;
  if (!read_whole_body(req, read_body, text)) return send_body_too_slow(res);
  const Expected<int> parsed = parse_rollback_body(text);
  if (!parsed) return send_error(res, 400, "bad_request", "send a JSON body {\"version\": N} naming the version to make current", parsed.errors());
  const int version = parsed.value();
  std::unique_lock import_lock(m_import_mutex);
  Expected<void> done = [&] {
    std::lock_guard lock(m_db_mutex);
    return set_current_version(m_db, pack_id, version);
  }();
  if (!done) return send_error(res, 404, "not_found", done.errors().front().message);
  if (auto reloaded = m_store.reload(); !reloaded) return send_internal_error(req, res, reloaded.errors());
  import_lock.unlock();
  m_log("pack \"" + pack_id + "\" rolled back to version " + std::to_string(version) + " by " + caller->name);
  send_json(res, 200, {{"id", pack_id}, {"version", version}, {"url", "/api/v1/packs/" + pack_id}}, kPrivate);
}

Expected<int> ServerApp::bind() {
  if (!m_http->is_valid()) return Expected<int>::failure(m_config.host + ":" + std::to_string(m_config.port), m_http->setup_error());
  int port = m_config.port == 0 ? m_http->bind_to_any_port(m_config.host) : (m_http->bind_to_port(m_config.host, m_config.port) ? m_config.port : -1);
  if (port < 0) {
    return Expected<int>::failure(m_config.host + ":" + std::to_string(m_config.port),
                                  "cannot listen here (in use, or not an address of this machine)");
  }
  // Linux applies a new backlog to a socket that already listens.
  if (m_listen_socket >= 0) ::listen(m_listen_socket, SOMAXCONN);
  return port;
}

void ServerApp::serve() { m_http->listen_after_bind(); }

void ServerApp::stop() { m_http->shut_down(); }

}  // namespace umuhanda
