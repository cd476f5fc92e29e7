#!/usr/bin/env bash
# The portable binaries on clean Debian 12 systems (tests/clean_root/clean_root_test.py):
# linux-x64 under chroot in a minbase root without libcurl and in one with
# libcurl4 (a real `check` against the local registry on 127.0.0.1, which runs
# outside the root, also with Debian 11's older libcurl 7.74); linux-arm64 under qemu-aarch64-static with an arm64 root.
# Roots are made once by scripts/clean-roots.sh and cached outside the
# repository; each run works in a throw-away overlay (or copy) of them.
# Needs root (chroot, mount) and scripts/install-deps.sh --cross.
# Usage: scripts/clean-root-test.sh [--x64 BINARY] [--arm64 BINARY]
#   defaults: build/portable/<platform>/cargo-authenticate (built when missing),
#   e.g. --x64 build/task-package/.../bin/linux-x64/cargo-authenticate for the
#   packaged copy.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
x64=$root/build/portable/linux-x64/cargo-authenticate
arm64=$root/build/portable/linux-arm64/cargo-authenticate
while (($#)); do
  case "$1" in
    --x64) x64=$2; shift 2 ;;
    --arm64) arm64=$2; shift 2 ;;
    *) echo "usage: $0 [--x64 BINARY] [--arm64 BINARY]" >&2; exit 2 ;;
  esac
done
# Absolute paths: the binary names its own absolute path in the provider
# setting the tests compare with, whatever form the caller gave.
x64=$(realpath -m "$x64")
arm64=$(realpath -m "$arm64")
bash "$root/scripts/install-deps.sh" --cross  # debootstrap, qemu; only what is missing
[[ -x "$x64" ]] || bash "$root/scripts/build-portable.sh" x64
[[ -x "$arm64" ]] || bash "$root/scripts/build-portable.sh" arm64

registry=$root/build/src/local_registry/cargo-authenticate-registry
if [[ ! -x "$registry" ]]; then
  launcher=()
  if command -v ccache >/dev/null 2>&1; then
    launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
    export CCACHE_BASEDIR="$root" CCACHE_NOHASHDIR=true  # a fresh clone reuses objects
  fi
  cmake -S "$root" -B "$root/build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo "${launcher[@]}" >/dev/null
  cmake --build "$root/build" --target cargo-authenticate-registry
fi

# The dependency check first, for both binaries; and it must reject a binary
# that is not portable (the dev build, when there is one), or it proves nothing.
bash "$root/scripts/check-portable.sh" "$x64"
bash "$root/scripts/check-portable.sh" "$arm64"
dev=$root/build/src/cargo-authenticate
if [[ -x "$dev" ]] && bash "$root/scripts/check-portable.sh" "$dev" >/dev/null 2>&1; then
  echo "check-portable.sh accepted the dev build ($dev), which needs shared libraries" >&2
  exit 1
fi

roots=()
mapfile -t roots < <(timeout 1800 bash "$root/scripts/clean-roots.sh" amd64 amd64-curl arm64 bullseye-curl)
((${#roots[@]} == 4)) || { echo "could not prepare the clean roots" >&2; exit 1; }

timeout 900 python3 "$root/tests/clean_root/clean_root_test.py" \
  --x64 "$x64" --root-amd64 "${roots[0]}" --root-amd64-curl "${roots[1]}" \
  --arm64 "$arm64" --root-arm64 "${roots[2]}" --root-bullseye-curl "${roots[3]}" --registry "$registry"
