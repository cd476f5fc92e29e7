#pragma once
// Runs another program (cargo, or the user's command for `exec`) with an
// explicit environment: the Environment snapshot plus the variables a command
// adds. Never through a shell, so no argument is re-parsed, and secrets travel
// only in the child's environment, never on its command line.
// process_posix.cpp: posix_spawnp. process_win32.cpp: CreateProcessW with a
// UTF-16 environment block and each argument quoted as the C runtime parses
// it back; only .exe/.com programs are started (a .bat/.cmd would run through
// cmd.exe, which re-parses the arguments).
//
// Cancellation: on POSIX, SIGINT and SIGTERM received while the child runs are
// forwarded to it; on Windows the child shares the console, receives Ctrl-C
// and Ctrl-Break itself, and this process waits for it instead of dying first.
// A CI agent cancelling the step must stop the upload, not orphan it. The
// result is the child's exit status (POSIX: 128 + N when signal N killed it,
// as a shell reports). A program that cannot be started is 127 (not found) or
// 126 (not executable), with the reason in spawn_error; nothing throws.
#include <filesystem>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "core/environment.hpp"

namespace ca {

struct ChildSpec {
  std::vector<std::string> argv;    // argv[0] is looked up on the PATH of `env` (UTF-8)
  EnvMap env;                       // the child's whole environment
  std::filesystem::path directory;  // empty: this process's working directory
};

struct ChildResult {
  int status = 0;           // exit status, 128 + signal, or 126/127 when it never ran
  std::string spawn_error;  // why it could not be started (empty when it ran)
  [[nodiscard]] bool started() const { return spawn_error.empty(); }
};

enum class ChildStream { kStdout, kStderr };

// The child shares this process's stdin, stdout and stderr (for `exec`).
ChildResult run_child(const ChildSpec& spec);

// The child's stdout and stderr are read here and handed to on_line one line
// at a time (without the newline; a final unterminated line is delivered too).
// stdin is the null device: nothing may wait for a prompt in CI.
ChildResult run_child_lines(const ChildSpec& spec,
                            const std::function<void(ChildStream, std::string_view)>& on_line);

// The snapshot with the extra variables set (extra wins).
EnvMap child_environment(const Environment& env, const EnvMap& extra);

// The program's path on the given PATH (argv0 itself when it names a
// directory; on Windows `.exe`/`.com` are tried as cargo does, in the PATH's
// absolute directories only), or empty when not found.
std::string find_program(const std::string& argv0, const EnvMap& env);

}  // namespace ca
