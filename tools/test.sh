#!/usr/bin/env bash
# Set-up, build every preset, and run every test tier: unit, integration and e2e on the native
# build, unit and integration again under AddressSanitizer + UBSan. Prints each tier's counts and
# exits non-zero if anything failed.
set -uo pipefail
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$repo"

bash tools/build.sh native native-asan web || exit 1

total_passed=0
total_failed=0
summary=()
run_tier() {  # preset label [exclude-regex]
  local preset=$1 label=$2 log="build/ctest-$1-$2.log" exclude=()
  [[ -n ${3:-} ]] && exclude=(-E "$3")
  echo "[test] $preset / $label"
  ctest --preset "$preset" -L "^$label\$" "${exclude[@]}" --parallel 2 --output-on-failure > "$log" 2>&1
  local status=$?
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

echo
echo "[test] summary"
printf '  %s\n' "${summary[@]}"
echo "[test] screenshots: $repo/build/native/screenshots"
echo "total: $total_passed passed, $total_failed failed"
((total_failed == 0))
