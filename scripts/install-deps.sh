#!/usr/bin/env bash
# Installs the Debian packages this project builds and tests with, only those
# missing (apt-get update runs once, and only when something is missing).
# Usage: scripts/install-deps.sh [--fuzz|--unicode]   (--fuzz adds clang and libFuzzer;
# --unicode adds the Unicode data scripts/gen-unicode-tables.py regenerates tables from)
set -euo pipefail

packages=(
  g++ cmake ninja-build pkg-config git ca-certificates curl
  libtomlplusplus-dev libcli11-dev libcurl4-openssl-dev nlohmann-json3-dev libspdlog-dev
  libcpp-httplib-dev libssl-dev libgtest-dev libgmock-dev
  nodejs npm
)
if [[ "${1:-}" == "--fuzz" ]]; then
  packages+=(clang libclang-rt-14-dev)
fi
if [[ "${1:-}" == "--unicode" ]]; then
  packages+=(unicode-data python3)
fi

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done
# A machine may have node without Debian's package (e.g. from another source).
if command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1; then
  filtered=()
  for p in "${missing[@]}"; do [[ "$p" == nodejs || "$p" == npm ]] || filtered+=("$p"); done
  missing=("${filtered[@]}")
fi

if (( ${#missing[@]} > 0 )); then
  sudo=""
  if [[ $(id -u) -ne 0 ]]; then sudo="sudo"; fi
  echo "installing: ${missing[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

if ! command -v cargo >/dev/null 2>&1 && [[ -x "$HOME/.cargo/bin/cargo" ]]; then
  echo "note: cargo is in $HOME/.cargo/bin; add it to PATH" >&2
fi
