#!/usr/bin/env bash
# Installs the Debian packages this project builds and tests with, only those
# missing (apt-get update runs once, and only when something is missing).
# Usage: scripts/install-deps.sh [--fuzz] [--cross] [--wine] [--unicode]
#   --wine   adds what scripts/wine-test.sh needs to run the Windows build's
#            scenarios: Debian's 64-bit wine (wine64, its libwine) and the mingw-w64
#            C compiler that builds their Windows child program (env_probe.exe)
#   --fuzz   adds clang and libFuzzer
#   --cross  adds what the portable builds and their clean-system tests need
#            (scripts/build-portable.sh, scripts/clean-root-test.sh): the aarch64
#            cross compiler, the arm64 (multiarch) headers, debootstrap and qemu,
#            and mingw-w64 for the win32-x64 build (WinHTTP and the Windows API
#            come with mingw-w64's headers and import libraries)
#   --unicode adds the Unicode data scripts/gen-unicode-tables.py regenerates tables from
#   --windows adds the mingw-w64 cross compiler and wine64 (tests/windows/: the
#            WinHTTP engine's probe under wine; openssl makes its TLS test's certificate)
set -euo pipefail

packages=(
  g++ cmake ninja-build ccache pkg-config git ca-certificates curl
  libtomlplusplus-dev libcli11-dev libcurl4-openssl-dev nlohmann-json3-dev libspdlog-dev
  libcpp-httplib-dev libssl-dev libgtest-dev libgmock-dev
  libicu-dev python3-dotenv  # tests only: .NET culture-sensitive search (ICU), python-dotenv round trips
  nodejs npm
  # release packaging (scripts/package.sh: strip per platform) and its tests
  python3 python3-yaml binutils binutils-aarch64-linux-gnu
)
sudo=""
if [[ $(id -u) -ne 0 ]]; then sudo="sudo"; fi
for arg in "$@"; do
  case "$arg" in
    --wine) packages+=(wine64 libwine gcc-mingw-w64-x86-64-posix) ;;
    --fuzz) packages+=(clang libclang-rt-14-dev) ;;
    --cross)
      # The -dev packages are Multi-Arch: same; the portable build uses only their
      # headers (spdlog/fmt/toml++ header-only, curl.h for the on-demand loader).
      if ! dpkg --print-foreign-architectures | grep -qx arm64; then
        $sudo dpkg --add-architecture arm64
      fi
      packages+=(g++-aarch64-linux-gnu binutils-aarch64-linux-gnu ccache debootstrap qemu-user-static
        python3 libcurl4-openssl-dev:arm64 libspdlog-dev:arm64 libfmt-dev:arm64 libtomlplusplus-dev:arm64
        g++-mingw-w64-x86-64-posix binutils-mingw-w64-x86-64 libfmt-dev)
      ;;
    --unicode) packages+=(unicode-data python3) ;;
    --windows) packages+=(g++-mingw-w64-x86-64-posix wine64 nlohmann-json3-dev libfmt-dev openssl python3) ;;
    *) echo "unknown option: $arg" >&2; exit 2 ;;
  esac
done

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
  echo "installing: ${missing[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

if ! command -v cargo >/dev/null 2>&1 && [[ -x "$HOME/.cargo/bin/cargo" ]]; then
  echo "note: cargo is in $HOME/.cargo/bin; add it to PATH" >&2
fi
