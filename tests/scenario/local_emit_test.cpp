// `auth --emit shell|dotenv|json` in a developer's shell: the real binary's
// output consumed the way users consume it (eval in a real shell, a dotenv
// file sourced by sh, JSON parsed), with tokens that hold shell metacharacters.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <nlohmann/json.hpp>

#include "support/secret_scan.hpp"
#include "support/task_runner.hpp"
#include "support/temp_dir.hpp"

namespace ca::test {
namespace {

// Quotes, $, backticks and a backslash: what breaks naive quoting.
constexpr const char* kNastyToken = "tkn-it's $HOME `id` \\x \"q\"";

class LocalEmit : public ::testing::Test {
 protected:
  TempDir project;
  Env env = base_env();
  void SetUp() override {
    env.erase("CI");
    project.write(".cargo/config.toml",
                  "[registries.dev]\nindex = \"sparse+https://dev.example/\"\n"
                  "[registries.plain]\nindex = \"sparse+https://plain.example/\"\n");
    env["CARGO_REGISTRIES_DEV_TOKEN"] = kNastyToken;
    env["CARGO_REGISTRIES_PLAIN_TOKEN"] = "tkn-plain-1";
  }
  // Runs a POSIX shell script with the given stdin and returns its stdout.
  std::string sh(const std::string& script, const std::string& input) {
    ProcessOptions options;
    options.stdin_text = input;
    const auto result = run_process({"sh", "-c", script}, base_env(), options);
    EXPECT_EQ(result.exit_code, 0) << result.all();
    return result.out;
  }
};

TEST_F(LocalEmit, ShellOutputEvaluatesToTheExactTokens) {
  const auto run = run_cli({"auth", "--emit", "shell"}, env, project.str());
  ASSERT_EQ(run.exit_code, 0) << run.all();
  expect_no_secrets(run.err, {kNastyToken, "tkn-plain-1"}, "stderr");
  const std::string values =
      sh("eval \"$(cat)\"; printf '%s\\n%s\\n%s\\n' \"$CARGO_REGISTRIES_DEV_TOKEN\" "
         "\"$CARGO_REGISTRIES_PLAIN_TOKEN\" "
         "\"$CARGO_REGISTRIES_DEV_CREDENTIAL_PROVIDER\"",
         run.out);
  EXPECT_EQ(values, std::string(kNastyToken) + "\ntkn-plain-1\ncargo:token\n");
}

TEST_F(LocalEmit, DotenvRefusesAValueItCannotWriteSafelyAndWritesNothing) {
  // kNastyToken holds ' and \: python-dotenv and node's dotenv would read it back
  // differently whatever the quoting, so nothing is written (exit 2).
  const auto file = project.path() / "cargo.env";
  const auto run = run_cli({"auth", "--emit", "dotenv", "--output", file.string()}, env, project.str());
  EXPECT_EQ(run.exit_code, 2) << run.all();
  EXPECT_FALSE(std::filesystem::exists(file)) << read_file(file);
  EXPECT_NE(run.err.find("CARGO_REGISTRIES_DEV_TOKEN"), std::string::npos) << run.err;
  expect_no_secrets(run.all(), {kNastyToken, "tkn-plain-1"}, "the run's output");
}

TEST_F(LocalEmit, DotenvFileHasMode0600AndSourcesToTheExactTokens) {
  env["CARGO_REGISTRIES_DEV_TOKEN"] = "tkn-dev-$HOME-`id`-\"q\"";
  const auto file = project.path() / "cargo.env";
  const auto run = run_cli({"auth", "--emit", "dotenv", "--output", file.string()}, env, project.str());
  ASSERT_EQ(run.exit_code, 0) << run.all();
  EXPECT_TRUE(run.out.empty()) << "with --output nothing goes to stdout";
  expect_no_secrets(run.all(), {"tkn-dev-$HOME-`id`-\"q\"", "tkn-plain-1"}, "the run's output");
  struct stat info {};
  ASSERT_EQ(::stat(file.c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 0777, 0600U);
  const std::string values =
      sh("eval \"$(grep '^CARGO_REGISTRIES_' " + file.string() +
             ")\"; printf '%s\\n%s\\n' \"$CARGO_REGISTRIES_PLAIN_TOKEN\" \"$CARGO_REGISTRIES_DEV_TOKEN\"",
         "");
  EXPECT_EQ(values, "tkn-plain-1\ntkn-dev-$HOME-`id`-\"q\"\n");
}

TEST_F(LocalEmit, UnwritableOutputExitsThreeAndWritesNothing) {
  env["CARGO_REGISTRIES_DEV_TOKEN"] = "tkn-dev-plain-1";
  const auto file = project.path() / "no-such-dir" / "cargo.env";
  const auto run = run_cli({"auth", "--emit", "dotenv", "--output", file.string()}, env, project.str());
  EXPECT_EQ(run.exit_code, 3) << run.all();  // README: a result could not be written
  EXPECT_EQ(run.err.find("internal error"), std::string::npos) << run.err;
  expect_no_secrets(run.all(), {"tkn-dev-plain-1", "tkn-plain-1"}, "the run's output");
}

TEST_F(LocalEmit, JsonLeavesSecretValuesOutUnlessAsked) {
  const auto run = run_cli({"auth", "--emit", "json"}, env, project.str());
  ASSERT_EQ(run.exit_code, 0) << run.all();
  expect_no_secrets(run.all(), {kNastyToken, "tkn-plain-1"}, "json output without --show-secrets");
  const auto json = nlohmann::json::parse(run.out);
  std::map<std::string, nlohmann::json> by_name;
  for (const auto& item : json.at("variables")) by_name[item.at("name").get<std::string>()] = item;
  ASSERT_EQ(by_name.count("CARGO_REGISTRIES_DEV_TOKEN"), 1U) << run.out;
  EXPECT_TRUE(by_name["CARGO_REGISTRIES_DEV_TOKEN"].at("secret").get<bool>());
  EXPECT_FALSE(by_name["CARGO_REGISTRIES_DEV_TOKEN"].contains("value"));
  EXPECT_EQ(by_name["CARGO_REGISTRIES_DEV_CREDENTIAL_PROVIDER"].at("value"), "cargo:token");

  const auto shown = run_cli({"auth", "--emit", "json", "--show-secrets"}, env, project.str());
  ASSERT_EQ(shown.exit_code, 0) << shown.all();
  // Named, not iterated as a temporary: `parse(...).at(...)` in a range-for
  // would dangle (ASan caught it).
  const auto shown_json = nlohmann::json::parse(shown.out);
  for (const auto& item : shown_json.at("variables")) {
    if (item.at("name") == "CARGO_REGISTRIES_DEV_TOKEN") EXPECT_EQ(item.at("value"), kNastyToken);
  }
  expect_no_secrets(shown.err, {kNastyToken}, "stderr with --show-secrets");
}

TEST_F(LocalEmit, EmitInsideCiStillPrintsForTheCaller) {
  env["GITHUB_ACTIONS"] = "true";  // e.g. eval in a workflow's run step
  const auto run = run_cli({"auth", "--emit", "shell", "--registry", "plain"}, env, project.str());
  ASSERT_EQ(run.exit_code, 0) << run.all();
  EXPECT_EQ(run.out,
            "export CARGO_REGISTRIES_PLAIN_TOKEN='tkn-plain-1'\n"
            "export CARGO_REGISTRIES_PLAIN_CREDENTIAL_PROVIDER='cargo:token'\n");
}

}  // namespace
}  // namespace ca::test
