#!/usr/bin/env bash
# The Windows build's scenarios under wine (issue 14): tests/windows (the Azure
# task, login, exec, check against the local registry on 127.0.0.1) run with
# CA_TEST_BINARY=<the .exe> and CA_TEST_RUNNER=wine64 (tests/support/tool_under_test.hpp).
# The test program, cargo and the local registry stay Linux programs; only the
# tool and the child exec starts (env_probe.exe) are Windows programs.
#
# The wine prefix is made once (wineboot) and cached outside the repository, in
# ${XDG_CACHE_HOME:-~/.cache}/cargo-authenticate/wine-prefix; runs of this script
# take turns (a lock beside it). One wineserver serves the whole run (each of the
# ~30 starts of the tool would otherwise pay for a new one) and is gone at the end.
# Time bounds: prefix creation WINE_BOOT_TIMEOUT (default 300 s), the tests
# WINE_TEST_TIMEOUT (default 600 s).
#
# Usage: scripts/wine-test.sh PATH/TO/cargo-authenticate.exe [gtest options...]
#   e.g. scripts/wine-test.sh build/portable/win32-x64/cargo-authenticate.exe
# Exit status: the tests' (0 all passed), 124 when they ran out of time, 2 for bad usage.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
[[ -d "$HOME/.cargo/bin" ]] && export PATH="$HOME/.cargo/bin:$PATH"  # cargo, for the login scenario

if (($# < 1)) || [[ ! -f "$1" ]]; then
  echo "usage: $0 PATH/TO/cargo-authenticate.exe [gtest options...]" >&2
  [[ $# -ge 1 ]] && echo "no such file: $1" >&2
  exit 2
fi
exe=$(realpath "$1")
shift

bash "$root/scripts/install-deps.sh" --wine  # only what is missing
wine64=$(command -v wine64 || echo /usr/lib/wine/wine64)
wineserver=$(command -v wineserver || echo /usr/lib/wine/wineserver)
for program in "$wine64" "$wineserver"; do
  [[ -x "$program" ]] || { echo "wine-test: $program not found (Debian's wine64 package)" >&2; exit 2; }
done

# The Linux side: the test program, env_probe.exe and the local registry.
build=$root/build
source "$root/scripts/ccache-env.sh"
if [[ ! -f "$build/build.ninja" ]]; then
  cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo "${CA_CMAKE_LAUNCHER[@]}" >/dev/null
fi
if ! log=$(cmake --build "$build" --target windows_tests cargo-authenticate-registry 2>&1); then
  echo "$log" >&2
  echo "wine-test: building windows_tests failed" >&2
  exit 1
fi

# Seconds since a `date +%s%N` stamp, to a tenth.
seconds_since() { local ms=$(( ($(date +%s%N) - $1) / 1000000 )); printf '%d.%d' $((ms / 1000)) $((ms % 1000 / 100)); }

cache=${XDG_CACHE_HOME:-$HOME/.cache}/cargo-authenticate
prefix=$cache/wine-prefix
mkdir -p "$cache"
export WINEPREFIX=$prefix WINESERVER=$wineserver WINEDEBUG=-all
# No Mono or Gecko: nothing here needs them, and wineboot would look for installers.
export WINEDLLOVERRIDES="mscoree,mshtml="
unset DISPLAY WAYLAND_DISPLAY  # headless: no window may ever wait for a click

# Runs of this script take turns on the prefix. Other users of the same cached
# prefix (tests/windows/net_probe_test.py) take it as made once system.reg exists.
exec 9>"$cache/wine-prefix.lock"
flock -w 900 9 || { echo "wine-test: another run holds $cache/wine-prefix.lock" >&2; exit 1; }

if [[ ! -f "$prefix/system.reg" ]]; then
  # Made in place, never removed first: another user may be making it right now,
  # and wineboot completes a partial prefix.
  started=$(date +%s%N)
  timeout --kill-after=10 "${WINE_BOOT_TIMEOUT:-300}" "$wine64" wineboot -i >/dev/null 2>&1 9>&-
  timeout --kill-after=10 60 "$wineserver" -w 9>&-
  echo "wine-test: made the wine prefix $prefix in $(seconds_since "$started") s"
fi

# One wineserver for the run, so each of the tool's starts does not pay for a
# new one. It is persistent only for a moment (-p5: it ends, with the prefix's
# system processes, 5 s after its last client), and the run waits for that at
# the end: never killed, because other users of the cached prefix (another run
# of the WinHTTP tests) may be its clients too. When a server is up already, the
# new one exits at once and the run uses the existing one.
"$wineserver" -f -p5 </dev/null >/dev/null 2>&1 9>&- &
server_pid=$!
sleep 0.5
stop_wineserver() {
  if kill -0 "$server_pid" 2>/dev/null; then
    timeout 60 "$wineserver" -w 9>&- ||
      echo "wine-test: the wineserver still has clients after 60 s; it ends 5 s after the last" >&2
  fi
}
trap stop_wineserver EXIT
# Wine starts those system processes with the first program of a session; start
# them here, where they hold no test's output pipes open.
timeout --kill-after=10 120 "$wine64" cmd.exe /c exit 0 </dev/null >/dev/null 2>&1 9>&- || true

# The DACL reader of the same win32 build (scripts/build-portable.sh win64 makes it beside the .exe).
acl_probe=${CA_TEST_ACL_PROBE:-$(dirname "$exe")/tests/windows/acl_probe.exe}
[[ -f "$acl_probe" ]] || echo "wine-test: no $acl_probe: the owner-only check will fail (build target windows-test-programs)" >&2

started=$(date +%s%N)
status=0
CA_TEST_BINARY=$exe CA_TEST_RUNNER=$wine64 CA_TEST_ACL_PROBE=$acl_probe \
  timeout --kill-after=10 "${WINE_TEST_TIMEOUT:-600}" "$build/tests/windows/scenarios/windows_tests" "$@" 9>&- || status=$?
echo "wine-test: the windows scenarios took $(seconds_since "$started") s" \
  "under wine (exit status $status)"
exit "$status"
