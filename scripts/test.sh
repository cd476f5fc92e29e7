#!/usr/bin/env bash
# The whole test suite on a fresh Debian/Ubuntu machine: installs what is
# missing, builds, and runs unit, scenario (real binary, real cargo, local
# registry) and task-packaging tests with CTest.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
[[ -d "$HOME/.cargo/bin" ]] && export PATH="$HOME/.cargo/bin:$PATH"

bash "$root/scripts/install-deps.sh"
if [[ -f "$root/tests/task/package-lock.json" ]]; then
  npm ci --prefix "$root/tests/task" --no-audit --no-fund --loglevel=error >/dev/null
fi
# node's dotenv 16: the reader --emit dotenv output is checked against (output_contract_test).
npm ci --prefix "$root/tests/dotenv" --no-audit --no-fund --loglevel=error >/dev/null
bash "$root/scripts/build.sh"
cd "$root/build"
ctest --output-on-failure --timeout 600 -j "$(nproc)"
