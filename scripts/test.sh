#!/usr/bin/env bash
# Runs the whole test suite on a fresh machine: sets up first (idempotent), then every test project.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh
mkdir -p out/test-results
status=0
dotnet test appliance.sln --no-build -nologo --logger "console;verbosity=normal" \
  --results-directory out/test-results 2>&1 | tee out/test-results/console.log || status=$?
# One closing line for the whole suite, summed over the projects' "Passed!/Failed!" lines.
awk '/^(Passed|Failed)! +- Failed:/ { gsub(",", ""); f += $4; p += $6; s += $8 }
     END { printf "%d passed, %d failed, %d skipped\n", p, f, s }' out/test-results/console.log
exit "$status"
