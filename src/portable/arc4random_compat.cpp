// arc4random for the portable binary, so it needs no glibc newer than 2.35.
//
// GCC 12's static libstdc++ implements std::random_device with arc4random,
// which glibc only has since 2.36 (Ubuntu 22.04 has 2.35). The tool itself
// never uses std::random_device (util/random_bytes.hpp), but std::runtime_error
// drags libstdc++'s random.o in (stdexcept.o -> cow-string-inst.o -> random.o),
// and with it an unversioned reference to arc4random that the link would bind
// to arc4random@GLIBC_2.36. Defined here, in an object of the executable
// itself (not an archive member, so it is always linked first), the reference
// binds to this definition instead. Same contract as glibc's: cryptographically
// strong, never fails (aborts if the kernel offers no randomness at all).
// Linked only into the CA_PORTABLE build (src/CMakeLists.txt).
#include <fcntl.h>
#include <sys/random.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <cstdlib>

namespace {

void fill(void* buffer, std::size_t size) {
  auto* bytes = static_cast<unsigned char*>(buffer);
  std::size_t filled = 0;
  while (filled < size) {
    const ssize_t got = getrandom(bytes + filled, size - filled, 0);
    if (got > 0) {
      filled += static_cast<std::size_t>(got);
    } else if (got < 0 && errno == ENOSYS) {
      break;  // a kernel before 3.17: fall back to the device
    } else if (got < 0 && errno != EINTR) {
      std::abort();
    }
  }
  if (filled == size) return;
  const int fd = open("/dev/urandom", O_RDONLY | O_CLOEXEC);
  if (fd < 0) std::abort();
  while (filled < size) {
    const ssize_t got = read(fd, bytes + filled, size - filled);
    if (got > 0) {
      filled += static_cast<std::size_t>(got);
    } else if (got == 0 || errno != EINTR) {
      std::abort();
    }
  }
  close(fd);
}

}  // namespace

extern "C" {

std::uint32_t arc4random(void) noexcept {
  std::uint32_t value = 0;
  fill(&value, sizeof value);
  return value;
}

void arc4random_buf(void* buffer, std::size_t size) noexcept { fill(buffer, size); }

std::uint32_t arc4random_uniform(std::uint32_t upper_bound) noexcept {
  if (upper_bound < 2) return 0;
  // Rejection sampling: values below 2^32 mod upper_bound would bias the result.
  const std::uint32_t minimum = (0U - upper_bound) % upper_bound;
  for (;;) {
    const std::uint32_t value = arc4random();
    if (value >= minimum) return value % upper_bound;
  }
}

}  // extern "C"
