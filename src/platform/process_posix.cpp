#include <fcntl.h>
#include <poll.h>
#include <spawn.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstring>
#include <iostream>

#include "platform/process.hpp"
#include "platform/process_lines.hpp"

namespace ca {
namespace {

// The child that SIGINT/SIGTERM go to while one runs (one child at a time).
volatile sig_atomic_t g_forward_to = 0;

extern "C" void forward_signal(int signal_number) {
  const pid_t pid = g_forward_to;
  if (pid > 0) ::kill(pid, signal_number);
}

// Installs the forwarding handlers for the lifetime of one child.
class SignalForwarding {
 public:
  explicit SignalForwarding(pid_t child) {
    g_forward_to = child;
    struct sigaction action {};
    action.sa_handler = forward_signal;
    sigemptyset(&action.sa_mask);
    action.sa_flags = SA_RESTART;
    ::sigaction(SIGINT, &action, &old_int_);
    ::sigaction(SIGTERM, &action, &old_term_);
  }
  ~SignalForwarding() {
    ::sigaction(SIGINT, &old_int_, nullptr);
    ::sigaction(SIGTERM, &old_term_, nullptr);
    g_forward_to = 0;
  }
  SignalForwarding(const SignalForwarding&) = delete;
  SignalForwarding& operator=(const SignalForwarding&) = delete;

 private:
  struct sigaction old_int_ {};
  struct sigaction old_term_ {};
};

// C-style argv/envp views over owned strings.
struct CStrings {
  std::vector<std::string> owned;
  std::vector<char*> pointers;
  explicit CStrings(std::vector<std::string> strings) : owned(std::move(strings)) {
    for (auto& s : owned) pointers.push_back(s.data());
    pointers.push_back(nullptr);
  }
};

CStrings environment_strings(const EnvMap& env) {
  std::vector<std::string> lines;
  lines.reserve(env.size());
  for (const auto& [name, value] : env) lines.push_back(name + "=" + value);
  return CStrings(std::move(lines));
}

int wait_for(pid_t pid) {
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0) {
    if (errno != EINTR) return 1;
  }
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
  return 1;
}

// Spawn attributes: default dispositions and an empty mask in the child,
// whatever this process ignores or blocks.
class SpawnAttributes {
 public:
  SpawnAttributes() {
    ::posix_spawnattr_init(&attr_);
    sigset_t defaults;
    sigemptyset(&defaults);
    for (int s : {SIGINT, SIGTERM, SIGPIPE, SIGQUIT, SIGHUP, SIGCHLD}) sigaddset(&defaults, s);
    sigset_t empty;
    sigemptyset(&empty);
    ::posix_spawnattr_setsigdefault(&attr_, &defaults);
    ::posix_spawnattr_setsigmask(&attr_, &empty);
    ::posix_spawnattr_setflags(&attr_, POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK);
  }
  ~SpawnAttributes() { ::posix_spawnattr_destroy(&attr_); }
  SpawnAttributes(const SpawnAttributes&) = delete;
  SpawnAttributes& operator=(const SpawnAttributes&) = delete;
  const posix_spawnattr_t* get() const { return &attr_; }

 private:
  posix_spawnattr_t attr_{};
};

class FileActions {
 public:
  FileActions() { ::posix_spawn_file_actions_init(&actions_); }
  ~FileActions() { ::posix_spawn_file_actions_destroy(&actions_); }
  FileActions(const FileActions&) = delete;
  FileActions& operator=(const FileActions&) = delete;
  posix_spawn_file_actions_t* get() { return &actions_; }

 private:
  posix_spawn_file_actions_t actions_{};
};

// Starts the child; on failure fills result and returns -1.
pid_t spawn(const ChildSpec& spec, FileActions& actions, ChildResult& result) {
  if (spec.argv.empty()) {
    result.status = 127;
    result.spawn_error = "no command given";
    return -1;
  }
  const std::string program = find_program(spec.argv.front(), spec.env);
  if (program.empty()) {
    result.status = 127;
    result.spawn_error = spec.argv.front() + ": command not found on PATH";
    return -1;
  }
  if (!spec.directory.empty()) {
    ::posix_spawn_file_actions_addchdir_np(actions.get(), spec.directory.c_str());
  }
  CStrings argv(spec.argv);
  CStrings envp = environment_strings(spec.env);
  // Host adapters buffer their lines; a child writing to the same stdout must
  // come after everything we printed so far.
  std::cout.flush();
  std::cerr.flush();
  SpawnAttributes attributes;
  pid_t pid = -1;
  const int rc = ::posix_spawnp(&pid, program.c_str(), actions.get(), attributes.get(), argv.pointers.data(),
                                envp.pointers.data());
  if (rc != 0) {
    result.status = rc == ENOENT ? 127 : 126;
    result.spawn_error = spec.argv.front() + ": " + std::strerror(rc) +
                         (spec.directory.empty() ? "" : " (in " + spec.directory.string() + ")");
    return -1;
  }
  return pid;
}

}  // namespace

std::string find_program(const std::string& argv0, const EnvMap& env) {
  if (argv0.empty()) return {};
  if (argv0.find('/') != std::string::npos) return argv0;
  const auto path_it = env.find("PATH");
  const std::string path = path_it == env.end() ? "/usr/local/bin:/usr/bin:/bin" : path_it->second;
  std::size_t start = 0;
  while (start <= path.size()) {
    std::size_t end = path.find(':', start);
    if (end == std::string::npos) end = path.size();
    std::string dir = path.substr(start, end - start);
    if (dir.empty()) dir = ".";  // an empty PATH entry means the current directory
    const std::string candidate = dir + "/" + argv0;
    struct stat info {};
    if (::stat(candidate.c_str(), &info) == 0 && S_ISREG(info.st_mode) &&
        ::access(candidate.c_str(), X_OK) == 0) {
      return candidate;
    }
    start = end + 1;
  }
  return {};
}

ChildResult run_child(const ChildSpec& spec) {
  ChildResult result;
  FileActions actions;
  const pid_t pid = spawn(spec, actions, result);
  if (pid < 0) return result;
  SignalForwarding forwarding(pid);
  result.status = wait_for(pid);
  return result;
}

ChildResult run_child_lines(const ChildSpec& spec,
                            const std::function<void(ChildStream, std::string_view)>& on_line) {
  ChildResult result;
  int out_pipe[2];
  int err_pipe[2];
  if (::pipe2(out_pipe, O_CLOEXEC) != 0) {
    result.status = 126;
    result.spawn_error = std::string("cannot create a pipe: ") + std::strerror(errno);
    return result;
  }
  if (::pipe2(err_pipe, O_CLOEXEC) != 0) {
    ::close(out_pipe[0]);
    ::close(out_pipe[1]);
    result.status = 126;
    result.spawn_error = std::string("cannot create a pipe: ") + std::strerror(errno);
    return result;
  }
  FileActions actions;
  ::posix_spawn_file_actions_addopen(actions.get(), 0, "/dev/null", O_RDONLY, 0);
  ::posix_spawn_file_actions_adddup2(actions.get(), out_pipe[1], 1);
  ::posix_spawn_file_actions_adddup2(actions.get(), err_pipe[1], 2);
  const pid_t pid = spawn(spec, actions, result);
  ::close(out_pipe[1]);
  ::close(err_pipe[1]);
  if (pid < 0) {
    ::close(out_pipe[0]);
    ::close(err_pipe[0]);
    return result;
  }
  SignalForwarding forwarding(pid);
  LineSplitter out(ChildStream::kStdout, on_line);
  LineSplitter err(ChildStream::kStderr, on_line);
  pollfd fds[2] = {{out_pipe[0], POLLIN, 0}, {err_pipe[0], POLLIN, 0}};
  LineSplitter* splitters[2] = {&out, &err};
  int open_count = 2;
  char buffer[16384];
  while (open_count > 0) {
    if (::poll(fds, 2, -1) < 0) {
      if (errno == EINTR) continue;
      break;
    }
    for (int i = 0; i < 2; ++i) {
      if (fds[i].fd < 0 || (fds[i].revents & (POLLIN | POLLHUP | POLLERR)) == 0) continue;
      const ssize_t n = ::read(fds[i].fd, buffer, sizeof buffer);
      if (n > 0) {
        splitters[i]->feed(buffer, static_cast<std::size_t>(n));
      } else if (n == 0 || errno != EINTR) {
        ::close(fds[i].fd);
        fds[i].fd = -1;  // poll ignores negative descriptors
        --open_count;
      }
    }
  }
  for (auto& fd : fds) {
    if (fd.fd >= 0) ::close(fd.fd);
  }
  out.flush();
  err.flush();
  result.status = wait_for(pid);
  return result;
}

}  // namespace ca
