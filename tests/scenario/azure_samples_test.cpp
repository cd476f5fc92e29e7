// The shipped sample configurations (samples/config/*.toml) run through the
// Azure task as samples/azure-pipelines.yml uses it, with the credentials
// their comments promise: each registry gets exactly the value described.
// Keeps the samples honest when the config rules or credential sources change.
#include <gtest/gtest.h>

#include "support/later_step.hpp"
#include "support/task_runner.hpp"
#include "support/temp_dir.hpp"
#include "util/base64.hpp"

namespace ca::test {
namespace {

constexpr const char* kProGetConnection = "0f0e0d0c-0000-4000-8000-0000000000b1";

class AzureSamples : public ::testing::Test {
 protected:
  TempDir work;
  Env env = azure_agent_env();

  void SetUp() override { env["SYSTEM_DEFAULTWORKINGDIRECTORY"] = work.str(); }

  void sample(const std::string& name) {
    env["INPUT_CONFIGFILE"] = std::string(CA_SOURCE_DIR) + "/samples/config/" + name;
  }
  void proget_connection() {
    env["INPUT_CARGOSERVICECONNECTIONS"] = kProGetConnection;
    env[std::string("ENDPOINT_URL_") + kProGetConnection] =
        "https://proget.example.com/cargo/internal-crates/";
    env[std::string("ENDPOINT_AUTH_SCHEME_") + kProGetConnection] = "UsernamePassword";
    env[std::string("ENDPOINT_AUTH_PARAMETER_") + kProGetConnection + "_USERNAME"] = "ci";
    env[std::string("ENDPOINT_AUTH_PARAMETER_") + kProGetConnection + "_PASSWORD"] = "tkn-sample-proget";
  }
};

TEST_F(AzureSamples, AzureArtifactsFeedGetsTheBuildAccessToken) {
  sample("azure-artifacts.toml");
  env["SECRET_SYSTEM_ACCESSTOKEN"] = "tkn-sample-build";
  const TaskRun run = run_task(env, {}, work.str());
  ASSERT_EQ(run.process.exit_code, 0) << run.process.all();
  const auto vars = run.log.variables();
  EXPECT_EQ(seen_later(env, run, "CARGO_REGISTRIES_MY_FEED"), "Bearer tkn-sample-build");
  EXPECT_EQ(vars.at("CARGO_REGISTRIES_MY_FEED_CREDENTIAL_PROVIDER"), "cargo:token");
  EXPECT_EQ(run.log.result(), "Succeeded");
}

TEST_F(AzureSamples, VariableGroupSecretWinsOverTheAccessToken) {
  // samples/azure-pipelines.yml: group cargo-feeds holds CARGO_REGISTRIES_MY_FEED_TOKEN.
  sample("azure-artifacts.toml");
  env["SECRET_SYSTEM_ACCESSTOKEN"] = "tkn-sample-build";
  const std::string pat = "Basic " + base64_encode("PAT:tkn-sample-pat");
  env["SECRET_CARGO_REGISTRIES_MY_FEED_TOKEN"] = pat;
  env["VSTS_SECRET_VARIABLES"] = "[\"CARGO_REGISTRIES_MY_FEED_TOKEN\"]";
  const TaskRun run = run_task(env, {}, work.str());
  ASSERT_EQ(run.process.exit_code, 0) << run.process.all();
  EXPECT_EQ(seen_later(env, run, "CARGO_REGISTRIES_MY_FEED"), pat);
}

TEST_F(AzureSamples, ProGetFeedGetsItsServiceConnection) {
  sample("proget.toml");
  proget_connection();
  const TaskRun run = run_task(env, {}, work.str());
  ASSERT_EQ(run.process.exit_code, 0) << run.process.all();
  EXPECT_EQ(seen_later(env, run, "CARGO_REGISTRIES_PROGET"),
            "Basic " + base64_encode("ci:tkn-sample-proget"));
}

TEST_F(AzureSamples, ProGetFeedGetsAMappedSecretVariable) {
  sample("proget.toml");
  env["INPUT_TOKENVARIABLES"] = "proget=PROGET_API_KEY";
  env["SECRET_PROGET_API_KEY"] = "tkn-sample-apikey";
  env["VSTS_SECRET_VARIABLES"] = "[\"PROGET_API_KEY\"]";
  const TaskRun run = run_task(env, {}, work.str());
  ASSERT_EQ(run.process.exit_code, 0) << run.process.all();
  EXPECT_EQ(seen_later(env, run, "CARGO_REGISTRIES_PROGET"), "tkn-sample-apikey");
}

TEST_F(AzureSamples, MultiRegistryConfigAuthenticatesAllThreeInBothTomlForms) {
  sample("multi-registry.toml");
  env["SECRET_SYSTEM_ACCESSTOKEN"] = "tkn-sample-build";
  proget_connection();
  env["INPUT_TOKENVARIABLES"] = "cnb-cargo-repo=CNB_CARGO_KEY";
  env["SECRET_CNB_CARGO_KEY"] = "tkn-sample-cnb";
  env["VSTS_SECRET_VARIABLES"] = "[\"CNB_CARGO_KEY\"]";
  const TaskRun run = run_task(env, {}, work.str());
  ASSERT_EQ(run.process.exit_code, 0) << run.process.all();
  const auto vars = run.log.variables();
  EXPECT_EQ(seen_later(env, run, "CARGO_REGISTRIES_MY_FEED"), "Bearer tkn-sample-build");
  EXPECT_EQ(seen_later(env, run, "CARGO_REGISTRIES_PROGET"),
            "Basic " + base64_encode("ci:tkn-sample-proget"));
  EXPECT_EQ(seen_later(env, run, "CARGO_REGISTRIES_CNB_CARGO_REPO"),
            "tkn-sample-cnb");  // the [registries.x] form
  EXPECT_EQ(run.log.result(), "Succeeded");
}

}  // namespace
}  // namespace ca::test
