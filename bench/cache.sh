#!/usr/bin/env bash
# Get-hit throughput: redis-benchmark vs CacheService (redis backend) on one private
# redis-server, plus the memory backend. Usage: bench/cache.sh [build-dir] [requests]
set -euo pipefail

build_dir=${1:-build}
requests=${2:-100000}
bench_bin="$build_dir/bench/jollyjet-cache-bench"
[ -x "$bench_bin" ] || { echo "cache.sh: $bench_bin not built (cmake --build $build_dir)" >&2; exit 1; }

# A free loopback port: nothing answers there.
port=""
for _ in $(seq 1 50); do
    candidate=$(( 20000 + RANDOM % 12000 ))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$candidate") 2>/dev/null; then port=$candidate; break; fi
done
[ -n "$port" ] || { echo "cache.sh: no free port found" >&2; exit 1; }

workdir=$(mktemp -d)
redis-server --port "$port" --bind 127.0.0.1 --save "" --appendonly no --daemonize no \
    --dir "$workdir" --logfile "$workdir/redis.log" &
redis_pid=$!
cleanup() {
    kill "$redis_pid" 2>/dev/null || true
    wait "$redis_pid" 2>/dev/null || true
    rm -rf "$workdir"
}
trap cleanup EXIT

for _ in $(seq 1 100); do
    redis-cli -p "$port" ping >/dev/null 2>&1 && break
    sleep 0.05
done

echo "redis-server $(redis-server --version | awk '{print $3}') on 127.0.0.1:$port, $requests GETs, 50 clients"
baseline_line=$(redis-benchmark -p "$port" -t get -n "$requests" -q | tr '\r' '\n' | grep -E '^GET: .*requests per second' | tail -1)
echo "redis-benchmark  $baseline_line"
ours=$("$bench_bin" --port "$port" --requests "$requests" --threads 50)
echo "$ours" | sed 's/^/CacheService     /'

baseline=$(echo "$baseline_line" | awk '{print $2}')
redis_ops=$(echo "$ours" | awk '/^redis get-hit/ {print $3}')
echo "ratio CacheService(redis) / redis-benchmark = $(awk -v a="$redis_ops" -v b="$baseline" 'BEGIN {printf "%.2f", a / b}')"
