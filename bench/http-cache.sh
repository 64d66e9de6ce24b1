#!/usr/bin/env bash
# http-cache on vs off: one private redis-server and two jollyjetd on loopback (same
# build, same SQLite data, same Redis, different key prefixes), one with the
# http-cache plugin and one without it (its GETs still use the product plugin's own
# Redis cache). wrk runs the same cached GET against each and the script prints
# req/s and p99 of both and their ratio. Everything it starts is stopped by PID.
# Usage: bench/http-cache.sh [build-dir] [duration, e.g. 10s] [target path]
set -euo pipefail

build_dir=${1:-build}
duration=${2:-10s}
target=${3:-/api/products?page=1&limit=10}
daemon="$build_dir/host/jollyjetd"
plugin_dir="$build_dir/plugins"
[ -x "$daemon" ] || { echo "http-cache.sh: $daemon not built (cmake --build $build_dir)" >&2; exit 1; }
[ -f "$plugin_dir/http-cache.so" ] || { echo "http-cache.sh: $plugin_dir/http-cache.so not built" >&2; exit 1; }
command -v wrk >/dev/null || { echo "http-cache.sh: wrk not installed (scripts/bootstrap.sh)" >&2; exit 1; }
plugin_dir=$(cd "$plugin_dir" && pwd)

# Below Linux's ephemeral range (32768+), where a client socket may hold a port
# that nothing listens on.
free_port() {
    RANDOM=$BASHPID # each $(free_port) subshell would otherwise repeat one sequence
    for _ in $(seq 1 50); do
        local candidate=$(( 20000 + RANDOM % 12000 ))
        if ! (exec 3<>"/dev/tcp/127.0.0.1/$candidate") 2>/dev/null; then echo "$candidate"; return; fi
    done
    echo "http-cache.sh: no free port found" >&2
    exit 1
}

workdir=$(mktemp -d)
pids=()
cleanup() {
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
    for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
    rm -rf "$workdir"
}
trap cleanup EXIT

redis_port=$(free_port)
redis-server --port "$redis_port" --bind 127.0.0.1 --save "" --appendonly no --daemonize no \
    --dir "$workdir" --logfile "$workdir/redis.log" &
pids+=($!)
for _ in $(seq 1 100); do redis-cli -p "$redis_port" ping >/dev/null 2>&1 && break; sleep 0.05; done

# start_daemon NAME PLUGINS: writes NAME.ini, starts jollyjetd, sets daemon_port.
# (Not in a subshell, so its PID reaches `pids` and the cleanup.)
start_daemon() {
    local name=$1 plugins=$2 port
    port=$(free_port)
    cat > "$workdir/$name.ini" <<INI
[server]
host = 127.0.0.1
port = $port
[plugins]
path = $plugin_dir
enabled = $plugins
[logging]
level = warn
[redis]
url = redis://127.0.0.1:$redis_port/0
keyPrefix = bench:$name:
[cache]
backend = redis
[store]
backend = sqlite
sqlite.path = $workdir/products.db
[plugin.http-cache]
consistencyCheck = 0
INI
    "$daemon" --config "$workdir/$name.ini" > "$workdir/$name.log" 2>&1 &
    pids+=($!)
    for _ in $(seq 1 200); do
        curl -s -o /dev/null "http://127.0.0.1:$port/health" && break
        sleep 0.05
    done
    curl -s -o /dev/null "http://127.0.0.1:$port/health" || { echo "jollyjetd $name did not start:" >&2; cat "$workdir/$name.log" >&2; exit 1; }
    daemon_port=$port
}

start_daemon cached "timing, http-cache, product-repository"
on_port=$daemon_port
start_daemon uncached "timing, product-repository"
off_port=$daemon_port

for i in $(seq 1 10); do
    curl -s -o /dev/null -H 'Content-Type: application/json' \
        -d "{\"name\":\"Bench product $i\",\"description\":\"A product for the benchmark\",\"price\":$i.5,\"stock\":$i,\"category\":\"Bench\"}" \
        "http://127.0.0.1:$on_port/api/products"
done

# run_wrk PORT: warms the entry, runs wrk, echoes "req/s p99".
run_wrk() {
    local port=$1 out
    curl -s -o /dev/null "http://127.0.0.1:$port$target"
    curl -s -o /dev/null "http://127.0.0.1:$port$target"
    echo "$port: $(curl -s -D - -o /dev/null "http://127.0.0.1:$port$target" | tr -d '\r' | grep -iE '^(cache-status|x-data-source):' | tr '\n' ' ')" >> "$workdir/check.log"
    out=$(wrk -t2 -c64 -d"$duration" --latency "http://127.0.0.1:$port$target")
    echo "$out" >> "$workdir/wrk.log"
    local rps p99
    rps=$(echo "$out" | awk '/^Requests\/sec:/ {print $2}')
    p99=$(echo "$out" | awk '$1 == "99%" {print $2}')
    echo "$rps $p99"
}

echo "GET $target, wrk -t2 -c64 -d$duration --latency, $(nproc) CPUs, redis-server $(redis-server --version | awk '{print $3}')"
read -r on_rps on_p99 < <(run_wrk "$on_port")
read -r off_rps off_p99 < <(run_wrk "$off_port")
sed 's/^/last response before wrk, port /' "$workdir/check.log"
printf '%-22s %12s req/s   p99 %s\n' "http-cache enabled" "$on_rps" "$on_p99"
printf '%-22s %12s req/s   p99 %s\n' "http-cache disabled" "$off_rps" "$off_p99"
echo "ratio enabled/disabled = $(awk -v a="$on_rps" -v b="$off_rps" 'BEGIN {printf "%.2f", a / b}') (req/s)"
