// The jobs this server runs, by kind, and its recurring rules. Features add theirs here (the
// payments, exams and notifications of issue 13 as they land); docs/jobs.md lists them all.
#pragma once

#include "jobs/database_backup.hpp"
#include "jobs/job_runner.hpp"
#include "umuhanda/clock.hpp"

namespace umuhanda {

// Kinds of job (the `kind` column).
inline constexpr const char* kProbeJob = "queue.probe";             // writes one row: proves the queue works (doctor, tests, benchmark)
inline constexpr const char* kCleanUpJob = "maintenance.clean_up";  // expired sessions and reset codes, old finished jobs
inline constexpr const char* kBackUpJob = "maintenance.backup";     // a checked copy of the database (database_backup.hpp)

// Done jobs are kept this long for admins to look at, then deleted by the clean-up.
inline constexpr std::int64_t kKeepDoneJobsMs = 7LL * 24 * 3600 * 1000;

// Registers every kind's handler and every recurring rule on `runner`, in `zone` (the school's).
// The backup runs every night at 02:30 there, unless `backup.keep` is 0.
void register_server_jobs(JobRunner& runner, const TimeZone& zone, const Clock& clock, const BackupSettings& backup);

// A queue.probe job for `probe` (a name unique to the probe): enqueued once however often asked.
NewJob probe_job(const std::string& probe, std::int64_t now_ms);

}  // namespace umuhanda
