#!/usr/bin/env bash
# Installs jollyjetd and the SDK into a temporary prefix (cmake --install), builds
# examples/hello-plugin against it with nothing but find_package(JollyJet), installs
# the plugin, starts the installed jollyjetd with it and checks that its route answers.
# Usage: sdk-install.sh <build-dir> <source-dir>
set -uo pipefail
build=$1
source_dir=$2

fail() { echo "sdk-install: FAIL: $*"; exit 1; }
# shellcheck source=tests/checks/lib.sh
source "$(dirname "$0")/lib.sh"

prefix=$tmp/prefix
cmake --install "$build" --prefix "$prefix" >"$tmp/install.log" 2>&1 ||
    { cat "$tmp/install.log"; fail "cmake --install failed"; }
for file in sbin/jollyjetd include/jollyjet/plugin/Plugin.h include/jollyjet/AbiSignature.h \
    lib/jollyjet/plugins/timing.so lib/jollyjet/plugins/product-repository.so \
    share/man/man8/jollyjetd.8.gz etc/jollyjet/production.ini lib/systemd/system/jollyjetd.service; do
    [ -e "$prefix/$file" ] || fail "$file was not installed"
done
# The SDK is what a plugin needs and nothing more: the host-only and internal headers
# stay out of it.
for file in include/jollyjet/plugin/PluginRegistry.h include/jollyjet/Backends.h \
    include/jollyjet/log/LogManager.h include/jollyjet/config/CoreSchema.h \
    include/jollyjet/cache/CacheServiceBase.h include/jollyjet/mongo/WireIO.h; do
    [ ! -e "$prefix/$file" ] || fail "$file is internal but was installed with the SDK"
done
# Hidden by default: the library exports what the SDK and the host use, not its helpers.
lib=$(find "$prefix" -name 'libjollyjet-core.so.*' -type f | head -1)
nm -D --defined-only "$lib" | c++filt >"$tmp/exported.txt"
if grep 'jollyjet::cache::envelope::\|jollyjet::cache::glob::' "$tmp/exported.txt" >/dev/null; then
    fail "libjollyjet-core exports internal symbols"
fi
grep 'jollyjet::Services::cache() const' "$tmp/exported.txt" >/dev/null ||
    fail "libjollyjet-core does not export the SDK (Services::cache)"
config=$(find "$prefix" -name JollyJetConfig.cmake | head -1)
[ -n "$config" ] || fail "no JollyJetConfig.cmake installed"
grep -q "^path = $prefix/lib/jollyjet/plugins\$\|^path = .*/lib/jollyjet/plugins\$" "$prefix/etc/jollyjet/production.ini" ||
    fail "production.ini does not point at the installed plugin folder"

cmake -S "$source_dir/examples/hello-plugin" -B "$tmp/hello" -DCMAKE_PREFIX_PATH="$prefix" \
    -DCMAKE_BUILD_TYPE=RelWithDebInfo >"$tmp/hello-configure.log" 2>&1 ||
    { cat "$tmp/hello-configure.log"; fail "the example does not configure against the SDK"; }
cmake --build "$tmp/hello" >"$tmp/hello-build.log" 2>&1 ||
    { cat "$tmp/hello-build.log"; fail "the example does not build against the SDK"; }
cmake --install "$tmp/hello" >/dev/null || fail "the example does not install"
[ -f "$prefix/lib/jollyjet/plugins/hello.so" ] || fail "hello.so is not in the installed plugin folder"

port=$(free_port)
cat >"$tmp/hello.ini" <<INI
[server]
host = 127.0.0.1
port = $port
[plugins]
enabled = timing, hello
[cache]
backend = memory
[plugin.hello]
greeting = howdy
INI
"$prefix/sbin/jollyjetd" --config "$tmp/hello.ini" --check-config >"$tmp/check.log" 2>&1 ||
    { cat "$tmp/check.log"; fail "--check-config refused the installed server with the plugin"; }
"$prefix/sbin/jollyjetd" --config "$tmp/hello.ini" >"$tmp/jollyjetd.log" 2>&1 &
pids+=($!)
for _ in $(seq 1 100); do
    curl -fs "http://127.0.0.1:$port/health" >/dev/null 2>&1 && break
    sleep 0.1
done
body=$(curl -fs "http://127.0.0.1:$port/hello/world") || { cat "$tmp/jollyjetd.log"; fail "GET /hello/world failed"; }
[ "$body" = '{"message":"howdy world"}' ] || fail "GET /hello/world answered $body"
"$prefix/sbin/jollyjetd" --version | grep -q "^plugin ABI: jollyjet " || fail "--version has no ABI signature"
echo "sdk-install: OK (installed jollyjetd served the out-of-tree plugin: $body)"
