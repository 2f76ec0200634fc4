#!/usr/bin/env bash
# Builds the fuzz preset and runs each libFuzzer target of tests/fuzz, then prints per target the
# seconds it ran, executions per second, coverage (libFuzzer's cov and ft) and the crashes found.
#   FUZZ_SECONDS=600            time per target
#   FUZZ_TARGETS="csv pack_zip" the targets to run (default: every target the fuzz preset builds)
#   FUZZ_JOBS=1                 targets run at once (tools/test.sh runs two, one per core)
#   FUZZ_TIMEOUT=10             seconds one input may take before it counts as a crash (a hang)
# Inputs that add coverage are kept in build/fuzz/corpus/<target> from run to run; a crash is
# written to build/fuzz/crashes/<target>/ (see "Fuzzing" in docs/development.md for what to do
# with it). Exits non-zero when the build failed or any target crashed.
set -uo pipefail
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$repo"

seconds=${FUZZ_SECONDS:-600}
jobs=${FUZZ_JOBS:-1}
timeout=${FUZZ_TIMEOUT:-10}

# Not tools/build.sh: that runs the whole set-up (the WebAssembly SDL2 too); this needs only clang.
command -v clang++ > /dev/null && [[ -n $(ls /usr/lib/llvm-14/lib/clang/*/lib/linux/libclang_rt.fuzzer-x86_64.a 2>/dev/null) ]] ||
  { echo "[fuzz] clang or libFuzzer missing: run tools/setup.sh (packages clang, libclang-rt-14-dev)" >&2; exit 1; }
start=$(date +%s)
{ cmake --preset fuzz && cmake --build --preset fuzz; } > build-fuzz.log 2>&1 ||
  { tail -n 60 build-fuzz.log; echo "[fuzz] build failed (full log: build-fuzz.log)" >&2; exit 1; }
echo "[fuzz] built in $(( $(date +%s) - start )) s"
bin=build/fuzz/tests/fuzz
# Every target the preset built (tests/fuzz/CMakeLists.txt decides; a parser not on this branch yet
# has no target), or the ones asked for.
if [[ -n ${FUZZ_TARGETS:-} ]]; then
  read -r -a targets <<<"${FUZZ_TARGETS//,/ }"
else
  targets=()
  for program in "$bin"/fuzz_*; do
    [[ -x $program ]] && targets+=("$(basename "$program" | sed 's/^fuzz_//')")
  done
fi
for target in "${targets[@]}"; do
  [[ -x $bin/fuzz_$target ]] || { echo "[fuzz] no target \"$target\" (have: $(cd $bin && ls fuzz_* | sed 's/^fuzz_//' | tr '\n' ' '))" >&2; exit 1; }
done

run_target() {  # name: runs one target, leaves its log and its wall time in build/fuzz/logs/
  local name=$1 logs=build/fuzz/logs
  local work=build/fuzz/corpus/$name crashes=build/fuzz/crashes/$name
  mkdir -p "$work" "$crashes" "$logs"
  local inputs=("$work" "tests/fuzz/corpus/$name") options=()
  [[ -d tests/fuzz/regressions/$name ]] && inputs+=("tests/fuzz/regressions/$name")
  [[ -f tests/fuzz/dicts/$name.dict ]] && options+=("-dict=tests/fuzz/dicts/$name.dict")
  local start
  start=$(date +%s)
  "$bin/fuzz_$name" "${inputs[@]}" "${options[@]}" -max_total_time="$seconds" -timeout="$timeout" -rss_limit_mb=2048 \
    -print_final_stats=1 -artifact_prefix="$crashes/" > "$logs/$name.log" 2>&1
  echo "$? $(( $(date +%s) - start ))" > "$logs/$name.status"
}

echo "[fuzz] ${#targets[@]} targets, $seconds s each, $jobs at a time"
for target in "${targets[@]}"; do
  while (( $(jobs -rp | wc -l) >= jobs )); do wait -n; done
  run_target "$target" &
done
wait

# libFuzzer's last status line ("#N DONE cov: C ft: F corp: ...") and its final stats.
crashed=0
printf '[fuzz] %-14s %7s %9s %7s %7s %8s  %s\n' target seconds execs/s cov ft corpus crashes
for target in "${targets[@]}"; do
  log=build/fuzz/logs/$target.log
  read -r status took < "build/fuzz/logs/$target.status"
  last=$(grep -E '^#[0-9]+[[:space:]].*cov: [0-9]+ ft: [0-9]+' "$log" | tail -n1)
  cov=$(sed -nE 's/.* cov: ([0-9]+) .*/\1/p' <<<"$last")
  ft=$(sed -nE 's/.* ft: ([0-9]+) .*/\1/p' <<<"$last")
  corpus=$(sed -nE 's/.* corp: ([0-9]+)\/.*/\1/p' <<<"$last")
  execs=$(sed -nE 's/^stat::average_exec_per_sec: *([0-9]+)/\1/p' "$log" | tail -n1)
  found=none
  if ((status != 0)); then
    crashed=$((crashed + 1))
    artifact=$(sed -nE 's/.*Test unit written to (.*)$/\1/p' "$log" | tail -n1)
    found="CRASH (exit $status): ${artifact:-see $log}"
  fi
  printf '[fuzz] %-14s %7s %9s %7s %7s %8s  %s\n' "$target" "$took" "${execs:--}" "${cov:--}" "${ft:--}" "${corpus:--}" "$found"
done
if ((crashed > 0)); then
  echo "[fuzz] $crashed target(s) crashed. Logs: build/fuzz/logs/<target>.log; reproduce with build/fuzz/tests/fuzz/fuzz_<target> <crash file>"
  grep -hE 'fuzz invariant broken|ERROR: (AddressSanitizer|libFuzzer)|runtime error' build/fuzz/logs/*.log | head -n 20
  exit 1
fi
echo "[fuzz] no crash"
