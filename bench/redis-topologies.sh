#!/usr/bin/env bash
# One jollyjetd per Redis topology (every bench/topology/*.sh), each measured with
# wrk on loopback: cached GET by id with the near cache off (every hit asks Redis)
# and the write mix (write-mix.lua, 90% GET / 10% PUT). Prints req/s, p50 and p99
# per row. Every process is started here and stopped by its PID.
# A topology file defines topology_start (starts its Redis processes on free ports
# and prints the [redis] ini lines) and topology_stop.
# Usage: bench/redis-topologies.sh [build-dir]   (WRK_DURATION=10s, WRK_CONNECTIONS=64,
# BENCH_TOPOLOGIES=<folder of topology files> to measure a subset)
set -euo pipefail
build=${1:-build}
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=bench/lib.sh
source "$here/lib.sh"

# wait_redis PORT: until redis-server or redis-sentinel answers PING there.
wait_redis() {
    local port=$1
    for _ in $(seq 1 100); do
        redis-cli -p "$port" ping >/dev/null 2>&1 && return 0
        sleep 0.05
    done
    echo "bench: nothing answered on $port" >&2
    return 1
}

# stop_pids PID...: SIGTERM each, then wait for each.
stop_pids() {
    local pid
    for pid in "$@"; do kill -TERM "$pid" 2>/dev/null || true; done
    for pid in "$@"; do wait "$pid" 2>/dev/null || true; done
}

plugins_dir=$(cd "$build" && pwd)/plugins
enabled="timing, product-repository"
[ -f "$plugins_dir/http-cache.so" ] && enabled="timing, http-cache, product-repository"

echo "wrk -t${WRK_THREADS:-2} -c${WRK_CONNECTIONS:-64} -d${WRK_DURATION:-10s} --latency on 127.0.0.1, $(nproc) cores (wrk shares them)"
print_header
for topology in "${BENCH_TOPOLOGIES:-$here/topology}"/*.sh; do
    # shellcheck source=/dev/null
    source "$topology"
    redis_ini="$BENCH_TMP/$TOPOLOGY_NAME-redis.ini"
    topology_start >"$redis_ini"
    port=$(free_port)
    ini="$BENCH_TMP/$TOPOLOGY_NAME.ini"
    cat >"$ini" <<INI
[server]
port = $port
[plugins]
path = $plugins_dir
enabled = $enabled
[logging]
level = warn
[store]
backend = sqlite
sqlite.path = $BENCH_TMP/$TOPOLOGY_NAME.db
[redis]
keyPrefix = bench:
$(cat "$redis_ini")
[cache]
backend = redis
near.enabled = false
INI
    start_jollyjetd "$build" "$ini" "$port"
    jj=$JJ_PID
    mapfile -t ids < <(seed_products "$port" 200)
    item="/api/products/${ids[42]}"
    curl -fs "http://127.0.0.1:$port$item" >/dev/null
    run_wrk "$TOPOLOGY_NAME: cached GET by id" "http://127.0.0.1:$port$item"
    BENCH_IDS=$(IFS=,; echo "${ids[*]:0:20}") run_wrk "$TOPOLOGY_NAME: write mix" \
        "http://127.0.0.1:$port" -s "$here/write-mix.lua"
    stop_pids "$jj"
    topology_stop
done
