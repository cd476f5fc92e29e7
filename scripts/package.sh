#!/usr/bin/env bash
# Writes the release into dist/ from the portable binaries that
# scripts/build-portable.sh leaves in build/portable/<platform>/:
#
#   dist/task/CargoAuthenticateNative/      the Azure task folder (task/bin/<platform>/, stripped)
#   dist/task/vss-extension.json            its extension manifest
#   dist/<publisher>.cargo-authenticate-native-<version>.vsix   made by tfx-cli (scripts/tfx, npm ci)
#   dist/cargo-authenticate-<version>-<platform>.tar.gz          one per platform: the binary, README.md, LICENSE
#   dist/SHA256SUMS                         sha256sum of the archives and the .vsix
#
# Usage: scripts/package.sh [options] [PLATFORM...]
#   PLATFORM        linux-x64, linux-arm64, win32-x64 (default: all three)
#   --release       also write task/github/SHA256SUMS (the archives' sums the GitHub
#                   action verifies downloads against; commit it before tagging)
#   --portable-dir DIR   where the binaries are (default: build/portable)
#   --dist DIR      output folder (default: dist), replaced only when everything succeeded
#   --publisher ID  the Marketplace publisher written into the .vsix
#   --no-vsix       skip the .vsix (no Node needed)
# Every named platform must have its binary; a missing one fails before anything is written.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
started=$(date +%s%N)

fail() {
  echo "package.sh: error: $*" >&2
  exit 1
}

portable_dir="$root/build/portable"
dist="$root/dist"
release=0
vsix=1
publisher=""
platforms=()
while (($#)); do
  case "$1" in
    --release) release=1 ;;
    --no-vsix) vsix=0 ;;
    --portable-dir) portable_dir=${2:?--portable-dir needs a folder}; shift ;;
    --dist) dist=${2:?--dist needs a folder}; shift ;;
    --publisher) publisher=${2:?--publisher needs an id}; shift ;;
    -h | --help) sed -n '2,20p' "$0"; exit 0 ;;
    linux-x64 | linux-arm64 | win32-x64) platforms+=("$1") ;;
    *) fail "unknown argument '$1' (platforms: linux-x64, linux-arm64, win32-x64; see --help)" ;;
  esac
  shift
done
default_platforms=(linux-x64 linux-arm64 win32-x64)
if ((${#platforms[@]} == 0)); then platforms=("${default_platforms[@]}"); fi
if ((release)) && [[ "${platforms[*]}" != "${default_platforms[*]}" ]]; then
  fail "--release packs every released platform (${default_platforms[*]}); do not name a subset"
fi
portable_dir=$(realpath -m "$portable_dir")
dist=$(realpath -m "$dist")

version=$(sed -n 's/^project(cargo-authenticate VERSION \([0-9][0-9.]*\).*/\1/p' "$root/CMakeLists.txt")
[[ -n "$version" ]] || fail "cannot read the project VERSION from CMakeLists.txt"

# Validate every input before writing anything.
missing=()
binaries=""
for platform in "${platforms[@]}"; do
  exe=cargo-authenticate
  [[ "$platform" == win32-* ]] && exe=cargo-authenticate.exe
  file="$portable_dir/$platform/$exe"
  if [[ -f "$file" ]]; then
    binaries+="${binaries:+|}$platform=$file"
  else
    missing+=("$file")
  fi
done
if ((${#missing[@]})); then
  arches=""
  for m in "${missing[@]}"; do
    case "$m" in */linux-x64/*) arches+=" x64" ;; */linux-arm64/*) arches+=" arm64" ;; */win32-x64/*) arches+=" win32" ;; esac
  done
  fail "no portable binary at: ${missing[*]}
  build it first: bash scripts/build-portable.sh${arches}
  or pack only the platforms you have: bash scripts/package.sh <platform>..."
fi
for tool in cmake tar gzip sha256sum python3; do
  command -v "$tool" >/dev/null || fail "$tool is not installed (bash scripts/install-deps.sh)"
done
tfx="$root/scripts/tfx/node_modules/.bin/tfx"
if ((vsix)); then
  command -v npm >/dev/null || fail "npm is not installed (bash scripts/install-deps.sh), or pass --no-vsix"
  # npm ci when tfx-cli is missing or the lock file changed since it was installed.
  installed_lock="$root/scripts/tfx/node_modules/.package-lock.json"
  if [[ ! -x "$tfx" || ! -f "$installed_lock" || "$root/scripts/tfx/package-lock.json" -nt "$installed_lock" ]]; then
    echo "package.sh: installing tfx-cli (npm ci --prefix scripts/tfx)"
    npm ci --prefix "$root/scripts/tfx" --no-audit --no-fund --loglevel=error >/dev/null
  fi
fi

# Build everything in a staging folder beside dist; dist is replaced at the end.
mkdir -p "$(dirname "$dist")"
stage=$(mktemp -d "$(dirname "$dist")/.dist.XXXXXX")
trap 'rm -rf "$stage"' EXIT

# The assembler's own message, without CMake's location and call stack.
if ! assembled=$(cmake -DCA_SOURCE_DIR="$root" -DCA_OUT_ROOT="$stage/task" -DCA_VERSION="$version" \
  -DCA_BINARIES="$binaries" -DCA_REQUIRE_STRIP=ON -P "$root/cmake/AssembleTaskPackage.cmake" 2>&1); then
  fail "$(printf '%s\n' "$assembled" | sed -e '/^CMake Error at/d' -e '/^Call Stack/,$d' | tr -s ' \n' ' ' | sed -e 's/^ *//' -e 's/ *$//')"
fi
echo "$assembled"

# Archives: the stripped binary the task ships, so both carry the same bytes.
# Reproducible (sorted names, owner 0, the commit's time, gzip -n): packing the
# same binaries again gives the same checksums.
epoch=$(git -C "$root" log -1 --format=%ct 2>/dev/null || echo 0)
archives=()
for platform in "${platforms[@]}"; do
  name="cargo-authenticate-$version-$platform"
  mkdir -p "$stage/archive/$name"
  cp -p "$stage/task/CargoAuthenticateNative/task/bin/$platform/"* "$stage/archive/$name/"
  for doc in README.md LICENSE; do
    [[ -f "$root/$doc" ]] && install -m 0644 "$root/$doc" "$stage/archive/$name/$doc"
  done
  tar --sort=name --owner=0 --group=0 --numeric-owner --mtime="@$epoch" --format=gnu \
    -C "$stage/archive" -cf - "$name" | gzip -n -9 >"$stage/$name.tar.gz"
  archives+=("$name.tar.gz")
done
rm -rf "$stage/archive"

sums_of=("${archives[@]}")
if ((vsix)); then
  publisher_args=()
  [[ -n "$publisher" ]] && publisher_args=(--publisher "$publisher")
  (cd "$stage/task" && "$tfx" extension create --root . --manifest-globs vss-extension.json \
    --output-path "$stage" --no-prompt --no-color "${publisher_args[@]}" >"$stage/tfx.log" 2>&1) ||
    fail "tfx extension create failed: $(cat "$stage/tfx.log")"
  rm -f "$stage/tfx.log"
  shopt -s nullglob
  made=("$stage"/*.vsix)
  shopt -u nullglob
  ((${#made[@]} == 1)) || fail "tfx extension create wrote ${#made[@]} .vsix files, expected 1"
  # The .vsix must carry every platform's binary where the launcher looks.
  python3 - "${made[0]}" "${platforms[@]}" <<'EOF' || fail "the .vsix lacks files (see above)"
import sys, zipfile
names = set(zipfile.ZipFile(sys.argv[1]).namelist())
want = ["CargoAuthenticateNative/task.json", "CargoAuthenticateNative/icon.png", "CargoAuthenticateNative/task/launcher.js"]
for p in sys.argv[2:]:
    want.append(f"CargoAuthenticateNative/task/bin/{p}/cargo-authenticate" + (".exe" if p.startswith("win32") else ""))
lost = [w for w in want if w not in names]
for w in lost:
    print(f"missing in {sys.argv[1]}: {w}", file=sys.stderr)
sys.exit(1 if lost else 0)
EOF
  sums_of+=("$(basename "${made[0]}")")
fi
(cd "$stage" && sha256sum "${sums_of[@]}") >"$stage/SHA256SUMS"

# The action's committed sums: the archives only (the action downloads nothing else).
if ((release)); then
  (cd "$stage" && sha256sum "${archives[@]}") >"$root/task/github/SHA256SUMS.new"
  mv "$root/task/github/SHA256SUMS.new" "$root/task/github/SHA256SUMS"
fi

rm -rf "$dist"
mv "$stage" "$dist"
chmod 0755 "$dist"
trap - EXIT

elapsed_ms=$((($(date +%s%N) - started) / 1000000))
echo "package.sh: cargo-authenticate $version (${platforms[*]}) in $dist, ${elapsed_ms} ms:"
for f in "${sums_of[@]}" SHA256SUMS; do
  printf '  %s\t%s\n' "$(stat -c %s "$dist/$f")" "$f"
done
if ((release)); then
  echo "package.sh: wrote task/github/SHA256SUMS; commit it, tag that commit v$version, upload dist/* to the release"
fi
