#!/usr/bin/env bash
# Checks that a Linux binary runs on every supported hosted agent: its dynamic
# dependencies are only glibc's own libraries (no libstdc++, libgcc_s, libcurl,
# spdlog, fmt, toml++ ...) and no symbol needs a glibc newer than 2.35
# (Ubuntu 22.04). Reads the ELF with readelf, so it works for any architecture.
# Usage: scripts/check-portable.sh BINARY [MAX_GLIBC]   exit 0 ok, 1 not portable
set -euo pipefail
bin=${1:?usage: check-portable.sh BINARY [MAX_GLIBC]}
max=${2:-2.35}
export LC_ALL=C

fail=0
needed=$(readelf -d -W "$bin" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p')
[[ -n "$needed" ]] || { echo "$bin: no dynamic section (not a dynamic ELF?)" >&2; exit 1; }
for lib in $needed; do
  case "$lib" in
    libc.so.6 | libm.so.6 | libdl.so.2 | libpthread.so.0 | librt.so.1 | ld-linux-x86-64.so.2 | ld-linux-aarch64.so.1) ;;
    *) echo "$bin: needs $lib, which is not part of glibc" >&2; fail=1 ;;
  esac
done

# Version needs (.gnu.version_r): "File: libc.so.6" then "Name: GLIBC_2.34".
versions=$(readelf -V -W "$bin" | awk '/File: / {for (i=1;i<=NF;i++) if ($i=="File:") file=$(i+1)} /Name: / {for (i=1;i<=NF;i++) if ($i=="Name:") print file, $(i+1)}')
highest=0.0
while read -r file version; do
  [[ -n "$version" ]] || continue
  case "$version" in
    GLIBC_PRIVATE) echo "$bin: uses GLIBC_PRIVATE from $file" >&2; fail=1 ;;
    GLIBC_[0-9]*)
      v=${version#GLIBC_}
      if [[ $(printf '%s\n%s\n' "$v" "$highest" | sort -V | tail -1) == "$v" ]]; then highest=$v; fi
      if [[ $(printf '%s\n%s\n' "$v" "$max" | sort -V | tail -1) != "$max" ]]; then
        symbols=$(readelf --dyn-syms -W "$bin" | awk -v v="@$version" '{for (i=8;i<=NF;i++) if (index($i, v)) print $i}' | tr '\n' ' ')
        echo "$bin: needs $version ($symbols) from $file; the limit is GLIBC_$max" >&2
        fail=1
      fi
      ;;
    *) echo "$bin: needs $version from $file (not a glibc version)" >&2; fail=1 ;;
  esac
done <<<"$versions"

if ((fail)); then exit 1; fi
echo "$bin: portable (needs $(echo $needed | tr ' ' ','); highest GLIBC_$highest <= GLIBC_$max)"
