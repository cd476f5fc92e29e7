#!/bin/sh
# ENTRYPOINT of the cargo-authenticate CNB plugin image.
#
# CNB runs a plugin task's image at its ENTRYPOINT with the task's `settings:`
# as PLUGIN_<KEY> variables and CNB's system variables (CNB=true, CNB_TOKEN,
# CNB_BUILD_WORKSPACE, ...). The binary reads all of them itself when run with
# no arguments, so this script only moves into the workspace and hands over;
# it never echoes a variable (CNB masks nothing in its logs).
# CARGO_AUTHENTICATE_BIN overrides the binary (tests run the built one).
set -eu

bin="${CARGO_AUTHENTICATE_BIN:-/usr/local/bin/cargo-authenticate}"
if [ ! -x "$bin" ]; then
  echo "error: cargo-authenticate binary not found at $bin" >&2
  exit 1
fi

workspace="${CNB_BUILD_WORKSPACE:-/workspace}"
if [ -d "$workspace" ]; then
  cd "$workspace"
fi

# CNB sets CNB=true for every task; make sure the binary sees it even if a
# runner variant does not, since no arguments + CNB=true selects the settings.
CNB="${CNB:-true}"
export CNB

exec "$bin"
