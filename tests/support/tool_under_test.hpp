#pragma once
// Which cargo-authenticate binary the scenario tests run, and how it is started.
// By default the build's own binary (CA_BINARY), run directly. Two variables of
// the test process change that for a whole run, so the same tests prove another
// build, e.g. the win32-x64 .exe under wine (scripts/wine-test.sh):
//   CA_TEST_BINARY=/path/to/cargo-authenticate.exe   the binary to run instead
//   CA_TEST_RUNNER=wine64                            a program that runs it:
//                                                    `<runner words...> <binary> args...`
// A runner needs its own settings (wine: WINEPREFIX, WINEDEBUG, ...), which the
// tests' exact environments do not carry: the test process's variables named in
// CA_TEST_RUNNER_ENV (comma-separated; default: every WINE* variable) are added
// to each run's environment. Tests keep writing CA_BINARY as the program; the
// process runner (support/process.hpp) swaps in this command and still hands
// every run to the leak guard.
#include <string>
#include <vector>

#include "support/process.hpp"

namespace ca::test {

struct ToolUnderTest {
  std::string binary;               // the program the tests exercise
  std::vector<std::string> runner;  // words before it; empty: run directly
  bool windows = false;             // a Windows build (.exe): prints Windows paths, runs Windows children
};

// Read once from the environment; an unusable setting (a missing binary or
// runner) ends the test program with a message, rather than failing every test.
const ToolUnderTest& tool_under_test();

// The argv that really runs the tool for a logical argv {CA_BINARY, args...}.
std::vector<std::string> tool_command(const std::vector<std::string>& logical_argv);
// The environment a run of the tool gets: env plus the runner's own settings.
Env tool_environment(const Env& env);
// The argv that runs another program of the tool's system the same way (e.g.
// tests/windows/scenarios/env_probe.exe under wine): the runner's words, program, args.
std::vector<std::string> runner_command(const std::string& program, const std::vector<std::string>& args);

}  // namespace ca::test
