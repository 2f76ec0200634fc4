#!/usr/bin/env bash
# Set-up, build every preset, and run every test tier: unit, integration and e2e on the native
# build, unit and integration again under AddressSanitizer + UBSan, the connection, upload and
# concurrency tests under ThreadSanitizer; the format check of the C++ files changed since
# .clang-format was added (tools/format.sh); and a short run of every fuzz target. Prints each
# tier's counts, the set-up, build and test times, and exits non-zero if anything failed.
set -uo pipefail
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$repo"

started=$(date +%s)
mkdir -p build
# build.sh prints "[setup] done in N s" and "[build] PRESET: done in N s": kept for the summary.
bash tools/build.sh native native-asan native-tsan web 2>&1 | tee build/test-build-times.log
((PIPESTATUS[0] == 0)) || exit 1
times=()
while read -r line; do
  [[ $line =~ ^\[setup\]\ done\ in\ ([0-9]+)\ s ]] && times+=("setup: ${BASH_REMATCH[1]} s")
  [[ $line =~ ^\[build\]\ ([a-z0-9-]+):\ done\ in\ ([0-9]+)\ s ]] && times+=("build ${BASH_REMATCH[1]}: ${BASH_REMATCH[2]} s")
done < build/test-build-times.log

total_passed=0
total_failed=0
summary=()
why=()
run_tier() {  # preset label [exclude-regex]
  local preset=$1 label=$2 log="build/ctest-$1-$2.log" exclude=()
  [[ -n ${3:-} ]] && exclude=(-E "$3")
  echo "[test] $preset / $label"
  local tier_start=$SECONDS
  ctest --preset "$preset" -L "^$label\$" "${exclude[@]}" --parallel 2 --output-on-failure > "$log" 2>&1
  local status=$?
  times+=("test $preset/$label: $((SECONDS - tier_start)) s")
  grep -E '(Failed|\*\*\*|Exception|Timeout|Not Run)' "$log" | grep -vE '^\s*[0-9]+/[0-9]+ Test.*Passed' | head -n 40
  local line
  line=$(grep -E 'tests passed, [0-9]+ tests? failed out of [0-9]+' "$log" | tail -n1)
  if [[ -z $line ]]; then
    tail -n 30 "$log"
    summary+=("$preset/$label: no tests ran (see $log)")
    total_failed=$((total_failed + 1))
    return
  fi
  local failed all
  failed=$(sed -E 's/.* ([0-9]+) tests? failed out of ([0-9]+).*/\1/' <<<"$line")
  all=$(sed -E 's/.* ([0-9]+) tests? failed out of ([0-9]+).*/\2/' <<<"$line")
  ((status == 0)) || ((failed > 0)) || failed=1
  # Why each failed, in a few lines (GoogleTest's "Failure" blocks, node:test's error lines), kept
  # for the end of the output, where a CI page that shows only the tail still has them.
  if ((failed > 0)); then
    why+=("$preset/$label:")
    while IFS= read -r reason; do why+=("$reason"); done < <(
      grep -E -A4 ': Failure$|^\s*not ok |^\s+error: |AssertionError|Error: |Timed out' "$log" | grep -vE '^[0-9]{4}-[0-9]{2}-[0-9]{2}T' | head -n 24)
  fi
  summary+=("$preset/$label: $((all - failed)) passed, $failed failed")
  total_passed=$((total_passed + all - failed))
  total_failed=$((total_failed + failed))
}

run_tier native unit
run_tier native integration
run_tier native e2e
run_tier native-asan unit
# The crash-safety kills (dozens of imports) run natively only: under ASan they add minutes and
# check the same transaction logic.
run_tier native-asan integration crash_safety
# The server's threads under ThreadSanitizer: the test preset selects the connection, upload and
# concurrency tests (CMakePresets.json); a report in the server's log fails the test.
run_tier native-tsan integration

echo "[test] format"
format_start=$SECONDS
if bash tools/format.sh --check; then
  summary+=("format: C++ files changed since .clang-format are formatted")
else
  summary+=("format: files not formatted (run tools/format.sh)")
  total_failed=$((total_failed + 1))
fi
times+=("format check: $((SECONDS - format_start)) s")

# Every fuzz target for a short time, two at a time, so a crash found once stays found.
echo "[test] fuzz smoke"
fuzz_start=$SECONDS
if FUZZ_SECONDS=${FUZZ_SMOKE_SECONDS:-15} FUZZ_JOBS=2 bash tools/fuzz.sh > build/fuzz-smoke.log 2>&1; then
  summary+=("fuzz smoke: $(grep -c '^\[fuzz\] [a-z_]* .* none$' build/fuzz-smoke.log) targets, no crash")
else
  grep -E '^\[fuzz\]' build/fuzz-smoke.log | tail -n 30
  summary+=("fuzz smoke: FAILED (see build/fuzz-smoke.log)")
  total_failed=$((total_failed + 1))
fi
times+=("fuzz smoke, build included: $((SECONDS - fuzz_start)) s")

echo
if ((${#why[@]} > 0)); then
  echo "[test] why tests failed (whole logs: build/ctest-<preset>-<label>.log)"
  printf '  %s\n' "${why[@]}"
fi
echo "[test] summary"
printf '  %s\n' "${summary[@]}"
echo "[test] times (wall clock; the machine's load average now: $(cut -d' ' -f1-3 /proc/loadavg))"
printf '  %s\n' "${times[@]}" "total: $(( $(date +%s) - started )) s"
echo "[test] screenshots: $repo/build/native/screenshots"
echo "total: $total_passed passed, $total_failed failed"
((total_failed == 0))
