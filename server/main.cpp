// umuhanda-server: serves the API and the client (default), or administers the database:
// `token create|list|revoke` and `import PACK` for a school admin on the VPS. Only the command
// line lives here; the commands are in server_commands.cpp.
#include <CLI/CLI.hpp>

#include <filesystem>

#include "server_commands.hpp"

namespace {

std::filesystem::path executable_dir() {
  std::error_code ec;
  auto self = std::filesystem::read_symlink("/proc/self/exe", ec);
  return ec ? std::filesystem::current_path() : self.parent_path();
}

}  // namespace

int main(int argc, char** argv) {
  umuhanda::ServerConfig config;
  const auto beside_binary = executable_dir();
  std::string web_dir = (beside_binary / "web").string();
  std::string packs_dir = (beside_binary / "assets" / "packs").string();
  std::string data_dir = "data";
  std::size_t max_upload_mb = config.max_upload_bytes >> 20;
  std::size_t cache_mb = config.cache_bytes >> 20;

  CLI::App cli{
      "umuhanda-server: the Umuhanda content API and web client server.\n"
      "Keeps its data in DATA/umuhanda.db (SQLite), created and seeded with the default pack when missing.\n"
      "Without a subcommand it serves; `token` and `import` administer the database."};
  // A later occurrence wins, so scripts can append overrides to a default command line.
  cli.option_defaults()->multi_option_policy(CLI::MultiOptionPolicy::TakeLast);
  cli.add_option("--data", data_dir, "folder holding umuhanda.db")->capture_default_str();
  cli.add_option("--host", config.host, "address to listen on")->capture_default_str();
  cli.add_option("--port", config.port, "TCP port; 0 picks a free one (printed at start)")->capture_default_str()->check(CLI::Range(0, 65535));
  cli.add_option("--web", web_dir, "folder of the built web client; \"\" serves the API only")->capture_default_str();
  cli.add_option("--seed-packs", packs_dir, "folder of pack folders imported into an empty database")->capture_default_str();
  cli.add_option("--event-threads", config.event_threads, "threads answering requests that arrived whole; 0 = one per core")
      ->capture_default_str()
      ->check(CLI::Range(0, 256));
  cli.add_option("--min-threads", config.min_threads, "worker threads kept ready for slow clients (requests arriving in parts, slow readers)")
      ->capture_default_str()
      ->check(CLI::Range(1, 1024));
  cli.add_option("--max-threads", config.max_threads, "most worker threads, each serving one slow client")
      ->capture_default_str()
      ->check(CLI::Range(2, 4096));
  cli.add_option("--keep-alive", config.keep_alive_seconds, "seconds an idle connection is kept open")
      ->capture_default_str()
      ->check(CLI::Range(1, 300));
  cli.add_option("--read-timeout", config.read_timeout_seconds, "seconds a client may stay silent mid-request")
      ->capture_default_str()
      ->check(CLI::Range(1, 300));
  cli.add_option("--head-timeout", config.head_timeout_seconds,
                 "seconds a request head may take to arrive whole (from its first byte); a body gets the same grace before its minimum rate applies")
      ->capture_default_str()
      ->check(CLI::Range(1, 300));
  cli.add_option("--min-body-rate", config.min_body_bytes_per_second, "bytes per second a request body must keep up on average (0: no minimum)")
      ->capture_default_str();
  cli.add_option("--max-uploads", config.max_concurrent_uploads, "pack uploads processed at once (each holds its body in memory); more get 503")
      ->capture_default_str()
      ->check(CLI::Range(1, 64));
  cli.add_option("--max-upload-mb", max_upload_mb, "largest pack upload accepted (413 above)")->capture_default_str()->check(CLI::Range(1, 4096));
  cli.add_option("--cache-mb", cache_mb, "memory for encoded pack and media bodies")->capture_default_str()->check(CLI::Range(1, 65536));
  cli.add_option("--password-dictionary", config.password_dictionary,
                 "word list of passwords refused as too easy to guess (Debian's cracklib-runtime); \"\" refuses only runs like 12345678")
      ->capture_default_str();
  cli.add_flag("--durable-commits", config.durable_commits,
               "sync each commit to disk before answering (SQLite synchronous=FULL): an acknowledged push survives a power loss, not only a "
               "crash of the server; slower (docs/sync.md)");
  cli.add_flag("--secure-cookies", config.secure_cookies,
               "clients reach the server over HTTPS (TLS ends at nginx): the session cookie is __Host-umuhanda_session, Secure");
  // Hidden: for tests of expiry, which would otherwise wait 10 minutes.
  cli.add_option("--reset-code-seconds", config.reset_code_seconds, "how long a password reset code lives")
      ->check(CLI::Range(std::int64_t{0}, std::int64_t{86400}))
      ->group("");
  std::string access_log = "errors";
  cli.add_option("--access-log", access_log,
                 "which requests get a line on stderr: \"errors\" (status >= 400, and every request but GET, HEAD and OPTIONS) or \"all\"")
      ->capture_default_str()
      ->check(CLI::IsMember({"errors", "all"}));

  auto* token = cli.add_subcommand("token", "manage API tokens (shown once, stored as a hash)");
  token->require_subcommand(1);
  std::string token_name, token_login;
  std::int64_t token_id = 0;
  auto* token_create = token->add_subcommand("create", "create a token for an instructor's or admin's account and print it once");
  token_create->add_option("--login", token_login, "the account's phone number or email (it acts with that account's role)")->required();
  token_create->add_option("--name", token_name, "a label, e.g. \"Alice's upload script\" (default: the account's name)");
  auto* token_list = token->add_subcommand("list", "list tokens (never their secrets)");
  auto* token_revoke = token->add_subcommand("revoke", "revoke a token by id");
  token_revoke->add_option("ID", token_id, "id shown by `token list`")->required();

  auto* user = cli.add_subcommand("user", "manage accounts (the password is read from standard input)");
  user->require_subcommand(1);
  std::string user_name, user_login, user_role = "student";
  auto* user_create = user->add_subcommand("create", "create an account, e.g. the school's first admin");
  user_create->add_option("--name", user_name, "the person's name")->required();
  user_create->add_option("--login", user_login, "their phone number (07X XXX XXXX) or email")->required();
  user_create->add_option("--role", user_role, "student, instructor or admin")
      ->capture_default_str()
      ->check(CLI::IsMember({"student", "instructor", "admin"}));
  auto* user_password = user->add_subcommand("password", "set a new password; clears the wrong-password count, ends the account's sessions");
  user_password->add_option("--login", user_login, "their phone number or email")->required();
  auto* user_disable = user->add_subcommand("disable", "disable an account: its sessions end, its API tokens stop working");
  user_disable->add_option("--login", user_login, "their phone number or email")->required();
  auto* user_enable = user->add_subcommand("enable", "let a disabled account sign in again");
  user_enable->add_option("--login", user_login, "their phone number or email")->required();

  cli.add_option("--payment-instructions", config.payment_instructions,
                 "JSON file saying how students pay this school (operators, payee, merchant code, USSD; docs/payments.md); none: no payments")
      ->check(CLI::ExistingFile);
  cli.add_option("--time-zone", config.time_zone,
                 "the school's time zone (tz database name): recurring jobs and exam schedules read their times in it")
      ->capture_default_str();
  // Hidden: tests shorten the time a dead worker's jobs wait, and the runner's sleep.
  cli.add_option("--job-lease-ms", config.job_lease_ms, "how long a job may run before another worker takes it again")
      ->check(CLI::Range(std::int64_t{100}, std::int64_t{3600000}))
      ->group("");
  cli.add_option("--job-batch", config.job_batch, "jobs taken and finished in one transaction (the benchmark's baseline uses 1)")
      ->check(CLI::Range(std::size_t{1}, std::size_t{10000}))
      ->group("");
  cli.add_option("--job-poll-ms", config.job_poll_ms, "the longest the job runner sleeps between looks at the queue")
      ->check(CLI::Range(std::int64_t{10}, std::int64_t{60000}))
      ->group("");

#ifdef UMUHANDA_TEST_HOOKS
  cli.add_flag("--test-clock", config.test_clock, "let an admin set the clock of exams and jobs (POST /api/v1/test/clock): tests only")->group("");
#endif
  cli.add_option("--job-retry-scale", config.job_retry_scale, "multiplies the delays before failed jobs run again")
      ->check(CLI::Range(0.0001, 1000.0))
      ->group("");

  cli.add_option("--backup-dir", config.backup_dir, "where the nightly copy of the database goes (default: DATA/backups)");
  cli.add_option("--backup-keep", config.backup_keep, "how many nightly copies are kept, newest first; 0: no nightly backup")
      ->check(CLI::Range(0, 3650))
      ->capture_default_str();

  // Notifications by email and webhook (docs/notifications.md).
  const std::string notify_group = "Notifications by email and webhook";
  cli.add_option("--school-name", config.school_name, "the name that signs every email and webhook message")
      ->capture_default_str()
      ->group(notify_group);
  cli.add_option("--smtp-url", config.smtp_url, "mail server: smtp://host:587 (STARTTLS) or smtps://host:465; none: no email")->group(notify_group);
  cli.add_option("--smtp-user", config.smtp_user, "login at the mail server")->group(notify_group);
  cli.add_option("--smtp-password-file", config.smtp_password_file, "file holding the mail server's password")
      ->check(CLI::ExistingFile)
      ->group(notify_group);
  cli.add_option("--mail-from", config.mail_from, "sender of the emails, e.g. 'Kigali Driving School <no-reply@school.rw>'")->group(notify_group);
  cli.add_flag("--smtp-plain", config.smtp_plain, "send over smtp:// without STARTTLS (only to a relay on this machine)")->group(notify_group);
  cli.add_option("--smtp-ca-file", config.smtp_ca_file, "PEM certificates to trust for the mail server instead of the system's")
      ->check(CLI::ExistingFile)
      ->group(notify_group);
  cli.add_option("--webhook-url", config.webhook_url, "http(s):// address each notification is POSTed to as JSON (a WhatsApp or SMS gateway)")
      ->group(notify_group);
  cli.add_option("--webhook-secret-file", config.webhook_secret_file, "file holding the key that signs each webhook message (HMAC-SHA256)")
      ->check(CLI::ExistingFile)
      ->group(notify_group);

  cli.add_option("--sse-heartbeat-ms", config.sse_heartbeat_ms, "how long an event stream may stay silent before a comment line keeps it open")
      ->check(CLI::Range(std::int64_t{100}, std::int64_t{600000}))
      ->group("");

  auto* jobs = cli.add_subcommand("jobs", "look at the job queue (docs/jobs.md)");
  jobs->require_subcommand(1);
  std::string jobs_state, probe_prefix = "probe-";
  std::size_t jobs_limit = 50, probe_count = 1;
  std::int64_t job_id = 0;
  auto* jobs_list = jobs->add_subcommand("list", "counts by state, then the newest jobs");
  jobs_list->add_option("--state", jobs_state, "only jobs in this state: available, running, done or dead");
  jobs_list->add_option("--limit", jobs_limit, "how many jobs to list")->capture_default_str();
  auto* jobs_retry = jobs->add_subcommand("retry", "run a dead job (or one waiting for its retry) again now");
  jobs_retry->add_option("ID", job_id, "id shown by `jobs list`")->required();
  auto* jobs_probe = jobs->add_subcommand("probe", "enqueue queue.probe jobs, each writing one row when done (is the queue running?)");
  jobs_probe->add_option("--count", probe_count, "how many")->capture_default_str()->check(CLI::Range(std::size_t{1}, std::size_t{10000000}));
  jobs_probe->add_option("--prefix", probe_prefix, "their names: PREFIX0, PREFIX1, ...")->capture_default_str();

  auto* plans = cli.add_subcommand("plans", "the plans students buy (docs/payments.md)");
  plans->require_subcommand(1);
  std::string plans_file;
  auto* plans_import =
      plans->add_subcommand("import", "save the plans of a plans file (docs/examples/plans.json): new slugs added, known ones updated");
  plans_import->add_option("FILE", plans_file, "the plans file")->required()->check(CLI::ExistingFile);
  auto* plans_list = plans->add_subcommand("list", "list every plan, offered or not");

  std::string import_path;
  auto* import = cli.add_subcommand("import", "import a pack .zip or folder into the database, as an upload would");
  import->add_option("PACK", import_path, "pack .zip file or pack folder")->required()->check(CLI::ExistingPath);

  CLI11_PARSE(cli, argc, argv);
  config.data_dir = data_dir;
  config.web_dir = web_dir;
  config.seed_packs_dir = packs_dir;
  config.max_upload_bytes = max_upload_mb << 20;
  config.cache_bytes = cache_mb << 20;
  config.access_log = access_log == "all" ? umuhanda::AccessLog::all : umuhanda::AccessLog::errors;

  if (token_create->parsed()) return umuhanda::token_create_command(config.data_dir, token_login, token_name);
  if (token_list->parsed()) return umuhanda::token_list_command(config.data_dir);
  if (token_revoke->parsed()) return umuhanda::token_revoke_command(config.data_dir, token_id);
  if (user_create->parsed()) return umuhanda::user_create_command(config.data_dir, config.password_dictionary, user_name, user_login, user_role);
  if (user_password->parsed()) return umuhanda::user_password_command(config.data_dir, config.password_dictionary, user_login);
  if (user_disable->parsed()) return umuhanda::user_disable_command(config.data_dir, user_login, true);
  if (user_enable->parsed()) return umuhanda::user_disable_command(config.data_dir, user_login, false);
  if (import->parsed()) return umuhanda::import_command(config.data_dir, import_path);
  if (plans_import->parsed()) return umuhanda::plans_import_command(config.data_dir, plans_file);
  if (plans_list->parsed()) return umuhanda::plans_list_command(config.data_dir);
  if (jobs_list->parsed()) return umuhanda::jobs_list_command(config.data_dir, jobs_state, jobs_limit);
  if (jobs_retry->parsed()) return umuhanda::jobs_retry_command(config.data_dir, job_id);
  if (jobs_probe->parsed()) return umuhanda::jobs_probe_command(config.data_dir, probe_count, probe_prefix);
  return umuhanda::serve_command(config);
}
