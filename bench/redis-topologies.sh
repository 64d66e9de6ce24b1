#!/usr/bin/env bash
# The same jollyjetd measured on each Redis topology of bench/topology/*.sh (or the
# ones named): cached GET by id with the near cache off (every hit asks Redis), the
# 90/10 read/write mix, and PUTs only. Each topology file defines topology_start
# (starts its Redis processes on free loopback ports, prints the [redis] ini lines)
# and topology_stop.
# Usage: bench/redis-topologies.sh [build-dir] [topology...]
#        (WRK_DURATION=10s WRK_CONNECTIONS=64 WRK_WRITE_DURATION=5s)
set -euo pipefail
build=${1:-build}
shift || true
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=bench/lib.sh
source "$here/lib.sh"

topologies=("$@")
if [ ${#topologies[@]} -eq 0 ]; then
    for file in "$here"/topology/*.sh; do topologies+=("$(basename "$file" .sh)"); done
fi

echo "wrk -t${WRK_THREADS:-2} -c${WRK_CONNECTIONS:-64} -d${WRK_DURATION:-10s} --latency on 127.0.0.1, $(nproc) cores (wrk shares them); near cache off"
for topology in "${topologies[@]}"; do
    # shellcheck source=/dev/null
    source "$here/topology/$topology.sh"
    topology_start >"$BENCH_TMP/$topology-redis.ini"
    port=$(free_port)
    cat >"$BENCH_TMP/$topology.ini" <<INI
[server]
port = $port
[plugins]
path = $(cd "$build" && pwd)/plugins
enabled = timing, http-cache, product-repository
[logging]
level = warn
[store]
backend = sqlite
sqlite.path = $BENCH_TMP/$topology-products.db
[redis]
$(cat "$BENCH_TMP/$topology-redis.ini")
keyPrefix = bench:
[cache]
backend = redis
near.enabled = false
INI
    start_jollyjetd "$build" "$BENCH_TMP/$topology.ini" "$port"
    mapfile -t ids < <(seed_products "$port" 200)
    item="/api/products/${ids[42]}"
    curl -fs "http://127.0.0.1:$port$item" >/dev/null
    echo
    echo "== $topology"
    print_header
    run_wrk "$topology: cached item, near off" "http://127.0.0.1:$port$item"
    ids_list=$(IFS=,; echo "${ids[*]:0:20}")
    BENCH_IDS=$ids_list run_wrk "$topology: write mix 90/10" "http://127.0.0.1:$port" -s "$here/write-mix.lua"
    BENCH_IDS=$ids_list WRITE_EVERY=1 WRK_CONNECTIONS=8 WRK_DURATION=${WRK_WRITE_DURATION:-5s} \
        run_wrk "$topology: PUTs only, c8" "http://127.0.0.1:$port" -s "$here/write-mix.lua"
    kill -TERM "$JJ_PID" 2>/dev/null || true
    wait "$JJ_PID" 2>/dev/null || true
    topology_stop
done
