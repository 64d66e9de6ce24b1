#!/usr/bin/env bash
# Installs the pinned API tools (package-lock.json: @redocly/cli, @stoplight/prism-cli)
# into DIR/node_modules. Skips the install when DIR already holds exactly the locked
# packages. Exits 77 (ctest: skipped) when Node.js is older than the tools need.
# Usage: npm-install.sh DIR
set -euo pipefail
dir="$1"
cd "$dir"
bash ./node-check.sh || exit $?
stamp=node_modules/.jollyjet-lock.sha256
want=$(sha256sum package-lock.json | cut -d' ' -f1)
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ] && [ -x node_modules/.bin/prism ] && [ -x node_modules/.bin/redocly ]; then
    echo "API tools already installed"
    exit 0
fi
npm ci --no-audit --no-fund --prefer-offline
echo "$want" > "$stamp"
echo "installed redocly $(node_modules/.bin/redocly --version 2>/dev/null | tail -1), prism $(node_modules/.bin/prism --version)"
