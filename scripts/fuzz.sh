#!/usr/bin/env bash
# Builds the libFuzzer targets (clang, ASan + UBSan + libFuzzer) into
# ./build-fuzz and runs each one briefly on a copy of its seed corpus
# (tests/fuzz/corpus/<target>/). Prints the executions per target; exits
# non-zero when a target finds a crash or a property violation (the input is
# kept in build-fuzz/artifacts/ to reproduce: build-fuzz/tests/fuzz/<target> <file>).
# Usage: scripts/fuzz.sh [seconds per target, default 20] [target ...]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
seconds=${1:-20}
shift || true
all_targets=(fuzz_config fuzz_index_url fuzz_registry_name fuzz_azure_commands)
for extra in fuzz_github_commands fuzz_cnb_commands; do
  [[ -f "$root/tests/fuzz/$extra.cpp" ]] && all_targets+=("$extra")
done
targets=("$@")
(( ${#targets[@]} > 0 )) || targets=("${all_targets[@]}")

# clang and its libFuzzer runtime (Debian: clang, libclang-rt-14-dev).
if ! command -v clang++ >/dev/null 2>&1 || ! ls /usr/lib/llvm-*/lib/clang/*/lib/linux/libclang_rt.fuzzer-x86_64.a >/dev/null 2>&1; then
  "$root/scripts/install-deps.sh" --fuzz
fi

build="$root/build-fuzz"
start=$(date +%s)
source "$root/scripts/ccache-env.sh"
cmake -S "$root" -B "$build" -G Ninja "${CA_CMAKE_LAUNCHER[@]}" -DCA_FUZZ=ON -DCA_TESTS=OFF -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DCMAKE_CXX_COMPILER=clang++ \
  "-DCMAKE_CXX_FLAGS=-fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer" \
  >/dev/null
cmake --build "$build" -j "$(nproc)" --target "${targets[@]}"
echo "fuzz: built ${#targets[@]} targets in $(( $(date +%s) - start )) s"

mkdir -p "$build/artifacts"
status=0
total=0
for target in "${targets[@]}"; do
  corpus="$build/corpus/$target"
  rm -rf "$corpus"
  mkdir -p "$corpus"
  cp "$root/tests/fuzz/corpus/$target/"* "$corpus/"
  log="$build/$target.log"
  # -rss_limit/-timeout keep a runaway input from stalling CI; -max_len bounds
  # each input; the corpus copy grows, the seeds in the tree do not.
  if "$build/tests/fuzz/$target" "$corpus" -max_total_time="$seconds" -max_len=4096 -timeout=10 \
      -rss_limit_mb=2048 -print_final_stats=1 -artifact_prefix="$build/artifacts/$target-" >"$log" 2>&1; then
    outcome="no crash"
  else
    outcome="FAILED (see $log)"
    status=1
    tail -n 30 "$log" >&2
  fi
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
  runs=${runs:-0}
  total=$(( total + runs ))
  echo "fuzz: $target: $runs executions in ${seconds} s, $(ls "$corpus" | wc -l) corpus entries, $outcome"
done
echo "fuzz: total $total executions over ${#targets[@]} targets in $(( $(date +%s) - start )) s"
exit $status
