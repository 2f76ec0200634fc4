// The umuhanda-server commands as functions returning an exit code, so main.cpp only parses the
// command line: serving (until SIGINT or SIGTERM), and administering the database on the VPS.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>

#include "server_app.hpp"

namespace umuhanda {

// Serves `config` until SIGINT or SIGTERM; logs to stderr, prints the port it listens on to stdout.
int serve_command(const ServerConfig& config);

// Tokens: created for an instructor's or admin's account (the secret printed once; `name` labels
// it, the account's name when empty), listed (never their secrets), revoked by id.
int token_create_command(const std::filesystem::path& data_dir, const std::string& login, const std::string& name);
int token_list_command(const std::filesystem::path& data_dir);
int token_revoke_command(const std::filesystem::path& data_dir, std::int64_t id);

// Accounts: created with a role (the first admin is made this way), or given a new password (which
// also clears the wrong-password count and ends the account's sessions). The password is read from
// standard input (one line; typed without echo on a terminal), never from the command line, where
// other users of the machine could see it.
// `dictionary`: the list of passwords refused (empty: only runs such as 12345678 are refused).
int user_create_command(const std::filesystem::path& data_dir, const std::filesystem::path& dictionary, const std::string& name,
                        const std::string& login, const std::string& role);
// Disables an account (its sessions end at once, its API tokens stop working) or enables it again.
int user_disable_command(const std::filesystem::path& data_dir, const std::string& login, bool disable);
int user_password_command(const std::filesystem::path& data_dir, const std::filesystem::path& dictionary, const std::string& login);

// Imports a pack .zip or folder as an upload would (nothing changes when it fails).
int import_command(const std::filesystem::path& data_dir, const std::filesystem::path& pack);

// The job queue: jobs by state (newest first), a dead job run again, and `count` queue.probe jobs
// named PREFIX0, PREFIX1, ... enqueued in one transaction (each writes one row in job_probes: how
// an admin, a test or the benchmark sees the queue work).
int jobs_list_command(const std::filesystem::path& data_dir, const std::string& state, std::size_t limit);
int jobs_retry_command(const std::filesystem::path& data_dir, std::int64_t id);
int jobs_probe_command(const std::filesystem::path& data_dir, std::size_t count, const std::string& prefix);

// Plans: a plans file (read_plans_file) saved into the database, each plan by its slug (a new
// slug adds a plan; a known one is updated; audited), or all of them listed.
int plans_import_command(const std::filesystem::path& data_dir, const std::filesystem::path& file);
int plans_list_command(const std::filesystem::path& data_dir);

}  // namespace umuhanda
