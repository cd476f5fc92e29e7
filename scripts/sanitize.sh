#!/usr/bin/env bash
# Builds the tool, the local registry and the test suites with AddressSanitizer
# and UndefinedBehaviorSanitizer (CA_SANITIZE=ON) into ./build-asan and runs
# them there: every unit test, and the scenario tests (which run the
# instrumented binary itself, so a memory error in the tool fails its test).
# Any sanitizer report aborts the process (halt_on_error, no recovery).
# Usage: scripts/sanitize.sh [ctest -R regex for the scenario tests]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build="$root/build-asan"
scenario_filter=${1:-${CA_SANITIZE_SCENARIOS:-.}}
start=$(date +%s)
source "$root/scripts/ccache-env.sh"
cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCA_SANITIZE=ON "${CA_CMAKE_LAUNCHER[@]}" >/dev/null
cmake --build "$build" -j "$(nproc)" --target cargo-authenticate cargo-authenticate-registry unit_tests scenario_tests
built=$(date +%s)
echo "sanitize: built in $(( built - start )) s"

export ASAN_OPTIONS=${ASAN_OPTIONS:-halt_on_error=1:abort_on_error=1:detect_leaks=1:strict_string_checks=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1}
jobs=$(nproc)
ctest --test-dir "$build" -L unit -j "$jobs" --output-on-failure --timeout 120
ctest --test-dir "$build" -L scenario -R "$scenario_filter" -j "$jobs" --output-on-failure --timeout 300
echo "sanitize: tests ran in $(( $(date +%s) - built )) s, total $(( $(date +%s) - start )) s"
