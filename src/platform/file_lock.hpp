#pragma once
// An exclusive lock on a lock file, held for the object's lifetime, so
// concurrent runs serialise their read-modify-write of shared files (flock on
// POSIX, LockFileEx on Windows; file_lock_*.cpp). Waits up to `timeout` for
// another holder; throws ca::Error (output error) with the path and what to
// do when it cannot lock in time.
#include <chrono>
#include <cstdint>
#include <filesystem>

namespace ca {

class FileLock {
 public:
  explicit FileLock(const std::filesystem::path& path,
                    std::chrono::milliseconds timeout = std::chrono::seconds(60));
  ~FileLock();
  FileLock(const FileLock&) = delete;
  FileLock& operator=(const FileLock&) = delete;

 private:
  std::intptr_t handle_ = -1;  // the descriptor or HANDLE of the open lock file
};

}  // namespace ca
