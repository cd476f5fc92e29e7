#!/usr/bin/env bash
# `cargo-authenticate publish` vs plain `cargo publish --workspace` (token in
# the environment) on the same generated 20-crate workspace, each against a
# fresh local registry (cargo-authenticate-registry on 127.0.0.1):
#   1. first publish of all 20 crates (median of N runs, fresh registry and
#      target dir each run);
#   2. re-run on the fully published workspace (cargo's own fails: "already
#      exists"; ours should succeed and upload nothing).
# Crate i depends on crate (i-1)/2 by path + registry (a tree of depth 4), so
# publish order matters. Both tools wait for each version to appear in the
# index (cargo's behaviour), which dominates the first-publish time.
# Usage: bench/publish_bench.sh [build-dir] [runs]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$root/build}
runs=${2:-3}
bin=$build/src/cargo-authenticate
registry_bin=$build/src/local_registry/cargo-authenticate-registry
[[ -x "$bin" && -x "$registry_bin" ]] || { echo "build first: cmake --build $build --target cargo-authenticate cargo-authenticate-registry"; exit 2; }
work=$(mktemp -d)
registry_pid=""
cleanup() { [[ -n "$registry_pid" ]] && kill "$registry_pid" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT
token="bench-token-$RANDOM$RANDOM"
crates=20

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(free -g | awk '/Mem:/{print $2}') GiB RAM"
echo "cargo:   $(cargo --version)"
echo "tool:    $bin ($("$bin" --version))"
echo "load:    $(cut -d' ' -f1-3 /proc/loadavg) (1/5/15 min)"

start_registry() {  # fresh data dir; sets port and registry_pid
  [[ -n "$registry_pid" ]] && { kill "$registry_pid" 2>/dev/null; wait "$registry_pid" 2>/dev/null || true; }
  local dir="$work/registry-$1"
  mkdir -p "$dir/data"
  echo "$token" >"$dir/tokens"
  "$registry_bin" --data "$dir/data" --port 0 --tokens-file "$dir/tokens" --port-file "$dir/port" >/dev/null 2>&1 &
  registry_pid=$!
  for _ in $(seq 100); do [[ -s "$dir/port" ]] && break; sleep 0.05; done
  port=$(cat "$dir/port")
}

write_workspace() {  # $1 dir, $2 index url
  local ws=$1
  mkdir -p "$ws/.cargo"
  printf '[registries.local]\nindex = "%s"\n' "$2" >"$ws/.cargo/config.toml"
  local members=""
  for ((i = 0; i < crates; i++)); do
    local name="bench-crate-$i"
    members+="\"$name\", "
    mkdir -p "$ws/$name/src"
    {
      printf '[package]\nname = "%s"\nversion = "0.1.0"\nedition = "2021"\n' "$name"
      printf 'description = "benchmark crate"\nlicense = "MIT"\n\n[dependencies]\n'
      if ((i > 0)); then
        local dep="bench-crate-$(((i - 1) / 2))"
        printf '%s = { path = "../%s", version = "0.1.0", registry = "local" }\n' "$dep" "$dep"
      fi
    } >"$ws/$name/Cargo.toml"
    echo "pub fn id() -> u32 { $i }" >"$ws/$name/src/lib.rs"
  done
  printf '[workspace]\nresolver = "2"\nmembers = [%s]\n' "$members" >"$ws/Cargo.toml"
}

now_ms() { date +%s%3N; }
median() { sort -n | awk '{a[NR]=$1} END{print a[int((NR+1)/2)]}'; }

run_env() {  # the environment both tools get: isolated CARGO_HOME, the token
  env -i PATH="$PATH" HOME="$HOME" RUSTUP_HOME="${RUSTUP_HOME:-$HOME/.rustup}" CARGO_HOME="$work/cargo-home" \
    CARGO_TARGET_DIR="$work/target-$1" CARGO_TERM_COLOR=never CARGO_REGISTRIES_LOCAL_TOKEN="$token" "${@:2}"
}

declare -a ours=() theirs=()
for ((r = 1; r <= runs; r++)); do
  for tool in cargo ours; do
    start_registry "$tool-$r"
    ws="$work/ws-$tool-$r"
    write_workspace "$ws" "sparse+http://127.0.0.1:$port/index/"
    t0=$(now_ms)
    if [[ $tool == cargo ]]; then
      (cd "$ws" && run_env "$tool-$r" CARGO_REGISTRIES_LOCAL_CREDENTIAL_PROVIDER=cargo:token \
        cargo publish --workspace --allow-dirty --registry local) >"$work/log" 2>&1 || { cat "$work/log"; exit 1; }
      theirs+=($(($(now_ms) - t0)))
    else
      (cd "$ws" && run_env "$tool-$r" "$bin" publish --ci local --registry local) >"$work/log" 2>&1 ||
        { cat "$work/log"; exit 1; }
      ours+=($(($(now_ms) - t0)))
    fi
  done
  # Re-run on the fully published workspace (last registry: published by ours).
  if ((r == runs)); then
    t0=$(now_ms)
    (cd "$ws" && run_env "ours-$r" "$bin" publish --ci local --registry local) >"$work/rerun-ours" 2>&1 && ours_rc=0 || ours_rc=$?
    rerun_ours=$(($(now_ms) - t0))
    uploads=$(curl -s "http://127.0.0.1:$port/_control/log" | grep -o '"path":"/api/v1/crates/new"' | wc -l)
    t0=$(now_ms)
    (cd "$ws" && run_env "ours-$r" CARGO_REGISTRIES_LOCAL_CREDENTIAL_PROVIDER=cargo:token \
      cargo publish --workspace --allow-dirty --registry local) >"$work/rerun-cargo" 2>&1 && cargo_rc=0 || cargo_rc=$?
    rerun_cargo=$(($(now_ms) - t0))
  fi
done

first_ours=$(printf '%s\n' "${ours[@]}" | median)
first_cargo=$(printf '%s\n' "${theirs[@]}" | median)
echo
echo "first publish of $crates crates (median of $runs; each run: fresh registry, fresh target dir)"
printf '  %-40s %8s ms   (runs: %s)\n' "cargo publish --workspace" "$first_cargo" "${theirs[*]}"
printf '  %-40s %8s ms   (runs: %s)\n' "cargo-authenticate publish" "$first_ours" "${ours[*]}"
awk -v a="$first_ours" -v b="$first_cargo" 'BEGIN{printf "  ratio ours/cargo: %.3f (target <= 1.10)\n", a/b}'
echo "re-run on the fully published workspace"
printf '  %-40s %8s ms   exit %s (%s)\n' "cargo publish --workspace" "$rerun_cargo" "$cargo_rc" \
  "$(grep -m1 '^error' "$work/rerun-cargo" || echo ok)"
printf '  %-40s %8s ms   exit %s, uploads in total %s (20 = none on re-run)\n' "cargo-authenticate publish" \
  "$rerun_ours" "$ours_rc" "$uploads"
