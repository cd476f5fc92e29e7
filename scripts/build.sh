#!/usr/bin/env bash
# Configures and builds everything (binary, local registry, tests, task
# package) into ./build. Usage: scripts/build.sh [extra cmake -D options]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
source "$root/scripts/ccache-env.sh"
cmake -S "$root" -B "$root/build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo "${CA_CMAKE_LAUNCHER[@]}" "$@" >/dev/null
cmake --build "$root/build" -j "$(nproc)"
