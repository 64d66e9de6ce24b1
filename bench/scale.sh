#!/usr/bin/env bash
# Catalog scale: the store's uncached answers at growing catalog sizes, and the
# bulk import rate. One SQLite database grows through the sizes (each step loaded
# with jollyjet-import from bench/catalog.awk); a jollyjetd whose cache is
# unreachable (every read goes to the store) answers, measured with
# wrk -t1 -c8 (as the sizes' numbers are compared, not the front end's ceiling):
#   list      /api/products?page=1&limit=10
#   category  /api/products?category=Home&page=1&limit=10
#   search    /api/products?search=lamp&page=1&limit=10   ("lamp": 1 product in 40)
#   count     /api/products/count?search=lamp  and  /api/products/count
#   deep page /api/products?page=1000&limit=10            (the window's last page)
# Usage: bench/scale.sh [build-dir]   (SCALE_SIZES="1000 100000 1000000", WRK_DURATION=4s)
set -euo pipefail
build=${1:-build}
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=bench/lib.sh
source "$here/lib.sh"

sizes=${SCALE_SIZES:-1000 100000 1000000}
export WRK_THREADS=1 WRK_CONNECTIONS=8 WRK_DURATION=${WRK_DURATION:-4s}
importer="$build/tools/import/jollyjet-import"
[ -x "$importer" ] || { echo "bench: $importer not built" >&2; exit 1; }

port=$(free_port)
write_ini "$BENCH_TMP/scale.ini" "$build" "$port" "timing, product-repository" "$(free_port)"
start_jollyjetd "$build" "$BENCH_TMP/scale.ini" "$port"

declare -A base
queries=("list|/api/products?page=1&limit=10"
         "category|/api/products?category=Home&page=1&limit=10"
         "search|/api/products?search=lamp&page=1&limit=10"
         "count search|/api/products/count?search=lamp"
         "count|/api/products/count"
         "deep page|/api/products?page=1000&limit=10")

echo "catalog scale: SQLite, cache unreachable, wrk -t1 -c8 -d$WRK_DURATION, loopback, $(nproc) cores (wrk shares them)"
loaded=0
for size in $sizes; do
    add=$((size - loaded))
    # The importer bumps no cache here (memory cache of its own process).
    line=$(awk -v n="$add" -v from="$loaded" -f "$here/catalog.awk" |
        "$importer" --config "$BENCH_TMP/scale.ini" -D cache.backend=memory -)
    loaded=$size
    echo
    echo "== $size products ($line)"
    print_header
    for q in "${queries[@]}"; do
        label=${q%%|*}
        url=${q#*|}
        curl -fs "http://127.0.0.1:$port$url" >/dev/null || { echo "bench: $url failed" >&2; exit 1; }
        out=$(run_wrk "$label" "http://127.0.0.1:$port$url")
        rps=$(echo "$out" | cut -c36-47 | tr -d ' ')
        if [ -z "${base[$label]:-}" ]; then
            base[$label]=$rps
            echo "$out"
        else
            echo "$out  slowdown vs ${sizes%% *}: $(awk -v a="${base[$label]}" -v b="$rps" 'BEGIN {printf "%.2f", a / b}')"
        fi
    done
done
