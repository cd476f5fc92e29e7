#include "platform/system.hpp"

// windows.h first: the other Windows headers need its types.
// clang-format off
#include <windows.h>
#include <bcrypt.h>
#include <shellapi.h>
#include <shlobj.h>
// clang-format on

#include <fcntl.h>
#include <io.h>

#include <cstdio>
#include <vector>

#include "core/environment.hpp"
#include "core/error.hpp"
#include "platform/text_win32.hpp"

namespace ca {

void set_standard_streams_binary() {
  // The C runtime's text mode would write each "\n" as "\r\n": a value read
  // back from `--emit shell` by bash would end in a carriage return.
  _setmode(_fileno(stdout), _O_BINARY);
  _setmode(_fileno(stderr), _O_BINARY);
  _setmode(_fileno(stdin), _O_BINARY);
}

void disable_core_dumps() {
  // No "program stopped working" dialog (which would hang a CI step) and no
  // Windows Error Reporting dump of a process holding tokens.
  SetErrorMode(SEM_FAILCRITICALERRORS | SEM_NOGPFAULTERRORBOX | SEM_NOOPENFILEERRORBOX);
}

std::vector<std::string> command_line_arguments(int argc, char** argv) {
  int count = 0;
  wchar_t** wide = CommandLineToArgvW(GetCommandLineW(), &count);
  if (wide == nullptr) return std::vector<std::string>(argv, argv + argc);
  std::vector<std::string> out;
  out.reserve(static_cast<std::size_t>(count));
  for (int i = 0; i < count; ++i) out.push_back(win32::narrow_wtf8(wide[i]));
  LocalFree(wide);
  return out;
}

std::map<std::string, std::string, std::less<>> environment_variables() {
  std::map<std::string, std::string, std::less<>> vars;
  wchar_t* block = GetEnvironmentStringsW();
  if (block == nullptr) return vars;
  for (const wchar_t* entry = block; *entry != L'\0'; entry += wcslen(entry) + 1) {
    const std::wstring_view kv(entry);
    // Names of per-drive directories ("=C:=C:\\work") start with '='.
    const auto eq = kv.find(L'=', 1);
    if (eq == std::wstring_view::npos || kv.front() == L'=') continue;
    vars.emplace(win32::narrow_wtf8(kv.substr(0, eq)), win32::narrow_wtf8(kv.substr(eq + 1)));
  }
  FreeEnvironmentStringsW(block);
  return vars;
}

std::filesystem::path home_directory(const Environment& env) {
  // cargo's `home` crate: %USERPROFILE%, else the profile folder.
  if (auto profile = env.non_empty("USERPROFILE")) return std::filesystem::path(win32::widen(*profile));
  wchar_t* folder = nullptr;
  std::filesystem::path home;
  if (SHGetKnownFolderPath(FOLDERID_Profile, 0, nullptr, &folder) == S_OK) home = folder;
  CoTaskMemFree(folder);
  return home;
}

void fill_random(unsigned char* data, std::size_t size) {
  while (size > 0) {
    const ULONG chunk = size > 0x10000000 ? 0x10000000 : static_cast<ULONG>(size);
    const NTSTATUS status = BCryptGenRandom(nullptr, data, chunk, BCRYPT_USE_SYSTEM_PREFERRED_RNG);
    if (status < 0) {
      throw Error("cannot read random bytes from the system (BCryptGenRandom failed)", ExitCode::kFailed);
    }
    data += chunk;
    size -= chunk;
  }
}

std::string self_executable_path() {
  std::vector<wchar_t> buffer(32768);
  const DWORD length = GetModuleFileNameW(nullptr, buffer.data(), static_cast<DWORD>(buffer.size()));
  if (length == 0 || length >= buffer.size()) return {};
  return win32::narrow(std::wstring_view(buffer.data(), length));
}

}  // namespace ca
