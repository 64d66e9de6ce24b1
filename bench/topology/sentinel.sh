# Topology for bench/redis-topologies.sh: a master, two replicas (--replicaof) and
# three redis-sentinel processes watching it as "bench".
# topology_start (stdout: the [redis] ini lines) starts them, topology_stop stops them by PID.
TOPOLOGY_NAME=sentinel
TOPOLOGY_PIDS=()

topology_start() {
    local master replica sentinel dir list="" i
    master=$(free_port)
    for i in 0 1 2; do
        local port=$master args=()
        if [ "$i" -gt 0 ]; then
            port=$(free_port)
            args=(--replicaof 127.0.0.1 "$master")
        fi
        dir="$BENCH_TMP/sentinel-redis-$port"
        mkdir -p "$dir"
        redis-server --port "$port" --bind 127.0.0.1 --save "" --appendonly no --daemonize no \
            --dir "$dir" --logfile "$dir/redis.log" "${args[@]}" </dev/null >/dev/null 2>&1 &
        TOPOLOGY_PIDS+=($!)
        BENCH_PIDS+=($!)
        wait_redis "$port" || return 1
    done
    for i in 0 1 2; do
        sentinel=$(free_port)
        dir="$BENCH_TMP/sentinel-$sentinel"
        mkdir -p "$dir"
        cat >"$dir/sentinel.conf" <<CONF
port $sentinel
bind 127.0.0.1
daemonize no
dir $dir
logfile $dir/sentinel.log
sentinel monitor bench 127.0.0.1 $master 2
sentinel down-after-milliseconds bench 1000
sentinel failover-timeout bench 3000
CONF
        redis-sentinel "$dir/sentinel.conf" </dev/null >/dev/null 2>&1 &
        TOPOLOGY_PIDS+=($!)
        BENCH_PIDS+=($!)
        wait_redis "$sentinel" || return 1
        list="$list${list:+, }127.0.0.1:$sentinel"
    done
    echo "mode = sentinel"
    echo "sentinels = $list"
    echo "masterName = bench"
}

topology_stop() { stop_pids "${TOPOLOGY_PIDS[@]}"; TOPOLOGY_PIDS=(); }
