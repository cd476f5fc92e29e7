// What the tool prints is the same bytes on every system: a Windows build
// must not turn "\n" into "\r\n" (the C runtime's text mode), or a value a
// POSIX shell (Git Bash on a Windows runner) reads back from `--emit shell`
// would end in a carriage return and the token would be wrong.
#include <gtest/gtest.h>

#include "support/process.hpp"
#include "support/task_runner.hpp"
#include "support/temp_dir.hpp"

namespace ca::test {
namespace {

TEST(OutputBytes, EmitShellIsReadBackExactlyByAPosixShell) {
  TempDir project;
  TempDir home;
  Env env = base_env();
  env["CARGO_HOME"] = home.str();
  env["MY_TOKEN_SOURCE"] = "tkn-win-shell-1";
  project.write(".cargo/config.toml", "[registries.local]\nindex = \"sparse+http://127.0.0.1:9/index/\"\n");
  const auto run = run_cli({"auth", "--ci", "local", "--emit", "shell", "--token", "local=MY_TOKEN_SOURCE"},
                           env, project.str());
  ASSERT_EQ(run.exit_code, 0) << run.all();
  EXPECT_EQ(run.out.find('\r'), std::string::npos) << "stdout holds a carriage return";
  EXPECT_EQ(run.err.find('\r'), std::string::npos) << "stderr holds a carriage return";
  // The script eval's the output, then prints the variable exactly.
  const auto shell =
      run_process({"sh", "-c", "eval \"$1\" && printf '%s' \"$CARGO_REGISTRIES_LOCAL_TOKEN\"", "sh", run.out},
                  base_env());
  ASSERT_EQ(shell.exit_code, 0) << shell.all();
  EXPECT_EQ(shell.out, "tkn-win-shell-1");
}

}  // namespace
}  // namespace ca::test
