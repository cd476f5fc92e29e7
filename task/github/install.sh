#!/usr/bin/env bash
# Installs cargo-authenticate for the GitHub composite action (action.yml
# beside this file) and writes `binary=<path>` to $GITHUB_OUTPUT.
#
# The archive for this runner (RUNNER_OS/RUNNER_ARCH) is named by the
# SHA256SUMS file committed beside this script at the action's tag, which also
# gives its version and the checksum it must have. It is downloaded from the
# release (CA_RELEASE_BASE_URL, default
# $GITHUB_SERVER_URL/<action repository>/releases/download/<action ref>),
# verified, and unpacked into the runner's tool cache,
# $RUNNER_TOOL_CACHE/cargo-authenticate/<version>/<arch>/, which later jobs on
# the same runner reuse (the <arch>.complete marker holds the verified
# archive's checksum). A failed download or a checksum mismatch installs
# nothing and fails the step with an ::error:: that says what to do.
#
# Inputs (environment; composite actions do not export INPUT_* themselves):
#   CA_BINARY            a cargo-authenticate to use as is (no download)
#   CA_USE_PATH          "true": use the cargo-authenticate on PATH (no download)
#   CA_RELEASE_BASE_URL  where the release's archives are
#   CA_ACTION_REPOSITORY, CA_ACTION_REF   github.action_repository / action_ref
# Needs bash, curl, tar, gzip and sha256sum (all on GitHub's Linux runners).
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

# ::error:: with the runner's escaping of command data, then exit 1.
fail() {
  local message="$*"
  message=${message//'%'/'%25'}
  message=${message//$'\r'/'%0D'}
  message=${message//$'\n'/'%0A'}
  echo "::error title=cargo-authenticate install::$message"
  exit 1
}

emit() {
  if [[ -n "${GITHUB_OUTPUT:-}" ]]; then echo "binary=$1" >>"$GITHUB_OUTPUT"; fi
  if [[ -n "${GITHUB_PATH:-}" ]]; then dirname -- "$1" >>"$GITHUB_PATH"; fi
  echo "cargo-authenticate: using $1 ($2)"
}

lower() { printf '%s' "$1" | tr '[:upper:]' '[:lower:]'; }
is_true() { [[ "$(lower "$1")" == "true" ]]; }

# 1. A binary the workflow provides.
if [[ -n "${CA_BINARY:-}" ]]; then
  path=$(command -v -- "$CA_BINARY" 2>/dev/null) || fail "binary: '$CA_BINARY' is not an executable file or a command on PATH"
  [[ -f "$path" && -x "$path" ]] || fail "binary: '$path' is not an executable file"
  emit "$path" "the binary input"
  exit 0
fi
if is_true "${CA_USE_PATH:-false}"; then
  path=$(command -v cargo-authenticate 2>/dev/null) ||
    fail "use-path is true but no cargo-authenticate is on PATH: install it in an earlier step, or remove use-path to download the release's binary"
  emit "$path" "found on PATH"
  exit 0
fi

# 2. This runner's platform, in the archives' (Node's) names.
os=$(lower "${RUNNER_OS:-$(uname -s)}")
arch=$(lower "${RUNNER_ARCH:-$(uname -m)}")
case "$os" in
  linux) platform_os=linux ;;
  windows | mingw* | msys* | cygwin*) platform_os=win32 ;;
  macos | darwin) platform_os=darwin ;;
  *) platform_os=$os ;;
esac
case "$arch" in
  x64 | x86_64 | amd64) platform_arch=x64 ;;
  arm64 | aarch64) platform_arch=arm64 ;;
  *) platform_arch=$arch ;;
esac
platform="$platform_os-$platform_arch"
exe=cargo-authenticate
[[ "$platform_os" == win32 ]] && exe=cargo-authenticate.exe  # Git Bash on Windows runners

# 3. The committed checksum names the archive and its version.
sums="$here/SHA256SUMS"
[[ -f "$sums" ]] || fail "this checkout of the action has no SHA256SUMS beside action.yml, so nothing can be verified: use a released tag of the action (uses: <owner>/cargo-authenticate/task/github@v<version>), or set use-path: true with your own binary"
line=$(grep -E "^[0-9a-f]{64}  cargo-authenticate-[0-9A-Za-z.+~-]+-${platform}\.tar\.gz$" "$sums" || true)
if [[ -z "$line" ]]; then
  case "$platform_os" in
    darwin) why="macOS runners are not supported" ;;
    *) why="this release has no $platform build" ;;
  esac
  fail "no cargo-authenticate archive for $platform in $sums: $why. Run the job on ubuntu x64/arm64 or windows x64 runners, or install your own binary and set use-path: true"
fi
[[ $(grep -cE -- "-${platform}\.tar\.gz$" "$sums") -eq 1 ]] || fail "$sums lists more than one archive for $platform"
expected=${line%%  *}
archive=${line#*  }
version=${archive#cargo-authenticate-}
version=${version%-"$platform".tar.gz}

# 4. The tool cache: reuse a verified install of exactly this archive.
[[ -n "${RUNNER_TOOL_CACHE:-}" ]] || fail "RUNNER_TOOL_CACHE is not set: this script runs inside a GitHub Actions job"
tool_dir="$RUNNER_TOOL_CACHE/cargo-authenticate/$version"
install_dir="$tool_dir/$platform_arch"
marker="$tool_dir/$platform_arch.complete"
binary="$install_dir/$exe"
if [[ -f "$marker" && -x "$binary" && "$(cat "$marker")" == "$expected" ]]; then
  emit "$binary" "cargo-authenticate $version from the tool cache"
  exit 0
fi

# 5. The release URL. Plain http only to this machine (tests, mirrors on loopback).
base=${CA_RELEASE_BASE_URL:-}
if [[ -z "$base" ]]; then
  [[ -n "${CA_ACTION_REPOSITORY:-}" && -n "${CA_ACTION_REF:-}" ]] ||
    fail "cannot tell which release to download (the runner gave no action repository/ref, as when the action is used from a local path or inside another composite action): set release-base-url, or use-path: true"
  base="${GITHUB_SERVER_URL:-https://github.com}/$CA_ACTION_REPOSITORY/releases/download/$CA_ACTION_REF"
fi
base=${base%/}
protocols="=https"
if [[ "$base" =~ ^http://(127\.[0-9]+\.[0-9]+\.[0-9]+|localhost|\[::1\])(:[0-9]+)?(/|$) ]]; then
  protocols="=http"
elif [[ ! "$base" =~ ^https:// ]]; then
  fail "release-base-url must be an https:// URL (plain http only to 127.0.0.1/localhost): $base"
fi
url="$base/$archive"

# 6. Download and verify in a private temporary folder; install only after.
command -v curl >/dev/null || fail "curl is not installed on this runner"
command -v sha256sum >/dev/null || fail "sha256sum is not installed on this runner"
work=$(mktemp -d "${RUNNER_TEMP:-${TMPDIR:-/tmp}}/cargo-authenticate.XXXXXX")
trap 'rm -rf "$work"' EXIT
echo "cargo-authenticate: downloading $url"
if ! curl --fail --silent --show-error --location --proto "$protocols" --proto-redir "$protocols" \
  --retry 3 --retry-delay 2 --connect-timeout 20 --max-time 300 --max-filesize 268435456 \
  --output "$work/$archive" "$url" 2>"$work/curl.err"; then
  fail "cannot download $url: $(tr '\n' ' ' <"$work/curl.err")- check release-base-url and that the release $version has its assets (nothing was installed)"
fi
actual=$(sha256sum "$work/$archive")
actual=${actual%% *}
if [[ "$actual" != "$expected" ]]; then
  fail "checksum mismatch for $archive downloaded from $url: expected $expected (SHA256SUMS committed with the action), got $actual. The download is not the released file; nothing was installed"
fi
mkdir "$work/unpacked"
tar -xzf "$work/$archive" -C "$work/unpacked" --no-same-owner --strip-components=1 \
  "cargo-authenticate-$version-$platform/$exe" 2>"$work/tar.err" ||
  fail "$archive has no cargo-authenticate-$version-$platform/$exe: $(tr '\n' ' ' <"$work/tar.err")"
chmod 0755 "$work/unpacked/$exe"

# 7. Move into the cache in one rename; the marker is written last. Jobs of
# one self-hosted runner may install at the same time: one at a time (flock),
# and a job that waited uses what the other installed.
mkdir -p "$tool_dir"
if command -v flock >/dev/null; then
  exec 9>"$tool_dir/.$platform_arch.lock"
  flock -w 120 9 || fail "another job has held the tool cache lock $tool_dir/.$platform_arch.lock for 120 s"
fi
if [[ -f "$marker" && -x "$binary" && "$(cat "$marker")" == "$expected" ]]; then
  emit "$binary" "cargo-authenticate $version from the tool cache (installed by a concurrent job)"
  exit 0
fi
rm -rf "$install_dir" "$marker"
staging=$(mktemp -d "$tool_dir/.$platform_arch.XXXXXX")
mv "$work/unpacked/$exe" "$staging/$exe"
chmod 0755 "$staging"
mv -T "$staging" "$install_dir"
echo "$expected" >"$marker"
emit "$binary" "cargo-authenticate $version installed from $url, sha256 verified"
