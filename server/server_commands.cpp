// umuhanda-server's commands (see server_commands.hpp).
#include "server_commands.hpp"

#include <pthread.h>
#include <termios.h>
#include <unistd.h>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <ctime>
#include <iostream>
#include <thread>

#include "jobs/job_runner.hpp"
#include "jobs/server_jobs.hpp"
#include "jobs/sqlite_job_store.hpp"
#include "password_dictionary.hpp"
#include "passwords.hpp"
#include "payments_api.hpp"
#include "store/sqlite_account_store.hpp"
#include "store/sqlite_subscription_store.hpp"
#include "umuhanda/account_rules.hpp"

namespace umuhanda {
namespace {

// One write(2) per line and no lock held across it: lines from many threads do not interleave
// (stderr is a file, or a pipe that never splits a write shorter than PIPE_BUF, 4 KiB).
void log_line(const std::string& line) {
  thread_local std::time_t stamped_at = -1;
  thread_local char stamp[32];
  const std::time_t now = std::time(nullptr);
  if (now != stamped_at) {
    std::tm utc{};
    gmtime_r(&now, &utc);
    std::strftime(stamp, sizeof stamp, "%Y-%m-%dT%H:%M:%SZ ", &utc);
    stamped_at = now;
  }
  std::string text;
  text.reserve(line.size() + 32);
  text.append(stamp).append(line).push_back('\n');
  for (std::size_t written = 0; written < text.size();) {
    const ssize_t n = ::write(STDERR_FILENO, text.data() + written, text.size() - written);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return;
    written += static_cast<std::size_t>(n);
  }
}

int fail(const Diagnostics& errors, const std::string& what) {
  std::cerr << "umuhanda-server: " << what << ":\n" << to_string(errors);
  return 1;
}

Expected<Database> open_for_admin(const std::filesystem::path& data_dir) { return open_database(data_dir); }

// A line from standard input, without echo when it is a terminal.
std::string read_password_line() {
  const bool terminal = ::isatty(STDIN_FILENO) == 1;
  termios saved{};
  if (terminal) {
    std::cerr << "password: " << std::flush;
    ::tcgetattr(STDIN_FILENO, &saved);
    termios quiet = saved;
    quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
    ::tcsetattr(STDIN_FILENO, TCSANOW, &quiet);
  }
  std::string line;
  std::getline(std::cin, line);
  if (terminal) {
    ::tcsetattr(STDIN_FILENO, TCSANOW, &saved);
    std::cerr << "\n";
  }
  if (!line.empty() && line.back() == '\r') line.pop_back();
  return line;
}

// The rules a new password meets: its length, then the dictionary and runs.
Expected<void> check_new_password(const std::filesystem::path& dictionary_path, const std::string& password) {
  if (auto checked = check_password(password); !checked) return checked;
  PasswordDictionary dictionary;
  if (!dictionary_path.empty()) {
    auto loaded = PasswordDictionary::load(dictionary_path);
    if (!loaded) return loaded.errors();
    dictionary = std::move(loaded).value();
  }
  if (const std::string why = dictionary.refusal(password); !why.empty()) return Expected<void>::failure("password", why);
  return {};
}

// One of the server's stores over an admin's own connection (and a reader of its own for the
// store's reads), for commands run beside (or without) a running server.
template <class Store>
struct AdminStore {
  AdminStore(Database database, std::unique_ptr<ReadConnections> reader)
      : db(std::move(database)), readers(std::move(reader)), store(db, mutex, *readers) {}
  Database db;
  std::mutex mutex;
  std::unique_ptr<ReadConnections> readers;
  Store store;
};

template <class Store>
Expected<std::unique_ptr<AdminStore<Store>>> open_admin_store(const std::filesystem::path& data_dir) {
  auto db = open_for_admin(data_dir);
  if (!db) return db.errors();
  auto readers = ReadConnections::open(db->path(), 1);
  if (!readers) return readers.errors();
  return std::make_unique<AdminStore<Store>>(std::move(db).value(), std::move(readers).value());
}

auto open_accounts(const std::filesystem::path& data_dir) { return open_admin_store<SqliteAccountStore>(data_dir); }

}  // namespace

int serve_command(const ServerConfig& config) {
  // Block the stop signals in every thread; one thread waits for them and stops the server,
  // which is safe there and not in a signal handler.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);
  std::signal(SIGPIPE, SIG_IGN);

  auto app = ServerApp::create(config, log_line);
  if (!app) return fail(app.errors(), "cannot start");
  auto port = app.value()->bind();
  if (!port) return fail(port.errors(), "cannot listen");
  // Tests and scripts read this line to learn the port.
  std::printf("umuhanda-server listening on http://%s:%d\n", config.host.c_str(), port.value());
  std::fflush(stdout);

  ServerApp& server = *app.value();
  std::atomic<bool> finished{false};
  std::thread signal_waiter([&server, &finished, stop_signals] {
    int received = 0;
    sigwait(&stop_signals, &received);
    if (finished) return;
    log_line(std::string("received ") + (received == SIGINT ? "SIGINT" : "SIGTERM") + ", stopping");
    // cpp-httplib ignores stop() until its accept loop has started: repeat until serve() returns.
    while (!finished) {
      server.stop();
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
  });
  server.serve();
  finished = true;
  // serve() also returns if the listener fails: wake the waiter if it still waits for a signal.
  pthread_kill(signal_waiter.native_handle(), SIGTERM);
  signal_waiter.join();
  log_line("stopped");
  return 0;
}

int token_create_command(const std::filesystem::path& data_dir, const std::string& login, const std::string& name) {
  auto parsed_login = parse_login_identifier(login);
  if (!parsed_login) return fail(parsed_login.errors(), "cannot create the token");
  auto accounts = open_accounts(data_dir);
  if (!accounts) return fail(accounts.errors(), "cannot open the database");
  auto found = accounts.value()->store.find_user_by_login(parsed_login->value);
  if (!found) return fail(found.errors(), "cannot create the token");
  if (!found.value()) {
    return fail({error("login", "no account signs in as " + parsed_login->value + ": create it first with `user create`")},
                "cannot create the token");
  }
  const User& user = *found.value();
  auto created = create_token(accounts.value()->db, name.empty() ? user.name : name, user.id);
  if (!created) return fail(created.errors(), "cannot create the token");
  std::cout << "token " << created->info.id << " for " << user.name << " (" << to_string(user.role) << "):\n"
            << created->secret << "\nIt is shown only now: store it safely.\n";
  return 0;
}

int token_list_command(const std::filesystem::path& data_dir) {
  auto db = open_for_admin(data_dir);
  if (!db) return fail(db.errors(), "cannot open the database");
  auto tokens = list_tokens(db.value());
  if (!tokens) return fail(tokens.errors(), "cannot list tokens");
  for (const auto& t : tokens.value()) {
    std::cout << t.id << "\t" << to_string(t.role) << "\t" << t.name << "\t"
              << (t.user_id ? "account " + std::to_string(*t.user_id) : std::string("no account (made before accounts)")) << "\tcreated "
              << t.created_at << (t.revoked_at.empty() ? "" : "\trevoked " + t.revoked_at) << "\n";
  }
  return 0;
}

int token_revoke_command(const std::filesystem::path& data_dir, std::int64_t id) {
  auto db = open_for_admin(data_dir);
  if (!db) return fail(db.errors(), "cannot open the database");
  auto revoked = revoke_token(db.value(), id);
  if (!revoked) return fail(revoked.errors(), "cannot revoke");
  std::cout << "token " << id << " revoked\n";
  return 0;
}

int user_create_command(const std::filesystem::path& data_dir, const std::filesystem::path& dictionary, const std::string& name,
                        const std::string& login, const std::string& role) {
  auto normalized_name = normalize_display_name(name);
  if (!normalized_name) return fail(normalized_name.errors(), "cannot create the account");
  auto parsed_login = parse_login_identifier(login);
  if (!parsed_login) return fail(parsed_login.errors(), "cannot create the account");
  const std::string password = read_password_line();
  if (auto checked = check_new_password(dictionary, password); !checked) return fail(checked.errors(), "cannot create the account");
  auto accounts = open_accounts(data_dir);
  if (!accounts) return fail(accounts.errors(), "cannot open the database");
  PasswordHasher hasher;
  auto hashed = hasher.hash(password);
  if (!hashed) return fail(hashed.errors(), "cannot create the account");
  NewUser user{normalized_name.value(), std::nullopt, std::nullopt, role_from(role).value_or(Role::student), hashed.value()};
  (parsed_login->kind == LoginKind::phone ? user.phone : user.email) = parsed_login->value;
  auto created = accounts.value()->store.create_user(user);
  if (!created) return fail(created.errors(), "cannot create the account");
  std::cout << "account " << created->id << " for " << created->name << " (" << to_string(created->role) << "), signs in as " << parsed_login->value
            << "\n";
  return 0;
}

int user_password_command(const std::filesystem::path& data_dir, const std::filesystem::path& dictionary, const std::string& login) {
  auto parsed_login = parse_login_identifier(login);
  if (!parsed_login) return fail(parsed_login.errors(), "cannot set the password");
  auto accounts = open_accounts(data_dir);
  if (!accounts) return fail(accounts.errors(), "cannot open the database");
  AccountStore& store = accounts.value()->store;
  auto found = store.find_user_by_login(parsed_login->value);
  if (!found) return fail(found.errors(), "cannot set the password");
  if (!found.value()) return fail({error("login", "no account signs in as " + parsed_login->value)}, "cannot set the password");
  const std::string password = read_password_line();
  if (auto checked = check_new_password(dictionary, password); !checked) return fail(checked.errors(), "cannot set the password");
  PasswordHasher hasher;
  auto hashed = hasher.hash(password);
  if (!hashed) return fail(hashed.errors(), "cannot set the password");
  const std::int64_t id = found.value()->id;
  if (auto stored = store.set_password_hash(id, hashed.value()); !stored) return fail(stored.errors(), "cannot set the password");
  if (auto cleared = store.clear_failed_sign_ins(id); !cleared) return fail(cleared.errors(), "cannot clear the wrong-password count");
  auto ended = store.end_sessions_of(id, 0);
  if (!ended) return fail(ended.errors(), "cannot end the account's sessions");
  std::cout << "new password set for account " << id << "; " << ended.value() << " session(s) ended\n";
  return 0;
}

int user_disable_command(const std::filesystem::path& data_dir, const std::string& login, bool disable) {
  const char* what = disable ? "cannot disable the account" : "cannot enable the account";
  auto parsed_login = parse_login_identifier(login);
  if (!parsed_login) return fail(parsed_login.errors(), what);
  auto accounts = open_accounts(data_dir);
  if (!accounts) return fail(accounts.errors(), "cannot open the database");
  AccountStore& store = accounts.value()->store;
  auto found = store.find_user_by_login(parsed_login->value);
  if (!found) return fail(found.errors(), what);
  if (!found.value()) return fail({error("login", "no account signs in as " + parsed_login->value)}, what);
  const std::int64_t id = found.value()->id;
  const auto now = std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
  auto changed = disable ? store.disable_user(id, now) : store.enable_user(id);
  if (!changed) return fail(changed.errors(), what);
  std::cout << "account " << id << (disable ? " disabled: its sessions ended, its API tokens stop working\n" : " enabled: it can sign in again\n");
  return 0;
}

int import_command(const std::filesystem::path& data_dir, const std::filesystem::path& pack) {
  auto db = open_for_admin(data_dir);
  if (!db) return fail(db.errors(), "cannot open the database");
  auto imported = import_pack_path(db.value(), pack);
  if (!imported) return fail(imported.errors(), "not imported (nothing was changed)");
  std::cout << "imported pack \"" << imported->stored.pack_id << "\" version " << imported->stored.version << " (" << imported->new_media
            << " new media files, " << imported->warnings.size() << " warning(s)); a running server serves it after a restart\n";
  return 0;
}

// [SECTION] The job queue

int jobs_list_command(const std::filesystem::path& data_dir, const std::string& state_name, std::size_t limit) {
  std::optional<JobState> state;
  if (!state_name.empty()) {
    state = job_state_from(state_name);
    if (!state) return fail(Diagnostics{error("--state", "\"" + state_name + "\" is not one of available, running, done, dead")}, "nothing listed");
  }
  auto opened = open_admin_store<SqliteJobStore>(data_dir);
  if (!opened) return fail(opened.errors(), "cannot open the database");
  auto& store = opened.value()->store;
  auto counts = store.counts();
  auto jobs = store.list(state, limit);
  if (!counts) return fail(counts.errors(), "cannot read the job queue");
  if (!jobs) return fail(jobs.errors(), "cannot read the job queue");
  std::cout << "jobs: " << counts->available << " available, " << counts->running << " running, " << counts->done << " done, " << counts->dead
            << " dead\n";
  for (const Job& job : jobs.value()) {
    std::cout << job.id << "\t" << to_string(job.state) << "\t" << job.kind << "\tattempt " << job.attempts << "/" << job.max_attempts << "\t"
              << job.unique_key.value_or("-") << (job.last_error ? "\t" + *job.last_error : "") << "\n";
  }
  return 0;
}

int jobs_retry_command(const std::filesystem::path& data_dir, std::int64_t id) {
  auto opened = open_admin_store<SqliteJobStore>(data_dir);
  if (!opened) return fail(opened.errors(), "cannot open the database");
  auto& store = opened.value()->store;
  auto retried = store.retry_now(id, SystemClock().now_ms());
  if (!retried) return fail(retried.errors(), "not retried");
  if (!retried.value()) {
    std::cerr << "error: job " << id << " is not dead or waiting for a retry (see `jobs list`)\n";
    return 1;
  }
  signal_job_runner(opened.value()->db.path());
  std::cout << "job " << id << " will run again now\n";
  return 0;
}

int jobs_probe_command(const std::filesystem::path& data_dir, std::size_t count, const std::string& prefix) {
  auto db = open_for_admin(data_dir);
  if (!db) return fail(db.errors(), "cannot open the database");
  const std::int64_t now_ms = SystemClock().now_ms();
  auto transaction = Transaction::begin(db.value());
  if (!transaction) return fail(transaction.errors(), "no probe enqueued");
  std::size_t added = 0;
  for (std::size_t i = 0; i < count; ++i) {
    auto enqueued = enqueue_job(db.value(), probe_job(prefix + std::to_string(i), now_ms), now_ms);
    if (!enqueued) return fail(enqueued.errors(), "no probe enqueued");
    added += enqueued.value() ? 1 : 0;
  }
  if (auto committed = transaction->commit(); !committed) return fail(committed.errors(), "no probe enqueued");
  signal_job_runner(db->path());
  std::cout << "enqueued " << added << " queue.probe job(s) (" << count - added << " existed already)\n";
  return 0;
}

// [SECTION] Plans

int plans_import_command(const std::filesystem::path& data_dir, const std::filesystem::path& file) {
  auto plans = read_plans_file(file);
  if (!plans) return fail(plans.errors(), "no plan imported (nothing was changed)");
  auto opened = open_admin_store<SqliteSubscriptionStore>(data_dir);
  if (!opened) return fail(opened.errors(), "cannot open the database");
  auto& store = opened.value()->store;
  for (const Plan& plan : plans.value()) {
    auto saved = store.save_plan(plan, std::nullopt, SystemClock().now_ms() / 1000);
    if (!saved) return fail(saved.errors(), "plan " + plan.slug + " not saved (the ones before it were)");
    std::cout << "plan " << saved->slug << " (id " << saved->id << "): " << saved->price_rwf << " RWF for " << saved->duration_seconds << " s"
              << (saved->active ? "" : ", not offered") << "\n";
  }
  return 0;
}

int plans_list_command(const std::filesystem::path& data_dir) {
  auto opened = open_admin_store<SqliteSubscriptionStore>(data_dir);
  if (!opened) return fail(opened.errors(), "cannot open the database");
  auto& store = opened.value()->store;
  auto plans = store.plans(false);
  if (!plans) return fail(plans.errors(), "cannot read the plans");
  for (const Plan& plan : plans.value()) {
    std::cout << plan.id << "\t" << plan.slug << "\t" << plan.price_rwf << " RWF\t" << plan.duration_seconds << " s\t"
              << (plan.active ? "offered" : "not offered") << "\t"
              << (plan.packs ? std::to_string(plan.packs->size()) + " pack(s)" : "every restricted pack") << "\n";
  }
  return 0;
}

}  // namespace umuhanda
