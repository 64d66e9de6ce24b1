#!/usr/bin/env bash
# Builds the libFuzzer targets with clang (instrumented, ASan + UBSan) in build-fuzz/
# and runs each for a bounded time. Usage: scripts/fuzz.sh [seconds-per-target]
set -euo pipefail
seconds=${1:-60}
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
build=build-fuzz
cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_COMPILER=clang++ \
    -DJOLLYJET_FUZZ=ON -DJOLLYJET_BUILD_TESTS=OFF -DJOLLYJET_WERROR=OFF >/dev/null
cmake --build "$build" -j "$(nproc)" --target FuzzProductInput FuzzOpMsgReply FuzzRequestParser
for target in FuzzProductInput FuzzOpMsgReply FuzzRequestParser; do
    corpus="$build/corpus/$target"
    mkdir -p "$corpus"
    echo "fuzz: $target for ${seconds}s"
    "$build/tests/fuzz/$target" "$corpus" -max_total_time="$seconds" -print_final_stats=1 \
        -max_len=65536 -timeout=10 -rss_limit_mb=2048 2>"$build/$target.log" || {
        tail -50 "$build/$target.log"
        echo "fuzz: $target FAILED (crash input in the working directory)"
        exit 1
    }
    grep -E "stat::number_of_executed_units|stat::peak_rss_mb" "$build/$target.log" | sed "s/^/fuzz: $target /"
done
