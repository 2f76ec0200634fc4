# Shared by the server benchmarks (sourced, not run): messages, the tools they need, a temporary
# folder removed at exit, one umuhanda-server on a free loopback port, student sign-ups, and
# wrk's output read into figures. A script sets `server_bin` and calls bench_init first.

say() { printf '[bench] %s\n' "$*"; }
die() { printf '[bench] error: %s\n' "$*" >&2; exit 1; }

# bench_init NAME: checks wrk, curl and python3 and the server binary; makes $tmp (removed at
# exit, with the server stopped).
bench_init() {
  local command
  for command in wrk curl python3; do
    command -v "$command" > /dev/null 2>&1 || die "$command is missing: 'apt-get install -y wrk curl python3' (tools/setup.sh installs them)"
  done
  [[ -x $server_bin ]] || die "no server binary at $server_bin: build it first with 'tools/build.sh native'"
  tmp=$(mktemp -d -t "umuhanda-$1-bench.XXXXXX")
  server_pid=""
  trap bench_cleanup EXIT
  trap 'exit 130' INT TERM
}

bench_cleanup() {
  local status=$?
  trap - EXIT INT TERM
  stop_server
  rm -rf "$tmp"
  exit "$status"
}

# start_server [ARGS...]: a server on a fresh $tmp/data (no packs, no web client) on a free port;
# sets server_pid, port and origin.
start_server() {
  rm -rf "$tmp/data"
  mkdir -p "$tmp/data"
  "$server_bin" --host 127.0.0.1 --port 0 --data "$tmp/data" --web "" --seed-packs "" "$@" > "$tmp/server.out" 2> "$tmp/server.log" &
  server_pid=$!
  port=""
  local _
  for _ in $(seq 300); do
    port=$(sed -n 's|^umuhanda-server listening on http://127\.0\.0\.1:\([0-9]*\)$|\1|p' "$tmp/server.out")
    [[ -n $port ]] && break
    kill -0 "$server_pid" 2> /dev/null || { cat "$tmp/server.log" >&2; die "umuhanda-server exited at start (log above)"; }
    sleep 0.1
  done
  [[ -n $port ]] || die "umuhanda-server did not report its port within 30 s"
  origin=http://127.0.0.1:$port
}

stop_server() {
  [[ -n ${server_pid:-} ]] && kill -0 "$server_pid" 2> /dev/null || return 0
  kill -TERM "$server_pid" 2> /dev/null || true
  wait "$server_pid" 2> /dev/null || true
  server_pid=""
}

# sign_up_students COUNT [COOKIES_FILE]: students 0781000001.. with password "bench password N"
# (argon2id each: a few seconds); their session cookies go to COOKIES_FILE, one a line.
sign_up_students() {
  local count=$1 cookies=${2:-} s
  [[ -n $cookies ]] && : > "$cookies"
  for ((s = 1; s <= count; s++)); do
    curl -sS --noproxy '*' -D "$tmp/signup.headers" -o /dev/null -H "Origin: $origin" -H 'Content-Type: application/json' \
      --data "{\"name\": \"Bench $s\", \"login\": \"$(printf '0781%06d' "$s")\", \"password\": \"bench password $s\"}" "$origin/api/v1/accounts"
    local status
    status=$(tr -d '\r' < "$tmp/signup.headers" | sed -n '1s|^HTTP/[0-9.]* \([0-9]*\).*|\1|p')
    [[ $status == 201 ]] || die "sign-up $s answered $status"
    [[ -n $cookies ]] && tr -d '\r' < "$tmp/signup.headers" | sed -n 's/^[Ss]et-[Cc]ookie: \([^;]*\).*/\1/p' >> "$cookies"
  done
  return 0
}

# wrk_figures WRK_OUTPUT -> "requests/s p50_ms p99_ms non2xx socket_errors"
wrk_figures() {
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
errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", text)
print(rps.group(1) if rps else "nan", "%.2f" % ms("50"), "%.2f" % ms("99"), non2xx.group(1) if non2xx else "0",
      sum(int(x) for x in errors.groups()) if errors else 0)
PY
}
