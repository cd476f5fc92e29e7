#include <sys/prctl.h>
#include <sys/random.h>
#include <sys/resource.h>

#include <cerrno>
#include <cstring>
#include <system_error>

#include "core/environment.hpp"
#include "core/error.hpp"
#include "platform/system.hpp"

extern char** environ;  // NOLINT(readability-redundant-declaration): POSIX, not in a header

namespace ca {

void set_standard_streams_binary() {}  // POSIX streams never translate

void disable_core_dumps() {
  const rlimit none{0, 0};
  ::setrlimit(RLIMIT_CORE, &none);
  ::prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
}

std::vector<std::string> command_line_arguments(int argc, char** argv) {
  return std::vector<std::string>(argv, argv + argc);
}

std::map<std::string, std::string, std::less<>> environment_variables() {
  std::map<std::string, std::string, std::less<>> vars;
  for (char** entry = environ; entry != nullptr && *entry != nullptr; ++entry) {
    const std::string_view kv(*entry);
    const auto eq = kv.find('=');
    if (eq == std::string_view::npos || eq == 0) continue;
    vars.emplace(std::string(kv.substr(0, eq)), std::string(kv.substr(eq + 1)));
  }
  return vars;
}

std::filesystem::path home_directory(const Environment& env) {
  if (auto home = env.non_empty("HOME")) return std::filesystem::path(*home);
  return {};
}

void fill_random(unsigned char* data, std::size_t size) {
  std::size_t filled = 0;
  while (filled < size) {
    const ssize_t got = ::getrandom(data + filled, size - filled, 0);
    if (got < 0) {
      if (errno == EINTR) continue;
      throw Error(std::string("cannot read random bytes from the system: ") + std::strerror(errno),
                  ExitCode::kFailed);
    }
    filled += static_cast<std::size_t>(got);
  }
}

std::string self_executable_path() {
  std::error_code ec;
  const auto path = std::filesystem::read_symlink("/proc/self/exe", ec);
  return ec ? std::string() : path.string();
}

}  // namespace ca
