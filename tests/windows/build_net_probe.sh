#!/usr/bin/env bash
# Cross-compiles tests/windows/net_probe.exe: the HTTP client with its WinHTTP
# engine and only the sources it needs, for net_probe_test.py to run under wine.
# Usage: tests/windows/build_net_probe.sh [output-dir]   (default build/windows)
# Needs g++-mingw-w64-x86-64-posix and the header-only libraries
# (nlohmann-json3-dev, libfmt-dev) from scripts/install-deps.sh.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
out="${1:-$root/build/windows}"
mkdir -p "$out"
out="$(cd "$out" && pwd)"
compiler=x86_64-w64-mingw32-g++-posix
launcher=()
command -v ccache >/dev/null 2>&1 && launcher=(ccache) && export CCACHE_BASEDIR="$root" CCACHE_NOHASHDIR=1

# Header-only libraries live in /usr/include next to glibc's headers, which
# must not shadow mingw's: only their own folders are exposed, as symlinks.
headers="$out/win-headers"
mkdir -p "$headers/arpa"
ln -sfn /usr/include/nlohmann "$headers/nlohmann"
ln -sfn /usr/include/fmt "$headers/fmt"
# src/url/url_normalization.cpp parses IP literals with inet_pton from
# <arpa/inet.h>; Winsock declares the same functions (link ws2_32). Until the
# platform layer covers this, a two-line stand-in keeps that file unchanged.
printf '#pragma once\n#include <winsock2.h>\n#include <ws2tcpip.h>\n' > "$headers/arpa/inet.h"

version="$(sed -n 's/^project(cargo-authenticate VERSION \([0-9.]*\).*/\1/p' "$root/CMakeLists.txt")"
sources=(
  tests/windows/net_probe.cpp
  src/net/http_client.cpp
  src/net/winhttp_transfer.cpp
  src/net/proxy_environment.cpp
  src/net/redirect_location.cpp
  src/net/host_slots.cpp
  src/net/winhttp_support.cpp
  src/config/index_url.cpp
  src/url/url_normalization.cpp
  src/util/strings.cpp
  src/util/url_display.cpp
  src/core/secret.cpp
)
flags=(-std=c++20 -O1 -Wall -Wextra -I"$root/src" -isystem "$headers" -DFMT_HEADER_ONLY
  "-DCARGO_AUTHENTICATE_VERSION=\"$version\"")
objects=()
mkdir -p "$out/obj"
for source in "${sources[@]}"; do
  object="$out/obj/$(echo "$source" | tr '/' '_').o"
  "${launcher[@]}" "$compiler" "${flags[@]}" -c "$root/$source" -o "$object"
  objects+=("$object")
done
# -static: no libstdc++/libgcc/winpthread DLLs next to the .exe.
"$compiler" -static -o "$out/net_probe.exe" "${objects[@]}" -lwinhttp -lws2_32
echo "$out/net_probe.exe"
