#!/usr/bin/env bash
# Runs driver-check.mjs (official MongoDB Node.js driver) against a fresh
# jollyjet-mongo-test-server on a free loopback port, then stops that server by PID.
# When MONGODB_URI is set, the same check also runs against that real server (it
# drops and uses the database "driver_check" there).
# With "tls" as third argument, the server speaks TLS only, with a CA and a
# certificate for 127.0.0.1 made here by openssl, and the driver connects with
# tls=true&tlsCAFile=... (verifying chain and host name).
# Usage: run-check.sh SERVER_BINARY DIR [tls]   (DIR holds driver-check.mjs and node_modules)
set -euo pipefail
server="$1"
dir="$2"
mode="${3:-plain}"
log=$(mktemp)
certs=$(mktemp -d)
pid=""
cleanup() {
    if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
        kill -TERM "$pid" 2>/dev/null || true
        for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
        kill -KILL "$pid" 2>/dev/null || true
    fi
    rm -f "$log"
    rm -rf "$certs"
}
trap cleanup EXIT

server_args=()
query=""
if [ "$mode" = "tls" ]; then
    ec=(-newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes)
    openssl req -x509 "${ec[@]}" -keyout "$certs/ca.key" -out "$certs/ca.pem" -days 30 \
        -subj "/CN=driver check CA" 2>/dev/null
    openssl req "${ec[@]}" -keyout "$certs/server.key" -out "$certs/server.csr" -subj "/CN=127.0.0.1" 2>/dev/null
    echo "subjectAltName=IP:127.0.0.1,DNS:localhost" >"$certs/san.ext"
    openssl x509 -req -in "$certs/server.csr" -CA "$certs/ca.pem" -CAkey "$certs/ca.key" -CAcreateserial \
        -days 30 -extfile "$certs/san.ext" -out "$certs/server.pem" 2>/dev/null
    server_args=(--tls-cert-file "$certs/server.pem" --tls-key-file "$certs/server.key")
    query="?tls=true&tlsCAFile=$certs/ca.pem"
fi

# A port below the kernel's ephemeral range, so no client connection can hold it.
port=""
for _ in $(seq 1 100); do
    candidate=$((20000 + RANDOM % 12000))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$candidate") 2>/dev/null; then port=$candidate; break; fi
done
[ -n "$port" ] || { echo "run-check: no free port" >&2; exit 1; }
"$server" --port "$port" "${server_args[@]}" >"$log" 2>&1 &
pid=$!
for _ in $(seq 100); do
    grep -q '^ready$' "$log" && break
    kill -0 "$pid" 2>/dev/null || { echo "test server exited at start:"; cat "$log"; exit 1; }
    sleep 0.1
done
grep -q '^ready$' "$log" || { echo "test server did not print ready within 10 s:"; cat "$log"; exit 1; }

cd "$dir"
status=0
node driver-check.mjs "mongodb://127.0.0.1:$port/test$query" || status=$?

kill -TERM "$pid"
if ! wait "$pid"; then
    echo "test server did not stop cleanly on SIGTERM:"; cat "$log"; status=1
fi
pid=""

if [ "$status" -eq 0 ] && [ "$mode" = "plain" ] && [ -n "${MONGODB_URI:-}" ]; then
    echo "also against MONGODB_URI"
    node driver-check.mjs "$MONGODB_URI" || status=$?
fi
exit "$status"
