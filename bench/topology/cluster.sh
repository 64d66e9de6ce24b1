# Topology: a Redis Cluster of three masters with one replica each, all on free
# loopback ports. Sourced by bench/redis-topologies.sh (after lib.sh).
# topology_start prints the [redis] lines of jollyjetd's ini; topology_stop ends
# what topology_start started, by PID.

topology_start() {
    TOPOLOGY_PIDS=()
    local ports=() port i
    for i in 1 2 3 4 5 6; do
        port=$(free_port)
        ports+=("$port")
        mkdir -p "$BENCH_TMP/cluster-$port"
        redis-server --port "$port" --bind 127.0.0.1 --save "" --appendonly no --daemonize no \
            --cluster-enabled yes --cluster-config-file nodes.conf --cluster-node-timeout 1000 \
            --cluster-port "$(free_port)" \
            --dir "$BENCH_TMP/cluster-$port" --logfile "$BENCH_TMP/cluster-$port/redis.log" &
        BENCH_PIDS+=($!)
        TOPOLOGY_PIDS+=($!)
    done
    for port in "${ports[@]}"; do
        for _ in $(seq 1 100); do
            redis-cli -p "$port" ping >/dev/null 2>&1 && break
            sleep 0.05
        done
    done
    local addresses=()
    for port in "${ports[@]}"; do addresses+=("127.0.0.1:$port"); done
    redis-cli --cluster create "${addresses[@]}" --cluster-replicas 1 --cluster-yes >"$BENCH_TMP/cluster-create.log" 2>&1 ||
        { cat "$BENCH_TMP/cluster-create.log" >&2; return 1; }
    for _ in $(seq 1 200); do
        redis-cli -p "${ports[0]}" cluster info | grep -q 'cluster_state:ok' && break
        sleep 0.05
    done
    echo "mode = cluster"
    echo "nodes = $(IFS=,; echo "${addresses[*]}")"
}

topology_stop() {
    local pid
    for pid in "${TOPOLOGY_PIDS[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
    for pid in "${TOPOLOGY_PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
}
