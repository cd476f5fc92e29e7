// Cloud Native Build end to end: the plugin's real entrypoint script
// (task/cnb/entrypoint.sh) runs the built binary with PLUGIN_* settings and
// CNB's system variables, as CNB runs a plugin task; script tasks run
// `cargo-authenticate login` and then plain cargo. The local registry stands
// in for the instance's cargo registry (CNB_WEB_ENDPOINT points at its host).
// CNB masks nothing, so every run's output is scanned for every token form.
#include <gtest/gtest.h>
#include <toml++/toml.h>

#include <cstdlib>

#include "support/cargo_project.hpp"
#include "support/local_registry.hpp"
#include "support/secret_scan.hpp"
#include "support/task_runner.hpp"
#include "support/temp_dir.hpp"

namespace ca::test {
namespace {

constexpr const char* kCnbToken = "tkn-cnb-build-1";

std::vector<std::string> set_outputs(const std::string& out) {
  std::vector<std::string> lines;
  std::size_t start = 0;
  while (start < out.size()) {
    auto end = out.find('\n', start);
    if (end == std::string::npos) end = out.size();
    const std::string line = out.substr(start, end - start);
    if (line.rfind("##[set-output ", 0) == 0) lines.push_back(line);
    start = end + 1;
  }
  return lines;
}

class Cnb : public ::testing::Test {
 protected:
  LocalRegistry registry{{kCnbToken, "tkn-cnb-user-secret"}};
  TempDir workspace;  // CNB_BUILD_WORKSPACE: the checked-out repository
  TempDir container;  // the task container's HOME
  Env env = base_env();

  void SetUp() override {
    env["CI"] = "true";
    env["CNB"] = "true";
    env["CNB_EVENT"] = "tag_push";
    env["CNB_BRANCH"] = "v0.1.0";
    env["CNB_IS_TAG"] = "true";
    env["CNB_BUILD_WORKSPACE"] = workspace.str();
    // The instance is the registry's scheme, host AND port: another port on the
    // same name is another service and never gets CNB_TOKEN.
    env["CNB_WEB_ENDPOINT"] = registry.base_url();
    env["CNB_API_ENDPOINT"] = "http://127.0.0.1:1/api";
    env["CNB_TOKEN_USER_NAME"] = "cnb";
    env["CNB_TOKEN"] = kCnbToken;
    // rustup finds its toolchains through HOME unless told; the container's HOME is new.
    if (env.count("RUSTUP_HOME") == 0 && std::getenv("HOME") != nullptr) {
      env["RUSTUP_HOME"] = std::string(std::getenv("HOME")) + "/.rustup";
    }
    env["HOME"] = container.str();
    write_crate(workspace, "", CrateSpec{"cnb-demo", "0.1.0", {}, "[\"cnb-repo\"]"});
    workspace.write(".cargo/config.toml",
                    "[registry]\ndefault = \"cnb-repo\"\n" +
                        registry_config("cnb-repo", registry.index_url()) +
                        registry_config("elsewhere", "sparse+https://elsewhere.example/cargo/"));
  }

  ProcessResult plugin() {
    Env plugin_env = env;
    plugin_env["CARGO_AUTHENTICATE_BIN"] = CA_BINARY;
    plugin_env["CARGO_HOME"] = (container.path() / ".cargo").string();
    ProcessOptions options;
    options.cwd = container.str();  // the entrypoint moves into the workspace itself
    options.timeout = std::chrono::seconds(300);
    auto result =
        run_process({"sh", std::string(CA_SOURCE_DIR) + "/task/cnb/entrypoint.sh"}, plugin_env, options);
    expect_no_secrets(result.all(), {kCnbToken, "tkn-cnb-user-secret"}, "the plugin's log");
    for (const auto& line : set_outputs(result.out)) expect_no_secrets(line, {kCnbToken}, "a set-output");
    return result;
  }

  ProcessResult cargo_publish(const std::string& cargo_home) {
    ProcessOptions options;
    options.cwd = workspace.str();
    options.timeout = std::chrono::seconds(240);
    return run_process({"cargo", "publish", "--allow-dirty"}, cargo_env(cargo_home), options);
  }
};

TEST_F(Cnb, PluginPublishesWithCnbTokenByDefault) {
#if __has_include("commands/publish_command.hpp")
  const auto run = plugin();
  ASSERT_EQ(run.exit_code, 0) << run.all();
  EXPECT_EQ(registry.count_requests("PUT", "/api/v1/crates/new"), 1) << registry.request_log();
#else
  GTEST_SKIP() << "the publish command is not in this tree yet";
#endif
}

TEST_F(Cnb, PluginAuthChecksWithoutPrintingSecretsAndSetsANameOnlyOutput) {
  env["PLUGIN_COMMAND"] = "auth";
  const auto run = plugin();
  ASSERT_EQ(run.exit_code, 0) << run.all();
  EXPECT_NE(run.out.find("cnb-repo"), std::string::npos);
  EXPECT_NE(run.out.find("CNB_TOKEN"), std::string::npos) << "the summary names the source";
  EXPECT_NE(run.out.find("warning: "), std::string::npos) << "elsewhere has no credential";
  const auto outputs = set_outputs(run.out);
  ASSERT_EQ(outputs.size(), 1U) << run.out;
  EXPECT_EQ(outputs[0], "##[set-output registries=cnb-repo]");
  EXPECT_NE(run.out.find("cannot hand variables to later jobs"), std::string::npos) << run.out;
}

TEST_F(Cnb, ScriptTaskLoginThenPlainCargoPublish) {
  // .cnb.yml script tasks: `cargo-authenticate login`, then `cargo publish --allow-dirty`.
  const std::string cargo_home = (container.path() / ".cargo").string();
  Env script = env;  // HOME is the container's; CARGO_HOME unset, as in a rust image without it
  const auto login = run_cli({"login"}, script, workspace.str());
  ASSERT_EQ(login.exit_code, 0) << login.all();
  expect_no_secrets(login.all(), {kCnbToken}, "the login task's log");
  const toml::table credentials = toml::parse_file(cargo_home + "/credentials.toml");
  EXPECT_EQ(credentials["registries"]["cnb-repo"]["token"].value<std::string>(), kCnbToken);
  EXPECT_FALSE(credentials["registries"]["elsewhere"]) << "CNB_TOKEN must not reach another host's registry";
  const auto publish = cargo_publish(cargo_home);
  EXPECT_EQ(publish.exit_code, 0) << publish.all();
  EXPECT_EQ(registry.count_requests("PUT", "/api/v1/crates/new"), 1) << registry.request_log();
}

TEST_F(Cnb, PluginLoginWithTheTokenSettingForTheRegistriesItNames) {
  env["PLUGIN_COMMAND"] = "login";
  env["PLUGIN_TOKEN"] = "tkn-cnb-user-secret";  // settings: token: $CARGO_TOKEN (imported secret)
  env["PLUGIN_TOKEN_REGISTRIES"] = "elsewhere";
  const auto run = plugin();
  ASSERT_EQ(run.exit_code, 0) << run.all();
  const toml::table credentials = toml::parse_file((container.path() / ".cargo/credentials.toml").string());
  EXPECT_EQ(credentials["registries"]["elsewhere"]["token"].value<std::string>(), "tkn-cnb-user-secret");
  EXPECT_EQ(credentials["registries"]["cnb-repo"]["token"].value<std::string>(), kCnbToken);
}

TEST_F(Cnb, WithoutCnbTokenTheInstancesRegistryFailsWithWhatToDo) {
  env.erase("CNB_TOKEN");  // e.g. a pull-request build
  env["PLUGIN_COMMAND"] = "auth";
  env["PLUGIN_REGISTRIES"] = "cnb-repo";
  const auto run = plugin();
  EXPECT_EQ(run.exit_code, 1) << run.all();
  EXPECT_NE(run.out.find("error: "), std::string::npos) << run.out;
  EXPECT_NE(run.out.find("no CNB_TOKEN"), std::string::npos) << run.out;
  EXPECT_TRUE(set_outputs(run.out).empty());
}

TEST_F(Cnb, MalformedSettingIsABadInputNamingTheSetting) {
  env["PLUGIN_DRY_RUN"] = "sometimes";
  const auto run = plugin();
  EXPECT_EQ(run.exit_code, 2) << run.all();
  EXPECT_NE(run.out.find("error: settings.dry_run"), std::string::npos) << run.out;
}

TEST_F(Cnb, RegistryNamesCannotForgeASetOutput) {
  workspace.write(".cargo/config.toml",
                  "[registries.\"x]\\n##[set-output token=1\"]\nindex = \"sparse+https://e.example/\"\n");
  env["PLUGIN_COMMAND"] = "auth";
  const auto run = plugin();
  for (const auto& line : set_outputs(run.out)) EXPECT_EQ(line.find("token="), std::string::npos) << line;
}

}  // namespace
}  // namespace ca::test
