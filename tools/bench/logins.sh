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

say() { printf '[bench] %s\n' "$*"; }
die() { printf '[bench] error: %s\n' "$*" >&2; exit 1; }

for command in wrk curl python3; do
  command -v "$command" > /dev/null 2>&1 || die "$command is missing: 'apt-get install -y wrk curl python3' (tools/setup.sh installs them)"
done
[[ -x $server_bin ]] || die "no server binary at $server_bin: build it first with 'tools/build.sh native'"

tmp=$(mktemp -d -t umuhanda-login-bench.XXXXXX)
server_pid=""
cleanup() {
  local status=$?
  trap - EXIT INT TERM
  [[ -n $server_pid ]] && kill -TERM "$server_pid" 2> /dev/null && wait "$server_pid" 2> /dev/null
  rm -rf "$tmp"
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

mkdir -p "$tmp/data"
"$server_bin" --host 127.0.0.1 --port 0 --data "$tmp/data" --web "" --seed-packs "" > "$tmp/server.out" 2> "$tmp/server.log" &
server_pid=$!
port=""
for _ in $(seq 300); do
  port=$(sed -n 's|^umuhanda-server listening on http://127\.0\.0\.1:\([0-9]*\)$|\1|p' "$tmp/server.out")
  [[ -n $port ]] && break
  kill -0 "$server_pid" 2> /dev/null || { cat "$tmp/server.log" >&2; die "umuhanda-server exited at start (log above)"; }
  sleep 0.1
done
[[ -n $port ]] || die "umuhanda-server did not report its port within 30 s"
origin=http://127.0.0.1:$port
idle_kb=$(awk '$1 == "VmRSS:" { print $2 }' "/proc/$server_pid/status")

say "signing up $students students (each an argon2id hash)"
for ((s = 1; s <= students; s++)); do
  code=$(curl -sS --noproxy '*' -o /dev/null -w '%{http_code}' -H "Origin: $origin" -H 'Content-Type: application/json' \
    --data "{\"name\": \"Bench $s\", \"login\": \"$(printf '0781%06d' "$s")\", \"password\": \"bench password $s\"}" "$origin/api/v1/accounts")
  [[ $code == 201 ]] || die "sign-up $s answered $code"
done

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

summarise() {
  python3 - "$1" <<'PY'
import re, sys
text = open(sys.argv[1]).read()
def ms(label):
    m = re.search(r"^\s*%s%%\s+([\d.]+)(us|ms|s)\s*$" % label, text, re.M)
    if not m: return float("nan")
    value, unit = float(m.group(1)), m.group(2)
    return value / 1000 if unit == "us" else value * 1000 if unit == "s" else value
rps = re.search(r"Requests/sec:\s+([\d.]+)", text)
non2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", text)
print(rps.group(1) if rps else "nan", "%.1f" % ms("50"), "%.1f" % ms("99"), non2xx.group(1) if non2xx else "0")
PY
}

rows=()
for wrong in 0 1; do
  for connections in "${connection_counts[@]}"; do
    BENCH_STUDENTS=$students BENCH_WRONG=$wrong BENCH_ORIGIN=$origin \
      wrk -t2 -c"$connections" -d"${duration}s" --latency -s "$tmp/login.lua" "$origin/api/v1/sessions" > "$tmp/wrk.out" 2>&1 ||
      { cat "$tmp/wrk.out" >&2; die "wrk failed"; }
    read -r rps p50 p99 non2xx <<< "$(summarise "$tmp/wrk.out")"
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
