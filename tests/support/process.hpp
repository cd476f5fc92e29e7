#pragma once
// Runs a real program with an exact environment (nothing inherited unless
// passed), a working directory, optional stdin, and a time limit; captures
// stdout and stderr separately. The child is killed when the limit passes.
#include <chrono>
#include <map>
#include <string>
#include <vector>

namespace ca::test {

using Env = std::map<std::string, std::string>;

struct ProcessResult {
  int exit_code = -1;  // exit status, or 128 + signal
  bool timed_out = false;
  std::string out;
  std::string err;
  [[nodiscard]] std::string all() const { return out + err; }
};

struct ProcessOptions {
  std::string cwd;
  std::string stdin_text;
  std::chrono::seconds timeout{120};
};

ProcessResult run_process(const std::vector<std::string>& argv, const Env& env,
                          const ProcessOptions& options = {});

// PATH, HOME, RUSTUP_HOME, CARGO_HOME-less essentials to run cargo and node:
// the variables of this test process that a real CI step also has.
Env base_env();
// Whether a program is on PATH.
bool have_program(const std::string& name);

}  // namespace ca::test
