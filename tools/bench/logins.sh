#!/usr/bin/env bash
# Benchmark, not a test: sign-ins per second and the server's peak memory with the argon2id
# parameters it uses (2 passes over 64 MiB, at most two hashes at once: server/passwords.hpp).
# Students sign in (POST /api/v1/sessions, right passwords) from 16 and 64 connections for
# BENCH_DURATION s; then the same with wrong passwords from one address (throttled: 429 after 10,
# which costs no hash). Prints sign-ins/s, p50/p99, the answers' statuses and VmHWM.
# Sends traffic to 127.0.0.1 only and stops by itself. See tools/bench/README.md.
#
# Environment knobs (all optional):
#   BENCH_DURATION=10          seconds per wrk run
#   BENCH_CONNECTIONS="16 64"  connection counts
#   BENCH_STUDENTS=32          accounts signed in to in turn
#   UMUHANDA_SERVER_BIN=...    server binary (default build/native/server/umuhanda-server)
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
server_bin=${UMUHANDA_SERVER_BIN:-$repo/build/native/server/umuhanda-server}
duration=${BENCH_DURATION:-10}
read -r -a connection_counts <<< "${BENCH_CONNECTIONS:-16 64}"
students=${BENCH_STUDENTS:-32}

# shellcheck source=tools/bench/lib.sh
source "$repo/tools/bench/lib.sh"
bench_init login

start_server
idle_kb=$(awk '$1 == "VmRSS:" { print $2 }' "/proc/$server_pid/status")

say "signing up $students students (each an argon2id hash)"
sign_up_students "$students"

cat > "$tmp/login.lua" <<'LUA'
local students = tonumber(os.getenv("BENCH_STUDENTS"))
local wrong = os.getenv("BENCH_WRONG") == "1"
local origin = os.getenv("BENCH_ORIGIN")
local counter = 0
local statuses = {}
function request()
  counter = counter + 1
  local s = (counter % students) + 1
  local password = wrong and "not the password" or ("bench password " .. s)
  local body = string.format('{"login": "0781%06d", "password": "%s"}', s, password)
  return wrk.format("POST", "/api/v1/sessions", { ["Content-Type"] = "application/json", ["Origin"] = origin }, body)
end
function response(status)
  statuses[status] = (statuses[status] or 0) + 1
end
function done(summary, latency, requests)
end
LUA

rows=()
for wrong in 0 1; do
  for connections in "${connection_counts[@]}"; do
    BENCH_STUDENTS=$students BENCH_WRONG=$wrong BENCH_ORIGIN=$origin \
      wrk -t2 -c"$connections" -d"${duration}s" --latency -s "$tmp/login.lua" "$origin/api/v1/sessions" > "$tmp/wrk.out" 2>&1 ||
      { cat "$tmp/wrk.out" >&2; die "wrk failed"; }
    read -r rps p50 p99 non2xx _ <<< "$(wrk_figures "$tmp/wrk.out")"
    kind=$([[ $wrong == 1 ]] && echo "wrong passwords" || echo "right passwords")
    rows+=("$(printf '| %-15s | %3d | %8.1f | %8s | %8s | %7s |' "$kind" "$connections" "$rps" "$p50" "$p99" "$non2xx")")
    say "${rows[-1]}"
  done
done
hwm_kb=$(awk '$1 == "VmHWM:" { print $2 }' "/proc/$server_pid/status")

echo
echo "Sign-ins: argon2id, 2 passes over 64 MiB, at most 2 at once; ${duration} s per run; $(nproc) cores shared by the server and wrk"
echo
echo "| passwords | connections | sign-ins/s | p50 ms | p99 ms | non-2xx |"
echo "| --- | --- | --- | --- | --- | --- |"
printf '%s\n' "${rows[@]}"
echo
echo "Server memory: $((idle_kb / 1024)) MB at start, peak (VmHWM) $((hwm_kb / 1024)) MB."
echo "Wrong passwords are refused 401 until the address has 10 failures in 15 minutes, then 429 without hashing."
