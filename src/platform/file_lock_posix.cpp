#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <thread>

#include "core/error.hpp"
#include "platform/file_lock.hpp"

namespace ca {

FileLock::FileLock(const std::filesystem::path& path, std::chrono::milliseconds timeout) {
  const int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0) {
    throw Error("cannot open lock file " + path.string() + ": " + std::strerror(errno),
                ExitCode::kOutputError);
  }
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
    const int err = errno;
    if (err != EWOULDBLOCK && err != EINTR) {
      ::close(fd);
      throw Error("cannot lock " + path.string() + ": " + std::strerror(err), ExitCode::kOutputError);
    }
    if (std::chrono::steady_clock::now() >= deadline) {
      ::close(fd);
      throw Error("another process has held " + path.string() +
                      " for too long; wait for the other cargo-authenticate run to finish and try again.",
                  ExitCode::kOutputError);
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  handle_ = fd;
}

FileLock::~FileLock() {
  if (handle_ >= 0) ::close(static_cast<int>(handle_));  // closing releases the flock
}

}  // namespace ca
