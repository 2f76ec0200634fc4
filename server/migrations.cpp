// Schema history. Never edit a migration that has shipped: add a new one.
#include "migrations.hpp"

#include <span>

namespace umuhanda {
namespace {

struct Migration {
  int version;
  const char* description;
  const char* sql;
};

constexpr Migration kMigrations[] = {
    {1, "pack versions and the current version of each pack", R"sql(
      CREATE TABLE pack_versions (
        pack_id     TEXT    NOT NULL,
        version     INTEGER NOT NULL,
        body        BLOB    NOT NULL,  -- canonical pack.json bytes, exactly as served
        sha256      TEXT    NOT NULL,  -- of body, hex
        imported_at TEXT    NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
        PRIMARY KEY (pack_id, version)
      ) WITHOUT ROWID;
      CREATE TABLE packs (
        pack_id         TEXT    PRIMARY KEY,
        current_version INTEGER NOT NULL,
        FOREIGN KEY (pack_id, current_version) REFERENCES pack_versions (pack_id, version)
      ) WITHOUT ROWID;
    )sql"},
    {2, "precompressed pack bodies, content-addressed media, API tokens", R"sql(
      ALTER TABLE pack_versions ADD COLUMN body_gzip BLOB;  -- filled at import (or at start for older rows)
      ALTER TABLE pack_versions ADD COLUMN body_br BLOB;
      CREATE TABLE media (
        sha256      TEXT    PRIMARY KEY,  -- hex of body
        mime        TEXT    NOT NULL,
        width       INTEGER NOT NULL,
        height      INTEGER NOT NULL,
        body        BLOB    NOT NULL,
        imported_at TEXT    NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
      );
      CREATE TABLE api_tokens (
        id          INTEGER PRIMARY KEY,
        name        TEXT    NOT NULL,
        role        TEXT    NOT NULL CHECK (role IN ('student', 'instructor', 'admin')),
        token_hash  TEXT    NOT NULL UNIQUE,  -- BLAKE2b of the token; the token itself is never stored
        created_at  TEXT    NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
        revoked_at  TEXT
      );
    )sql"},
    {3, "accounts and their sessions", R"sql(
      CREATE TABLE users (
        id            INTEGER PRIMARY KEY,
        name          TEXT    NOT NULL,
        phone         TEXT    UNIQUE,  -- E.164, e.g. +250781234567
        email         TEXT    UNIQUE COLLATE NOCASE,  -- as typed, domain lower-cased; matched without ASCII case
        role          TEXT    NOT NULL CHECK (role IN ('student', 'instructor', 'admin')),
        password_hash TEXT    NOT NULL,  -- libsodium crypto_pwhash_str (argon2id); never the password
        created_at    INTEGER NOT NULL,  -- Unix seconds, as every time of the accounts tables
        disabled_at   INTEGER,
        failed_sign_ins INTEGER NOT NULL DEFAULT 0,  -- wrong passwords in a row; 100 stop sign-in until a reset
        CHECK (phone IS NOT NULL OR email IS NOT NULL)
      );
      CREATE TABLE sessions (
        id           INTEGER PRIMARY KEY,
        user_id      INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        token_hash   TEXT    NOT NULL UNIQUE,  -- BLAKE2b of the cookie's secret
        device       TEXT    NOT NULL DEFAULT '',
        created_at   INTEGER NOT NULL,
        last_seen_at INTEGER NOT NULL,
        idle_seconds INTEGER NOT NULL  -- ends when unused this long (students 30 days, staff 12 hours)
      );
      CREATE INDEX sessions_of_user ON sessions (user_id, last_seen_at);
    )sql"},
    {4, "the progress events students' devices sync", R"sql(
      CREATE TABLE progress_events (
        seq       INTEGER PRIMARY KEY AUTOINCREMENT,  -- the pull order and cursor; never reused
        user_id   INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        event_id  TEXT    NOT NULL,  -- chosen on the device: "<device id>:<counter>"
        device    TEXT    NOT NULL,  -- the device that pushed it
        type      TEXT    NOT NULL,  -- answer, exam_attempt, reset
        at_ms     INTEGER NOT NULL,  -- when it happened on its device (Unix ms)
        body      TEXT    NOT NULL,  -- the record's JSON line
        stored_at INTEGER NOT NULL,  -- Unix seconds
        UNIQUE (user_id, event_id)
      );
      CREATE INDEX progress_events_of_user ON progress_events (user_id, seq);
    )sql"},
    {5, "API tokens belong to users", R"sql(
      ALTER TABLE api_tokens ADD COLUMN user_id INTEGER REFERENCES users (id) ON DELETE CASCADE;  -- NULL: made before users existed
    )sql"},
    {6, "classes and their members", R"sql(
      CREATE TABLE classes (
        id            INTEGER PRIMARY KEY,
        name          TEXT    NOT NULL,
        instructor_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        join_code     TEXT    NOT NULL UNIQUE,  -- canonical form (account_rules.hpp): 8 Crockford base32 characters
        joining       INTEGER NOT NULL DEFAULT 1 CHECK (joining IN (0, 1)),  -- 0: the code is switched off
        created_at    INTEGER NOT NULL  -- Unix seconds
      );
      CREATE INDEX classes_of_instructor ON classes (instructor_id);
      CREATE TABLE class_members (
        class_id  INTEGER NOT NULL REFERENCES classes (id) ON DELETE CASCADE,
        user_id   INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        joined_at INTEGER NOT NULL,  -- Unix seconds
        PRIMARY KEY (class_id, user_id)
      );
      CREATE INDEX class_members_of_user ON class_members (user_id);
    )sql"},
    {7, "password reset codes staff issue", R"sql(
      CREATE TABLE reset_codes (
        user_id    INTEGER PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,  -- one code per account: a new one replaces it
        code_hash  TEXT    NOT NULL,  -- keyed BLAKE2b of the code (secret_tokens.hpp); never the code
        issued_by  INTEGER REFERENCES users (id) ON DELETE SET NULL,  -- the instructor or admin who issued it
        issued_at  INTEGER NOT NULL,  -- Unix seconds
        expires_at INTEGER NOT NULL,  -- Unix seconds; the code is dead from this second on
        tries_left INTEGER NOT NULL CHECK (tries_left >= 0)  -- wrong tries it still takes; at 0 it is deleted
      );
    )sql"},
    {8, "the durable job queue and its recurring rules", R"sql(
      CREATE TABLE jobs (
        id           INTEGER PRIMARY KEY AUTOINCREMENT,  -- never reused: a job id names one job for good
        kind         TEXT    NOT NULL,  -- which handler runs it ("sessions.clean_up", ...)
        args         TEXT    NOT NULL DEFAULT '{}',  -- JSON object for the handler
        state        TEXT    NOT NULL DEFAULT 'available' CHECK (state IN ('available', 'running', 'done', 'dead')),
        run_at_ms    INTEGER NOT NULL,  -- not before this (Unix ms): its time, or its next retry
        attempts     INTEGER NOT NULL DEFAULT 0,  -- times a worker took it
        max_attempts INTEGER NOT NULL CHECK (max_attempts >= 1),
        unique_key   TEXT    UNIQUE,  -- a second job with this key is not enqueued (a recurring occurrence, an event)
        lease_owner  TEXT,  -- the worker running it
        lease_until_ms INTEGER,  -- past this, the worker is taken for dead and the job runs again
        last_error   TEXT,
        created_at_ms  INTEGER NOT NULL,
        finished_at_ms INTEGER  -- done, or dead
      );
      CREATE INDEX jobs_due ON jobs (run_at_ms) WHERE state = 'available';
      CREATE INDEX jobs_leased ON jobs (lease_until_ms) WHERE state = 'running';
      CREATE INDEX jobs_finished ON jobs (finished_at_ms) WHERE state IN ('done', 'dead');
      CREATE TABLE recurring_jobs (
        name             TEXT    PRIMARY KEY,
        planned_until_ms INTEGER NOT NULL  -- the latest occurrence enqueued; the next is after it
      ) WITHOUT ROWID;
      CREATE TABLE job_probes (
        probe  TEXT    PRIMARY KEY,  -- a queue.probe job's "probe" argument
        job_id INTEGER NOT NULL,
        runs   INTEGER NOT NULL,  -- times its effect was written: more than 1 would be a job done twice
        done_at_ms INTEGER NOT NULL
      ) WITHOUT ROWID;
    )sql"},
    {9, "plans, payment requests, subscriptions and the audit log", R"sql(
      CREATE TABLE plans (
        id               INTEGER PRIMARY KEY AUTOINCREMENT,
        slug             TEXT    NOT NULL UNIQUE,  -- "weekly": how admins and files name it
        names            TEXT    NOT NULL,  -- JSON {"en": ..., "fr": ..., "rw": ...}
        duration_seconds INTEGER NOT NULL CHECK (duration_seconds > 0),
        price_rwf        INTEGER NOT NULL CHECK (price_rwf > 0),
        packs            TEXT,  -- JSON array of pack ids it opens; NULL: every restricted pack
        active           INTEGER NOT NULL DEFAULT 1,  -- 0: not offered (payments already made still count)
        updated_at       INTEGER NOT NULL  -- Unix seconds
      );
      CREATE TABLE payment_requests (
        id             INTEGER PRIMARY KEY AUTOINCREMENT,
        user_id        INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        plan_id        INTEGER NOT NULL REFERENCES plans (id),
        amount_rwf     INTEGER NOT NULL,  -- the plan's price when asked: what the student was told to pay
        operator       TEXT    NOT NULL,  -- "mtn", "airtel": as the payment instructions name them
        payer_phone    TEXT    NOT NULL,  -- E.164: the number the money came from
        transaction_id TEXT    NOT NULL UNIQUE,  -- from the operator's SMS, normalised: one claim per payment
        state          TEXT    NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'approved', 'rejected')),
        reason         TEXT,  -- why it was rejected, shown to the student
        decided_by     INTEGER REFERENCES users (id) ON DELETE SET NULL,
        decided_at     INTEGER,
        created_at     INTEGER NOT NULL
      );
      CREATE INDEX payment_requests_by_state ON payment_requests (state, created_at);
      CREATE INDEX payment_requests_of_user ON payment_requests (user_id, created_at);
      CREATE TABLE subscriptions (
        id         INTEGER PRIMARY KEY AUTOINCREMENT,
        user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        plan_id    INTEGER NOT NULL REFERENCES plans (id),
        payment_id INTEGER REFERENCES payment_requests (id) ON DELETE SET NULL,  -- NULL: granted by staff
        starts_at  INTEGER NOT NULL,
        ends_at    INTEGER NOT NULL,  -- Unix seconds; open until this second
        ended      INTEGER NOT NULL DEFAULT 0,  -- 1 once the expiry job recorded its end
        created_at INTEGER NOT NULL
      );
      CREATE INDEX subscriptions_of_user ON subscriptions (user_id, ends_at);
      CREATE INDEX subscriptions_running ON subscriptions (ends_at) WHERE ended = 0;
      CREATE TABLE audit_log (
        id       INTEGER PRIMARY KEY AUTOINCREMENT,
        at       INTEGER NOT NULL,  -- Unix seconds
        actor_id INTEGER REFERENCES users (id) ON DELETE SET NULL,  -- NULL: the server itself (an expiry)
        action   TEXT    NOT NULL,  -- "payment.approved", "payment.rejected", "subscription.ended", "plan.saved", ...
        subject  TEXT    NOT NULL,  -- what it acted on: "payment:12", "user:7", "plan:weekly"
        details  TEXT    NOT NULL DEFAULT '{}'  -- JSON: amounts, dates, the reason
      );
      CREATE INDEX audit_log_by_subject ON audit_log (subject, at);
    )sql"},
    {10, "notifications: each user's inbox", R"sql(
      CREATE TABLE notifications (
        id         INTEGER PRIMARY KEY AUTOINCREMENT,  -- also the order of the inbox and the event id of the live stream
        user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        kind       TEXT    NOT NULL,  -- "payment.approved", ...: the client words it in the reader's language
        event_key  TEXT    NOT NULL,  -- what happened, once: "payment:12:approved"
        data       TEXT    NOT NULL DEFAULT '{}',  -- JSON the client needs to word it (plan, dates, reason)
        created_at INTEGER NOT NULL,  -- Unix seconds
        read_at    INTEGER,
        UNIQUE (user_id, event_key)  -- one notification per person per event, however often it is recorded
      );
      CREATE INDEX notifications_unread ON notifications (user_id, id) WHERE read_at IS NULL;
      CREATE INDEX notifications_of_user ON notifications (user_id, id);
    )sql"},
    {11, "restricted pack versions, known without parsing their bodies", R"sql(
      ALTER TABLE pack_versions ADD COLUMN restricted INTEGER NOT NULL DEFAULT 0;  -- 1: the pack's "access" is restricted
      UPDATE pack_versions SET restricted = 1
        WHERE json_valid(CAST(body AS TEXT)) AND json_extract(CAST(body AS TEXT), '$.access.kind') = 'restricted';
    )sql"},
    {12, "the key that signs offline entitlements", R"sql(
      CREATE TABLE signing_keys (
        key_id     TEXT    PRIMARY KEY,  -- base64url of the first 9 bytes of the public key's BLAKE2b: the token's "kid"
        public_key BLOB    NOT NULL,  -- Ed25519, 32 bytes: published in the catalog
        secret_key BLOB    NOT NULL,  -- libsodium's 64-byte form; never served, never logged
        created_at INTEGER NOT NULL   -- Unix seconds
      );
    )sql"},
    {13, "each person's language, and the email and webhook deliveries of notifications", R"sql(
      ALTER TABLE users ADD COLUMN language TEXT NOT NULL DEFAULT 'en' CHECK (language IN ('en', 'fr', 'rw'));
      CREATE TABLE deliveries (
        notification_id INTEGER NOT NULL REFERENCES notifications (id) ON DELETE CASCADE,
        channel         TEXT    NOT NULL CHECK (channel IN ('email', 'webhook')),
        sent_at_ms      INTEGER NOT NULL,
        detail          TEXT    NOT NULL DEFAULT '',  -- the language used; never the address or the text
        PRIMARY KEY (notification_id, channel)  -- sent once: a job run again after a crash skips it
      ) WITHOUT ROWID;
    )sql"},
    {14, "messages sent through the contact form", R"sql(
      CREATE TABLE contact_messages (
        id         INTEGER PRIMARY KEY AUTOINCREMENT,
        user_id    INTEGER REFERENCES users (id) ON DELETE SET NULL,  -- the sender, when signed in
        name       TEXT    NOT NULL,
        reply_to   TEXT    NOT NULL,  -- a phone number or email, as written
        topic      TEXT    NOT NULL CHECK (topic IN ('question', 'error_report', 'payment', 'other')),
        message    TEXT    NOT NULL,
        context    TEXT    NOT NULL DEFAULT '{}',  -- JSON an error report carries (screen, question, version)
        status     TEXT    NOT NULL DEFAULT 'new' CHECK (status IN ('new', 'in_progress', 'resolved')),
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL,
        updated_by INTEGER REFERENCES users (id) ON DELETE SET NULL
      );
      CREATE INDEX contact_messages_by_status ON contact_messages (status, id);
    )sql"},
    {15, "scheduled exams: the rules, the exams generated from them with frozen papers, and attempts", R"sql(
      CREATE TABLE exam_schedules (
        id            INTEGER PRIMARY KEY AUTOINCREMENT,
        name          TEXT    NOT NULL,
        days          TEXT    NOT NULL,  -- JSON ["MON", ...]
        times         TEXT    NOT NULL,  -- JSON ["08:20", ...], the school's wall clock
        pack_id       TEXT    NOT NULL,
        blueprint     TEXT,              -- a blueprint id of the pack, or NULL with exam_set
        exam_set      TEXT,
        grace_seconds INTEGER NOT NULL CHECK (grace_seconds >= 0),
        audience      TEXT    NOT NULL CHECK (audience IN ('everyone', 'subscribers', 'class')),
        class_id      INTEGER REFERENCES classes (id) ON DELETE CASCADE,
        active        INTEGER NOT NULL DEFAULT 1,
        created_at    INTEGER NOT NULL,
        updated_at    INTEGER NOT NULL
      );
      CREATE TABLE scheduled_exams (
        id             INTEGER PRIMARY KEY AUTOINCREMENT,
        schedule_id    INTEGER NOT NULL REFERENCES exam_schedules (id) ON DELETE CASCADE,
        starts_at      INTEGER NOT NULL,  -- Unix seconds: not one question leaves the server before
        ends_at        INTEGER NOT NULL,  -- starts_at + the blueprint's time limit
        grace_seconds  INTEGER NOT NULL,
        pack_id        TEXT    NOT NULL,
        pack_version   INTEGER NOT NULL,
        paper          TEXT    NOT NULL,  -- the frozen paper: pack JSON of its questions, with the answers
        question_count INTEGER NOT NULL,
        pass_mark      INTEGER NOT NULL,
        audience       TEXT    NOT NULL,
        class_id       INTEGER,
        generated_at   INTEGER NOT NULL,
        UNIQUE (schedule_id, starts_at)  -- generated once, however often generation runs
      );
      CREATE INDEX scheduled_exams_by_start ON scheduled_exams (starts_at);
      CREATE TABLE exam_attempts (
        exam_id      INTEGER NOT NULL REFERENCES scheduled_exams (id) ON DELETE CASCADE,
        user_id      INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        started_at   INTEGER NOT NULL,  -- by the server's clock
        submitted_at INTEGER,
        answers      TEXT,              -- JSON {"question id": [choices]}
        score        INTEGER,
        late         INTEGER NOT NULL DEFAULT 0,  -- received after the end and the grace: recorded, not counted
        PRIMARY KEY (exam_id, user_id)  -- one attempt per student per exam
      ) WITHOUT ROWID;
    )sql"},
    {16, "students who chose to appear in exam rankings", R"sql(
      ALTER TABLE users ADD COLUMN show_in_rankings INTEGER NOT NULL DEFAULT 0;  -- 1: their name and score appear in rankings
    )sql"},
    {17, "students who asked to be reminded of scheduled exams", R"sql(
      ALTER TABLE users ADD COLUMN exam_reminders INTEGER NOT NULL DEFAULT 0;  -- 1: told 10 minutes before and at the start
    )sql"},
};

}  // namespace

Expected<int> migrate(Database& db) {
  auto created = db.exec(
      "CREATE TABLE IF NOT EXISTS schema_migrations ("
      " version INTEGER PRIMARY KEY, description TEXT NOT NULL,"
      " applied_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')))");
  if (!created) return created.errors();

  auto query = db.prepare("SELECT COALESCE(MAX(version), 0) FROM schema_migrations");
  if (!query) return query.errors();
  auto row = query->step();
  if (!row) return row.errors();
  int current = static_cast<int>(query->column_int(0));

  for (const Migration& migration : kMigrations) {
    if (migration.version <= current) continue;
    auto transaction = Transaction::begin(db);
    if (!transaction) return transaction.errors();
    auto applied = db.exec(migration.sql);
    if (!applied)
      return Expected<int>::failure(db.path(), "migration " + std::to_string(migration.version) + " failed: " + applied.errors()[0].message);
    auto record = db.prepare("INSERT INTO schema_migrations (version, description) VALUES (?1, ?2)");
    if (!record) return record.errors();
    record->bind(1, std::int64_t{migration.version}).bind(2, migration.description);
    if (auto done = record->run(); !done) return done.errors();
    if (auto committed = transaction->commit(); !committed) return committed.errors();
    current = migration.version;
  }
  return current;
}

}  // namespace umuhanda
