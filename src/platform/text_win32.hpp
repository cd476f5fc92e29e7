#pragma once
// UTF-8 <-> UTF-16 for the Windows implementations in this directory: the
// tool works in UTF-8 throughout, Windows' wide ("W") API in UTF-16. Invalid
// input is replaced (U+FFFD), never dropped silently into a shorter string.
// Windows only; included by *_win32.cpp files.
#include <windows.h>

#include <filesystem>
#include <string>
#include <string_view>

namespace ca::win32 {

std::wstring widen(std::string_view utf8);
std::string narrow(std::wstring_view utf16);
// Text from outside (arguments, environment) that may hold unpaired
// surrogates: as WTF-8, as Rust's OsString (so cargo) keeps it. A lone
// surrogate becomes bytes that are not valid UTF-8, so the tool's checks
// refuse such a token (exit 2) as on Linux instead of reading a silently
// replaced value.
std::string narrow_wtf8(std::wstring_view utf16);
// A system error code as text (FormatMessageW), for messages.
std::string error_text(DWORD code);
// A path as the wide API takes it.
inline std::wstring wide_path(const std::filesystem::path& path) { return path.wstring(); }

}  // namespace ca::win32
