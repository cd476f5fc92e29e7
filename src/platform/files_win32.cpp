#include <windows.h>

#include <chrono>
#include <cwctype>
#include <string>
#include <thread>

#include "core/error.hpp"
#include "platform/files.hpp"
#include "platform/owner_only_win32.hpp"
#include "platform/system.hpp"
#include "platform/text_win32.hpp"
#include "util/random_bytes.hpp"

namespace ca {
namespace {

[[noreturn]] void fail(const std::filesystem::path& path, const std::string& what, DWORD err) {
  throw Error("cannot write " + win32::narrow(path.wstring()) + ": " + what + ": " + win32::error_text(err),
              ExitCode::kOutputError);
}

bool owner_only(FileMode mode) { return (mode & 077U) == 0; }

bool write_all(HANDLE file, std::string_view text) {
  std::size_t done = 0;
  while (done < text.size()) {
    const DWORD chunk = text.size() - done > 0x1000000 ? 0x1000000 : static_cast<DWORD>(text.size() - done);
    DWORD written = 0;
    if (!WriteFile(file, text.data() + done, chunk, &written, nullptr) || written == 0) return false;
    done += written;
  }
  return true;
}

// Creates a file that must not exist yet; owner-only when asked. The handle
// or INVALID_HANDLE_VALUE (GetLastError() tells why).
HANDLE create_new(const std::filesystem::path& path, bool private_file) {
  win32::OwnerOnly security;
  if (private_file && security.attributes() == nullptr) {
    SetLastError(ERROR_INVALID_SECURITY_DESCR);
    return INVALID_HANDLE_VALUE;
  }
  // CREATE_NEW fails on anything already there, a link included, so nothing
  // planted at the name is written through.
  return CreateFileW(path.c_str(), GENERIC_WRITE, 0, private_file ? security.attributes() : nullptr,
                     CREATE_NEW, FILE_ATTRIBUTE_NORMAL, nullptr);
}

// A name Windows does not treat as a file of its own: a device ("NUL",
// "con.env", "COM1.txt": the part before the first dot, case ignored, with
// trailing spaces) or an alternate data stream ("cargo.env:stream"). Writing
// there would go to a device or hide the content in another file's stream;
// the temporary file beside it could not replace it anyway.
bool special_file_name(const std::wstring& name) {
  if (name.find(L':') != std::wstring::npos) return true;
  std::wstring stem = name.substr(0, name.find(L'.'));
  while (!stem.empty() && stem.back() == L' ') stem.pop_back();
  for (auto& c : stem) c = static_cast<wchar_t>(towupper(c));
  for (const wchar_t* device : {L"CON", L"PRN", L"AUX", L"NUL", L"CONIN$", L"CONOUT$"}) {
    if (stem == device) return true;
  }
  return stem.size() == 4 && (stem.rfind(L"COM", 0) == 0 || stem.rfind(L"LPT", 0) == 0) && stem[3] >= L'1' &&
         stem[3] <= L'9';
}

}  // namespace

void write_file_atomically(const std::filesystem::path& path, std::string_view content, FileMode mode) {
  if (special_file_name(path.filename().wstring())) {
    throw Error(win32::narrow(path.wstring()) +
                    " names a device or an alternate data stream, not a file; give a file name "
                    "without ':' that is not CON, NUL, AUX, PRN, COM1-9 or LPT1-9. Nothing was written.",
                ExitCode::kBadInput);
  }
  const std::filesystem::path dir = path.has_parent_path() ? path.parent_path() : ".";
  const std::filesystem::path temp =
      dir / (L"." + path.filename().wstring() + L".tmp." + win32::widen(random_hex(6)));
  const HANDLE file = create_new(temp, owner_only(mode));
  if (file == INVALID_HANDLE_VALUE) fail(path, "creating a temporary file", GetLastError());
  auto cleanup = [&](const std::string& what, DWORD err) {
    CloseHandle(file);
    DeleteFileW(temp.c_str());
    fail(path, what, err);
  };
  if (!write_all(file, content)) cleanup("writing", GetLastError());
  if (!FlushFileBuffers(file)) cleanup("flushing to disk", GetLastError());
  CloseHandle(file);
  // Replacing fails while another process has the target open without
  // FILE_SHARE_DELETE (a virus scanner, an editor): retry for a moment.
  DWORD err = ERROR_SUCCESS;
  for (int attempt = 0; attempt < 20; ++attempt) {
    if (MoveFileExW(temp.c_str(), path.c_str(), MOVEFILE_REPLACE_EXISTING | MOVEFILE_WRITE_THROUGH)) return;
    err = GetLastError();
    if (err != ERROR_ACCESS_DENIED && err != ERROR_SHARING_VIOLATION) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  DeleteFileW(temp.c_str());
  fail(path, "replacing the file", err);
}

FileMode existing_mode_or(const std::filesystem::path& /*path*/, FileMode fallback) {
  // Windows has no mode bits to keep: the rewrite gets the caller's choice
  // (owner-only or the folder's ACL).
  return fallback;
}

std::optional<std::string> read_regular_file(const std::filesystem::path& path) {
  const std::string shown = win32::narrow(path.wstring());
  const HANDLE file =
      CreateFileW(path.c_str(), GENERIC_READ, FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE, nullptr,
                  OPEN_EXISTING, FILE_ATTRIBUTE_NORMAL, nullptr);
  if (file == INVALID_HANDLE_VALUE) {
    const DWORD err = GetLastError();
    if (err == ERROR_FILE_NOT_FOUND || err == ERROR_PATH_NOT_FOUND) return std::nullopt;
    throw Error("cannot read " + shown + ": " + win32::error_text(err) + "; check its permissions.",
                ExitCode::kOutputError);
  }
  BY_HANDLE_FILE_INFORMATION info{};
  if (GetFileType(file) != FILE_TYPE_DISK || !GetFileInformationByHandle(file, &info) ||
      (info.dwFileAttributes & FILE_ATTRIBUTE_DIRECTORY) != 0) {
    CloseHandle(file);
    throw Error(shown +
                    " is not a regular file; remove it (cargo reads only a regular file there), "
                    "then run login again. Nothing was written.",
                ExitCode::kBadInput);
  }
  std::string text;
  char buffer[65536];
  for (;;) {
    DWORD got = 0;
    if (!ReadFile(file, buffer, sizeof buffer, &got, nullptr)) {
      const DWORD err = GetLastError();
      CloseHandle(file);
      throw Error("cannot read " + shown + ": " + win32::error_text(err), ExitCode::kOutputError);
    }
    if (got == 0) break;
    text.append(buffer, got);
  }
  CloseHandle(file);
  return text;
}

AppendFile::AppendFile(const std::filesystem::path& path) {
  // FILE_APPEND_DATA only: every write goes to the end, as O_APPEND, while the
  // runner and other tools of the step may append too.
  win32::OwnerOnly security;
  const HANDLE file = CreateFileW(path.c_str(), FILE_APPEND_DATA, FILE_SHARE_READ | FILE_SHARE_WRITE,
                                  security.attributes(), OPEN_ALWAYS, FILE_ATTRIBUTE_NORMAL, nullptr);
  if (file == INVALID_HANDLE_VALUE) {
    error_ = win32::error_text(GetLastError());
    return;
  }
  handle_ = reinterpret_cast<std::intptr_t>(file);
}

AppendFile::~AppendFile() { close(); }

bool AppendFile::write(std::string_view text) {
  if (!is_open()) return false;
  if (write_all(reinterpret_cast<HANDLE>(handle_), text)) return true;
  error_ = win32::error_text(GetLastError());
  return false;
}

bool AppendFile::close() {
  if (!is_open()) return false;
  const bool closed = CloseHandle(reinterpret_cast<HANDLE>(handle_)) != 0;
  handle_ = -1;
  if (!closed) error_ = win32::error_text(GetLastError());
  return closed;
}

std::optional<std::filesystem::path> make_private_directory(const std::filesystem::path& parent,
                                                            std::string_view prefix) {
  win32::OwnerOnly security;
  if (security.attributes() == nullptr) return std::nullopt;
  for (int attempt = 0; attempt < 8; ++attempt) {
    const std::filesystem::path dir = parent / win32::widen(std::string(prefix) + random_hex(6));
    if (CreateDirectoryW(dir.c_str(), security.attributes())) return dir;
    if (GetLastError() != ERROR_ALREADY_EXISTS) return std::nullopt;
  }
  return std::nullopt;
}

bool create_new_private_file(const std::filesystem::path& path, std::string_view text) {
  const HANDLE file = create_new(path, true);
  if (file == INVALID_HANDLE_VALUE) return false;
  const bool written = write_all(file, text);
  return CloseHandle(file) != 0 && written;
}

bool names_network_or_device_path(std::string_view text) {
  const auto separator = [](char c) { return c == '\\' || c == '/'; };
  return text.size() >= 2 && separator(text[0]) && separator(text[1]);
}

}  // namespace ca
