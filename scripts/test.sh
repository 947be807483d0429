#!/usr/bin/env bash
# Runs the whole test suite on a fresh machine: sets up first (idempotent), then the native tests (ctest) and
# every .NET test project, one project at a time (they share the machine's hugepages, veths and two cores).
set -uo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh || exit 1
mkdir -p out/test-results
status=0
ctest --test-dir native/build --output-on-failure 2>&1 | tee out/test-results/ctest.log || status=1
dotnet test appliance.sln --no-build -nologo -m:1 --logger "console;verbosity=normal" \
  --results-directory out/test-results 2>&1 | tee out/test-results/console.log
[ "${PIPESTATUS[0]}" -eq 0 ] || status=1
# One closing line for the whole suite: ctest's tests plus every project's "Passed!/Failed!" summary.
awk '/% tests passed, / { split($0, a, " "); cf += a[4]; ct += a[9]; }
     END { printf "%d %d\n", ct - cf, cf }' out/test-results/ctest.log > out/test-results/ctest.counts
read -r ctest_passed ctest_failed < out/test-results/ctest.counts
awk -v cp="$ctest_passed" -v cf="$ctest_failed" '
     /^ +Passed: [0-9]+$/ { p += $2 } /^ +Failed: [0-9]+$/ { f += $2 } /^ +Skipped: [0-9]+$/ { s += $2 }
     END { printf "%d passed, %d failed, %d skipped\n", p + cp, f + cf, s }' out/test-results/console.log
# Then what failed, last, where a log's tail shows it: each failed test with the first lines of its message.
if [ "$status" -ne 0 ]; then
  echo "What failed (whole logs in out/test-results):"
  grep -E '^FAIL |^[0-9]+% tests passed|^\s+[0-9]+ - .*\(' out/test-results/ctest.log | grep -v '100% tests passed' | head -20
  awk '/^  Failed [^!]/ { n = 1 } /^  Stack Trace:/ { n = 0 } n && n++ <= 6' out/test-results/console.log | head -60
fi
exit "$status"
