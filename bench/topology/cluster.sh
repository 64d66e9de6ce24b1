# Topology for bench/redis-topologies.sh: a Redis Cluster of three masters with one
# replica each (redis-cli --cluster create), every node on free loopback ports.
# topology_start (stdout: the [redis] ini lines) starts them, topology_stop stops them by PID.
TOPOLOGY_NAME=cluster
TOPOLOGY_PIDS=()

topology_start() {
    local ports=() addresses=() port dir i
    for i in 1 2 3 4 5 6; do
        port=$(free_port)
        ports+=("$port")
        addresses+=("127.0.0.1:$port")
        dir="$BENCH_TMP/cluster-$port"
        mkdir -p "$dir"
        redis-server --port "$port" --bind 127.0.0.1 --save "" --appendonly no --daemonize no \
            --cluster-enabled yes --cluster-config-file nodes.conf --cluster-node-timeout 1000 \
            --cluster-port "$(free_port)" \
            --dir "$dir" --logfile "$dir/redis.log" </dev/null >/dev/null 2>&1 &
        TOPOLOGY_PIDS+=($!)
        BENCH_PIDS+=($!)
    done
    for port in "${ports[@]}"; do wait_redis "$port" || return 1; done
    redis-cli --cluster create "${addresses[@]}" --cluster-replicas 1 --cluster-yes \
        >"$BENCH_TMP/cluster-create.log" 2>&1 || { cat "$BENCH_TMP/cluster-create.log" >&2; return 1; }
    for _ in $(seq 1 200); do
        redis-cli -p "${ports[0]}" cluster info | grep -q 'cluster_state:ok' && break
        sleep 0.05
    done
    echo "mode = cluster"
    echo "nodes = $(IFS=,; echo "${addresses[*]}")"
}

topology_stop() { stop_pids "${TOPOLOGY_PIDS[@]}"; TOPOLOGY_PIDS=(); }
