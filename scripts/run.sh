#!/usr/bin/env bash
# Sets everything up (idempotent) and runs the appliance on its embedded default until Ctrl-C.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh
exec appliance run "$@"
