// `auth --provider`: no token is handed on, only cargo's credential-provider setting
// pointing at cargo-authenticate, which finds the credential when cargo asks. Real
// binary, real cargo, and the local registry playing GitHub's ID-token endpoint and
// the trusted-publishing exchange (src/local_registry/identity_emulator.hpp).
// Every issued value carries the "tkn-" marker the leak guard hunts for.
#include <gtest/gtest.h>
#include <toml++/toml.h>

#include <filesystem>
#include <nlohmann/json.hpp>
#include <random>
#include <sstream>

#include "support/cargo_project.hpp"
#include "support/github_files.hpp"
#include "support/leak_guard.hpp"
#include "support/local_registry.hpp"
#include "support/secret_scan.hpp"
#include "support/task_runner.hpp"
#include "support/temp_dir.hpp"

namespace ca::test {
namespace {

constexpr const char* kExchangePath = "/api/v1/trusted_publishing/tokens";

std::string random_suffix() {
  std::random_device device;
  return std::to_string(device()) + std::to_string(device());
}

// The step log without the ::add-mask:: lines, which carry each value on purpose.
std::string unmasked(const std::string& out) {
  std::string text;
  std::istringstream lines(out);
  for (std::string line; std::getline(lines, line);) {
    if (line.rfind("::add-mask::", 0) != 0) text += line + "\n";
  }
  return text;
}

bool ends_with_token(const std::string& name) {
  return name.size() >= 6 && name.compare(name.size() - 6, 6, "_TOKEN") == 0;
}

class ProviderMode : public ::testing::Test {
 protected:
  LocalRegistry registry{{}, /*anonymous=*/true};
  TempDir project;
  TempDir runner;
  TempDir home;
  std::string request_token = "tkn-pmreq-" + random_suffix();
  std::string github_jwt = "tkn-pmjwt-" + random_suffix();
  std::string registry_token = "tkn-pmtp-" + random_suffix();
  Env action = base_env();

  void SetUp() override {
    for (const auto* value : {&request_token, &github_jwt, &registry_token})
      LeakGuard::instance().register_token(*value);
    identity({});
    write_workspace(project, {CrateSpec{"pm-one", "0.1.0", {}, "[\"tp\"]"},
                              CrateSpec{"pm-two", "0.1.0", {}, "[\"tp\"]"}});
    project.write(".cargo/config.toml", registry_config("tp", registry.index_url()));
    action["GITHUB_ACTIONS"] = "true";
    action["CI"] = "true";
    action["GITHUB_ENV"] = runner.write("github_env", "").string();
    action["GITHUB_OUTPUT"] = runner.write("github_output", "").string();
    action["GITHUB_STEP_SUMMARY"] = runner.write("summary.md", "").string();
    action["ACTIONS_ID_TOKEN_REQUEST_URL"] = registry.base_url() + "/_oidc/github?runId=7";
    action["ACTIONS_ID_TOKEN_REQUEST_TOKEN"] = request_token;
    action["INPUT_CONFIG_FILE"] = ".cargo/config.toml";
    action["INPUT_REGISTRIES"] = "tp";
    action["INPUT_TRUSTED_PUBLISHING"] = "true";
    action["INPUT_CREDENTIAL_PROVIDER"] = "true";
  }
  void identity(const nlohmann::json& extra) {
    nlohmann::json settings = {{"github_request_token", request_token},
                               {"github_jwt", github_jwt},
                               {"audience", "127.0.0.1"},
                               {"registry_token", registry_token}};
    if (extra.is_object()) settings.update(extra);
    const auto reply = http_request("POST", registry.base_url() + "/_control/identity", settings.dump());
    ASSERT_EQ(reply.status, 200) << reply.body;
  }
  nlohmann::json state() const {
    return nlohmann::json::parse(http_request("GET", registry.base_url() + "/_control/identity").body);
  }
  // The auth step; returns what it wrote to $GITHUB_ENV.
  std::map<std::string, std::string> auth_step() {
    const auto run = run_cli({}, action, project.str());
    EXPECT_EQ(run.exit_code, 0) << run.all();
    expect_no_secrets(unmasked(run.out) + run.err, {registry_token}, "the auth step's output");
    expect_no_secrets(read_file(action.at("GITHUB_ENV")) + read_file(action.at("GITHUB_OUTPUT")) +
                          read_file(action.at("GITHUB_STEP_SUMMARY")),
                      {registry_token}, "the runner's files");
    const auto file = GitHubFile::read(action.at("GITHUB_ENV"));
    EXPECT_TRUE(file.error.empty()) << file.error;
    return file.values();
  }
  // A later step of the same job: the runner's own variables and $GITHUB_ENV, nothing else.
  ProcessResult cargo_step(const std::map<std::string, std::string>& github_env,
                           const std::vector<std::string>& args) {
    Env cargo = cargo_env(home.str());
    cargo["GITHUB_ACTIONS"] = "true";
    cargo["ACTIONS_ID_TOKEN_REQUEST_URL"] = action.at("ACTIONS_ID_TOKEN_REQUEST_URL");
    cargo["ACTIONS_ID_TOKEN_REQUEST_TOKEN"] = request_token;
    for (const auto& [name, value] : github_env) cargo[name] = value;
    for (const auto& [name, value] : cargo) {
      // The runner's ID-token request credential is in every step; no registry token is.
      EXPECT_FALSE(ends_with_token(name) && name != "ACTIONS_ID_TOKEN_REQUEST_TOKEN") << name;
      EXPECT_EQ(value.find(registry_token), std::string::npos) << name;
    }
    std::vector<std::string> argv{"cargo"};
    argv.insert(argv.end(), args.begin(), args.end());
    return run_process(argv, cargo, {project.str(), "", std::chrono::seconds(240)});
  }
};

TEST_F(ProviderMode, GitHubTrustedPublishingExportsOnlyTheProviderAndCargoExchangesWhenItPublishes) {
  const auto github_env = auth_step();
  // Only cargo's provider setting: this binary, asked to do the exchange when cargo needs it.
  ASSERT_EQ(github_env.size(), 1U) << nlohmann::json(github_env).dump();
  EXPECT_EQ(github_env.at("CARGO_REGISTRIES_TP_CREDENTIAL_PROVIDER"),
            std::string(CA_BINARY) + " credential-provider --trusted-publishing");
  // The auth step proved the exchange works and gave its token back.
  auto after_auth = state();
  EXPECT_EQ(after_auth["exchanges"], 1);
  EXPECT_EQ(after_auth["revocations"], 1);
  EXPECT_TRUE(after_auth["live_tokens"].empty());

  const auto published = cargo_step(github_env, {"publish", "--workspace", "--allow-dirty", "--no-verify"});
  ASSERT_EQ(published.exit_code, 0) << published.all();
  EXPECT_EQ(registry.count_requests("PUT", "/api/v1/crates/new"), 2);
  // Two packages, one exchange: the 30-minute token is cached by cargo (cache: expires).
  EXPECT_EQ(state()["exchanges"], 2);
  expect_no_secrets(published.all(), {registry_token}, "cargo's output");
}

TEST_F(ProviderMode, AnExpiringTokenIsAskedForAgainAfterItsExpiry) {
  const auto github_env = auth_step();
  // The exchange now states a 5-second lifetime: cargo treats a token that expires within a
  // minute as expired, so it asks the provider again for the second package.
  identity({{"registry_token_expires_in", 5}});
  const auto published = cargo_step(github_env, {"publish", "--workspace", "--allow-dirty", "--no-verify"});
  ASSERT_EQ(published.exit_code, 0) << published.all();
  EXPECT_EQ(registry.count_requests("PUT", "/api/v1/crates/new"), 2);
  // auth's exchange, then cargo's: with a 30-minute token it asks once (test above); here every
  // token request of cargo 1.95 finds the cached one expired (3 asks for 2 packages were seen).
  const int exchanges = state()["exchanges"].get<int>();
  EXPECT_GE(exchanges, 3);
  EXPECT_EQ(registry.count_requests("POST", kExchangePath), exchanges);
}

TEST_F(ProviderMode, ARefusedExchangeReachesTheUserThroughCargosMessage) {
  const auto github_env = auth_step();
  registry.set_faults(
      nlohmann::json::array(
          {{{"method", "POST"},
            {"path_prefix", kExchangePath},
            {"status", 400},
            {"times", -1},
            {"retry_after", 0},
            {"body", R"({"errors":[{"detail":"No matching trusted publishing configuration"}]})"},
            {"content_type", "application/json"}}})
          .dump());
  const auto published = cargo_step(github_env, {"publish", "-p", "pm-one", "--allow-dirty", "--no-verify"});
  EXPECT_EQ(published.exit_code, 101) << published.all();
  EXPECT_NE(published.err.find("trusted publishing for registry 'tp'"), std::string::npos) << published.err;
  EXPECT_NE(published.err.find("No matching trusted publishing configuration"), std::string::npos)
      << published.err;
  EXPECT_EQ(registry.count_requests("PUT", "/api/v1/crates/new"), 0);
}

TEST_F(ProviderMode, AzureRefusesTheModeAndSaysWhatToUseInstead) {
  Env env = azure_agent_env();
  env["INPUT_CONFIGFILE"] = (project.path() / ".cargo/config.toml").string();
  env["INPUT_CREDENTIALPROVIDER"] = "true";
  env["SECRET_TP_KEY"] = "tkn-pm-azure-1";
  LeakGuard::instance().register_token("tkn-pm-azure-1");
  env["INPUT_TOKENVARIABLES"] = "tp=TP_KEY";
  const auto task = run_task(env);
  EXPECT_EQ(task.process.exit_code, 2) << task.process.all();
  EXPECT_TRUE(task.log.all("task.setvariable").empty());
  const std::string all = task.process.all();
  EXPECT_NE(all.find("not available on Azure Pipelines"), std::string::npos) << all;
  EXPECT_NE(all.find("Turn credentialProvider off"), std::string::npos) << all;
}

TEST(ProviderModeShell, TokenMappingIsReadByTheProviderAndNoTokenIsEmitted) {
  LocalRegistry registry({"Bearer tkn-pm-shell-1"});
  TempDir project;
  TempDir home;
  write_crate(project, "", CrateSpec{"pm-shell", "0.1.0", {}, "[\"local\"]"});
  project.write(".cargo/config.toml", registry_config("local", registry.index_url()));
  Env env = base_env();
  env["MY_REGISTRY_KEY"] = "Bearer tkn-pm-shell-1";  // the developer's own variable
  const auto run = run_cli({"auth", "--provider", "--token", "local=MY_REGISTRY_KEY", "--emit", "json"}, env,
                           project.str());
  ASSERT_EQ(run.exit_code, 0) << run.all();
  expect_no_secrets(run.all(), {"tkn-pm-shell-1"}, "the auth output");
  const auto json = nlohmann::json::parse(run.out);
  ASSERT_EQ(json.at("variables").size(), 1U) << run.out;
  const auto& variable = json.at("variables").at(0);
  EXPECT_EQ(variable.at("name"), "CARGO_REGISTRIES_LOCAL_CREDENTIAL_PROVIDER");
  EXPECT_EQ(variable.at("value"),
            std::string(CA_BINARY) + " credential-provider --token-variable MY_REGISTRY_KEY");

  Env cargo = cargo_env(home.str());
  cargo["MY_REGISTRY_KEY"] = env.at("MY_REGISTRY_KEY");
  cargo[variable.at("name").get<std::string>()] = variable.at("value").get<std::string>();
  for (const auto& [name, value] : cargo) EXPECT_FALSE(ends_with_token(name)) << name;
  const auto published =
      run_process({"cargo", "publish", "--allow-dirty", "--no-verify", "--registry", "local"}, cargo,
                  {project.str(), "", std::chrono::seconds(240)});
  EXPECT_EQ(published.exit_code, 0) << published.all();
  EXPECT_EQ(registry.count_requests("PUT", "/api/v1/crates/new"), 1);

  // A source that cannot be found again later (a token cargo variable of this step) is refused.
  Env plain = base_env();
  plain["CARGO_REGISTRIES_LOCAL_TOKEN"] = "Bearer tkn-pm-shell-1";
  const auto refused = run_cli({"auth", "--provider", "--emit", "json"}, plain, project.str());
  EXPECT_EQ(refused.exit_code, 1) << refused.all();
  EXPECT_NE(refused.err.find("cannot find this credential again"), std::string::npos) << refused.err;
  expect_no_secrets(refused.all(), {"tkn-pm-shell-1"}, "the refused run's output");
}

TEST(ProviderModeShell, LoginWritesTheProviderIntoCargoHomeKeepingCommentsAndNoToken) {
  LocalRegistry registry({"Bearer tkn-pm-login-1"});
  TempDir project;
  TempDir home;
  write_crate(project, "", CrateSpec{"pm-login", "0.1.0", {}, "[\"local\"]"});
  project.write(".cargo/config.toml", registry_config("local", registry.index_url()));
  home.write("config.toml", "# my settings\n[net]\nretry = 3 # keep\n");
  Env env = cargo_env(home.str());
  env["MY_REGISTRY_KEY"] = "Bearer tkn-pm-login-1";
  const auto login = run_cli({"login", "--provider", "--token", "local=MY_REGISTRY_KEY"}, env, project.str());
  ASSERT_EQ(login.exit_code, 0) << login.all();
  expect_no_secrets(login.all(), {"tkn-pm-login-1"}, "login's output");
  const std::string config = read_file(home.path() / "config.toml");
  EXPECT_EQ(config.rfind("# my settings\n[net]\nretry = 3 # keep\n", 0), 0U) << config;
  const auto table = toml::parse(config);
  EXPECT_EQ(table["registries"]["local"]["credential-provider"].value_or(std::string()),
            std::string(CA_BINARY) + " credential-provider --token-variable MY_REGISTRY_KEY");
  EXPECT_FALSE(std::filesystem::exists(home.path() / "credentials.toml"));
  expect_no_secrets(config, {"tkn-pm-login-1"}, "config.toml");

  // A later shell: plain cargo publish, the key under the developer's own name only.
  const auto published =
      run_process({"cargo", "publish", "--allow-dirty", "--no-verify", "--registry", "local"}, env,
                  {project.str(), "", std::chrono::seconds(240)});
  EXPECT_EQ(published.exit_code, 0) << published.all();
  EXPECT_EQ(registry.count_requests("PUT", "/api/v1/crates/new"), 1);
}

}  // namespace
}  // namespace ca::test
