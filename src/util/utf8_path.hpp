#pragma once
// Paths from and to the tool's UTF-8 text. The tool keeps every string in
// UTF-8; std::filesystem::path(std::string) would read it in the system's
// narrow encoding instead, which on Windows is the ANSI code page (a user
// name with "é" in %USERPROFILE% would become another path). Going through
// char8_t makes the conversion UTF-8 on every system (a no-op on POSIX).
#include <filesystem>
#include <string>
#include <string_view>

namespace ca {

inline std::filesystem::path utf8_path(std::string_view text) {
  return std::filesystem::path(std::u8string(text.begin(), text.end()));
}

inline std::string path_text(const std::filesystem::path& path) {
  const std::u8string text = path.u8string();
  return std::string(text.begin(), text.end());
}

}  // namespace ca
