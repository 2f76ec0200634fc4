#!/usr/bin/env bash
# Benchmark, not a test: live events (GET /api/v1/me/events, docs/api.md "Live events") with
# BENCH_STREAMS open streams (default 1000: BENCH_STUDENTS students with the rest spread over
# them, as phones and tabs), against a baseline of one stream in the same run. An admin grants
# plans through the API, one at a time; each grant records a notification for one student, which
# every open stream of that student must receive. Figures:
#   - delivery: from just before the grant request is sent to the event's arrival on each stream
#     (so it includes the grant's own transaction): median, p99, worst; baseline vs loaded, and
#     their ratio; target median <= 30 ms, worst <= 50 ms;
#   - memory: the server's VmRSS before and after opening the streams, per stream; target <= 8 KB;
#   - threads: the server's thread count with no stream and with all of them open.
# Loopback only; stops by itself. See tools/bench/README.md.
#
# Environment knobs (all optional):
#   BENCH_STREAMS=1000  BENCH_STUDENTS=50  BENCH_EVENTS=200
#   UMUHANDA_SERVER_BIN=...    server binary (default build/native/server/umuhanda-server)
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
server_bin=${UMUHANDA_SERVER_BIN:-$repo/build/native/server/umuhanda-server}
streams=${BENCH_STREAMS:-1000}
students=${BENCH_STUDENTS:-50}
events=${BENCH_EVENTS:-200}

# shellcheck source=tools/bench/lib.sh
source "$repo/tools/bench/lib.sh"
bench_init live-events

# 1000 streams and the bench's own sockets need more than the default 1024 descriptors.
ulimit -n 8192 2> /dev/null || say "could not raise the open-file limit (ulimit -n is $(ulimit -n))"
start_server
say "server on $origin (pid $server_pid)"

printf '{"plans": [{"slug": "bench", "names": {"en": "Bench"}, "duration_seconds": 3600, "price_rwf": 100}]}' > "$tmp/plans.json"
"$server_bin" --data "$tmp/data" plans import "$tmp/plans.json" > /dev/null
printf 'bench admin password 1\n' | "$server_bin" --data "$tmp/data" user create --role admin --name "Bench Admin" --login admin@bench.rw > /dev/null
say "signing up $students students (argon2id each)"
sign_up_students "$students" "$tmp/cookies"

python3 - "$origin" "$server_pid" "$tmp/cookies" "$streams" "$events" <<'PY'
import asyncio, json, statistics, sys, time

origin, server_pid, cookies_file, stream_count, event_count = sys.argv[1], int(sys.argv[2]), sys.argv[3], int(sys.argv[4]), int(sys.argv[5])
host, port = origin.split("//")[1].split(":")
port = int(port)
cookies = [line.strip() for line in open(cookies_file) if line.strip()]

def proc_status(field):
    for line in open(f"/proc/{server_pid}/status"):
        if line.startswith(field + ":"):
            return int(line.split()[1])
    return -1

async def request(method, path, headers=(), body=b""):
    reader, writer = await asyncio.open_connection(host, port)
    head = f"{method} {path} HTTP/1.1\r\nHost: {host}:{port}\r\nOrigin: {origin}\r\nConnection: close\r\nContent-Length: {len(body)}\r\n"
    for h in headers: head += h + "\r\n"
    writer.write(head.encode() + b"\r\n" + body)
    await writer.drain()
    data = await reader.read()
    writer.close()
    status = int(data.split(b" ", 2)[1])
    return status, data.split(b"\r\n\r\n", 1)[1], data.split(b"\r\n\r\n", 1)[0].decode()

async def me(cookie):
    status, body, _ = await request("GET", "/api/v1/me", [f"Cookie: {cookie}"])
    return json.loads(body)["user_id"]

class Stream:
    def __init__(self, cookie):
        self.cookie = cookie
        self.arrived = {}  # notification id -> perf_counter at arrival
        self.waiters = []
    async def open(self):
        self.reader, self.writer = await asyncio.open_connection(host, port, limit=1 << 20)
        self.writer.write(f"GET /api/v1/me/events HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: {self.cookie}\r\n\r\n".encode())
        await self.writer.drain()
        head = await self.reader.readuntil(b"\r\n\r\n")
        assert head.startswith(b"HTTP/1.1 200"), head
        self.task = asyncio.create_task(self.read())
    async def read(self):
        while True:
            try:
                block = await self.reader.readuntil(b"\n\n")
            except (asyncio.IncompleteReadError, ConnectionError):
                return  # closed
            now = time.perf_counter()
            for line in block.split(b"\n"):
                if line.startswith(b"id: "):
                    self.arrived[int(line[4:])] = now

async def main():
    status, body, headers = await request("POST", "/api/v1/sessions", ["Content-Type: application/json"],
                                          json.dumps({"login": "admin@bench.rw", "password": "bench admin password 1"}).encode())
    assert status == 200, body
    admin = [h.split(": ", 1)[1].split(";")[0] for h in headers.split("\r\n") if h.lower().startswith("set-cookie")][0]
    status, body, _ = await request("GET", "/api/v1/plans")
    plan = json.loads(body)["plans"][0]["id"]
    users = [await me(c) for c in cookies]

    async def grant(user):
        status, body, _ = await request("POST", f"/api/v1/users/{user}/subscriptions", [f"Cookie: {admin}", "Content-Type: application/json"],
                                        json.dumps({"plan_id": plan}).encode())
        assert status == 201, body

    async def measure(open_streams, count, label):
        by_user = {}
        for s in open_streams: by_user.setdefault(s.user, []).append(s)
        targets = list(by_user)
        latencies, missing = [], 0
        for i in range(count):
            user = targets[i % len(targets)]
            before = {id(s): set(s.arrived) for s in by_user[user]}
            start = time.perf_counter()
            await grant(user)
            deadline = start + 5
            while time.perf_counter() < deadline:
                if all(set(s.arrived) - before[id(s)] for s in by_user[user]): break
                await asyncio.sleep(0.0005)
            for s in by_user[user]:
                new = set(s.arrived) - before[id(s)]
                if not new: missing += 1; continue
                latencies.append((s.arrived[min(new)] - start) * 1000)
        latencies.sort()
        p = lambda q: latencies[min(len(latencies) - 1, int(q * len(latencies)))] if latencies else float("nan")
        print(f"[bench] {label}: {count} events, {len(latencies)} deliveries, {missing} missing; "
              f"median {statistics.median(latencies):.2f} ms, p99 {p(0.99):.2f} ms, worst {latencies[-1]:.2f} ms")
        return statistics.median(latencies), latencies[-1], missing

    # Baseline: one stream.
    base = Stream(cookies[0]); base.user = users[0]
    await base.open()
    base_median, base_worst, _ = await measure([base], max(20, event_count // 4), "baseline, 1 stream")
    base.writer.close()
    await asyncio.sleep(0.5)

    rss_before, threads_before = proc_status("VmRSS"), proc_status("Threads")
    opened = []
    for i in range(stream_count):
        s = Stream(cookies[i % len(cookies)]); s.user = users[i % len(cookies)]
        await s.open()
        opened.append(s)
    await asyncio.sleep(1.0)
    rss_after, threads_after = proc_status("VmRSS"), proc_status("Threads")
    per_stream = (rss_after - rss_before) * 1024 / stream_count
    print(f"[bench] memory: VmRSS {rss_before} KB before, {rss_after} KB with {stream_count} streams open: {per_stream:.0f} bytes per stream "
          f"(target <= 8192: {'met' if per_stream <= 8192 else 'NOT MET'})")
    print(f"[bench] threads: {threads_before} before, {threads_after} with {stream_count} streams open")
    median, worst, missing = await measure(opened, event_count, f"loaded, {stream_count} streams")
    print(f"[bench] ratio loaded/baseline: median {median / base_median:.2f}x, worst {worst / base_worst:.2f}x")
    print(f"[bench] targets: median <= 30 ms: {'met' if median <= 30 else 'NOT MET'} ({median:.2f}); "
          f"worst <= 50 ms: {'met' if worst <= 50 else 'NOT MET'} ({worst:.2f}); missing deliveries: {missing}")
    for s in opened: s.writer.close()

asyncio.run(main())
PY
