#include "support/process.hpp"

#include <fcntl.h>
#include <poll.h>
#include <sys/wait.h>
#include <unistd.h>

#include <csignal>
#include <cstdlib>
#include <cstring>
#include <optional>

#include "support/leak_guard.hpp"
#include "support/tool_under_test.hpp"

namespace ca::test {
namespace {

void drain(int fd, std::string& into, bool& open) {
  char buffer[65536];
  const ssize_t n = ::read(fd, buffer, sizeof buffer);
  if (n > 0)
    into.append(buffer, static_cast<std::size_t>(n));
  else if (n == 0 || (errno != EINTR && errno != EAGAIN))
    open = false;
}

}  // namespace

ProcessResult run_process(const std::vector<std::string>& requested_argv, const Env& requested_env,
                          const ProcessOptions& options) {
  ProcessResult result;
  std::vector<std::string> argv = requested_argv;
  Env env = requested_env;
  // Every run of the tool is checked for escaped tokens (see leak_guard.hpp),
  // with the tool's own arguments, whichever build runs and through what runner
  // (support/tool_under_test.hpp).
  std::optional<LeakGuard::Run> leak_guard;
  if (!argv.empty() && argv.front() == CA_BINARY) {
    std::vector<std::string> logical = argv;
    logical.front() = tool_under_test().binary;
    leak_guard.emplace(logical, requested_env, options.stdin_text);
    argv = tool_command(requested_argv);
    env = tool_environment(requested_env);
  }
  int out_pipe[2];
  int err_pipe[2];
  int in_pipe[2];
  if (::pipe(out_pipe) != 0 || ::pipe(err_pipe) != 0 || ::pipe(in_pipe) != 0) return result;
  std::vector<std::string> env_strings;
  for (const auto& [k, v] : env) env_strings.push_back(k + "=" + v);
  std::vector<char*> envp;
  for (auto& s : env_strings) envp.push_back(s.data());
  envp.push_back(nullptr);
  std::vector<char*> argp;
  for (auto& a : argv) argp.push_back(a.data());
  argp.push_back(nullptr);

  const pid_t pid = ::fork();
  if (pid == 0) {
    ::setpgid(0, 0);
    ::dup2(in_pipe[0], 0);
    ::dup2(out_pipe[1], 1);
    ::dup2(err_pipe[1], 2);
    for (int fd : {in_pipe[0], in_pipe[1], out_pipe[0], out_pipe[1], err_pipe[0], err_pipe[1]}) ::close(fd);
    if (!options.cwd.empty() && ::chdir(options.cwd.c_str()) != 0) _exit(126);
    // execvpe searches the PATH of the new environment.
    ::execvpe(argp[0], argp.data(), envp.data());
    _exit(127);
  }
  ::close(in_pipe[0]);
  ::close(out_pipe[1]);
  ::close(err_pipe[1]);
  if (!options.stdin_text.empty()) {
    (void)!::write(in_pipe[1], options.stdin_text.data(), options.stdin_text.size());
  }
  ::close(in_pipe[1]);

  // A runner may leave helpers holding the output pipes after it exits (wine
  // starts services.exe and friends, which live as long as the wineserver): a run
  // through the runner (the tool's, or another program's) ends when the runner
  // exits, not at end of file.
  const auto& runner = tool_under_test().runner;
  const bool ends_at_exit = !runner.empty() && !argv.empty() && argv.front() == runner.front();
  const auto deadline = std::chrono::steady_clock::now() + options.timeout;
  bool out_open = true;
  bool err_open = true;
  bool reaped = false;
  int status = 0;
  while (out_open || err_open) {
    const auto left =
        std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) {
      result.timed_out = true;
      ::kill(-pid, SIGKILL);
      break;
    }
    pollfd fds[2] = {{out_pipe[0], POLLIN, 0}, {err_pipe[0], POLLIN, 0}};
    fds[0].fd = out_open ? out_pipe[0] : -1;
    fds[1].fd = err_open ? err_pipe[0] : -1;
    // After the runner exited, only what it left in the pipes is read (no waiting).
    const long long wait_ms = reaped ? 0 : std::min<long long>(left.count(), ends_at_exit ? 50 : 1000);
    const int ready = ::poll(fds, 2, static_cast<int>(wait_ms));
    if (ready < 0 && errno != EINTR) break;
    if (reaped && ready == 0) break;
    if (out_open && (fds[0].revents & (POLLIN | POLLHUP | POLLERR))) drain(out_pipe[0], result.out, out_open);
    if (err_open && (fds[1].revents & (POLLIN | POLLHUP | POLLERR))) drain(err_pipe[0], result.err, err_open);
    if (ends_at_exit && !reaped && ::waitpid(pid, &status, WNOHANG) == pid) reaped = true;
  }
  ::close(out_pipe[0]);
  ::close(err_pipe[0]);
  if (!reaped) ::waitpid(pid, &status, 0);
  if (WIFEXITED(status))
    result.exit_code = WEXITSTATUS(status);
  else if (WIFSIGNALED(status))
    result.exit_code = 128 + WTERMSIG(status);
  if (leak_guard) leak_guard->finish(result);
  return result;
}

Env base_env() {
  Env env;
  for (const char* name : {"PATH", "HOME", "RUSTUP_HOME", "RUSTUP_TOOLCHAIN", "LANG", "TMPDIR"}) {
    if (const char* value = std::getenv(name)) env[name] = value;
  }
  return env;
}

bool have_program(const std::string& name) {
  const char* path = std::getenv("PATH");
  if (path == nullptr) return false;
  std::string dirs(path);
  std::size_t start = 0;
  while (start <= dirs.size()) {
    std::size_t end = dirs.find(':', start);
    if (end == std::string::npos) end = dirs.size();
    const std::string candidate = dirs.substr(start, end - start) + "/" + name;
    if (::access(candidate.c_str(), X_OK) == 0) return true;
    start = end + 1;
  }
  return false;
}

}  // namespace ca::test
