#!/usr/bin/env bash
# Wall time and peak RSS of `auth` as the Azure task, for 1, 100 and 10,000
# registries (every one a feed of the build's own organization, so each gets
# System.AccessToken: classification, masking and two variables each, the same
# path CargoAuthenticate@0 was measured on). Median of 5 runs. CPU is user +
# system time: on a busy machine the wall time mostly measures the wait for a core.
# Usage: bench/auth_bench.sh [path/to/cargo-authenticate]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
bin=${1:-$root/build/src/cargo-authenticate}
if [[ ! -x /usr/bin/time ]]; then
  sudo=""; [[ $(id -u) -ne 0 ]] && sudo=sudo
  $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq time >/dev/null
fi
[[ -x "$bin" ]] || bash "$root/scripts/build.sh" >/dev/null
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(free -g | awk '/Mem:/{print $2}') GiB"
echo "binary:  $bin ($("$bin" --version 2>/dev/null || true))"
printf '%-12s %12s %12s %14s\n' registries "wall (ms)" "CPU (ms)" "peak RSS (MB)"
for n in 1 100 10000; do
  config="$work/config-$n.toml"
  {
    echo "[registries]"
    for ((i = 0; i < n; i++)); do
      echo "feed-$i = { index = \"sparse+https://pkgs.dev.azure.com/contoso/project/_packaging/feed-$i/Cargo/index/\" }"
    done
  } >"$config"
  walls=(); cpus=(); rss=()
  for run in 1 2 3 4 5; do
    env -i PATH="$PATH" TF_BUILD=True SYSTEM_TEAMFOUNDATIONCOLLECTIONURI=https://dev.azure.com/contoso/ \
      SECRET_SYSTEM_ACCESSTOKEN=tkn-bench-access-token INPUT_CONFIGFILE="$config" \
      /usr/bin/time -f '%e %M %U %S' -o "$work/time" "$bin" >"$work/out" 2>&1
    read -r wall kb user sys <"$work/time"
    walls+=("$(awk -v w="$wall" 'BEGIN{printf "%d", w*1000}')")
    cpus+=("$(awk -v u="$user" -v s="$sys" 'BEGIN{printf "%d", (u+s)*1000}')")
    rss+=("$kb")
    set_count=$(grep 'task.setvariable' "$work/out" | grep -vc 'isoutput=true')
    [[ $set_count -eq $((2 * n)) ]] || { echo "unexpected output for $n registries"; exit 1; }
  done
  wall_ms=$(printf '%s\n' "${walls[@]}" | sort -n | sed -n 3p)
  cpu_ms=$(printf '%s\n' "${cpus[@]}" | sort -n | sed -n 3p)
  rss_kb=$(printf '%s\n' "${rss[@]}" | sort -n | sed -n 3p)
  printf '%-12s %12s %12s %14s\n' "$n" "$wall_ms" "$cpu_ms" "$(awk -v k="$rss_kb" 'BEGIN{printf "%.1f", k/1024}')"
done
