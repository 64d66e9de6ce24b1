#!/usr/bin/env bash
# Loads GET /admin in headless Chromium against a private jollyjetd + redis-server and
# checks what rendered. Usage: admin-page.sh <jollyjetd> <plugin-dir> <out-dir>
# Exit 0: rendered; 1: did not; 77: skipped (no Chromium and not root to install it).
set -uo pipefail

jollyjetd=$1
plugins=$2
out=$3
token="admin-page-check-token"

fail() { echo "admin-page: FAIL: $*"; exit 1; }

find_browser() { command -v chromium || command -v chromium-browser || true; }
browser=$(find_browser)
if [ -z "$browser" ]; then
    if [ "$(id -u)" -ne 0 ]; then
        echo "admin-page: SKIPPED: chromium is not installed and installing it needs root" \
             "(apt-get install chromium chromium-driver)"
        exit 77
    fi
    echo "admin-page: installing chromium and chromium-driver"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >/dev/null && \
        apt-get install -y -qq --no-install-recommends chromium chromium-driver >/dev/null ||
        fail "apt-get could not install chromium"
    browser=$(find_browser)
    [ -n "$browser" ] || fail "chromium still not found after installing it"
fi
for tool in redis-server redis-cli curl; do
    command -v "$tool" >/dev/null || fail "$tool is missing (scripts/bootstrap.sh installs it)"
done

mkdir -p "$out"
# shellcheck source=tests/checks/lib.sh
source "$(dirname "$0")/lib.sh"

redis_port=$(free_port)
redis-server --port "$redis_port" --bind 127.0.0.1 --save "" --appendonly no --dir "$tmp" \
    >"$tmp/redis.log" 2>&1 &
pids+=($!)
for _ in $(seq 1 100); do
    [ "$(redis-cli -p "$redis_port" ping 2>/dev/null)" = "PONG" ] && break
    sleep 0.05
done

http_port=$(free_port)
cat >"$tmp/jollyjet.ini" <<INI
[server]
host = 127.0.0.1
port = $http_port
[plugins]
path = $plugins
enabled = timing, metrics, product-repository, cache-admin
[logging]
level = warn
[redis]
url = redis://127.0.0.1:$redis_port/0
keyPrefix = jjpage:
; generous: under a parallel test run a slow DBSIZE must not blank the page's numbers
commandTimeoutMs = 3000
connectTimeoutMs = 3000
[cache]
backend = redis
[store]
backend = sqlite
sqlite.path = $tmp/products.db
[plugin.cache-admin]
token = $token
sampleSeconds = 1
INI
"$jollyjetd" -c "$tmp/jollyjet.ini" >"$tmp/jollyjetd.log" 2>&1 &
pids+=($!)
base="http://127.0.0.1:$http_port"
for _ in $(seq 1 200); do
    curl -sf "$base/api/health/live" >/dev/null && break
    sleep 0.05
done
curl -sf "$base/api/health/live" >/dev/null || { cat "$tmp/jollyjetd.log"; fail "jollyjetd did not start"; }

# Traffic: products, repeated reads (hits), a warm-up, over a few chart samples.
for i in 1 2 3 4 5 6; do
    curl -sf -X POST "$base/api/products" -H 'Content-Type: application/json' \
        -d "{\"name\":\"Product $i\",\"description\":\"A perfectly fine product\",\"price\":$i,\"stock\":5,\"category\":\"Home\"}" \
        >/dev/null || fail "creating a product failed"
done
for round in 1 2 3; do
    for i in $(seq 1 15); do
        curl -sf "$base/api/products" >/dev/null
        curl -sf "$base/api/products/count" >/dev/null
    done
    [ "$round" = 2 ] && curl -sf -X POST -H "Authorization: Bearer $token" "$base/api/cache/warmup" >/dev/null
    sleep 1.1
done

chrome() {
    local profile
    profile=$(mktemp -d -p "$tmp")
    timeout 120 "$browser" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
        --disable-background-networking --disable-component-update --disable-sync \
        --disable-dev-shm-usage --user-data-dir="$profile" --virtual-time-budget=5000 \
        --window-size=1280,1000 "$@" 2>>"$tmp/chromium.log"
}

chrome --dump-dom "$base/admin?token=$token" >"$tmp/dom.html" || fail "chromium --dump-dom failed: $(tail -5 "$tmp/chromium.log")"
cp "$tmp/dom.html" "$out/admin-page.dom.html"
dom=$(cat "$tmp/dom.html")
check() { grep -Eq "$1" <<<"$dom" || fail "$2 (see $out/admin-page.dom.html)"; }
check 'data-ready="1"' "the page never finished its first update"
check 'id="hit-rate">[0-9]+(\.[0-9])?<' "no hit rate number"
check 'id="request-rate">[0-9]' "no request rate number"
check 'id="total-lookups">[0-9]' "no lookup count"
check 'id="keys-count">[0-9]' "no key count"
check 'id="http-p95">[0-9]' "no latency percentile"
check 'data-points="[1-9][0-9]*"' "the chart has no points"
check '<polyline id="hit-line" points="[0-9]' "the chart has no hit-rate line"
check '<polyline id="rate-line" points="[0-9]' "the chart has no request-rate line"
check 'cache redis: connected' "Redis status missing"
check 'store sqlite: connected' "store status missing"
check '/api/products/count</td>' "top hits missing"
grep -q "id=\"updated\">update failed" <<<"$dom" && fail "the page reported a failed update"

# Without a token: the sign-in form, not the page.
chrome --dump-dom "$base/admin" >"$tmp/login.html" || fail "chromium could not load the sign-in page"
grep -q 'id="login"' "$tmp/login.html" || fail "no sign-in form without a token"
grep -q 'id="chart"' "$tmp/login.html" && fail "the page rendered without a token"

chrome --screenshot="$out/admin-page.png" "$base/admin?token=$token" >/dev/null || fail "screenshot failed"
[ -s "$out/admin-page.png" ] || fail "empty screenshot"
echo "admin-page: OK, page rendered; screenshot at $out/admin-page.png"
