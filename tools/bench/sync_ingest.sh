#!/usr/bin/env bash
# Benchmark, not a test: how many progress events a sync push stores per second. Signed-in students
# push batches of 50 new answers (POST /api/v1/sync/push, each request with its student's session
# cookie, so the session check is included) for BENCH_DURATION s at 16 and 64 connections; then a
# run where every second batch is an exact repeat of the one before (a retry); each with SQLite's
# synchronous=NORMAL (the default) and with --durable-commits (synchronous=FULL, an fsync per
# commit). Prints events/s, p50 and p99 per batch, wrk's errors, and database bytes per million
# events. Sends traffic to 127.0.0.1 only and stops by itself. See tools/bench/README.md.
#
# Environment knobs (all optional):
#   BENCH_DURATION=10          seconds per wrk run
#   BENCH_CONNECTIONS="16 64"  connection counts
#   BENCH_STUDENTS=64          accounts the batches are spread over
#   BENCH_MODES="normal durable"  which synchronous settings to measure
#   UMUHANDA_SERVER_BIN=...    server binary (default build/native/server/umuhanda-server)
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
server_bin=${UMUHANDA_SERVER_BIN:-$repo/build/native/server/umuhanda-server}
duration=${BENCH_DURATION:-10}
read -r -a connection_counts <<< "${BENCH_CONNECTIONS:-16 64}"
read -r -a modes <<< "${BENCH_MODES:-normal durable}"
students=${BENCH_STUDENTS:-64}
batch=50

# shellcheck source=tools/bench/lib.sh
source "$repo/tools/bench/lib.sh"
bench_init sync

# [SECTION] The push script: batch n of thread t holds ids "bench-t-n:1".."bench-t-n:50"; with
# BENCH_REPEAT=1 every even batch is the odd one before it, byte for byte, for the same student.
cat > "$tmp/push.lua" <<'LUA'
local cookies = {}
for line in io.lines(os.getenv("BENCH_COOKIES")) do cookies[#cookies + 1] = line end
local repeats = os.getenv("BENCH_REPEAT") == "1"
local origin = os.getenv("BENCH_ORIGIN")
local threads = 0
function setup(thread)
  threads = threads + 1
  thread:set("tid", threads)
end
local counter = 0
function request()
  counter = counter + 1
  local n = counter
  if repeats and n % 2 == 0 then n = n - 1 end
  local events = {}
  for i = 1, 50 do
    events[i] = string.format('{"type":"answer","id":"bench-%d-%d:%d","pack_id":"umuhanda-default","question_id":"q%d",' ..
      '"chosen":[1],"correct":true,"answered_at_ms":%d,"time_spent_ms":3000,"mode":"practice"}', tid, n, i, i, 1765000000000 + n * 50 + i)
  end
  local body = '{"device":"bench-' .. tid .. '","events":[' .. table.concat(events, ",") .. ']}'
  local student = cookies[((tid * 7919 + n) % #cookies) + 1]
  return wrk.format("POST", "/api/v1/sync/push",
    { ["Content-Type"] = "application/json", ["Origin"] = origin, ["Cookie"] = student }, body)
end
LUA

# [SECTION] One server per mode, on a fresh data folder (no packs: a push needs none); the students
# sign up (argon2id, two at a time on the server: a few seconds).

start_mode() {  # MODE
  local extra=()
  [[ $1 == durable ]] && extra=(--durable-commits)
  start_server "${extra[@]}"
  sign_up_students "$students" "$tmp/cookies"
  (($(wc -l < "$tmp/cookies") == students)) || die "signed up only $(wc -l < "$tmp/cookies") of $students students"
}

rows=()
for mode in "${modes[@]}"; do
  start_mode "$mode"
  say "$mode: umuhanda-server (pid $server_pid) on $origin, $students students signed in"
  for repeat in 0 1; do
    for connections in "${connection_counts[@]}"; do
      BENCH_COOKIES=$tmp/cookies BENCH_REPEAT=$repeat BENCH_ORIGIN=$origin \
        wrk -t2 -c"$connections" -d"${duration}s" --latency -s "$tmp/push.lua" "$origin/api/v1/sync/push" > "$tmp/wrk.out" 2>&1 ||
        { cat "$tmp/wrk.out" >&2; die "wrk failed"; }
      read -r rps p50 p99 non2xx socket_errors <<< "$(wrk_figures "$tmp/wrk.out")"
      kind=$([[ $repeat == 1 ]] && echo "half repeats" || echo "all new")
      rows+=("$(printf '| %-7s | %-12s | %3d | %9.0f | %10.0f | %7s | %7s | %6s | %6s |' "$mode" "$kind" "$connections" "$rps" \
        "$(python3 -c "print($rps * $batch)")" "$p50" "$p99" "$non2xx" "$socket_errors")")
      say "${rows[-1]}"
    done
  done
  stop_server
  read -r events bytes <<< "$(python3 - "$tmp/data/umuhanda.db" <<'PY'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
events = db.execute("SELECT COUNT(*) FROM progress_events").fetchone()[0]
pages, size = db.execute("PRAGMA page_count").fetchone()[0], db.execute("PRAGMA page_size").fetchone()[0]
print(events, pages * size)
PY
)"
  size_rows+=("$(printf '| %-7s | %10d events stored | %6.1f MB | %6.0f MB per million events |' "$mode" "$events" \
    "$(python3 -c "print($bytes / 1e6)")" "$(python3 -c "print($bytes / max($events, 1))")")")
done

echo
echo "Sync ingest: batches of $batch answers, ${duration} s per run, $(nproc) cores shared by the server and wrk"
echo
echo "| commits | batches      | connections | batches/s | events/s | p50 ms | p99 ms | non-200 | socket errors |"
echo "| --- | --- | --- | --- | --- | --- | --- | --- | --- |"
printf '%s\n' "${rows[@]}"
echo
printf '%s\n' "${size_rows[@]}"
echo
echo "events/s counts every event sent; with half repeats, half of them were already stored (acknowledged, not written again)."
