#!/usr/bin/env bash
# Installs the pinned MongoDB Node.js driver (package-lock.json) into DIR/node_modules.
# Usage: npm-install.sh DIR. Skips the install when DIR already holds exactly the
# locked packages, so repeated test runs cost well under a second.
set -euo pipefail
dir="$1"
cd "$dir"
stamp=node_modules/.jollyjet-lock.sha256
want=$(sha256sum package-lock.json | cut -d' ' -f1)
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ] && [ -f node_modules/mongodb/package.json ]; then
    echo "mongodb driver already installed ($(node -p "require('./node_modules/mongodb/package.json').version"))"
    exit 0
fi
npm ci --no-audit --no-fund --prefer-offline
echo "$want" > "$stamp"
echo "installed mongodb driver $(node -p "require('./node_modules/mongodb/package.json').version")"
