#!/usr/bin/env bash
# Benchmark, not a test: umuhanda-server against nginx serving the very same precompressed default
# pack (brotli 200, and 304 on a matching If-None-Match) on loopback, measured with wrk.
# Prints requests/s, p50 and p99 for both, the ratio, memory use, and the targets met or not; then
# our 304 p99 at 64 connections while instructor uploads run, beside the figure without them.
# Sends traffic to 127.0.0.1 only and stops by itself. See tools/bench/README.md.
#
# Environment knobs (all optional):
#   BENCH_DURATION=10          seconds per wrk run
#   BENCH_CONNECTIONS="16 64"  connection counts to measure
#   BENCH_PINNED=0             1: the server (then nginx) on one core, wrk and the uploader on another
#                              (taskset), each server with one event thread / worker process
#   BENCH_SERVER_CPU=0 BENCH_CLIENT_CPU=1  the cores BENCH_PINNED=1 uses
#   BENCH_UPLOAD=1             0: skip the 304-during-uploads figure
#   BENCH_UPLOADS=<duration+2> upload zips built beforehand (each a new version)
#   BENCH_NGINX_WORKERS=2      nginx worker_processes (2 = this 2-core machine's CPU budget; 1 when pinned)
#   BENCH_NGINX_SENDFILE=on    nginx sendfile (on as in Debian's nginx.conf; off copies through user space)
#   UMUHANDA_SERVER_BIN=...    server binary (default build/native/server/umuhanda-server)
#   UMUHANDA_PACK_BIN=...      pack tool that builds the upload zips (default build/native/tools/pack/umuhanda-pack)
#   UMUHANDA_BENCH_SERVER_ARGS="--event-threads 1"  extra arguments for our server
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
server_bin=${UMUHANDA_SERVER_BIN:-$repo/build/native/server/umuhanda-server}
pack_bin=${UMUHANDA_PACK_BIN:-$repo/build/native/tools/pack/umuhanda-pack}
duration=${BENCH_DURATION:-10}
read -r -a connection_counts <<< "${BENCH_CONNECTIONS:-16 64}"
pinned=${BENCH_PINNED:-0}
server_cpu=${BENCH_SERVER_CPU:-0}
client_cpu=${BENCH_CLIENT_CPU:-1}
measure_upload=${BENCH_UPLOAD:-1}
if [[ $pinned == 1 ]]; then
  # One core each: the figures are the server's own, not shared with wrk's CPU time.
  nginx_workers=${BENCH_NGINX_WORKERS:-1}
  wrk_threads=${BENCH_WRK_THREADS:-1}
  server_pin=(taskset -c "$server_cpu")
  client_pin=(taskset -c "$client_cpu")
else
  nginx_workers=${BENCH_NGINX_WORKERS:-2}
  wrk_threads=${BENCH_WRK_THREADS:-2}
  server_pin=()
  client_pin=()
fi
nginx_sendfile=${BENCH_NGINX_SENDFILE:-on}
pack_path=/api/v1/packs/umuhanda-default
nginx_bin=/usr/sbin/nginx

# Targets for our server (see README.md).
target_ratio=0.7
target_p99_ms=5
target_p99_connections=64

say() { printf '[bench] %s\n' "$*"; }
die() { printf '[bench] error: %s\n' "$*" >&2; exit 1; }

# [SECTION] Tools from Debian, installed only when missing

ensure_packages() {
  local missing=() pair command package
  for pair in wrk:wrk "$nginx_bin":nginx curl:curl; do
    command=${pair%:*} package=${pair#*:}
    command -v "$command" > /dev/null 2>&1 || missing+=("$package")
  done
  ((${#missing[@]})) || return 0
  [[ $(id -u) == 0 ]] || die "missing ${missing[*]}: run as root, or 'apt-get install -y ${missing[*]}' first"
  say "installing from Debian: ${missing[*]}"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" > /dev/null 2>&1 ||
    { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"; } ||
    die "could not install ${missing[*]} with apt-get"
}

ensure_packages
[[ -x $server_bin ]] || die "no server binary at $server_bin: build it first with 'tools/build.sh native'"
if [[ $measure_upload == 1 ]]; then
  [[ -x $pack_bin ]] || die "no pack tool at $pack_bin (it builds the upload zips): build it with 'tools/build.sh native', or BENCH_UPLOAD=0"
fi
if [[ $pinned == 1 ]]; then
  command -v taskset > /dev/null 2>&1 || die "BENCH_PINNED=1 needs taskset (Debian's util-linux)"
  [[ $server_cpu != "$client_cpu" ]] && taskset -c "$server_cpu" true 2> /dev/null && taskset -c "$client_cpu" true 2> /dev/null ||
    die "BENCH_PINNED=1 needs two different usable cores (BENCH_SERVER_CPU=$server_cpu, BENCH_CLIENT_CPU=$client_cpu; $(nproc) here)"
fi

# [SECTION] Temporary folder and clean-up

tmp=$(mktemp -d -t umuhanda-bench.XXXXXX)
# nginx's workers run as "nobody" when started by root: they must be able to read the files.
chmod 755 "$tmp"
server_pid="" nginx_pid="" sampler_pid="" wrk_pid="" uploader_pid=""

stop_process() {  # PID [SIGNAL]: signal it, wait up to 5 s, then kill it
  local pid=$1 signal=${2:-TERM} i
  [[ -n $pid ]] && kill -0 "$pid" 2> /dev/null || return 0
  kill "-$signal" "$pid" 2> /dev/null || true
  for ((i = 0; i < 50; i++)); do
    kill -0 "$pid" 2> /dev/null || break
    sleep 0.1
  done
  kill -0 "$pid" 2> /dev/null && kill -KILL "$pid" 2> /dev/null
  wait "$pid" 2> /dev/null || true
}

cleanup() {
  local status=$?
  trap - EXIT INT TERM
  stop_process "$wrk_pid"  # timeout(1) passes the TERM on to wrk
  [[ -d $tmp/uploads ]] && touch "$tmp/uploads/stop"
  stop_process "$uploader_pid"
  stop_process "$sampler_pid"
  if [[ -n $nginx_pid ]]; then
    local workers
    workers=$(pgrep -P "$nginx_pid" 2> /dev/null || true)
    stop_process "$nginx_pid"  # TERM: nginx's fast shutdown, which also ends its workers
    for pid in $workers; do kill -0 "$pid" 2> /dev/null && kill -KILL "$pid" 2> /dev/null; done
  fi
  stop_process "$server_pid"
  rm -rf "$tmp"
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# [SECTION] Helpers: ports, headers, numbers

# A loopback port nobody listens on (nginx start is retried if it was taken meanwhile).
free_port() {
  local port
  for _ in $(seq 50); do
    port=$((20000 + RANDOM % 40000))
    if ! (exec 3<> "/dev/tcp/127.0.0.1/$port") 2> /dev/null; then
      echo "$port"
      return 0
    fi
  done
  die "found no free loopback port"
}

# header FILE NAME: the value of a response header in a curl -D dump (last response, no CR).
header() { tr -d '\r' < "$1" | awk -v want="$(tr '[:upper:]' '[:lower:]' <<< "$2")" -F': ' \
  'tolower($1) == want { sub(/^[^:]*: /, ""); value = $0 } END { print value }'; }
status_of() { tr -d '\r' < "$1" | awk '/^HTTP\// { code = $2 } END { print code }'; }

# fetch NAME URL [curl header options...]: stores $tmp/NAME.headers and $tmp/NAME.body
fetch() {
  local name=$1 url=$2
  shift 2
  : > "$tmp/$name.body"  # curl creates no file for an empty body (304)
  curl -sS --noproxy '*' --max-time 10 -D "$tmp/$name.headers" -o "$tmp/$name.body" "$@" "$url" ||
    die "curl $url failed"
}

sha_short() { sha256sum "$1" | cut -c1-16; }

# status_kb PID FIELD: a /proc/PID/status field (kB for memory fields; 0 if the process is gone).
status_kb() { awk -v f="$2:" '$1 == f { v = $2 } END { print v + 0 }' "/proc/$1/status" 2> /dev/null || echo 0; }

# [SECTION] Our server on a free port, with a temporary seeded data folder

seed_packs=$(dirname "$server_bin")/assets/packs
[[ -d $seed_packs ]] || seed_packs=$repo/assets/packs
mkdir -p "$tmp/data"
server_args=${UMUHANDA_BENCH_SERVER_ARGS:-}
# Pinned to one core, one event thread (as nginx gets one worker); a given --event-threads wins.
[[ $pinned == 1 && $server_args != *--event-threads* ]] && server_args+=" --event-threads 1"
# shellcheck disable=SC2086  # extra arguments are meant to split
"${server_pin[@]}" "$server_bin" --host 127.0.0.1 --port 0 --data "$tmp/data" --web "" --seed-packs "$seed_packs" \
  $server_args > "$tmp/server.out" 2> "$tmp/server.log" &
server_pid=$!
ours_port=""
for _ in $(seq 300); do
  ours_port=$(sed -n 's|^umuhanda-server listening on http://127\.0\.0\.1:\([0-9]*\)$|\1|p' "$tmp/server.out")
  [[ -n $ours_port ]] && break
  kill -0 "$server_pid" 2> /dev/null || { cat "$tmp/server.log" >&2; die "umuhanda-server exited at start (log above)"; }
  sleep 0.1
done
[[ -n $ours_port ]] || { cat "$tmp/server.log" >&2; die "umuhanda-server did not report its port within 30 s"; }
ours_url=http://127.0.0.1:$ours_port$pack_path
say "umuhanda-server (pid $server_pid) on 127.0.0.1:$ours_port, data in a temporary seeded copy${server_args:+, options:$server_args}"

# The exact brotli bytes and ETag nginx will serve, and the identity body for reference.
fetch capture-br "$ours_url" -H 'Accept-Encoding: br'
fetch capture-identity "$ours_url" -H 'Accept-Encoding: identity'
[[ $(status_of "$tmp/capture-br.headers") == 200 && $(header "$tmp/capture-br.headers" Content-Encoding) == br ]] ||
  die "our server did not answer $pack_path with a brotli 200; headers: $(cat "$tmp/capture-br.headers")"
ours_etag=$(header "$tmp/capture-br.headers" ETag)
identity_etag=$(header "$tmp/capture-identity.headers" ETag)
[[ -n $ours_etag ]] || die "our brotli response has no ETag"
br_bytes=$(stat -c %s "$tmp/capture-br.body")
say "captured: brotli $br_bytes B ETag $ours_etag; identity $(stat -c %s "$tmp/capture-identity.body") B ETag $identity_etag"
if command -v brotli > /dev/null 2>&1; then
  if brotli -d -c "$tmp/capture-br.body" | cmp -s - "$tmp/capture-identity.body"; then
    say "the brotli body decodes to the identity body"
  else
    die "the brotli body does not decode to the identity body"
  fi
fi

# [SECTION] nginx serving the same bytes as a static file

mkdir -p "$tmp/www${pack_path%/*}" "$tmp/nginx"
cp "$tmp/capture-br.body" "$tmp/www$pack_path"
chmod -R a+rX "$tmp/www"

write_nginx_config() {  # PORT
  cat > "$tmp/nginx/nginx.conf" << EOF
# Generated by tools/bench/server_vs_nginx.sh: the default pack's brotli bytes as a static file.
# worker_processes $nginx_workers: the same CPU budget our server has (2 cores, or 1 when pinned).
worker_processes $nginx_workers;
daemon off;
pid $tmp/nginx/nginx.pid;
error_log $tmp/nginx/error.log warn;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path $tmp/nginx/client_body;
  proxy_temp_path $tmp/nginx/proxy;
  fastcgi_temp_path $tmp/nginx/fastcgi;
  uwsgi_temp_path $tmp/nginx/uwsgi;
  scgi_temp_path $tmp/nginx/scgi;
  # As Debian's stock nginx.conf; keep-alive limits as our server's (5 s, 1000 requests).
  sendfile $nginx_sendfile;
  tcp_nopush on;
  tcp_nodelay on;
  keepalive_timeout 5s;
  keepalive_requests 1000;
  server_tokens off;
  # nginx's own validators: strong "mtime-size" ETag, 304 on If-None-Match. No gzip filter,
  # which would turn the ETag weak.
  etag on;
  gzip off;
  types { }
  default_type application/octet-stream;
  server {
    listen 127.0.0.1:$1;
    root $tmp/www;
    location = $pack_path {
      default_type application/json;
      add_header Content-Encoding br;
      add_header Vary Accept-Encoding;
      add_header Cache-Control no-cache;
    }
  }
}
EOF
}

nginx_port=""
for attempt in 1 2 3 4 5; do
  port=$(free_port)
  write_nginx_config "$port"
  "${server_pin[@]}" "$nginx_bin" -p "$tmp/nginx" -e "$tmp/nginx/error.log" -c "$tmp/nginx/nginx.conf" > "$tmp/nginx/stdout.log" 2>&1 &
  nginx_pid=$!
  for _ in $(seq 100); do
    if curl -s --noproxy '*' --max-time 1 -o /dev/null "http://127.0.0.1:$port$pack_path"; then
      nginx_port=$port
      break
    fi
    kill -0 "$nginx_pid" 2> /dev/null || break
    sleep 0.1
  done
  [[ -n $nginx_port ]] && break
  stop_process "$nginx_pid"
  nginx_pid=""
  say "nginx did not start on port $port (attempt $attempt): $(tail -n 2 "$tmp/nginx/error.log" 2> /dev/null)"
done
[[ -n $nginx_port ]] || die "nginx did not start; see the messages above"
nginx_url=http://127.0.0.1:$nginx_port$pack_path
say "nginx $("$nginx_bin" -v 2>&1 | sed 's|.*/||') (master pid $nginx_pid, $nginx_workers workers, sendfile $nginx_sendfile) on 127.0.0.1:$nginx_port"
affinity() { taskset -cp "$1" 2> /dev/null | sed 's/.*: //'; }
if [[ $pinned == 1 ]]; then
  mode="pinned: our server (then nginx) on core $server_cpu, wrk (-t$wrk_threads) and the uploader on core $client_cpu"
  for pid in $(pgrep -P "$nginx_pid" 2> /dev/null); do
    [[ $(affinity "$pid") == "$server_cpu" ]] || die "nginx worker $pid is not pinned to core $server_cpu"
  done
  [[ $(affinity "$server_pid") == "$server_cpu" ]] || die "our server is not pinned to core $server_cpu"
else
  mode="shared: the servers and wrk (-t$wrk_threads) on all $(nproc) cores"
fi
say "mode: $mode"

fetch capture-nginx "$nginx_url" -H 'Accept-Encoding: br'
nginx_etag=$(header "$tmp/capture-nginx.headers" ETag)
[[ -n $nginx_etag ]] || die "nginx sent no ETag"

# [SECTION] Checks with curl before measuring

check_failed=0
check() {  # LABEL URL ETAG SCENARIO
  local label=$1 url=$2 etag=$3 scenario=$4 name status encoding type connection keep_alive verdict
  name=check-$label-$scenario
  if [[ $scenario == br200 ]]; then
    fetch "$name" "$url" -H 'Accept-Encoding: br'
  else
    fetch "$name" "$url" -H 'Accept-Encoding: br' -H "If-None-Match: $etag"
  fi
  status=$(status_of "$tmp/$name.headers")
  encoding=$(header "$tmp/$name.headers" Content-Encoding)
  type=$(header "$tmp/$name.headers" Content-Type)
  connection=$(header "$tmp/$name.headers" Connection)
  keep_alive=$(header "$tmp/$name.headers" Keep-Alive)
  verdict=ok
  if [[ $scenario == br200 ]]; then
    [[ $status == 200 && $encoding == br && $type == application/json* ]] || verdict=FAILED
    cmp -s "$tmp/$name.body" "$tmp/capture-br.body" || verdict=FAILED
    printf '  %-6s %-5s HTTP %s  Content-Encoding: %s  Content-Type: %s  %s B sha256 %s (%s)  ETag %s  Connection: %s  Keep-Alive: %s  -> %s\n' \
      "$label" 200 "$status" "${encoding:--}" "${type:--}" "$(stat -c %s "$tmp/$name.body")" "$(sha_short "$tmp/$name.body")" \
      "$(cmp -s "$tmp/$name.body" "$tmp/capture-br.body" && echo identical || echo DIFFERENT)" \
      "$(header "$tmp/$name.headers" ETag)" "${connection:--}" "${keep_alive:--}" "$verdict"
  else
    [[ $status == 304 && ! -s $tmp/$name.body ]] || verdict=FAILED
    printf '  %-6s %-5s HTTP %s  If-None-Match: %s  body %s B  Content-Length: %s  Connection: %s  Keep-Alive: %s  -> %s\n' \
      "$label" 304 "$status" "$etag" "$(stat -c %s "$tmp/$name.body")" "$(header "$tmp/$name.headers" Content-Length)" \
      "${connection:--}" "${keep_alive:--}" "$verdict"
  fi
  [[ $verdict == ok ]] || check_failed=1
}

say "checks (curl, Accept-Encoding: br):"
for scenario in br200 304; do
  check ours "$ours_url" "$ours_etag" "$scenario"
  check nginx "$nginx_url" "$nginx_etag" "$scenario"
done
((check_failed == 0)) || die "a server did not answer as expected (see above): not measuring"
# The accept queue length each server asked for (ss shows it as Send-Q of the listening socket).
backlog() { ss -Hltn "sport = :$1" 2> /dev/null | awk '{ print $3; exit }'; }
say "listen backlog: ours $(backlog "$ours_port"), nginx $(backlog "$nginx_port")"

# [SECTION] wrk scripts: request headers, and a machine-readable summary

write_wrk_script() {  # FILE ETAG(or empty)
  {
    echo 'wrk.method = "GET"'
    echo 'wrk.headers["Accept-Encoding"] = "br"'
    [[ -n $2 ]] && echo "wrk.headers[\"If-None-Match\"] = [[$2]]"
    cat << 'EOF'
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("BENCH requests=%d duration_us=%d bytes=%d p50_us=%d p99_us=%d max_us=%d connect=%d read=%d write=%d status=%d timeout=%d\n",
    summary.requests, summary.duration, summary.bytes, latency:percentile(50), latency:percentile(99), latency.max,
    e.connect, e.read, e.write, e.status, e.timeout))
end
EOF
  } > "$1"
}
write_wrk_script "$tmp/ours-br200.lua" ""
write_wrk_script "$tmp/nginx-br200.lua" ""
write_wrk_script "$tmp/ours-304.lua" "$ours_etag"
write_wrk_script "$tmp/nginx-304.lua" "$nginx_etag"

# [SECTION] Uploads for the 304-during-uploads figure, prepared before anything is measured

# Each upload publishes a new version of a pack of its own ("bench-upload", a copy of the default
# pack), so the server validates, compresses (gzip and brotli 11) and stores it every time, and the
# default pack's ETag, which the 304 runs send, stays current. One zip per version: a version that
# is not new is refused before compressing.
upload_versions=${BENCH_UPLOADS:-$((duration + 2))}
if [[ $measure_upload == 1 ]]; then
  echo "bench uploader password" | "$server_bin" --data "$tmp/data" user create --role instructor --name "Bench Uploader" \
    --login bench@example.rw > /dev/null 2>&1 || die "could not create the uploader's account with '$server_bin --data ... user create'"
  token=$("$server_bin" --data "$tmp/data" token create --login bench@example.rw 2>&1 | sed -n 2p)
  [[ $token == umh_* ]] || die "could not create an instructor token with '$server_bin --data ... token create'"
  mkdir -p "$tmp/uploads"
  cp -r "$repo/assets/packs/umuhanda-default" "$tmp/uploads/pack"
  cp "$tmp/uploads/pack/pack.json" "$tmp/uploads/pack.json.orig"
  say "building $upload_versions upload zips (bench-upload versions 1 to $upload_versions) with $(basename "$pack_bin")"
  for ((v = 1; v <= upload_versions; v++)); do
    sed -e '0,/"id": *"umuhanda-default"/s//"id": "bench-upload"/' -e "0,/\"version\": *[0-9]*/s//\"version\": $v/" \
      "$tmp/uploads/pack.json.orig" > "$tmp/uploads/pack/pack.json"
    "$pack_bin" build "$tmp/uploads/pack" -o "$tmp/uploads/v$v.zip" > "$tmp/uploads/build.log" 2>&1 ||
      { cat "$tmp/uploads/build.log" >&2; die "umuhanda-pack could not build upload version $v"; }
  done
  say "upload zip: $(stat -c %s "$tmp/uploads/v1.zip") B"
fi

# Uploads every zip in turn, one at a time, until $tmp/uploads/stop exists; one line per upload
# ("STATUS SECONDS END_EPOCH") in $tmp/uploads/log.
upload_loop() {
  local v status
  for ((v = 1; v <= upload_versions; v++)); do
    [[ -e $tmp/uploads/stop ]] && break
    status=$(curl -sS --noproxy '*' --max-time 120 -o /dev/null -w '%{http_code} %{time_total}' -H "Authorization: Bearer $token" \
      -H 'Content-Type: application/zip' --data-binary @"$tmp/uploads/v$v.zip" "http://127.0.0.1:$ours_port/api/v1/packs" 2>&1) || true
    echo "$status $(date +%s.%N)" >> "$tmp/uploads/log"
  done
  echo "end $(date +%s.%N)" >> "$tmp/uploads/log"
}

# [SECTION] Memory sampling during the run

# read_status PID: sets status_rss and status_threads from /proc/PID/status (0 for a gone process)
# with bash builtins only. The sampler runs during the measurements: a fork of awk, pgrep or sleep
# every 0.2 s took CPU from the servers and wrk on this 2-core machine (measured: p99 of the brotli
# 200 at 64 connections 9.4-10.4 ms with such a loop beside wrk, 5.2-6.8 ms without).
read_status() {
  local key value _
  status_rss=0 status_threads=0
  [[ -r /proc/$1/status ]] || return 0
  while read -r key value _; do
    case $key in
      VmRSS:) status_rss=$value ;;
      Threads:) status_threads=$value ;;
    esac
  done < "/proc/$1/status" 2> /dev/null || true
}

# Our server's VmRSS and thread count, and nginx's VmRSS summed over master and workers (whose
# pids are looked up once: they do not change during the runs).
sample_memory() {
  local ours_peak=0 ours_threads=0 nginx_peak=0 total pid nginx_pids tick
  nginx_pids="$nginx_pid $(pgrep -P "$nginx_pid" 2> /dev/null | tr '\n' ' ')"
  exec {tick}<> <(:)  # read -t on a pipe nobody writes to: a sleep without a fork
  while kill -0 "$server_pid" 2> /dev/null; do
    read_status "$server_pid"
    ((status_rss > ours_peak)) && ours_peak=$status_rss
    ((status_threads > ours_threads)) && ours_threads=$status_threads
    total=0
    for pid in $nginx_pids; do
      read_status "$pid"
      total=$((total + status_rss))
    done
    ((total > nginx_peak)) && nginx_peak=$total
    # Read only after the sampler has stopped: one write of one line.
    printf '%s %s %s\n' "$ours_peak" "$ours_threads" "$nginx_peak" > "$tmp/memory.peak"
    read -r -t 0.2 -u "$tick" _ || true
  done
}
ours_idle_rss=$(status_kb "$server_pid" VmRSS)
sample_memory &
sampler_pid=$!
[[ $pinned == 1 ]] && taskset -cp "$client_cpu" "$sampler_pid" > /dev/null

# [SECTION] Measuring

# CPU ticks (user + system, all threads, 1/CLK_TCK s) used so far by a server: ours, or nginx's
# master and workers together. Divided by requests it tells the cost per request even when other
# processes share the machine.
cpu_ticks() {  # ours|nginx
  local pids=$server_pid total=0 pid
  [[ $1 == nginx ]] && pids="$nginx_pid $(pgrep -P "$nginx_pid" 2> /dev/null)"
  for pid in $pids; do
    total=$((total + $(awk '{ sub(/^.*\) /, ""); print $12 + $13 }' "/proc/$pid/stat" 2> /dev/null || echo 0)))
  done
  echo "$total"
}
clock_ticks=$(getconf CLK_TCK)

# Context switches (voluntary + involuntary) so far, summed over every thread of a server. A thread
# that ends during a run takes its count with it, so this can only undercount.
context_switches() {  # ours|nginx
  local pids=$server_pid total=0 pid
  [[ $1 == nginx ]] && pids="$nginx_pid $(pgrep -P "$nginx_pid" 2> /dev/null)"
  for pid in $pids; do
    total=$((total + $(cat "/proc/$pid/task/"*/status 2> /dev/null |
      awk '$1 == "voluntary_ctxt_switches:" || $1 == "nonvoluntary_ctxt_switches:" { s += $2 } END { print s + 0 }')))
  done
  echo "$total"
}

# Machine-wide TCP counters: connections accepted, and connection attempts dropped because a
# listen queue was full (each costs the client a 1 s SYN retransmission). Other loopback
# traffic on the machine adds to them, so they are evidence, not exact figures.
tcp_counters() {
  awk '$1 == "Tcp:" || $1 == "TcpExt:" {
         if (++seen[$1] % 2) { for (i = 2; i <= NF; i++) name[$1, i] = $i }
         else { for (i = 2; i <= NF; i++) value[name[$1, i]] = $i }
       }
       END { print value["PassiveOpens"] + 0, value["ListenOverflows"] + 0 }' /proc/net/snmp /proc/net/netstat
}

# run_wrk LABEL SCENARIO CONNECTIONS URL SECONDS: sets wrk_line to wrk's BENCH summary line.
# wrk runs in the background and is waited for, so a TERM or INT stops the benchmark at once.
wrk_line=""
run_wrk() {
  local out=$tmp/wrk-$1-$2-$3.txt status=0
  timeout $(($5 + 30)) "${client_pin[@]}" wrk -t"$wrk_threads" -c"$3" -d"$5s" --timeout 5s --latency -s "$tmp/$1-$2.lua" "$4" > "$out" 2>&1 &
  wrk_pid=$!
  wait "$wrk_pid" || status=$?
  wrk_pid=""
  ((status == 0)) || { cat "$out" >&2; die "wrk failed against $4 (exit status $status)"; }
  wrk_line=$(grep '^BENCH ' "$out") || { cat "$out" >&2; die "wrk printed no summary"; }
}
field() { sed -n "s/.* $2=\([0-9]*\).*/\1/p" <<< " $1"; }
load1() { cut -d' ' -f1 /proc/loadavg; }

load_before=$(cut -d' ' -f1-3 /proc/loadavg)
awk -v l="${load_before%% *}" -v n="$(nproc)" 'BEGIN { exit !(l > n / 2) }' &&
  say "warning: load average is $load_before on $(nproc) cores: other work competes with the servers and wrk, expect noisy figures"
say "warming up both servers (2 s each, not reported)"
run_wrk ours br200 64 "$ours_url" 2
run_wrk nginx br200 64 "$nginx_url" 2

say "measuring: ${duration} s per run, our server then nginx for each row; $mode"
results=()
notes=()
for scenario in br200 304; do
  for connections in "${connection_counts[@]}"; do
    row="$scenario $connections"
    for label in ours nginx; do
      [[ $label == ours ]] && url=$ours_url || url=$nginx_url
      ticks_before=$(cpu_ticks "$label")
      switches_before=$(context_switches "$label")
      read -r accepted_before overflows_before <<< "$(tcp_counters)"
      run_wrk "$label" "$scenario" "$connections" "$url" "$duration"
      line=$wrk_line
      ticks=$(($(cpu_ticks "$label") - ticks_before))
      switches=$(($(context_switches "$label") - switches_before))
      read -r accepted overflows <<< "$(tcp_counters)"
      accepted=$((accepted - accepted_before)) overflows=$((overflows - overflows_before))
      requests=$(field "$line" requests) micros=$(field "$line" duration_us) bytes=$(field "$line" bytes)
      rps=$(awk -v r="$requests" -v d="$micros" 'BEGIN { printf "%.0f", (d > 0 ? r / (d / 1e6) : 0) }')
      row+=" $rps $(field "$line" p50_us) $(field "$line" p99_us) $(load1)"
      errors=""
      for kind in connect read write status timeout; do
        count=$(field "$line" "$kind")
        ((count > 0)) && errors+=" $kind=$count"
      done
      per_response=$(awk -v b="$bytes" -v r="$requests" 'BEGIN { printf "%.0f", (r > 0 ? b / r : 0) }')
      cpu_per_request=$(awk -v t="$ticks" -v hz="$clock_ticks" -v r="$requests" 'BEGIN { printf "%.1f", (r > 0 ? t / hz * 1e6 / r : 0) }')
      notes+=("$(printf '%-5s %-5s c=%-3s load %5s  %8s req %7s B/resp  CPU %6s us/req (%4.2f cores)  %5s switches/req  max %7.1f ms  accepted %4s conns  listen overflows %4s  errors:%s' \
        "$scenario" "$label" "$connections" "$(load1)" "$requests" "$per_response" "$cpu_per_request" \
        "$(awk -v t="$ticks" -v hz="$clock_ticks" -v d="$micros" 'BEGIN { print t / hz / (d / 1e6) }')" \
        "$(awk -v s="$switches" -v r="$requests" 'BEGIN { printf "%.2f", (r > 0 ? s / r : 0) }')" \
        "$(awk -v u="$(field "$line" max_us)" 'BEGIN { print u / 1000 }')" "$accepted" "$overflows" "${errors:- none}")")
      sleep 1  # let the previous run's sockets settle
    done
    results+=("$row")
  done
done

stop_process "$sampler_pid"
sampler_pid=""
read -r ours_peak_rss ours_peak_threads nginx_peak_rss < "$tmp/memory.peak"
ours_hwm=$(status_kb "$server_pid" VmHWM)
nginx_hwm_list=""
for pid in $nginx_pid $(pgrep -P "$nginx_pid" 2> /dev/null); do nginx_hwm_list+=" $(status_kb "$pid" VmHWM)"; done

# [SECTION] Our 304 p99 at 64 connections, alone and while uploads run

upload_row=""
if [[ $measure_upload == 1 ]]; then
  say "measuring our 304 at c=64 alone, then while instructor uploads run one after another (${duration} s each)"
  run_wrk ours 304 64 "$ours_url" "$duration"
  alone_line=$wrk_line alone_load=$(load1)
  sleep 1
  : > "$tmp/uploads/log"
  upload_loop &
  uploader_pid=$!
  [[ $pinned == 1 ]] && taskset -cp "$client_cpu" "$uploader_pid" > /dev/null
  wrk_started=$(date +%s.%N)
  run_wrk ours 304 64 "$ours_url" "$duration"
  during_line=$wrk_line during_load=$(load1) wrk_ended=$(date +%s.%N)
  touch "$tmp/uploads/stop"
  wait "$uploader_pid" 2> /dev/null || true  # the upload on its way finishes first
  uploader_pid=""
  # Every upload (the last one ends after the run) with its status and time, and whether the
  # uploads ran out before the run ended.
  upload_summary=$(awk -v from="$wrk_started" -v to="$wrk_ended" '
    $1 == "end" { if ($2 < to) ran_out = 1; next }
    { n++; s += $2; status[$1]++; if ($3 >= from && $3 <= to) during++ }
    END {
      for (k in status) list = list sprintf(" %s x%d", k, status[k])
      printf "%d uploads, %d of them ended during the run, the last after it; %.2f s each on average; statuses:%s%s", n, during,
        (n ? s / n : 0), (list ? list : " none"), (ran_out ? "; WARNING: the uploads ran out before the run ended (raise BENCH_UPLOADS)" : "")
    }' "$tmp/uploads/log")
  upload_row="$(field "$alone_line" requests) $(field "$alone_line" duration_us) $(field "$alone_line" p50_us) $(field "$alone_line" p99_us) $alone_load"
  upload_row+=" $(field "$during_line" requests) $(field "$during_line" duration_us) $(field "$during_line" p50_us) $(field "$during_line" p99_us) $during_load"
fi

# [SECTION] Report

ms() { awk -v u="$1" 'BEGIN { printf "%.2f", u / 1000 }'; }
echo
echo "Mode: $mode"
printf '%-10s %5s | %10s %8s %8s | %10s %8s %8s | %7s | %s\n' scenario conns "ours rps" "p50 ms" "p99 ms" "nginx rps" "p50 ms" "p99 ms" "ours/nx" "load (1 min) after ours, nginx"
printf '%s\n' "-----------------+------------------------------+------------------------------+---------+-------------"
declare -A ratio_of p99_of
for row in "${results[@]}"; do
  read -r scenario connections o_rps o_p50 o_p99 o_load n_rps n_p50 n_p99 n_load <<< "$row"
  ratio=$(awk -v a="$o_rps" -v b="$n_rps" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }')
  ratio_of[$scenario-$connections]=$ratio
  p99_of[$scenario-$connections]=$o_p99
  name=$([[ $scenario == br200 ]] && echo "200 br" || echo "304")
  printf '%-10s %5s | %10s %8s %8s | %10s %8s %8s | %6sx | %s, %s\n' "$name" "$connections" "$o_rps" "$(ms "$o_p50")" "$(ms "$o_p99")" \
    "$n_rps" "$(ms "$n_p50")" "$(ms "$n_p99")" "$ratio" "$o_load" "$n_load"
done
echo
echo "Per run: B/resp = bytes read per response (full body for 200 br, none for 304); CPU = the server's user+system"
echo "time per request; switches = the server's context switches (all threads) per request; accepted / listen"
echo "overflows = machine-wide TCP counters during the run (a keep-alive connection lasts 1000 requests on both"
echo "servers); errors = wrk's socket errors and statuses >= 400."
printf '  %s\n' "${notes[@]}"
echo
echo "Memory:"
printf '  ours:  idle VmRSS %s kB before load, peak VmRSS %s kB during the runs (sampled every 0.2 s), VmHWM %s kB at the end (includes start-up seeding), peak %s threads\n' \
  "$ours_idle_rss" "$ours_peak_rss" "$ours_hwm" "$ours_peak_threads"
printf '  nginx: peak VmRSS %s kB summed over master + %s workers, VmHWM per process (kB):%s\n' "$nginx_peak_rss" "$nginx_workers" "$nginx_hwm_list"
echo
echo "Targets for our server:"
mark() { [[ $1 == 1 ]] && echo met || echo "NOT MET"; }
for scenario in 304 br200; do
  name=$([[ $scenario == br200 ]] && echo "200 br" || echo "304")
  for connections in "${connection_counts[@]}"; do
    ratio=${ratio_of[$scenario-$connections]}
    printf '  %-40s %-14s %s\n' "$name throughput >= ${target_ratio}x nginx, c=$connections" "${ratio}x" \
      "$(mark "$(awk -v r="$ratio" -v t="$target_ratio" 'BEGIN { print (r >= t) ? 1 : 0 }')")"
  done
done
for scenario in br200 304; do
  name=$([[ $scenario == br200 ]] && echo "200 br" || echo "304")
  [[ -n ${p99_of[$scenario-$target_p99_connections]:-} ]] || continue
  p99=${p99_of[$scenario-$target_p99_connections]}
  printf '  %-40s %-14s %s\n' "$name p99 < ${target_p99_ms} ms at c=$target_p99_connections" "$(ms "$p99") ms" \
    "$(mark "$(awk -v p="$p99" -v t="$target_p99_ms" 'BEGIN { print (p < t * 1000) ? 1 : 0 }')")"
done
if [[ -n $upload_row ]]; then
  read -r a_req a_us a_p50 a_p99 a_load d_req d_us d_p50 d_p99 d_load <<< "$upload_row"
  rps() { awk -v r="$1" -v d="$2" 'BEGIN { printf "%.0f", (d > 0 ? r / (d / 1e6) : 0) }'; }
  echo
  echo "Our 304 at c=64 with instructor uploads running (mode: $mode):"
  printf '  %-22s %10s %8s %8s | %s\n' "" "rps" "p50 ms" "p99 ms" "load (1 min)"
  printf '  %-22s %10s %8s %8s | %s\n' "alone" "$(rps "$a_req" "$a_us")" "$(ms "$a_p50")" "$(ms "$a_p99")" "$a_load"
  printf '  %-22s %10s %8s %8s | %s\n' "while uploads run" "$(rps "$d_req" "$d_us")" "$(ms "$d_p50")" "$(ms "$d_p99")" "$d_load"
  printf '  p99 with uploads / p99 alone: %sx\n' "$(awk -v a="$a_p99" -v b="$d_p99" 'BEGIN { printf "%.2f", (a > 0 ? b / a : 0) }')"
  printf '  %s\n' "$upload_summary"
fi
echo
say "load average (1, 5, 15 min): $load_before before the runs, $(cut -d' ' -f1-3 /proc/loadavg) after, on $(nproc) cores"
say "our server logged $(wc -l < "$tmp/server.log") lines to stderr during the run ($(du -h "$tmp/server.log" | cut -f1))"
say "done; cleaning up"
