#!/usr/bin/env bash
# Benchmark, not a test: the job queue (docs/jobs.md) against the origin's Celery figures. The real
# server runs queue.probe jobs (each writes one row) that another process enqueues into its SQLite
# file, as `umuhanda-server jobs probe` does:
#   1. a burst of BENCH_BURST jobs in one transaction (`jobs probe --count`): jobs/s from the first enqueue to the last
#      done, and enqueue-to-done p50/p99; once with the default batch (64 jobs per transaction)
#      and once with one job per transaction, the baseline of the same run;
#   2. BENCH_PACED jobs paced at BENCH_RATE/s, each its own transaction (Python's sqlite3, then the
#      wake file the command line writes too): enqueue-to-done p50/p99/max;
#   3. another burst, the server SIGKILLed once a quarter of it is done and started again on the
#      same file: jobs lost, jobs run twice (effects written twice), jobs taken again, and how long
#      after the restart the last was done, against the 30 s lease.
# Times come from the jobs table (created_at_ms by the enqueuer, finished_at_ms by the server; one
# machine, one clock). Loopback only; stops by itself. See tools/bench/README.md.
#
# Environment knobs (all optional):
#   BENCH_BURST=20000  BENCH_PACED=1000  BENCH_RATE=100
#   UMUHANDA_SERVER_BIN=...    server binary (default build/native/server/umuhanda-server)
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
server_bin=${UMUHANDA_SERVER_BIN:-$repo/build/native/server/umuhanda-server}
burst=${BENCH_BURST:-20000}
paced=${BENCH_PACED:-1000}
rate=${BENCH_RATE:-100}

# shellcheck source=tools/bench/lib.sh
source "$repo/tools/bench/lib.sh"
bench_init jobs
db() { printf '%s/data/umuhanda.db' "$tmp"; }

# restart_server [ARGS...]: the server again on the same data folder (start_server makes a new one).
restart_server() {
  "$server_bin" --host 127.0.0.1 --port 0 --data "$tmp/data" --web "" --seed-packs "" "$@" > "$tmp/server.out" 2>> "$tmp/server.log" &
  server_pid=$!
}

# [SECTION] Enqueue and measure, in Python's sqlite3 (a second process on the file, as the CLI is)
cat > "$tmp/queue.py" <<'PY'
import json, sqlite3, sys, time

def connect(path):
    db = sqlite3.connect(path, timeout=30, isolation_level=None)
    db.execute("PRAGMA busy_timeout=30000")
    return db

def now_ms():
    return int(time.time() * 1000)

def enqueue(db, names):
    at = now_ms()
    db.execute("BEGIN IMMEDIATE")
    db.executemany("INSERT INTO jobs (kind, args, run_at_ms, unique_key, max_attempts, created_at_ms) VALUES ('queue.probe', ?, ?, ?, 20, ?)",
                   [(json.dumps({"probe": n}), at, "probe:" + n, at) for n in names])
    db.execute("COMMIT")
    # What signal_job_runner() does (server/jobs/job_runner.hpp): the runner wakes now.
    with open(path + "-jobs-wake", "w") as wake:
        wake.write("1")

def count_done(db, prefix):
    # A range of the primary key (LIKE would scan the table at every look).
    return db.execute("SELECT COUNT(*) FROM job_probes WHERE probe >= ? AND probe < ?", (prefix, prefix + "~")).fetchone()[0]

def wait_done(db, prefix, count, fraction=1.0, deadline_s=600):
    wanted = int(count * fraction)
    end = time.time() + deadline_s
    while time.time() < end:
        done = count_done(db, prefix)
        if done >= wanted:
            return done
        time.sleep(0.005)
    return done

def figures(db, prefix):
    rows = db.execute("SELECT j.created_at_ms, j.finished_at_ms FROM jobs j WHERE j.kind = 'queue.probe' AND j.unique_key LIKE ?"
                      " AND j.state = 'done' ORDER BY j.finished_at_ms - j.created_at_ms", ("probe:" + prefix + "%",)).fetchall()
    lat = [f - c for c, f in rows]
    first = min(c for c, f in rows)
    last = max(f for c, f in rows)
    pct = lambda p: lat[min(len(lat) - 1, int(p * len(lat)))]
    return {"done": len(rows), "seconds": (last - first) / 1000, "per_s": len(rows) / max(1e-3, (last - first) / 1000),
            "p50": pct(0.50), "p99": pct(0.99), "max": lat[-1]}

command, path, prefix = sys.argv[1], sys.argv[2], sys.argv[3]
db = connect(path)
if command == "measure":
    count = int(sys.argv[4])
    wait_done(db, prefix, count)
    print(json.dumps(figures(db, prefix)))
elif command == "paced":
    count, per_s = int(sys.argv[4]), float(sys.argv[5])
    start = time.time()
    for i in range(count):
        delay = start + i / per_s - time.time()
        if delay > 0:
            time.sleep(delay)
        enqueue(db, [prefix + str(i)])
    wait_done(db, prefix, count)
    print(json.dumps(figures(db, prefix)))
elif command == "enqueue":
    enqueue(db, [prefix + str(i) for i in range(int(sys.argv[4]))])
elif command == "wait":
    print(wait_done(db, prefix, int(sys.argv[4]), float(sys.argv[5])))
elif command == "after-kill":
    count = int(sys.argv[4])
    done = wait_done(db, prefix, count)
    twice = db.execute("SELECT COUNT(*) FROM job_probes WHERE probe >= ? AND probe < ? AND runs > 1", (prefix, prefix + "~")).fetchone()[0]
    again = db.execute("SELECT COUNT(*) FROM jobs WHERE unique_key LIKE ? AND attempts > 1", ("probe:" + prefix + "%",)).fetchone()[0]
    print(json.dumps({"done": done, "lost": count - done, "twice": twice, "taken_again": again}))
PY

field() { python3 -c 'import json,sys; print(json.loads(sys.argv[1])[sys.argv[2]])' "$1" "$2"; }
row() { printf '| %s | %s | %.0f | %s | %s |\n' "$1" "$(field "$2" done)" "$(field "$2" per_s)" "$(field "$2" p50)" "$(field "$2" p99)"; }

say "burst of $burst jobs, baseline: one job per transaction (--job-batch 1)"
start_server --job-batch 1
burst_of() {  # PREFIX: the burst through the command line an admin uses, then its figures
  "$server_bin" --data "$tmp/data" jobs probe --count "$burst" --prefix "$1" > /dev/null
  python3 "$tmp/queue.py" measure "$(db)" "$1" "$burst"
}
baseline=$(burst_of base-)
stop_server
say "burst of $burst jobs, default batches of 64"
start_server
measured=$(burst_of burst-)
say "$paced jobs paced at $rate/s, each its own transaction"
pacing=$(python3 "$tmp/queue.py" paced "$(db)" paced- "$paced" "$rate")

say "burst of $burst jobs, the server SIGKILLed at 25 % done"
"$server_bin" --data "$tmp/data" jobs probe --count "$burst" --prefix kill- > /dev/null
python3 "$tmp/queue.py" wait "$(db)" kill- "$burst" 0.25 > /dev/null
kill -KILL "$server_pid"
wait "$server_pid" 2> /dev/null || true
done_at_kill=$(sqlite3 "$(db)" "SELECT COUNT(*) FROM job_probes WHERE probe LIKE 'kill-%'")
held=$(sqlite3 "$(db)" "SELECT COUNT(*) FROM jobs WHERE state = 'running'")
restart_started=$(date +%s%3N)
restart_server
after=$(python3 "$tmp/queue.py" after-kill "$(db)" kill- "$burst")
last_done=$(sqlite3 "$(db)" "SELECT MAX(finished_at_ms) FROM jobs WHERE unique_key LIKE 'probe:kill-%'")
stop_server

echo
echo "| run | jobs done | jobs/s | p50 ms | p99 ms |"
echo "| --- | --- | --- | --- | --- |"
row "burst, one job per transaction (baseline)" "$baseline"
row "burst, batches of 64" "$measured"
row "paced at $rate/s" "$pacing"
echo
printf 'batches / baseline: %.1fx jobs/s\n' "$(python3 -c "print($(field "$measured" per_s) / $(field "$baseline" per_s))")"
echo "paced: max enqueue-to-done $(field "$pacing" max) ms"
echo "SIGKILL at 25 %: $done_at_kill done at the kill, $held leased by the killed server; after the restart: $(field "$after" lost) lost," \
  "$(field "$after" twice) run twice (effect written twice), $(field "$after" taken_again) taken again;" \
  "the last done $((last_done - restart_started)) ms after the restart began (lease: 30000 ms)"
echo
echo "targets: >= 6000 jobs/s: $(python3 -c "print('met' if $(field "$measured" per_s) >= 6000 else 'NOT MET')");" \
  "paced p99 < 10 ms: $(python3 -c "print('met' if $(field "$pacing" p99) < 10 else 'NOT MET')");" \
  "none lost: $([[ $(field "$after" lost) == 0 ]] && echo met || echo 'NOT MET');" \
  "all done within one lease after the kill: $([[ $((last_done - restart_started)) -le 30000 ]] && echo met || echo 'NOT MET')"
