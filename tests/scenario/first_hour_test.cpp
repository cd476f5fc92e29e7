// The first hour: the mistakes a new user makes, each run through the real
// binary, each answered with one message that names the fix.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "support/task_runner.hpp"
#include "support/temp_dir.hpp"
#include "support/text_lines.hpp"

namespace ca::test {
namespace {

// stderr's non-empty lines: usage errors are plain text on every host.
std::vector<std::string> error_lines(const ProcessResult& run) {
  std::vector<std::string> out;
  for (const auto& line : lines_of(run.err)) {
    if (!line.empty()) out.push_back(line);
  }
  return out;
}

class FirstHourCli : public ::testing::Test {
 protected:
  TempDir project;
  Env env = base_env();
  ProcessResult cli(const std::vector<std::string>& args) { return run_cli(args, env, project.str()); }
};

TEST_F(FirstHourCli, MistypedCommandGetsSuggestionAndTheListOfCommands) {
  const auto run = cli({"publsh"});
  EXPECT_EQ(run.exit_code, 2);
  const auto lines = error_lines(run);
  ASSERT_EQ(lines.size(), 2u) << run.all();
  EXPECT_EQ(lines[0], "error: unknown command 'publsh'; did you mean 'publish'?");
  EXPECT_EQ(lines[1], "commands: auth, login, exec, publish, check, list, revoke "
                      "(cargo-authenticate COMMAND --help for each)");
  EXPECT_EQ(run.out, "");
}

TEST_F(FirstHourCli, UnknownCommandFarFromAnyGetsTheListOnly) {
  const auto run = cli({"frobnicate"});
  EXPECT_EQ(run.exit_code, 2);
  const auto lines = error_lines(run);
  ASSERT_EQ(lines.size(), 2u) << run.all();
  EXPECT_EQ(lines[0], "error: unknown command 'frobnicate'");
}

TEST_F(FirstHourCli, MistypedOptionGetsTheNearestOptionOfThatCommand) {
  for (const auto& [args, expected] : std::vector<std::pair<std::vector<std::string>, std::string>>{
           {{"auth", "--regstry", "x"}, "error: unknown option '--regstry' for 'auth'; did you mean '--registry'?"},
           {{"--regstry=x"}, "error: unknown option '--regstry' for 'auth'; did you mean '--registry'?"},
           {{"check", "--jsn"}, "error: unknown option '--jsn' for 'check'; did you mean '--json'?"},
           {{"publish", "--dryrun"}, "error: unknown option '--dryrun' for 'publish'; did you mean '--dry-run'?"},
       }) {
    const auto run = cli(args);
    EXPECT_EQ(run.exit_code, 2) << run.all();
    const auto lines = error_lines(run);
    ASSERT_EQ(lines.size(), 1u) << run.all();
    EXPECT_EQ(lines[0].substr(0, expected.size()), expected) << lines[0];
    EXPECT_NE(lines[0].find("--help lists its options"), std::string::npos) << lines[0];
  }
}

TEST_F(FirstHourCli, ExecWithoutDashesSaysToWriteThem) {
  const auto run = cli({"exec", "cargo", "--version"});
  EXPECT_EQ(run.exit_code, 2);
  const auto lines = error_lines(run);
  ASSERT_EQ(lines.size(), 1u) << run.all();
  EXPECT_NE(lines[0].find("write `cargo-authenticate exec [options] -- cargo --version`"), std::string::npos)
      << lines[0];
}

TEST_F(FirstHourCli, PublishRegistryHelpSaysItIsThePublishTarget) {
  const auto run = cli({"publish", "--help"});
  EXPECT_EQ(run.exit_code, 0) << run.all();
  bool found = false;
  for (const auto& line : lines_of(run.out)) {
    if (line.rfind("  --registry", 0) != 0) continue;
    found = true;
    EXPECT_NE(line.find("registry to publish to"), std::string::npos) << line;
  }
  EXPECT_TRUE(found) << run.out;
}

}  // namespace
}  // namespace ca::test
