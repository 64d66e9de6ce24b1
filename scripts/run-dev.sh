#!/usr/bin/env bash
# make run: start jollyjetd in the foreground with the development config.
# When nothing answers at the configured Redis address (a loopback one), start a
# development redis-server for the length of the run, with its files under var/.
set -euo pipefail
build_dir=${1:-build}
config=${2:-etc/jollyjet.ini}
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

# [redis] url = redis://[:password@]host:port/db  (first match in the file)
url=$(sed -n 's/^[[:space:]]*url[[:space:]]*=[[:space:]]*\(redis:\/\/[^[:space:];]*\).*/\1/p' "$config" | head -n1)
hostport=${url#redis://}
hostport=${hostport#*@}
hostport=${hostport%%/*}
host=${hostport%%:*}
port=${hostport##*:}
[ "$port" = "$hostport" ] && port=6379

redis_pid=""
cleanup() {
    if [ -n "$redis_pid" ] && kill -0 "$redis_pid" 2>/dev/null; then
        kill -TERM "$redis_pid" 2>/dev/null || true
        wait "$redis_pid" 2>/dev/null || true
    fi
}
trap cleanup EXIT

if [ -n "$url" ] && ! redis-cli -h "$host" -p "$port" ping >/dev/null 2>&1; then
    case "$host" in
    127.*|localhost)
        mkdir -p var/redis
        echo "run: no Redis at $host:$port; starting a development redis-server (files in var/redis)"
        redis-server etc/redis.conf --port "$port" --bind 127.0.0.1 --dir "$root/var/redis" \
            --logfile "$root/var/redis/redis.log" &
        redis_pid=$!
        for _ in $(seq 1 100); do
            redis-cli -h 127.0.0.1 -p "$port" ping >/dev/null 2>&1 && break
            sleep 0.05
        done
        ;;
    *)
        echo "run: Redis at $host:$port does not answer; jollyjetd will serve from the store (fail-open)"
        ;;
    esac
fi

mkdir -p var
echo "run: jollyjetd on http://127.0.0.1:3000 (Ctrl-C stops it)"
"$build_dir/host/jollyjetd" --config "$config" &
jj_pid=$!
# Ctrl-C reaches the whole process group; wait again after the first interruption
# so the script ends only when jollyjetd has stopped cleanly.
trap 'kill -TERM $jj_pid 2>/dev/null || true' INT TERM
wait $jj_pid || wait $jj_pid || true
