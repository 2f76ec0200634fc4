#!/usr/bin/env bash
# Set-up, then configure and build the given presets (default: native and web).
# Used by tools/run.sh and tools/test.sh; fine to run on its own.
set -euo pipefail
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$repo"

bash tools/setup.sh
presets=("$@")
((${#presets[@]})) || presets=(native web)
for preset in "${presets[@]}"; do
  start=$(date +%s)
  echo "[build] $preset: configuring and building"
  cmake --preset "$preset" > "build-$preset.log" 2>&1 || { cat "build-$preset.log"; echo "[build] $preset: configure failed" >&2; exit 1; }
  cmake --build --preset "$preset" >> "build-$preset.log" 2>&1 || { tail -n 60 "build-$preset.log"; echo "[build] $preset: build failed (full log: build-$preset.log)" >&2; exit 1; }
  echo "[build] $preset: done in $(( $(date +%s) - start )) s"
done
