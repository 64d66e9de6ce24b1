# Topology: one redis-server. Sourced by bench/redis-topologies.sh (after lib.sh).
# topology_start prints the [redis] lines of jollyjetd's ini; topology_stop ends
# what topology_start started, by PID.

topology_start() {
    TOPOLOGY_PIDS=()
    local port
    port=$(free_port)
    start_redis "$port" >&2
    TOPOLOGY_PIDS+=("${BENCH_PIDS[-1]}")
    echo "url = redis://127.0.0.1:$port/0"
}

topology_stop() {
    local pid
    for pid in "${TOPOLOGY_PIDS[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
    for pid in "${TOPOLOGY_PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
}
