// GitHub Actions end to end: the real binary run as the composite action runs
// it (GITHUB_ACTIONS=true, no arguments, INPUT_*), $GITHUB_ENV and
// $GITHUB_OUTPUT parsed back the runner's way, workflow commands parsed from
// stdout, and real cargo publishing with the variables a later step would get.
#include <gtest/gtest.h>

#include <algorithm>

#include "support/cargo_project.hpp"
#include "support/github_files.hpp"
#include "support/local_registry.hpp"
#include "support/secret_scan.hpp"
#include "support/task_runner.hpp"
#include "support/temp_dir.hpp"
#include "util/base64.hpp"

namespace ca::test {
namespace {

// Everything the log shows besides the add-mask lines (which must hold the secrets).
std::string unmasked(const std::string& out) {
  const GitHubLog log = GitHubLog::parse(out);
  std::string text;
  for (const auto& line : log.plain_lines) text += line + "\n";
  for (const auto& c : log.commands) {
    if (c.name == "add-mask") continue;
    text += c.name + " " + c.data + "\n";
    for (const auto& [k, v] : c.properties) text += k + "=" + v + "\n";
  }
  return text;
}

class GitHubActions : public ::testing::Test {
 protected:
  TempDir project;
  TempDir runner;  // the runner's temp dir with the command files
  Env env = base_env();
  std::string env_file, output_file, summary_file;

  void SetUp() override {
    env["GITHUB_ACTIONS"] = "true";
    env["CI"] = "true";
    env_file = (runner.path() / "github_env").string();
    output_file = (runner.path() / "github_output").string();
    summary_file = (runner.path() / "step_summary.md").string();
    env["GITHUB_ENV"] = env_file;
    env["GITHUB_OUTPUT"] = output_file;
    env["GITHUB_STEP_SUMMARY"] = summary_file;
    runner.write("github_env", "EXISTING=kept\n");  // earlier steps' entries stay
  }
  ProcessResult run_action() { return run_cli({}, env, project.str()); }
};

TEST_F(GitHubActions, TokensReachGithubEnvMaskedAndCargoPublishesWithThem) {
  const std::string basic = "Basic " + base64_encode("ci:tkn-gh-pass");
  LocalRegistry registry({basic});
  write_crate(project, "", CrateSpec{"gh-demo", "0.1.0", {}, "[\"local\"]"});
  project.write(".cargo/config.toml", registry_config("local", registry.index_url()));
  env["INPUT_CONFIG_FILE"] = ".cargo/config.toml";
  env["INPUT_TOKEN_VARIABLES"] = "local=LOCAL_REGISTRY_TOKEN";
  env["LOCAL_REGISTRY_TOKEN"] = basic;

  const auto run = run_action();
  ASSERT_EQ(run.exit_code, 0) << run.all();
  const GitHubLog log = GitHubLog::parse(run.out);
  const GitHubFile github_env = GitHubFile::read(env_file);
  ASSERT_TRUE(github_env.error.empty()) << github_env.error;
  const auto vars = github_env.values();
  EXPECT_EQ(vars.at("EXISTING"), "kept");
  EXPECT_EQ(vars.at("CARGO_REGISTRIES_LOCAL_TOKEN"), basic);
  EXPECT_EQ(vars.at("CARGO_REGISTRIES_LOCAL_CREDENTIAL_PROVIDER"), "cargo:token");
  for (const auto& delimiter : github_env.delimiters) EXPECT_EQ(delimiter.rfind("ghadelimiter_", 0), 0U);

  // Every form is masked: the header, the base64 part, user:password, the password.
  const auto masks = log.masks();
  for (const std::string form : {basic, base64_encode("ci:tkn-gh-pass"), std::string("ci:tkn-gh-pass"),
                                 std::string("tkn-gh-pass"), base64_encode("tkn-gh-pass")}) {
    EXPECT_NE(std::find(masks.begin(), masks.end(), form), masks.end()) << "not masked: " << form;
  }
  // Nothing but add-mask lines carries a secret form.
  expect_no_secrets(unmasked(run.out) + run.err, {basic}, "the step log");

  const auto outputs = GitHubFile::read(output_file);
  ASSERT_TRUE(outputs.error.empty()) << outputs.error;
  EXPECT_EQ(outputs.values().at("registries"), "local");
  expect_no_secrets(read_file(output_file), {basic}, "$GITHUB_OUTPUT");
  const std::string summary = read_file(summary_file);
  EXPECT_NE(summary.find("| local | `CARGO_REGISTRIES_LOCAL_TOKEN` |"), std::string::npos) << summary;
  expect_no_secrets(summary, {basic}, "the step summary");
  EXPECT_EQ(log.all("group").size(), 1U);
  EXPECT_EQ(log.all("endgroup").size(), 1U);
  EXPECT_TRUE(log.all("debug").empty()) << "debug lines without RUNNER_DEBUG";

  // The next step: cargo with exactly what $GITHUB_ENV gives it.
  Env cargo = cargo_env((project.path() / "cargo-home").string());
  for (const auto& [name, value] : vars) cargo[name] = value;
  ProcessOptions options;
  options.cwd = project.str();
  options.timeout = std::chrono::seconds(240);
  const auto publish =
      run_process({"cargo", "publish", "--allow-dirty", "--registry", "local"}, cargo, options);
  EXPECT_EQ(publish.exit_code, 0) << publish.all();
}

TEST_F(GitHubActions, TokenInputServesTheRegistriesItNames) {
  project.write(".cargo/config.toml", registry_config("a", "sparse+https://a.example/") +
                                          registry_config("b", "sparse+https://b.example/"));
  env["INPUT_TOKEN"] = "tkn-gh-input";
  env["INPUT_TOKEN-REGISTRIES"] = "b";  // the runner's own spelling of token-registries
  env["RUNNER_DEBUG"] = "1";
  const auto run = run_action();
  ASSERT_EQ(run.exit_code, 0) << run.all();
  const auto vars = GitHubFile::read(env_file).values();
  EXPECT_EQ(vars.count("CARGO_REGISTRIES_A_TOKEN"), 0U);
  EXPECT_EQ(vars.at("CARGO_REGISTRIES_B_TOKEN"), "tkn-gh-input");
  const GitHubLog log = GitHubLog::parse(run.out);
  EXPECT_FALSE(log.all("debug").empty()) << "RUNNER_DEBUG=1 shows debug lines";
  const auto warnings = log.all("warning");
  ASSERT_EQ(warnings.size(), 1U) << run.out;
  EXPECT_EQ(warnings[0].properties.at("file"), (project.path() / ".cargo/config.toml").string());
  EXPECT_FALSE(warnings[0].properties.at("line").empty());
}

TEST_F(GitHubActions, ConfigErrorIsAnAnnotationWithFileLineAndColumnAndSetsNothing) {
  project.write(".cargo/config.toml", "[registries]\nbroken = { index = \"sparse+https://x/\" \n");
  env["INPUT_CONFIG_FILE"] = ".cargo/config.toml";
  const auto run = run_action();
  EXPECT_EQ(run.exit_code, 2) << run.all();
  const auto errors = GitHubLog::parse(run.out).all("error");
  ASSERT_EQ(errors.size(), 1U) << run.out;
  EXPECT_EQ(errors[0].properties.at("file"), (project.path() / ".cargo/config.toml").string());
  EXPECT_EQ(errors[0].properties.at("line"), "2");
  EXPECT_TRUE(errors[0].properties.count("col"));
  EXPECT_EQ(GitHubFile::read(env_file).values().size(), 1U);  // only EXISTING
}

TEST_F(GitHubActions, UserTextCannotStartAWorkflowCommand) {
  // A registry name is user-derived text that reaches the log and annotations.
  project.write(
      ".cargo/config.toml",
      "[registries.\"bad\\n::add-mask::forged\\n::error::forged\"]\nindex = \"sparse+https://x.example/\"\n");
  env["INPUT_CONFIG_FILE"] = ".cargo/config.toml";
  const auto run = run_action();
  EXPECT_EQ(run.exit_code, 2) << run.all();
  const GitHubLog log = GitHubLog::parse(run.out);
  EXPECT_TRUE(log.masks().empty()) << run.out;
  for (const auto& c : log.commands) EXPECT_NE(c.data, "forged") << run.out;
  // cargo skips a registry it cannot name; nothing is left, and the error says why, at its line.
  const auto errors = log.all("error");
  ASSERT_EQ(errors.size(), 1U) << run.out;
  EXPECT_EQ(errors[0].properties.at("file"), (project.path() / ".cargo/config.toml").string());
  EXPECT_NE(errors[0].data.find("bad\n::add-mask::forged"), std::string::npos)
      << "shown, as data: " << errors[0].data;
}

TEST_F(GitHubActions, MissingGithubEnvIsAnOutputErrorNotASilentSuccess) {
  project.write(".cargo/config.toml", registry_config("a", "sparse+https://a.example/"));
  env.erase("GITHUB_ENV");
  env["CARGO_REGISTRIES_A_TOKEN"] = "tkn-gh-noenv";
  const auto run = run_action();
  EXPECT_EQ(run.exit_code, 3) << run.all();
  EXPECT_FALSE(GitHubLog::parse(run.out).all("warning").empty());
  expect_no_secrets(unmasked(run.out) + run.err, {"tkn-gh-noenv"}, "the log");
}

}  // namespace
}  // namespace ca::test
