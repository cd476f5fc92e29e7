// The transport and token rules through the real binary: `check` and
// `auth --verify` refuse to send a token over plain http to a non-loopback
// host (before any DNS lookup: the .invalid name would otherwise fail as
// "could not resolve"), refuse a self-signed loopback HTTPS registry, and
// every host refuses a token holding a control character with an error that
// names the registry and says what to fix, setting nothing.
#include <gtest/gtest.h>

#include "support/azure_log.hpp"
#include "support/github_files.hpp"
#include "support/task_runner.hpp"
#include "support/temp_dir.hpp"
#include "support/tls_server.hpp"
#include "util/strings.hpp"

namespace ca::test {
namespace {

class TransportScenario : public ::testing::Test {
 protected:
  TempDir dir;
  Env env = base_env();
  void SetUp() override {
    env.erase("CI");
    env["CARGO_HOME"] = (dir.path() / "cargo-home").string();
  }
  std::string config_for(const std::string& index) const {
    return dir.write(".cargo/config.toml", "[registries.remote]\nindex = \"" + index + "\"\n").string();
  }
};

TEST_F(TransportScenario, CheckRefusesPlainHttpToARemoteHostWithoutTouchingTheNetwork) {
  const std::string config = config_for("sparse+http://example.invalid/index/");
  env["CARGO_REGISTRIES_REMOTE_TOKEN"] = "tkn-transport-plain";
  for (const std::vector<std::string>& args :
       {std::vector<std::string>{"check", "--ci", "local", "--config", config},
        std::vector<std::string>{"auth", "--ci", "local", "--verify", "--emit", "json", "--config",
                                 config}}) {
    const auto result = run_cli(args, env, dir.str());
    EXPECT_EQ(result.exit_code, 1) << result.all();
    EXPECT_NE(result.err.find("https"), std::string::npos) << result.all();
    EXPECT_NE(result.err.find("remote"), std::string::npos) << result.all();
    const std::string lower = to_lower(result.err);
    EXPECT_EQ(lower.find("resolve"), std::string::npos) << "a DNS lookup was attempted:\n" << result.all();
    EXPECT_EQ(lower.find("dns"), std::string::npos) << "a DNS lookup was attempted:\n" << result.all();
  }
}

TEST_F(TransportScenario, CheckRefusesASelfSignedLoopbackRegistry) {
  TlsServer server;
  if (!server.available()) GTEST_SKIP() << server.why_unavailable();
  const std::string config = config_for("sparse+" + server.url() + "index/");
  env["CARGO_REGISTRIES_REMOTE_TOKEN"] = "tkn-transport-tls";
  const auto result =
      run_cli({"check", "--ci", "local", "--config", config, "--timeout", "5"}, env, dir.str());
  EXPECT_EQ(result.exit_code, 1) << result.all();
  EXPECT_NE(to_lower(result.err).find("tls"), std::string::npos) << result.all();
}

// A token with a control character, per host: refused, explained, nothing set.
class ControlCharacterToken : public TransportScenario {
 protected:
  const std::string token = std::string("tkn-ctl-a") + '\x01' + "b";
  std::string config;
  void SetUp() override {
    TransportScenario::SetUp();
    config = config_for("sparse+https://registry.example/index/");
  }
  static void expect_explained(const std::string& text) {
    EXPECT_NE(text.find("remote"), std::string::npos) << text;
    EXPECT_NE(text.find("control character"), std::string::npos) << text;
  }
};

// Exit 2 (README "Exit codes": an invalid token is bad input), not 1.
TEST_F(ControlCharacterToken, AzureTaskRefusesIt) {
  Env task = azure_agent_env();
  task["INPUT_CONFIGFILE"] = config;
  task["SECRET_CARGO_REGISTRIES_REMOTE_TOKEN"] = token;
  task["VSTS_SECRET_VARIABLES"] = R"(["CARGO_REGISTRIES_REMOTE_TOKEN"])";
  const auto run = run_task(task, {}, dir.str());
  EXPECT_EQ(run.process.exit_code, 2) << run.process.all();
  ASSERT_FALSE(run.log.issues("error").empty()) << run.process.all();
  expect_explained(run.log.issues("error")[0].data);
  EXPECT_TRUE(run.log.variables().empty());
  EXPECT_TRUE(run.log.secrets().empty());
  EXPECT_EQ(run.log.result(), "Failed");
}

TEST_F(ControlCharacterToken, AzureTaskRefusesALineBreak) {
  Env task = azure_agent_env();
  task["INPUT_CONFIGFILE"] = config;
  task["SECRET_CARGO_REGISTRIES_REMOTE_TOKEN"] = "tkn-ctl-line\nbreak";
  task["VSTS_SECRET_VARIABLES"] = R"(["CARGO_REGISTRIES_REMOTE_TOKEN"])";
  const auto run = run_task(task, {}, dir.str());
  EXPECT_EQ(run.process.exit_code, 2) << run.process.all();
  ASSERT_FALSE(run.log.issues("error").empty()) << run.process.all();
  EXPECT_NE(run.log.issues("error")[0].data.find("line break"), std::string::npos);
  EXPECT_TRUE(run.log.variables().empty());
}

TEST_F(ControlCharacterToken, GitHubRefusesIt) {
  env["GITHUB_ACTIONS"] = "true";
  env["GITHUB_ENV"] = dir.write("runner/env", "").string();
  env["GITHUB_OUTPUT"] = dir.write("runner/output", "").string();
  env["CARGO_REGISTRIES_REMOTE_TOKEN"] = token;
  const auto result = run_cli({"auth", "--config", config}, env, dir.str());
  EXPECT_EQ(result.exit_code, 2) << result.all();
  const auto log = GitHubLog::parse(result.out + result.err);
  ASSERT_FALSE(log.all("error").empty()) << result.all();
  expect_explained(log.all("error")[0].data);
  EXPECT_TRUE(GitHubFile::read(env["GITHUB_ENV"]).entries.empty());
}

TEST_F(ControlCharacterToken, CnbRefusesIt) {
  env["CNB"] = "true";
  env["CARGO_REGISTRIES_REMOTE_TOKEN"] = token;
  const auto result = run_cli({"login", "--config", config}, env, dir.str());
  EXPECT_EQ(result.exit_code, 2) << result.all();
  expect_explained(result.all());
  EXPECT_FALSE(std::filesystem::exists(dir.path() / "cargo-home" / "credentials.toml"));
}

TEST_F(ControlCharacterToken, LocalShellRefusesIt) {
  env["RELEASE_KEY"] = std::string("tkn-ctl-") + '\x7f';
  const auto result = run_cli(
      {"auth", "--ci", "local", "--config", config, "--token", "remote=RELEASE_KEY", "--emit", "shell"}, env,
      dir.str());
  EXPECT_EQ(result.exit_code, 2) << result.all();
  expect_explained(result.err);
  EXPECT_TRUE(result.out.empty()) << result.out;
}

}  // namespace
}  // namespace ca::test
