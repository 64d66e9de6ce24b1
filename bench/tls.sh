#!/usr/bin/env bash
# Redis over TLS vs plaintext: two private redis-servers (one plaintext, one TLS-only
# with a CA and a 127.0.0.1 certificate made here by openssl) and two jollyjetd on
# loopback, identical except for redis:// vs rediss://. The near cache is off, so
# every cached GET is a Redis round trip over the connection under test. wrk runs
# the same cached GET against each; the script prints req/s, p50 and p99 of both and
# their ratio. Everything it starts is stopped by PID.
# Usage: bench/tls.sh [build-dir] [duration, e.g. 5s] [target path]
set -euo pipefail
build=${1:-build}
export WRK_DURATION=${2:-5s}
target=${3:-/api/products?page=1&limit=10}
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=bench/lib.sh
source "$here/lib.sh"

certs="$BENCH_TMP/certs"
mkdir -p "$certs"
ec=(-newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes)
openssl req -x509 "${ec[@]}" -keyout "$certs/ca.key" -out "$certs/ca.pem" -days 2 -subj "/CN=bench CA" 2>/dev/null
openssl req "${ec[@]}" -keyout "$certs/server.key" -out "$certs/server.csr" -subj "/CN=127.0.0.1" 2>/dev/null
echo "subjectAltName=IP:127.0.0.1" >"$certs/san.ext"
openssl x509 -req -in "$certs/server.csr" -CA "$certs/ca.pem" -CAkey "$certs/ca.key" -CAcreateserial -days 2 \
    -extfile "$certs/san.ext" -out "$certs/server.pem" 2>/dev/null

plain_redis=$(free_port)
tls_redis=$(free_port)
plain_port=$(free_port)
tls_port=$(free_port)
start_redis "$plain_redis"
mkdir -p "$BENCH_TMP/redis-tls"
redis-server --port 0 --tls-port "$tls_redis" --tls-cert-file "$certs/server.pem" --tls-key-file "$certs/server.key" \
    --tls-ca-cert-file "$certs/ca.pem" --tls-auth-clients no --bind 127.0.0.1 --save "" --appendonly no \
    --daemonize no --dir "$BENCH_TMP/redis-tls" --logfile "$BENCH_TMP/redis-tls/redis.log" &
BENCH_PIDS+=($!)
for _ in $(seq 1 100); do
    redis-cli --tls --cacert "$certs/ca.pem" -p "$tls_redis" ping >/dev/null 2>&1 && break
    sleep 0.05
done

plugins="timing, http-cache, product-repository"
write_ini "$BENCH_TMP/plain.ini" "$build" "$plain_port" "$plugins" "$plain_redis" "bench:plain:"
write_ini "$BENCH_TMP/tls.ini" "$build" "$tls_port" "$plugins" "$tls_redis" "bench:tls:"
sed -i "s|^url = redis://|url = rediss://|; s|^connectTimeoutMs = 50|connectTimeoutMs = 1000\ntls.caFile = $certs/ca.pem|" \
    "$BENCH_TMP/tls.ini"
for ini in "$BENCH_TMP/plain.ini" "$BENCH_TMP/tls.ini"; do
    printf 'near.enabled = false\n[plugin.http-cache]\nconsistencyCheck = 0\n' >>"$ini"
done
start_jollyjetd "$build" "$BENCH_TMP/plain.ini" "$plain_port"
start_jollyjetd "$build" "$BENCH_TMP/tls.ini" "$tls_port"
seed_products "$plain_port" 10 >/dev/null

echo "GET $target, near cache off, wrk -t${WRK_THREADS:-2} -c${WRK_CONNECTIONS:-64} -d$WRK_DURATION --latency, $(nproc) CPUs, redis-server $(redis-server --version | awk '{print $3}')"
for port in "$plain_port" "$tls_port"; do
    curl -fs -o /dev/null "http://127.0.0.1:$port$target"
    echo "last response before wrk, port $port: $(curl -s -D - -o /dev/null "http://127.0.0.1:$port$target" |
        tr -d '\r' | grep -iE '^(cache-status|x-data-source):' | tr '\n' ' ')"
done
print_header
plain=$(run_wrk "redis:// (plaintext)" "http://127.0.0.1:$plain_port$target")
tls=$(run_wrk "rediss:// (TLS)" "http://127.0.0.1:$tls_port$target")
printf '%s\n%s\n' "$plain" "$tls"
echo "ratio tls/plaintext = $(awk -v a="$(echo "$tls" | cut -c36-47)" -v b="$(echo "$plain" | cut -c36-47)" \
    'BEGIN {printf "%.2f", a / b}') (req/s)"
