#!/usr/bin/env bash
# Benchmark, not a test: what the student client costs to load, in headless Chromium against our
# server on 127.0.0.1. Bytes on the wire for a first visit and a warm revisit (against the 1.5 MB
# and 5 KB targets), time from navigation to the first question (cold online, warm offline) and
# to the home screen, and the .wasm/.js sizes raw and brotli. Prints figures; asserts nothing.
# Starts and stops its own server and browser. See tools/bench/README.md.
#
# Environment knobs (all optional):
#   BENCH_RUNS=5                 navigations per timing figure (the median is reported)
#   BENCH_VIEWPORT=390x844       CSS px of the page (a phone)
#   BENCH_SCALE=3                device pixels per CSS px (1: a desktop window)
#   BENCH_WAIT_SECONDS=180       longest wait for any one step (server start, a download, a frame)
#   UMUHANDA_SERVER_BIN=...      server binary (default build/native/server/umuhanda-server)
#   UMUHANDA_WEB_DIST=...        built web client (default build/web/dist)
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
server_bin=${UMUHANDA_SERVER_BIN:-${UMUHANDA_SERVER:-$repo/build/native/server/umuhanda-server}}
web_dist=${UMUHANDA_WEB_DIST:-$repo/build/web/dist}

die() { printf '[bench] error: %s\n' "$*" >&2; exit 1; }

[[ -x $server_bin ]] || die "no server binary at $server_bin: build it first with 'tools/build.sh native' (or set UMUHANDA_SERVER_BIN)"
compgen -G "$web_dist/index.*.wasm" > /dev/null ||
  die "no built web client in $web_dist: build it first with 'tools/build.sh web' (or set UMUHANDA_WEB_DIST)"
[[ -f $web_dist/index.html && -f $web_dist/sw.js ]] || die "$web_dist lacks index.html or sw.js: rebuild the web client"
command -v node > /dev/null || die "node is missing: run tools/setup.sh"
[[ -x /usr/bin/chromium ]] || die "Debian's chromium is missing: run tools/setup.sh"
[[ -d $repo/tests/e2e/node_modules/playwright-core ]] ||
  die "playwright-core is missing in tests/e2e/node_modules: run tools/setup.sh (or 'npm ci' in tests/e2e)"

UMUHANDA_SERVER=$server_bin UMUHANDA_WEB_DIST=$(cd "$web_dist" && pwd) exec node "$repo/tools/bench/client_load.mjs"
