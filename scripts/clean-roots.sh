#!/usr/bin/env bash
# Creates (once) and prints the cached Debian 12 roots the clean-system tests
# run the portable binaries in, from Debian's package registry:
#   bookworm-amd64        debootstrap --variant=minbase: nothing of ours, no libcurl
#   bookworm-amd64-curl   the same plus libcurl4 (the network features)
#   bookworm-arm64        debootstrap --foreign --arch=arm64 (only unpacked: its
#                         libc for qemu-aarch64-static -L)
#   bullseye-amd64-curl   Debian 11 with libcurl4 7.74, older than Ubuntu 22.04's
#                         7.81: its libcurl is lent to a bookworm root to prove
#                         the fallbacks for options newer than the library
# The cache lives outside the repository, in
# ${XDG_CACHE_HOME:-$HOME/.cache}/cargo-authenticate/roots/, and is never
# changed by the tests (they run in a copy). A root is built in a temporary
# folder and renamed when complete, so an interrupted run leaves no half root.
# Mirror: $CA_DEBIAN_MIRROR, else the first Debian URI in apt's sources.
# Usage: scripts/clean-roots.sh [amd64|amd64-curl|arm64|bullseye-curl ...]
#        (default: all four); prints each root's path, one a line
set -euo pipefail
cache="${XDG_CACHE_HOME:-$HOME/.cache}/cargo-authenticate/roots"
mkdir -p "$cache"

mirror=${CA_DEBIAN_MIRROR:-}
if [[ -z "$mirror" ]]; then
  mirror=$(cat /etc/apt/sources.list /etc/apt/sources.list.d/*.list /etc/apt/sources.list.d/*.sources 2>/dev/null |
    grep -o 'https\?://[^ ]*/debian/\?\( \|$\)' | grep -v security | head -1 | tr -d ' ' || true)
  mirror=${mirror:-http://deb.debian.org/debian}
fi

sudo=""
if [[ $(id -u) -ne 0 ]]; then sudo="sudo"; fi

make_root() {
  local name=$1 suite=$2
  shift 2
  local root="$cache/$name"
  [[ -f "$root/.complete" ]] && return 0
  local tmp="$cache/.$name.tmp.$$"
  $sudo rm -rf "$tmp"
  echo "creating $root from $mirror (once)" >&2
  if ! timeout 900 $sudo debootstrap --variant=minbase "$@" "$suite" "$tmp" "$mirror" >"$cache/$name.log" 2>&1; then
    echo "debootstrap failed for $name; see $cache/$name.log" >&2
    $sudo rm -rf "$tmp"
    return 1
  fi
  $sudo touch "$tmp/.complete"
  $sudo rm -rf "$root"
  $sudo mv "$tmp" "$root"
}

want=("$@")
((${#want[@]})) || want=(amd64 amd64-curl arm64 bullseye-curl)
for w in "${want[@]}"; do
  case "$w" in
    amd64) name=bookworm-amd64; make_root $name bookworm --arch=amd64 ;;
    amd64-curl) name=bookworm-amd64-curl; make_root $name bookworm --arch=amd64 --include=libcurl4 ;;
    arm64) name=bookworm-arm64; make_root $name bookworm --arch=arm64 --foreign ;;
    bullseye-curl) name=bullseye-amd64-curl; make_root $name bullseye --arch=amd64 --include=libcurl4 ;;
    *) echo "unknown root: $w" >&2; exit 2 ;;
  esac
  echo "$cache/$name"
done
