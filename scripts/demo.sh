#!/usr/bin/env bash
# The main job, end to end, on this machine only (no cloud account), as
# Microsoft's guide sets it up (the seed of this project):
#  1. build cargo-authenticate, the local registry and the agent emulator;
#  2. start the local registry (auth required) on a free loopback port;
#  3. a variable group holds the token as a SECRET named
#     CARGO_REGISTRIES_LOCAL_TOKEN;
#  4. run the task as Azure Pipelines runs it (TF_BUILD=True, task inputs as
#     INPUT_*), and let the agent emulator (tests/support/agent_emulator.hpp:
#     the agent's own variable rules, ported from microsoft/azure-pipelines-agent)
#     process its logging commands;
#  5. run `cargo publish --allow-dirty` as a separate script step with exactly
#     the environment the agent gives a later script (no env: mapping, no
#     SECRET_*, no token on any command line);
#  6. show the crate in the registry's index.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
[[ -d "$HOME/.cargo/bin" ]] && export PATH="$HOME/.cargo/bin:$PATH"

bash "$root/scripts/install-deps.sh"
# Only what the demo runs: the tool, the local registry and the agent emulator.
cmake -S "$root" -B "$root/build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build "$root/build" -j "$(nproc)" --target cargo-authenticate cargo-authenticate-registry agent-emulator >/dev/null
bin="$root/build/src/cargo-authenticate"
registry_bin="$root/build/src/local_registry/cargo-authenticate-registry"
agent="$root/build/tests/agent-emulator"
command -v cargo >/dev/null || { echo "cargo is required (https://rustup.rs)"; exit 1; }

work=$(mktemp -d)
registry_pid=""
cleanup() { [[ -n "$registry_pid" ]] && kill "$registry_pid" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT

# A fresh token for this run; it lives only in files with mode 0600 and in
# environment variables, never on a command line.
umask 077
token="tkn-demo-$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')"
printf '%s\n' "$token" > "$work/tokens"
mkdir -p "$work/registry"
"$registry_bin" --data "$work/registry" --port 0 --tokens-file "$work/tokens" \
  --port-file "$work/port" >"$work/registry.log" 2>&1 &
registry_pid=$!
for _ in $(seq 100); do [[ -s "$work/port" ]] && break; sleep 0.05; done
port=$(cat "$work/port")
echo "== local registry: sparse+http://127.0.0.1:$port/index/ (auth required)"

# The repository a pipeline would check out.
repo="$work/repo"
mkdir -p "$repo/.cargo" "$repo/src"
cat > "$repo/.cargo/config.toml" <<TOML
[registries.local]
index = "sparse+http://127.0.0.1:$port/index/"
TOML
cat > "$repo/Cargo.toml" <<TOML
[package]
name = "hello-feed"
version = "0.1.0"
edition = "2021"
description = "published by the cargo-authenticate demo"
license = "MIT"
TOML
echo 'pub fn hello() -> &'"'"'static str { "hello from a private feed" }' > "$repo/src/lib.rs"
cat "$repo/.cargo/config.toml"

# The job's variables: the variable group's secret, as Microsoft's guide names it.
# The agent's state lives in a 0600 file; the value goes in on stdin, never argv.
state="$work/agent-state.json"
printf '%s' "$token" | "$agent" define "$state" CARGO_REGISTRIES_LOCAL_TOKEN --secret
echo "variable group: CARGO_REGISTRIES_LOCAL_TOKEN (secret)"

# Step 1: the task, in the environment the agent builds for a task step.
echo
echo "== step 1: - task: CargoAuthenticateNative (agent emulator)"
task_env=(PATH="$PATH" HOME="$HOME" TF_BUILD=True
  SYSTEM_TEAMFOUNDATIONCOLLECTIONURI="https://dev.azure.com/contoso/"
  SYSTEM_DEFAULTWORKINGDIRECTORY="$repo" AGENT_TEMPDIRECTORY="$work"
  INPUT_CONFIGFILE="$repo/.cargo/config.toml")
while IFS= read -r -d '' assignment; do task_env+=("$assignment"); done < <("$agent" task-env "$state")
task_out="$work/task.out"
set +e
env -i "${task_env[@]}" "$bin" >"$task_out" 2>&1
task_status=$?
set -e
# The agent processes the logging commands (setsecret, setvariable with its
# secret-by-name rule) and shows the log with every secret masked.
"$agent" run-commands "$state" auth <"$task_out" | sed 's/^/  /'
echo "(task exit code: $task_status)"
[[ $task_status -eq 0 ]] || exit "$task_status"

# Step 2: a later script step gets what the agent hands a script: public
# variables only. CARGO_REGISTRIES_LOCAL_TOKEN stays secret (a secret of that
# name exists), so cargo finds the credential through the provider setting.
echo
echo "== step 2: - script: cargo publish --allow-dirty --registry local"
step_env=(PATH="$PATH" HOME="$HOME" CARGO_HOME="$work/cargo-home" CARGO_TERM_COLOR=never)
while IFS= read -r -d '' assignment; do step_env+=("$assignment"); done < <("$agent" script-env "$state")
echo "  the step's cargo variables (values of secrets masked by the agent):"
for assignment in "${step_env[@]}"; do
  case "$assignment" in CARGO_REGISTRIES_*|CARGO_AUTHENTICATE_*) printf '%s\n' "$assignment" ;; esac
done | "$agent" run-commands "$state" | sed 's/^/    /'
(cd "$repo" && env -i "${step_env[@]}" cargo publish --allow-dirty --registry local 2>&1 | sed 's/^/  /')

echo
echo "== step 3: the crate in the registry's index (read with the token, through exec)"
env -i PATH="$PATH" HOME="$HOME" CARGO_REGISTRIES_LOCAL_TOKEN="$token" \
  "$bin" exec --config "$repo/.cargo/config.toml" --registry local -- \
  sh -c 'printf "header = \"Authorization: %s\"\n" "$CARGO_REGISTRIES_LOCAL_TOKEN" |
         curl -fsS -K - "http://127.0.0.1:'"$port"'/index/he/ll/hello-feed"' | sed 's/^/  /'
# (curl reads the header from stdin, so the token is never in an argument list.)
echo
echo "demo finished: hello-feed 0.1.0 is in the local registry."
