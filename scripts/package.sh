#!/usr/bin/env bash
# Builds the Debian packages jollyjet and jollyjet-dev with CPack, from a build tree
# configured for the Debian layout (/usr, /etc/jollyjet, /lib/systemd/system).
# Usage: scripts/package.sh [build-dir]   prints the paths of the .deb files
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-build-package}
case "$build" in /*) ;; *) build="$root/$build" ;; esac
launcher=()
command -v ccache >/dev/null && launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DJOLLYJET_BUILD_TESTS=OFF \
    -DCMAKE_INSTALL_PREFIX=/usr -DJOLLYJET_CONFIG_INSTALL_DIR=/etc/jollyjet \
    -DJOLLYJET_SYSTEMD_INSTALL_DIR=/lib/systemd/system "${launcher[@]}" >/dev/null
cmake --build "$build" -j "$(nproc)" >/dev/null
(cd "$build" && cpack -G DEB >/dev/null)
ls "$build"/*.deb
