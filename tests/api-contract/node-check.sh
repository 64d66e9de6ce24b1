#!/usr/bin/env bash
# The pinned tools need Node.js 20.19 or later (@redocly/cli 2.x: >=20.19 <21 or
# >=22.12; @stoplight/prism-cli 5.14.2: >=18.20.1; its later releases need >=24.14).
# Exits 77 (ctest: skipped) with the reason when this machine's Node.js is older.
set -euo pipefail
if ! command -v node >/dev/null 2>&1; then
    echo "SKIP: node is not installed (scripts/bootstrap.sh installs it)"; exit 77
fi
version=$(node -p 'process.versions.node')
IFS=. read -r major minor _ <<<"$version"
if [ "$major" -lt 20 ] || { [ "$major" -eq 20 ] && [ "$minor" -lt 19 ]; } || { [ "$major" -eq 21 ]; } ||
   { [ "$major" -eq 22 ] && [ "$minor" -lt 12 ]; }; then
    echo "SKIP: Node.js $version is too old for @redocly/cli (needs 20.19+ or 22.12+)"; exit 77
fi
