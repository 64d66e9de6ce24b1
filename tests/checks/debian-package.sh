#!/usr/bin/env bash
# Builds the Debian packages (scripts/package.sh), checks them with lintian (no
# errors), unpacks them into a temporary root with dpkg-deb -x and runs that
# jollyjetd: --version, --check-config on the packaged ini, and a real start that
# serves /health and the product API.
# Usage: debian-package.sh <source-dir> <package-build-dir>
# Exit 0: passed; 1: failed; 77: skipped (no lintian and not root to install it).
set -uo pipefail
source_dir=$1
package_build=$2

fail() { echo "debian-package: FAIL: $*"; exit 1; }
# shellcheck source=tests/checks/lib.sh
source "$(dirname "$0")/lib.sh"

if ! command -v lintian >/dev/null; then
    if [ "$(id -u)" -ne 0 ]; then
        echo "debian-package: SKIPPED: lintian is not installed and installing it needs root"
        exit 77
    fi
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends lintian >/dev/null ||
        fail "apt-get could not install lintian"
fi

rm -f "$package_build"/*.deb
"$source_dir/scripts/package.sh" "$package_build" >"$tmp/package.log" 2>&1 ||
    { tail -30 "$tmp/package.log"; fail "scripts/package.sh failed"; }
runtime=$(ls "$package_build"/jollyjet_*.deb) || fail "no jollyjet package built"
dev=$(ls "$package_build"/jollyjet-dev_*.deb) || fail "no jollyjet-dev package built"

lintian --fail-on error --tag-display-limit 0 "$runtime" "$dev" >"$tmp/lintian.log" 2>&1 ||
    { cat "$tmp/lintian.log"; fail "lintian reports errors"; }
grep -q '^E:' "$tmp/lintian.log" && { cat "$tmp/lintian.log"; fail "lintian reports errors"; }

listing=$(dpkg-deb -c "$runtime")
for file in etc/jollyjet/production.ini usr/sbin/jollyjetd lib/systemd/system/jollyjetd.service; do
    grep -q "\./$file\$" <<<"$listing" || fail "$file is not in the package"
done
mkdir -p "$tmp/control"
dpkg-deb -e "$runtime" "$tmp/control"
for file in /etc/jollyjet/jollyjet.ini /etc/jollyjet/staging.ini /etc/jollyjet/production.ini; do
    grep -qx "$file" "$tmp/control/conffiles" || fail "$file is not a conffile"
done
grep -q 'adduser --system' "$tmp/control/postinst" || fail "postinst makes no jollyjet system user"
sh -n "$tmp/control/postinst" || fail "postinst is not valid sh"

root=$tmp/root
dpkg-deb -x "$runtime" "$root"
dpkg-deb -x "$dev" "$root"
[ -f "$root/usr/include/jollyjet/plugin/Plugin.h" ] || fail "the SDK headers are not in jollyjet-dev"
[ -f "$root/usr/lib/jollyjet/plugins/product-repository.so" ] || fail "no plugins under /usr/lib/jollyjet/plugins"
[ -f "$root/lib/systemd/system/jollyjetd.service" ] || fail "no systemd unit"
[ -f "$root/usr/share/man/man8/jollyjetd.8.gz" ] || fail "no man page"
grep -q '^path = /usr/lib/jollyjet/plugins$' "$root/etc/jollyjet/production.ini" ||
    fail "production.ini does not point at /usr/lib/jollyjet/plugins"

export LD_LIBRARY_PATH="$root/usr/lib/$(dpkg-architecture -qDEB_HOST_MULTIARCH 2>/dev/null || echo x86_64-linux-gnu)"
jollyjetd=$root/usr/sbin/jollyjetd
"$jollyjetd" --version | grep -q '^jollyjetd ' || fail "--version"
port=$(free_port)
overrides=(-D "plugins.path=$root/usr/lib/jollyjet/plugins" -D "server.port=$port"
    -D "store.sqlite.path=$tmp/jollyjet.db" -D cache.backend=memory -D logging.sink=console)
"$jollyjetd" --config "$root/etc/jollyjet/jollyjet.ini" "${overrides[@]}" --check-config >"$tmp/check.log" 2>&1 ||
    { cat "$tmp/check.log"; fail "--check-config refused the packaged jollyjet.ini"; }
"$jollyjetd" --config "$root/etc/jollyjet/jollyjet.ini" "${overrides[@]}" >"$tmp/jollyjetd.log" 2>&1 &
pids+=($!)
for _ in $(seq 1 100); do
    curl -fs "http://127.0.0.1:$port/health" >/dev/null 2>&1 && break
    sleep 0.1
done
curl -fs "http://127.0.0.1:$port/health" >/dev/null || { cat "$tmp/jollyjetd.log"; fail "/health does not answer"; }
curl -fs "http://127.0.0.1:$port/api/products/count" | grep -q '"status":"success"' ||
    { cat "$tmp/jollyjetd.log"; fail "the product API does not answer"; }
echo "debian-package: OK ($(basename "$runtime"), $(basename "$dev"); lintian: no errors)"
