#!/usr/bin/env bash
# Builds the self-contained Linux binaries for the task package and releases
# (CMake option CA_PORTABLE: toml++/spdlog/fmt compiled in, libstdc++/libgcc
# static, libcurl loaded on demand; needs glibc >= 2.35 only).
# The win32-x64 binary is cross-built with mingw-w64 (static, WinHTTP; only
# Windows' own DLLs at run time).
# Usage: scripts/build-portable.sh [x64|arm64|win64|linux|all]   (default: all)
# Leaves build/portable/<platform>/cargo-authenticate for platform linux-x64 and
# linux-arm64 and build/portable/win32-x64/cargo-authenticate.exe (stripped),
# then checks each (scripts/check-portable.sh, scripts/check-portable-windows.sh).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
which=${1:-all}
case "$which" in x64 | arm64 | win64 | linux | all) ;; *) echo "usage: $0 [x64|arm64|win64|linux|all]" >&2; exit 2 ;; esac
bash "$root/scripts/install-deps.sh" --cross  # only what is missing

launcher=()
if command -v ccache >/dev/null 2>&1; then
  launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
  # Keyed independently of the checkout path, so a fresh clone reuses objects.
  export CCACHE_BASEDIR="$root" CCACHE_NOHASHDIR=true
fi

build_one() {
  local platform=$1 strip=$2 exe=cargo-authenticate check=check-portable.sh
  shift 2
  if [[ "$platform" == win32-* ]]; then exe=cargo-authenticate.exe check=check-portable-windows.sh; fi
  local dir="$root/build/portable/$platform"
  cmake -S "$root" -B "$dir" -G Ninja -DCMAKE_BUILD_TYPE=Release -DCA_PORTABLE=ON "${launcher[@]}" "$@" >/dev/null
  local targets=(cargo-authenticate)
  # The programs the wine tests run beside the .exe (tests/windows/).
  [[ "$platform" == win32-* ]] && targets+=(windows-test-programs)
  cmake --build "$dir" -j "$(nproc)" --target "${targets[@]}"
  cp "$dir/src/$exe" "$dir/$exe"
  "$strip" "$dir/$exe"
  bash "$root/scripts/$check" "$dir/$exe"
}

if [[ "$which" == x64 || "$which" == linux || "$which" == all ]]; then
  build_one linux-x64 strip
fi
if [[ "$which" == arm64 || "$which" == linux || "$which" == all ]]; then
  build_one linux-arm64 aarch64-linux-gnu-strip -DCMAKE_TOOLCHAIN_FILE="$root/cmake/toolchains/aarch64-linux-gnu.cmake"
fi
if [[ "$which" == win64 || "$which" == all ]]; then
  build_one win32-x64 x86_64-w64-mingw32-strip -DCMAKE_TOOLCHAIN_FILE="$root/cmake/toolchains/x86_64-w64-mingw32.cmake"
fi
