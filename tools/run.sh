#!/usr/bin/env bash
# Set-up, build, and serve Umuhanda on http://127.0.0.1:8080 (data in ./data/umuhanda.db, created
# and filled with the default pack on first start). UMUHANDA_HOST and UMUHANDA_PORT override the
# address; any argument is passed on to umuhanda-server (see --help).
set -euo pipefail
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$repo"

bash tools/build.sh native web
exec build/native/server/umuhanda-server \
  --host "${UMUHANDA_HOST:-127.0.0.1}" --port "${UMUHANDA_PORT:-8080}" \
  --data "$repo/data" --web "$repo/build/web/dist" "$@"
