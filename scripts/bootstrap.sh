#!/usr/bin/env bash
# Installs the Debian 12 packages JollyJet needs to build, run and test.
# Idempotent: when everything is present it only checks, in well under a second.
set -euo pipefail

packages=(
    build-essential cmake pkg-config
    libpoco-dev libspdlog-dev libfmt-dev libsqlite3-dev zlib1g-dev libbrotli-dev
    libgtest-dev libgmock-dev
    libhttp-parser-dev
    redis-server redis-sentinel redis-tools
    wrk curl
    prometheus
    python3 python3-yaml
    openssl libssl-dev
)
# redis-sentinel: the sentinel tests and bench start their own sentinels on free
# ports (the package's system service is not used).
# prometheus brings promtool, which checks the /metrics page in the tests.
# libsqlite3-dev: the SQLite store talks to the system SQLite (3.40, FTS5 built in),
# the same library POCO's SQLite connector links.
# python3-yaml turns docs/openapi.yaml into the JSON jollyjetd serves (at build time).
# libssl-dev: TLS to Redis and MongoDB (POCO NetSSL); openssl: the TLS tests make
# their certificates with it.

missing=()
for p in "${packages[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
        missing+=("$p")
    fi
done
# The MongoDB Node.js driver check needs node and npm; a machine may already have a
# newer Node.js than Debian's, which is fine.
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
    missing+=(nodejs npm)
fi

if [ ${#missing[@]} -eq 0 ]; then
    exit 0
fi

echo "bootstrap: installing ${missing[*]}"
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
    SUDO="sudo"
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
