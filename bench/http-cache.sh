#!/usr/bin/env bash
# http-cache on vs off: one private redis-server and two jollyjetd on loopback (same
# build, same SQLite data, same Redis, different key prefixes), one with the
# http-cache plugin and one without it (its GETs still use the product plugin's own
# Redis cache). wrk runs the same cached GET against each and the script prints
# req/s and p99 of both and their ratio. Everything it starts is stopped by PID.
# Usage: bench/http-cache.sh [build-dir] [duration, e.g. 10s] [target path]
set -euo pipefail
build=${1:-build}
export WRK_DURATION=${2:-10s}
target=${3:-/api/products?page=1&limit=10}
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=bench/lib.sh
source "$here/lib.sh"
[ -f "$build/plugins/http-cache.so" ] || { echo "http-cache.sh: $build/plugins/http-cache.so not built" >&2; exit 1; }

redis_port=$(free_port)
on_port=$(free_port)
off_port=$(free_port)
start_redis "$redis_port"
write_ini "$BENCH_TMP/on.ini" "$build" "$on_port" "timing, http-cache, product-repository" "$redis_port" "bench:on:"
printf '[plugin.http-cache]\nconsistencyCheck = 0\n' >>"$BENCH_TMP/on.ini"
write_ini "$BENCH_TMP/off.ini" "$build" "$off_port" "timing, product-repository" "$redis_port" "bench:off:"
start_jollyjetd "$build" "$BENCH_TMP/on.ini" "$on_port"
start_jollyjetd "$build" "$BENCH_TMP/off.ini" "$off_port"
seed_products "$on_port" 10 >/dev/null

echo "GET $target, wrk -t${WRK_THREADS:-2} -c${WRK_CONNECTIONS:-64} -d$WRK_DURATION --latency, $(nproc) CPUs, redis-server $(redis-server --version | awk '{print $3}')"
for port in "$on_port" "$off_port"; do
    curl -fs -o /dev/null "http://127.0.0.1:$port$target"
    echo "last response before wrk, port $port: $(curl -s -D - -o /dev/null "http://127.0.0.1:$port$target" |
        tr -d '\r' | grep -iE '^(cache-status|x-data-source):' | tr '\n' ' ')"
done
print_header
on=$(run_wrk "http-cache enabled" "http://127.0.0.1:$on_port$target")
off=$(run_wrk "http-cache disabled" "http://127.0.0.1:$off_port$target")
printf '%s\n%s\n' "$on" "$off"
echo "ratio enabled/disabled = $(awk -v a="$(echo "$on" | cut -c36-47)" -v b="$(echo "$off" | cut -c36-47)" \
    'BEGIN {printf "%.2f", a / b}') (req/s)"
