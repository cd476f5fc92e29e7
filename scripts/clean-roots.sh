#!/usr/bin/env bash
# Creates (once) and prints the cached Debian 12 roots the clean-system tests
# run the portable binaries in, from Debian's package registry:
#   bookworm-amd64        debootstrap --variant=minbase: nothing of ours, no libcurl
#   bookworm-amd64-curl   the same plus libcurl4 (the network features)
#   bookworm-arm64        debootstrap --foreign --arch=arm64 (only unpacked: its
#                         libc for qemu-aarch64-static -L)
# The cache lives outside the repository, in
# ${XDG_CACHE_HOME:-$HOME/.cache}/cargo-authenticate/roots/, and is never
# changed by the tests (they run in a copy). A root is built in a temporary
# folder and renamed when complete, so an interrupted run leaves no half root.
# Mirror: $CA_DEBIAN_MIRROR, else the first Debian URI in apt's sources.
# Usage: scripts/clean-roots.sh [amd64|amd64-curl|arm64 ...]   (default: all)
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
  local name=$1
  shift
  local root="$cache/$name"
  [[ -f "$root/.complete" ]] && return 0
  local tmp="$cache/.$name.tmp.$$"
  $sudo rm -rf "$tmp"
  echo "creating $root from $mirror (once)" >&2
  if ! timeout 900 $sudo debootstrap --variant=minbase "$@" bookworm "$tmp" "$mirror" >"$cache/$name.log" 2>&1; then
    echo "debootstrap failed for $name; see $cache/$name.log" >&2
    $sudo rm -rf "$tmp"
    return 1
  fi
  $sudo touch "$tmp/.complete"
  $sudo rm -rf "$root"
  $sudo mv "$tmp" "$root"
}

want=("$@")
((${#want[@]})) || want=(amd64 amd64-curl arm64)
for w in "${want[@]}"; do
  case "$w" in
    amd64) make_root bookworm-amd64 --arch=amd64 ;;
    amd64-curl) make_root bookworm-amd64-curl --arch=amd64 --include=libcurl4 ;;
    arm64) make_root bookworm-arm64 --arch=arm64 --foreign ;;
    *) echo "unknown root: $w" >&2; exit 2 ;;
  esac
  echo "$cache/bookworm-$w"
done
