#include <windows.h>

#include <thread>

#include "core/error.hpp"
#include "platform/file_lock.hpp"
#include "platform/text_win32.hpp"

namespace ca {

FileLock::FileLock(const std::filesystem::path& path, std::chrono::milliseconds timeout) {
  const std::string shown = win32::narrow(path.wstring());
  const HANDLE file = CreateFileW(path.c_str(), GENERIC_READ | GENERIC_WRITE,
                                  FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE, nullptr,
                                  OPEN_ALWAYS, FILE_ATTRIBUTE_NORMAL, nullptr);
  if (file == INVALID_HANDLE_VALUE) {
    throw Error("cannot open lock file " + shown + ": " + win32::error_text(GetLastError()),
                ExitCode::kOutputError);
  }
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  for (;;) {
    OVERLAPPED whole_file{};
    if (LockFileEx(file, LOCKFILE_EXCLUSIVE_LOCK | LOCKFILE_FAIL_IMMEDIATELY, 0, MAXDWORD, MAXDWORD,
                   &whole_file))
      break;
    const DWORD err = GetLastError();
    if (err != ERROR_LOCK_VIOLATION && err != ERROR_IO_PENDING) {
      CloseHandle(file);
      throw Error("cannot lock " + shown + ": " + win32::error_text(err), ExitCode::kOutputError);
    }
    if (std::chrono::steady_clock::now() >= deadline) {
      CloseHandle(file);
      throw Error("another process has held " + shown +
                      " for too long; wait for the other cargo-authenticate run to finish and try again.",
                  ExitCode::kOutputError);
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  handle_ = reinterpret_cast<std::intptr_t>(file);
}

FileLock::~FileLock() {
  // Closing the handle releases the lock.
  if (handle_ != -1) CloseHandle(reinterpret_cast<HANDLE>(handle_));
}

}  // namespace ca
