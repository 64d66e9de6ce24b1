# Shared helpers of the bench scripts (sourced). Everything runs on 127.0.0.1,
# every process started here is stopped by its PID on exit, and every load run is
# bounded by its duration.

BENCH_PIDS=()
BENCH_TMP=$(mktemp -d)

bench_cleanup() {
    for pid in "${BENCH_PIDS[@]}"; do
        kill -TERM "$pid" 2>/dev/null || true
    done
    for pid in "${BENCH_PIDS[@]}"; do
        wait "$pid" 2>/dev/null || true
    done
    rm -rf "$BENCH_TMP"
}
trap bench_cleanup EXIT

# A loopback port nothing listens on.
free_port() {
    local candidate
    RANDOM=$((BASHPID + SECONDS)) # a $(free_port) subshell would otherwise repeat the parent's sequence
    for _ in $(seq 1 100); do
        candidate=$((20000 + RANDOM % 12000))
        if ! (exec 3<>"/dev/tcp/127.0.0.1/$candidate") 2>/dev/null; then
            echo "$candidate"
            return 0
        fi
    done
    echo "bench: no free port" >&2
    return 1
}

# start_redis PORT: a private, non-persistent redis-server.
start_redis() {
    local port=$1
    mkdir -p "$BENCH_TMP/redis-$port"
    redis-server --port "$port" --bind 127.0.0.1 --save "" --appendonly no --daemonize no \
        --dir "$BENCH_TMP/redis-$port" --logfile "$BENCH_TMP/redis-$port/redis.log" &
    BENCH_PIDS+=($!)
    for _ in $(seq 1 100); do
        redis-cli -p "$port" ping >/dev/null 2>&1 && return 0
        sleep 0.05
    done
    echo "bench: redis-server on $port did not start" >&2
    return 1
}

# start_jollyjetd BUILD_DIR INI_FILE PORT: starts it and waits for /api/health/live.
# Sets JJ_PID.
start_jollyjetd() {
    local build=$1 ini=$2 port=$3
    "$build/host/jollyjetd" --config "$ini" >"$BENCH_TMP/jollyjetd-$port.log" 2>&1 &
    JJ_PID=$!
    BENCH_PIDS+=("$JJ_PID")
    for _ in $(seq 1 200); do
        curl -fs "http://127.0.0.1:$port/api/health/live" >/dev/null 2>&1 && return 0
        kill -0 "$JJ_PID" 2>/dev/null || break
        sleep 0.05
    done
    echo "bench: jollyjetd on $port did not start:" >&2
    cat "$BENCH_TMP/jollyjetd-$port.log" >&2
    return 1
}

# write_ini FILE BUILD_DIR PORT PLUGINS REDIS_PORT [KEY_PREFIX]: a jollyjetd config on the shared
# SQLite database in $BENCH_TMP, caching in the Redis at REDIS_PORT. Point REDIS_PORT
# at a port nothing listens on for a server whose cache is unreachable (its breaker
# opens and every read goes to the store).
write_ini() {
    local file=$1 build=$2 port=$3 plugins=$4 redis_port=$5 prefix=${6:-bench:}
    cat >"$file" <<INI
[server]
port = $port
; room for the 10,000 idle connections of the last measurement, and the bench's own
maxConnections = 20000
[plugins]
path = $(cd "$build" && pwd)/plugins
enabled = $plugins
[logging]
level = warn
[store]
backend = sqlite
sqlite.path = $BENCH_TMP/products.db
[redis]
url = redis://127.0.0.1:$redis_port/0
keyPrefix = $prefix
connectTimeoutMs = 50
[cache]
backend = redis
INI
}

# seed_products PORT N: creates N products, prints their ids one per line.
seed_products() {
    local port=$1 n=$2 i
    for i in $(seq 1 "$n"); do
        curl -fs -X POST "http://127.0.0.1:$port/api/products" -H 'Content-Type: application/json' \
            -d "{\"name\":\"Bench product $i\",\"description\":\"A product made for the benchmark number $i\",\"price\":$((i % 90 + 10)),\"stock\":$((i % 7 + 1)),\"category\":\"Bench\"}" |
            grep -o '"id":"[0-9a-f]\{24\}"' | head -n1 | cut -d'"' -f4
    done
}

# rss_kb PID: resident memory in KiB.
rss_kb() { awk '/VmRSS/ {print $2}' "/proc/$1/status" 2>/dev/null || echo 0; }

# run_wrk LABEL URL [wrk options...]: prints "LABEL req/s p50 p99" (latencies in ms).
# WRK_THREADS, WRK_CONNECTIONS and WRK_DURATION set the load (defaults 2, 64, 10s).
run_wrk() {
    local label=$1 url=$2
    shift 2
    local out
    out=$(wrk -t"${WRK_THREADS:-2}" -c"${WRK_CONNECTIONS:-64}" -d"${WRK_DURATION:-10s}" --latency "$@" "$url")
    local rps p50 p99 errors
    rps=$(echo "$out" | awk '/Requests\/sec/ {print $2}')
    p50=$(echo "$out" | awk '$1 == "50%" {print $2}')
    p99=$(echo "$out" | awk '$1 == "99%" {print $2}')
    errors=$(echo "$out" | awk '/Non-2xx|Socket errors/ {printf "%s ", $0}')
    printf '%-34s %12s %10s %10s  %s\n' "$label" "$rps" "$(to_ms "$p50")" "$(to_ms "$p99")" "$errors"
}

# to_ms 1.23ms|456.00us|1.2s -> milliseconds
to_ms() {
    echo "$1" | awk '{
        v = $1; unit = v; sub(/[0-9.]+/, "", unit); sub(/[a-z]+$/, "", v);
        if (unit == "us") v = v / 1000; else if (unit == "s") v = v * 1000; else if (unit == "m") v = v * 60000;
        printf "%.3f", v }'
}

print_header() {
    printf '%-34s %12s %10s %10s\n' "run" "req/s" "p50 ms" "p99 ms"
}
