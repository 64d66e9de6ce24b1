# Topology for bench/redis-topologies.sh: one redis-server.
# topology_start (stdout: the [redis] ini lines) starts it, topology_stop stops it by PID.
TOPOLOGY_NAME=standalone
TOPOLOGY_PIDS=()

topology_start() {
    local port
    port=$(free_port)
    mkdir -p "$BENCH_TMP/standalone-$port"
    redis-server --port "$port" --bind 127.0.0.1 --save "" --appendonly no --daemonize no \
        --dir "$BENCH_TMP/standalone-$port" --logfile "$BENCH_TMP/standalone-$port/redis.log" </dev/null >/dev/null 2>&1 &
    TOPOLOGY_PIDS+=($!)
    BENCH_PIDS+=($!)
    wait_redis "$port" || return 1
    echo "url = redis://127.0.0.1:$port/0"
}

topology_stop() { stop_pids "${TOPOLOGY_PIDS[@]}"; TOPOLOGY_PIDS=(); }
