#!/usr/bin/env bash
# make bench: jollyjetd against reference servers measured in the same run, on
# loopback, every run bounded by its duration.
#   ours:      cached GET by id, cached list page, uncached GET by id (cache unreachable),
#              write mix (90% GET / 10% PUT)
#   reference: nginx serving the same JSON body as a static file (the practical
#              ceiling for a small HTTP/1.1 response here) and Varnish caching the
#              same URL from jollyjetd
# Each at 64 and 256 connections (wrk -t2 --latency), then resident memory, time to
# first /health, and CPU seconds per 100k cached requests.
# Usage: bench/run.sh [build-dir]   (WRK_DURATION=10s)
set -euo pipefail
build=${1:-build}
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=bench/lib.sh
source "$here/lib.sh"

need_packages=()
command -v nginx >/dev/null || need_packages+=(nginx-light)
command -v varnishd >/dev/null || need_packages+=(varnish)
if [ ${#need_packages[@]} -gt 0 ]; then
    if [ "$(id -u)" -ne 0 ]; then
        echo "bench: needs ${need_packages[*]} (apt-get install ${need_packages[*]})" >&2
        exit 1
    fi
    echo "bench: installing ${need_packages[*]}"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need_packages[@]}" >/dev/null
fi

plugins_dir=$(cd "$build" && pwd)/plugins
enabled="timing, product-repository"
[ -f "$plugins_dir/http-cache.so" ] && enabled="timing, http-cache, product-repository"

redis_port=$(free_port)
ours_port=$(free_port)
uncached_port=$(free_port)
nginx_port=$(free_port)
varnish_port=$(free_port)
start_redis "$redis_port"

write_ini "$BENCH_TMP/ours.ini" "$build" "$ours_port" "$enabled" "$redis_port"
# Same database, cache unreachable: the uncached reference.
write_ini "$BENCH_TMP/uncached.ini" "$build" "$uncached_port" "timing, product-repository" "$(free_port)"

started=$(date +%s.%N)
start_jollyjetd "$build" "$BENCH_TMP/ours.ini" "$ours_port"
ours_pid=$JJ_PID
until curl -fs "http://127.0.0.1:$ours_port/health" >/dev/null; do sleep 0.01; done
ready=$(date +%s.%N)
idle_rss=$(rss_kb "$ours_pid")

mapfile -t ids < <(seed_products "$ours_port" 200)
start_jollyjetd "$build" "$BENCH_TMP/uncached.ini" "$uncached_port"
id=${ids[42]}
item="/api/products/$id"
list="/api/products?page=1&limit=10"
curl -fs "http://127.0.0.1:$ours_port$item" >/dev/null
curl -fs "http://127.0.0.1:$ours_port$list" >/dev/null

# nginx: the same body as a static file.
mkdir -p "$BENCH_TMP/www/api/products" "$BENCH_TMP/nginx"
curl -fs "http://127.0.0.1:$ours_port$item" >"$BENCH_TMP/www/api/products/$id"
# nginx workers run as an unprivileged user: let them read the document root.
chmod a+rx "$BENCH_TMP"
chmod -R a+rX "$BENCH_TMP/www"
cat >"$BENCH_TMP/nginx/nginx.conf" <<CONF
worker_processes auto;
daemon off;
pid $BENCH_TMP/nginx/nginx.pid;
error_log $BENCH_TMP/nginx/error.log;
events { worker_connections 4096; }
http {
    access_log off;
    default_type application/json;
    client_body_temp_path $BENCH_TMP/nginx;
    proxy_temp_path $BENCH_TMP/nginx;
    fastcgi_temp_path $BENCH_TMP/nginx;
    uwsgi_temp_path $BENCH_TMP/nginx;
    scgi_temp_path $BENCH_TMP/nginx;
    keepalive_requests 1000000;
    server {
        listen 127.0.0.1:$nginx_port;
        root $BENCH_TMP/www;
    }
}
CONF
nginx -c "$BENCH_TMP/nginx/nginx.conf" &
BENCH_PIDS+=($!)

# Varnish in front of jollyjetd, caching the same URL.
mkdir -p "$BENCH_TMP/varnish"
# The API answers say `Cache-Control: no-cache` (clients must revalidate), which Varnish
# honours by not caching: the reference is told to cache them anyway, as a shared cache
# in front of this API would be configured.
cat >"$BENCH_TMP/varnish.vcl" <<VCL
vcl 4.1;
backend jollyjetd { .host = "127.0.0.1"; .port = "$ours_port"; }
sub vcl_backend_response {
    unset beresp.http.Cache-Control;
    set beresp.ttl = 1h;
}
VCL
varnishd -F -n "$BENCH_TMP/varnish" -a "127.0.0.1:$varnish_port" -f "$BENCH_TMP/varnish.vcl" \
    -s malloc,64m -p default_ttl=3600 >"$BENCH_TMP/varnish.log" 2>&1 &
BENCH_PIDS+=($!)
for _ in $(seq 1 100); do
    curl -fs "http://127.0.0.1:$nginx_port$item" >/dev/null 2>&1 &&
        curl -fs "http://127.0.0.1:$varnish_port$item" >/dev/null 2>&1 && break
    sleep 0.1
done

# The same server with the near cache off: every cached hit asks Redis.
nonear_port=$(free_port)
write_ini "$BENCH_TMP/nonear.ini" "$build" "$nonear_port" "$enabled" "$redis_port"
echo "near.enabled = false" >>"$BENCH_TMP/nonear.ini" # the last section is [cache]
start_jollyjetd "$build" "$BENCH_TMP/nonear.ini" "$nonear_port"
curl -fs "http://127.0.0.1:$nonear_port$item" >/dev/null

cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }

declare -A rps
table=()
measure() { # label url [wrk args]: runs wrk, records req/s
    local line
    line=$(run_wrk "$@")
    table+=("$line")
    rps["$1"]=$(echo "$line" | cut -c36-47 | tr -d ' ')
    echo "$line"
}

echo "jollyjetd plugins: $enabled; 200 products in SQLite; Redis $(redis-server --version | awk '{print $3}')"
echo "wrk -t${WRK_THREADS:-2} -d${WRK_DURATION:-10s} --latency on 127.0.0.1, $(nproc) cores (wrk shares them)"
for conns in 64 256; do
    export WRK_CONNECTIONS=$conns
    echo
    echo "== $conns connections"
    print_header
    measure "nginx static c$conns" "http://127.0.0.1:$nginx_port$item"
    measure "varnish c$conns" "http://127.0.0.1:$varnish_port$item"
    measure "jollyjetd health/live c$conns" "http://127.0.0.1:$ours_port/api/health/live"
    ticks_before=$(cpu_ticks "$ours_pid")
    out=$(wrk -t"${WRK_THREADS:-2}" -c"$conns" -d"${WRK_DURATION:-10s}" --latency "http://127.0.0.1:$ours_port$item")
    ticks_after=$(cpu_ticks "$ours_pid")
    load_rss=$(rss_kb "$ours_pid")
    requests=$(echo "$out" | awk '/requests in/ {print $1}')
    line=$(printf '%-34s %12s %10s %10s' "jollyjetd cached item c$conns" \
        "$(echo "$out" | awk '/Requests\/sec/ {print $2}')" \
        "$(to_ms "$(echo "$out" | awk '$1 == "50%" {print $2}')")" \
        "$(to_ms "$(echo "$out" | awk '$1 == "99%" {print $2}')")")
    echo "$line"
    table+=("$line")
    ours_rps=$(echo "$out" | awk '/Requests\/sec/ {print $2}')
    cpu_per_100k=$(awk -v t=$((ticks_after - ticks_before)) -v hz="$(getconf CLK_TCK)" -v n="$requests" \
        'BEGIN {printf "%.2f", (t / hz) / n * 100000}')
    measure "jollyjetd cached list c$conns" "http://127.0.0.1:$ours_port$list"
    measure "jollyjetd item, near off c$conns" "http://127.0.0.1:$nonear_port$item"
    measure "jollyjetd uncached item c$conns" "http://127.0.0.1:$uncached_port$item"
    BENCH_IDS=$(IFS=,; echo "${ids[*]:0:20}") measure "jollyjetd write mix c$conns" \
        "http://127.0.0.1:$ours_port" -s "$here/write-mix.lua"
    echo "ratios c$conns: health/live / nginx = $(awk -v a="${rps["jollyjetd health/live c$conns"]}" -v b="${rps["nginx static c$conns"]}" 'BEGIN {printf "%.2f", a / b}'),"
    echo "ratios c$conns: cached list / varnish = $(awk -v a="${rps["jollyjetd cached list c$conns"]}" -v b="${rps["varnish c$conns"]}" 'BEGIN {printf "%.2f", a / b}'), near off item / varnish = $(awk -v a="${rps["jollyjetd item, near off c$conns"]}" -v b="${rps["varnish c$conns"]}" 'BEGIN {printf "%.2f", a / b}')"
    echo "ratios c$conns: cached item / nginx = $(awk -v a="$ours_rps" -v b="${rps["nginx static c$conns"]}" 'BEGIN {printf "%.2f", a / b}'),"\
         "cached item / varnish = $(awk -v a="$ours_rps" -v b="${rps["varnish c$conns"]}" 'BEGIN {printf "%.2f", a / b}')"
    echo "jollyjetd CPU per 100k cached item requests (c$conns): ${cpu_per_100k} s; RSS under load: ${load_rss} KiB"
done
echo
echo "jollyjetd: start to first /health $(awk -v a="$started" -v b="$ready" 'BEGIN {printf "%.0f", (b - a) * 1000}') ms;" \
     "RSS idle ${idle_rss} KiB, after the runs $(rss_kb "$ours_pid") KiB"

# What a write's acknowledgement costs: it waits for every instance that may serve
# from memory to confirm its invalidation. PUTs only, 8 connections, with one
# instance sharing Redis and then with three.
echo
echo "== writes (PUT only, 8 connections, ${WRK_WRITE_DURATION:-5s})"
print_header
ids_list=$(IFS=,; echo "${ids[*]:0:20}")
BENCH_IDS=$ids_list WRITE_EVERY=1 WRK_CONNECTIONS=8 WRK_DURATION=${WRK_WRITE_DURATION:-5s} \
    measure "jollyjetd writes, 1 instance" "http://127.0.0.1:$ours_port" -s "$here/write-mix.lua"
for extra in 1 2; do
    extra_port=$(free_port)
    write_ini "$BENCH_TMP/extra$extra.ini" "$build" "$extra_port" "$enabled" "$redis_port"
    start_jollyjetd "$build" "$BENCH_TMP/extra$extra.ini" "$extra_port"
    curl -fs "http://127.0.0.1:$extra_port$item" >/dev/null
done
sleep 1 # their first heartbeats: registered and serving from memory
BENCH_IDS=$ids_list WRITE_EVERY=1 WRK_CONNECTIONS=8 WRK_DURATION=${WRK_WRITE_DURATION:-5s} \
    measure "jollyjetd writes, 3 instances" "http://127.0.0.1:$ours_port" -s "$here/write-mix.lua"

# Idle connections cost a socket and a buffer each, never a thread.
idle_before=$(rss_kb "$ours_pid")
python3 "$here/idle-connections.py" "$ours_port" 10000 3 &
idle_pid=$!
sleep 2.5
idle_held=$(rss_kb "$ours_pid")
threads=$(ls "/proc/$ours_pid/task" | wc -l)
health_ms=$( (curl -s -o /dev/null -w '%{time_total}' "http://127.0.0.1:$ours_port/api/health/live" || echo 0) |
    awk '{printf "%.1f", $1 * 1000}')
wait "$idle_pid" || true
echo "jollyjetd with 10000 idle connections: RSS ${idle_before} -> ${idle_held} KiB, ${threads} threads," \
     "a new client answered in ${health_ms} ms"
