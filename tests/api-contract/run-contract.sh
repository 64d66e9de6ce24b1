#!/usr/bin/env bash
# The contract check: jollyjetd (SQLite store, memory cache, every plugin, all three
# tokens set) behind two Prism proxies validating against docs/openapi.yaml, then
# contract-check.mjs. Every process started here is stopped by its PID.
# Usage: run-contract.sh JOLLYJETD PLUGIN_DIR SOURCE_DIR DIR
set -euo pipefail
jollyjetd="$1"
plugins="$2"
src="$3"
dir="$4"
bash "$dir/node-check.sh" || exit $?
work=$(mktemp -d)
pids=()
cleanup() {
    for pid in "${pids[@]}"; do
        kill -TERM "$pid" 2>/dev/null || true
    done
    for pid in "${pids[@]}"; do
        for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
        kill -KILL "$pid" 2>/dev/null || true
    done
    rm -rf "$work"
}
trap cleanup EXIT

free_port() {
    for _ in $(seq 1 100); do
        local candidate=$((20000 + RANDOM % 12000))
        if ! (exec 3<>"/dev/tcp/127.0.0.1/$candidate") 2>/dev/null; then echo "$candidate"; return; fi
    done
    echo "no free port" >&2; exit 1
}
wait_http() {
    for _ in $(seq 300); do
        if curl -s -o /dev/null "$1"; then return 0; fi
        sleep 0.1
    done
    echo "nothing answers at $1" >&2; return 1
}

export WRITE_TOKEN=write-token-for-the-contract-check-0001
export ADMIN_TOKEN=admin-token-for-the-contract-check-0001
export METRICS_TOKEN=metrics-token-for-the-contract-check-01
port=$(free_port)
cat > "$work/jollyjet.ini" <<INI
[server]
host = 127.0.0.1
port = $port
maxBodyBytes = 4096
[plugins]
path = $plugins
enabled = timing, metrics, http-cache, product-repository, cache-admin
[logging]
level = warn
[cache]
backend = memory
[store]
backend = sqlite
sqlite.path = $work/products.db
[redis]
keyPrefix = jollyjet:contract:
[plugin.product-repository]
writeToken = $WRITE_TOKEN
authFailureLimit = 100
[plugin.cache-admin]
token = $ADMIN_TOKEN
authFailureLimit = 5
[plugin.metrics]
token = $METRICS_TOKEN
INI
"$jollyjetd" --config "$work/jollyjet.ini" >"$work/jollyjetd.log" 2>&1 &
pids+=($!)
wait_http "http://127.0.0.1:$port/health" || { cat "$work/jollyjetd.log"; exit 1; }

strict=$(free_port)
lenient=$(free_port)
"$dir/node_modules/.bin/prism" proxy "$src/docs/openapi.yaml" "http://127.0.0.1:$port" \
    --errors --host 127.0.0.1 --port "$strict" >"$work/prism-strict.log" 2>&1 &
pids+=($!)
"$dir/node_modules/.bin/prism" proxy "$src/docs/openapi.yaml" "http://127.0.0.1:$port" \
    --host 127.0.0.1 --port "$lenient" >"$work/prism-lenient.log" 2>&1 &
pids+=($!)
wait_http "http://127.0.0.1:$strict/api/health/live" || { cat "$work/prism-strict.log"; exit 1; }
wait_http "http://127.0.0.1:$lenient/api/health/live" || { cat "$work/prism-lenient.log"; exit 1; }

status=0
node "$dir/contract-check.mjs" "http://127.0.0.1:$strict" "http://127.0.0.1:$lenient" \
    "http://127.0.0.1:$port" || status=$?
if [ "$status" -ne 0 ]; then
    echo "--- prism (strict) violations:"; grep -i "violation" "$work/prism-strict.log" | tail -40 || true
    echo "--- jollyjetd log:"; tail -40 "$work/jollyjetd.log"
fi
exit "$status"
