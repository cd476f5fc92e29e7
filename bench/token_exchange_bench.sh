#!/usr/bin/env bash
# Cost of a trusted-publishing exchange around a command: `exec --trusted-publishing -- true`
# against the local registry's emulated exchange (config.json discovery, POST exchange,
# DELETE revocation), N runs, each with its own one-use JWT. Loopback only.
# Usage: bench/token_exchange_bench.sh [runs] [build dir]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
runs=${1:-20}
build=${2:-$root/build}
bin=$build/src/cargo-authenticate
registry=$build/src/local_registry/cargo-authenticate-registry
work=$(mktemp -d)
pid=""
trap '[[ -n "$pid" ]] && kill "$pid" 2>/dev/null; rm -rf "$work"' EXIT
mkdir -p "$work/data" "$work/proj/.cargo"
"$registry" --data "$work/data" --anonymous --port-file "$work/port" >/dev/null 2>&1 &
pid=$!
for _ in $(seq 50); do [[ -s "$work/port" ]] && break; sleep 0.1; done
port=$(cat "$work/port")
printf '[registries.tp]\nindex = "sparse+http://127.0.0.1:%s/index/"\n' "$port" >"$work/proj/.cargo/config.toml"
jwts=$(seq 1 "$runs" | sed 's/.*/"bench-jwt-&"/' | paste -sd,)
curl -fsS -X POST "http://127.0.0.1:$port/_control/identity" \
  -d "{\"registry_token\":\"bench-registry-token\",\"accepted_jwts\":[$jwts]}" >/dev/null
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
# Baseline: the same command with a token already in the environment (no exchange).
start=$(date +%s%N)
for _ in $(seq 1 "$runs"); do
  (cd "$work/proj" && CARGO_REGISTRIES_TP_TOKEN=stored "$bin" exec --ci local --registry tp -- true >/dev/null 2>&1)
done
mid=$(date +%s%N)
for i in $(seq 1 "$runs"); do
  (cd "$work/proj" && CRATES_IO_ID_TOKEN="bench-jwt-$i" "$bin" exec --ci local --registry tp \
    --trusted-publishing -- true >/dev/null 2>&1)
done
end=$(date +%s%N)
echo "stored token:       $runs runs, $(((mid - start) / 1000000 / runs)) ms per run"
echo "trusted publishing: $runs runs, $(((end - mid) / 1000000 / runs)) ms per run (config.json, exchange, revoke)"
curl -fsS "http://127.0.0.1:$port/_control/identity" |
  python3 -c 'import json,sys; d=json.load(sys.stdin); print("emulator: %d exchanges, %d revocations, %d live tokens" % (d["exchanges"], d["revocations"], len(d["live_tokens"])))'
