#!/usr/bin/env bash
# The main job, end to end, on this machine only (no cloud account):
#  1. build cargo-authenticate and the local registry;
#  2. start the local registry (auth required) on a free loopback port;
#  3. run the task as Azure Pipelines runs it (TF_BUILD=True, task inputs as
#     INPUT_*, the token as a secret variable from a "variable group"), and
#     apply its logging commands the way the agent does;
#  4. run `cargo publish --allow-dirty` as a separate step that sees only the
#     variables the task set (no env: mapping, no token on any command line);
#  5. show the crate in the registry's index.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
[[ -d "$HOME/.cargo/bin" ]] && export PATH="$HOME/.cargo/bin:$PATH"

bash "$root/scripts/install-deps.sh"
bash "$root/scripts/build.sh" >/dev/null
bin="$root/build/src/cargo-authenticate"
registry_bin="$root/build/src/local_registry/cargo-authenticate-registry"
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

# Step 1: the task, with the agent's environment contract.
echo
echo "== step 1: CargoAuthenticateNative task (emulated agent)"
task_out="$work/task.out"
set +e
env -i PATH="$PATH" HOME="$HOME" TF_BUILD=True \
  SYSTEM_TEAMFOUNDATIONCOLLECTIONURI="https://dev.azure.com/contoso/" \
  SYSTEM_DEFAULTWORKINGDIRECTORY="$repo" AGENT_TEMPDIRECTORY="$work" \
  VSTS_SECRET_VARIABLES='["CARGO_REGISTRIES_LOCAL_TOKEN"]' \
  SECRET_CARGO_REGISTRIES_LOCAL_TOKEN="$token" \
  INPUT_CONFIGFILE="$repo/.cargo/config.toml" \
  "$bin" >"$task_out" 2>&1
task_status=$?
set -e
# What the agent shows: every value sent with task.setsecret is masked.
"$root/scripts/agent-log.sh" show <"$task_out"
echo "(task exit code: $task_status)"
[[ $task_status -eq 0 ]] || exit "$task_status"

# Step 2: a later script step. The agent turns task.setvariable into plain
# environment variables of later steps; nothing else is carried over.
echo
echo "== step 2: script: cargo publish --allow-dirty --registry local"
step_env=(PATH="$PATH" HOME="$HOME" CARGO_HOME="$work/cargo-home" CARGO_TERM_COLOR=never)
while IFS= read -r -d '' assignment; do step_env+=("$assignment"); done < <("$root/scripts/agent-log.sh" variables <"$task_out")
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
