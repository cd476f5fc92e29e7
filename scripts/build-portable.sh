#!/usr/bin/env bash
# Builds the self-contained Linux binaries for the task package and releases
# (CMake option CA_PORTABLE: toml++/spdlog/fmt compiled in, libstdc++/libgcc
# static, libcurl loaded on demand; needs glibc >= 2.35 only).
# Usage: scripts/build-portable.sh [x64|arm64|all]   (default: all)
# Leaves build/portable/<platform>/cargo-authenticate for platform linux-x64 and
# linux-arm64 (stripped), then checks each with scripts/check-portable.sh.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
which=${1:-all}
case "$which" in x64 | arm64 | all) ;; *) echo "usage: $0 [x64|arm64|all]" >&2; exit 2 ;; esac
bash "$root/scripts/install-deps.sh" --cross  # only what is missing

launcher=()
if command -v ccache >/dev/null 2>&1; then
  launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
  # Keyed independently of the checkout path, so a fresh clone reuses objects.
  export CCACHE_BASEDIR="$root" CCACHE_NOHASHDIR=true
fi

build_one() {
  local platform=$1 strip=$2
  shift 2
  local dir="$root/build/portable/$platform"
  cmake -S "$root" -B "$dir" -G Ninja -DCMAKE_BUILD_TYPE=Release -DCA_PORTABLE=ON "${launcher[@]}" "$@" >/dev/null
  cmake --build "$dir" -j "$(nproc)" --target cargo-authenticate
  cp "$dir/src/cargo-authenticate" "$dir/cargo-authenticate"
  "$strip" "$dir/cargo-authenticate"
  bash "$root/scripts/check-portable.sh" "$dir/cargo-authenticate"
}

if [[ "$which" == x64 || "$which" == all ]]; then
  build_one linux-x64 strip
fi
if [[ "$which" == arm64 || "$which" == all ]]; then
  build_one linux-arm64 aarch64-linux-gnu-strip -DCMAKE_TOOLCHAIN_FILE="$root/cmake/toolchains/aarch64-linux-gnu.cmake"
fi
