#!/usr/bin/env bash
# The product API's read path, warm and cold: GET /api/products/:id and
# GET /api/products?page=1&limit=10 through the repository's Redis cache, and the
# same with the cache unreachable (every read from SQLite).
# Usage: bench/products.sh [build-dir]   (WRK_DURATION=10s WRK_CONNECTIONS=64)
set -euo pipefail
build=${1:-build}
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=bench/lib.sh
source "$here/lib.sh"

redis_port=$(free_port)
warm_port=$(free_port)
cold_port=$(free_port)
start_redis "$redis_port"

write_ini "$BENCH_TMP/warm.ini" "$build" "$warm_port" "product-repository" "$redis_port"
# The cold server shares the database but its Redis address answers nothing.
write_ini "$BENCH_TMP/cold.ini" "$build" "$cold_port" "product-repository" "$(free_port)"

start_jollyjetd "$build" "$BENCH_TMP/warm.ini" "$warm_port"
warm_pid=$JJ_PID
mapfile -t ids < <(seed_products "$warm_port" 200)
start_jollyjetd "$build" "$BENCH_TMP/cold.ini" "$cold_port"
id=${ids[42]}
curl -fs "http://127.0.0.1:$warm_port/api/products/$id" >/dev/null
curl -fs "http://127.0.0.1:$warm_port/api/products?page=1&limit=10" >/dev/null

echo "product API, ${#ids[@]} products in SQLite, wrk -t${WRK_THREADS:-2} -c${WRK_CONNECTIONS:-64} -d${WRK_DURATION:-10s}, loopback, $(nproc) cores"
print_header
run_wrk "GET item, warm cache" "http://127.0.0.1:$warm_port/api/products/$id"
run_wrk "GET item, cold (store only)" "http://127.0.0.1:$cold_port/api/products/$id"
run_wrk "GET list page, warm cache" "http://127.0.0.1:$warm_port/api/products?page=1&limit=10"
run_wrk "GET list page, cold (store only)" "http://127.0.0.1:$cold_port/api/products?page=1&limit=10"
echo "jollyjetd (warm) resident memory after the runs: $(rss_kb "$warm_pid") KiB"
