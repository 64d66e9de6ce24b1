#!/usr/bin/env bash
# redocly lint on docs/openapi.yaml with docs/redocly.yaml (no error, no warning).
# Usage: run-lint.sh DIR SOURCE_DIR
set -euo pipefail
dir="$1"
src="$2"
bash "$dir/node-check.sh" || exit $?
export REDOCLY_TELEMETRY=off REDOCLY_SUPPRESS_UPDATE_NOTICE=true
out=$("$dir/node_modules/.bin/redocly" lint "$src/docs/openapi.yaml" --config "$src/docs/redocly.yaml" \
      --format=stylish 2>&1) || { echo "$out"; exit 1; }
echo "$out"
if echo "$out" | grep -Eq "You have [0-9]+ warning|[0-9]+ warnings?\."; then echo "lint warnings are not accepted"; exit 1; fi
