#!/usr/bin/env bash
# Checks that the win32-x64 binary runs on a Windows machine with nothing of
# ours installed: a PE32+ x86-64 executable whose imported DLLs are all part
# of Windows itself (no libstdc++-6.dll, libgcc_s_seh-1.dll, libwinpthread-1.dll,
# libcurl.dll ...). Reads the PE with objdump, so it runs on Linux.
# Usage: scripts/check-portable-windows.sh BINARY.exe   exit 0 ok, 1 not portable
set -euo pipefail
bin=${1:?usage: check-portable-windows.sh BINARY.exe}
export LC_ALL=C
objdump=x86_64-w64-mingw32-objdump

header=$($objdump -f "$bin" 2>/dev/null || true)
if ! grep -q 'file format pei-x86-64' <<<"$header"; then
  echo "$bin: not a PE32+ x86-64 executable" >&2
  exit 1
fi
dlls=$($objdump -p "$bin" | sed -n 's/^[[:space:]]*DLL Name: //p' | tr 'A-Z' 'a-z' | sort -u)
fail=0
for dll in $dlls; do
  case "$dll" in
    kernel32.dll | advapi32.dll | user32.dll | shell32.dll | ole32.dll | bcrypt.dll | winhttp.dll | ws2_32.dll | \
      msvcrt.dll | ucrtbase.dll | api-ms-win-*.dll) ;;
    *) echo "$bin: imports $dll, which is not part of Windows" >&2; fail=1 ;;
  esac
done
if ((fail)); then exit 1; fi
echo "$bin: portable (imports $(echo $dlls | tr ' ' ','))"
