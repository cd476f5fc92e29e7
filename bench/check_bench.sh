#!/usr/bin/env bash
# Wall time of `cargo-authenticate check` for 100 registries whose server takes
# 50 ms to answer each config.json: one local registry (--threads 128) with a
# fault rule delay_ms=50, times=-1 on /index/config.json, and 100 registries in
# one config, all with that index URL under different names (the server serves
# the index under /index/ only; our collision check is by name, and cargo
# allows two names for one URL). Sequential requests would take >= 5 s; the
# target is under 0.5 s. Median of 5 runs.
# Usage: bench/check_bench.sh [build-dir]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$root/build}
bin=$build/src/cargo-authenticate
registry_bin=$build/src/local_registry/cargo-authenticate-registry
[[ -x "$bin" && -x "$registry_bin" ]] || { echo "build first: cmake --build $build"; exit 2; }
n=100
work=$(mktemp -d)
server=""
cleanup() { [[ -n "$server" ]] && kill "$server" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT

printf 'Bearer tkn-check-bench\n' >"$work/tokens"
mkdir -p "$work/data"
"$registry_bin" --data "$work/data" --port 0 --tokens-file "$work/tokens" --port-file "$work/port" \
  --threads 128 >"$work/server.log" 2>&1 &
server=$!
for _ in $(seq 100); do [[ -s "$work/port" ]] && break; sleep 0.05; done
port=$(cat "$work/port")
curl -fsS -X POST "http://127.0.0.1:$port/_control/faults" -H 'Content-Type: application/json' \
  -d '[{"method":"GET","path_prefix":"/index/config.json","delay_ms":50,"times":-1}]' >/dev/null

mkdir -p "$work/repo/.cargo" "$work/home"
vars=()
{
  echo "[registries]"
  for ((i = 0; i < n; i++)); do
    echo "feed-$i = { index = \"sparse+http://127.0.0.1:$port/index/\" }"
    vars+=("CARGO_REGISTRIES_FEED_${i}_TOKEN=Bearer tkn-check-bench")
  done
} >"$work/repo/.cargo/config.toml"

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(free -g | awk '/Mem:/{print $2}') GiB"
echo "binary:  $bin ($("$bin" --version 2>/dev/null || true))"
walls=()
for run in 1 2 3 4 5; do
  start=$(date +%s%N)
  env -i PATH="$PATH" HOME="$work/home" CARGO_HOME="$work/home" "${vars[@]}" \
    "$bin" check --json -C "$work/repo" >"$work/out.json" 2>"$work/err" || { cat "$work/err"; exit 1; }
  end=$(date +%s%N)
  ok=$(grep -c '"verdict": "ok"' "$work/out.json")
  [[ $ok -eq $n ]] || { echo "run $run: only $ok of $n registries ok"; exit 1; }
  walls+=("$(( (end - start) / 1000000 ))")
done
median=$(printf '%s\n' "${walls[@]}" | sort -n | sed -n 3p)
echo "check of $n registries, 50 ms server delay each: median ${median} ms over 5 runs (runs: ${walls[*]} ms; target < 500 ms)"
