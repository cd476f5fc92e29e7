#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string>

#include "core/error.hpp"
#include "platform/files.hpp"

namespace ca {
namespace {

[[noreturn]] void fail(const std::filesystem::path& path, const std::string& what, int err) {
  throw Error("cannot write " + path.string() + ": " + what + ": " + std::strerror(err),
              ExitCode::kOutputError);
}

bool write_all(int fd, std::string_view text) {
  std::size_t done = 0;
  while (done < text.size()) {
    const ssize_t n = ::write(fd, text.data() + done, text.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    done += static_cast<std::size_t>(n);
  }
  return true;
}

}  // namespace

void write_file_atomically(const std::filesystem::path& path, std::string_view content, FileMode mode) {
  const std::filesystem::path dir = path.has_parent_path() ? path.parent_path() : ".";
  std::string temp = (dir / ("." + path.filename().string() + ".tmp.XXXXXX")).string();
  const int fd = ::mkstemp(temp.data());
  if (fd < 0) fail(path, "creating a temporary file", errno);
  auto cleanup = [&](const std::string& what, int err) {
    ::close(fd);
    ::unlink(temp.c_str());
    fail(path, what, err);
  };
  if (::fchmod(fd, static_cast<mode_t>(mode)) != 0) cleanup("setting permissions", errno);
  if (!write_all(fd, content)) cleanup("writing", errno);
  if (::fsync(fd) != 0) cleanup("flushing to disk", errno);
  if (::close(fd) != 0) {
    const int err = errno;
    ::unlink(temp.c_str());
    fail(path, "closing", err);
  }
  if (::rename(temp.c_str(), path.c_str()) != 0) {
    const int err = errno;
    ::unlink(temp.c_str());
    fail(path, "replacing the file", err);
  }
}

FileMode existing_mode_or(const std::filesystem::path& path, FileMode fallback) {
  struct stat info {};
  return ::stat(path.c_str(), &info) == 0 ? (info.st_mode & 07777) : fallback;
}

std::optional<std::string> read_regular_file(const std::filesystem::path& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
  if (fd < 0) {
    if (errno == ENOENT) return std::nullopt;
    throw Error("cannot read " + path.string() + ": " + std::strerror(errno) + "; check its permissions.",
                ExitCode::kOutputError);
  }
  struct stat info {};
  if (::fstat(fd, &info) != 0 || !S_ISREG(info.st_mode)) {
    ::close(fd);
    throw Error(path.string() +
                    " is not a regular file; remove it (cargo reads only a regular file there), "
                    "then run login again. Nothing was written.",
                ExitCode::kBadInput);
  }
  std::string text;
  char buffer[65536];
  for (;;) {
    const ssize_t n = ::read(fd, buffer, sizeof buffer);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      const int err = errno;
      ::close(fd);
      throw Error("cannot read " + path.string() + ": " + std::strerror(err), ExitCode::kOutputError);
    }
    if (n == 0) break;
    text.append(buffer, static_cast<std::size_t>(n));
  }
  ::close(fd);
  return text;
}

AppendFile::AppendFile(const std::filesystem::path& path) {
  // O_APPEND: the runner and other tools of the same step may append too.
  const int fd = ::open(path.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0) error_ = std::strerror(errno);
  handle_ = fd;
}

AppendFile::~AppendFile() { close(); }

bool AppendFile::write(std::string_view text) {
  if (!is_open()) return false;
  if (write_all(static_cast<int>(handle_), text)) return true;
  error_ = std::strerror(errno);
  return false;
}

bool AppendFile::close() {
  if (!is_open()) return false;
  const int rc = ::close(static_cast<int>(handle_));
  handle_ = -1;
  if (rc != 0) error_ = std::strerror(errno);
  return rc == 0;
}

std::optional<std::filesystem::path> make_private_directory(const std::filesystem::path& parent,
                                                            std::string_view prefix) {
  std::string pattern = (parent / (std::string(prefix) + "XXXXXX")).string();
  if (::mkdtemp(pattern.data()) == nullptr) return std::nullopt;  // mode 0700
  return std::filesystem::path(pattern);
}

bool create_new_private_file(const std::filesystem::path& path, std::string_view text) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
  if (fd < 0) return false;
  const bool written = write_all(fd, text);
  return ::close(fd) == 0 && written;
}

bool names_network_or_device_path(std::string_view /*text*/) { return false; }

}  // namespace ca
