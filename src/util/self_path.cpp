#include "util/self_path.hpp"

#ifdef _WIN32
#include <windows.h>

#include <vector>
#else
#include <filesystem>
#include <system_error>
#endif

namespace ca {

#ifdef _WIN32
std::string self_executable_path() {
  std::vector<wchar_t> buffer(32768);
  const DWORD length = GetModuleFileNameW(nullptr, buffer.data(), static_cast<DWORD>(buffer.size()));
  if (length == 0 || length >= buffer.size()) return {};
  const int bytes =
      WideCharToMultiByte(CP_UTF8, 0, buffer.data(), static_cast<int>(length), nullptr, 0, nullptr, nullptr);
  if (bytes <= 0) return {};
  std::string path(static_cast<std::size_t>(bytes), '\0');
  WideCharToMultiByte(CP_UTF8, 0, buffer.data(), static_cast<int>(length), path.data(), bytes, nullptr,
                      nullptr);
  return path;
}
#else
std::string self_executable_path() {
  std::error_code ec;
  const auto path = std::filesystem::read_symlink("/proc/self/exe", ec);
  return ec ? std::string() : path.string();
}
#endif

}  // namespace ca
