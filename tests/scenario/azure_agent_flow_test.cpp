// The seed's flow on an agent that applies the real agent's variable rules
// (support/agent_emulator.hpp): pipeline variables, the task step, then a
// separate `script: cargo publish --allow-dirty` step that gets ONLY what the
// agent would hand it (no env: mapping), with real cargo against the local
// registry. Microsoft's guide puts the PAT in a variable group as a secret named
// CARGO_REGISTRIES_<FEED>_TOKEN; the agent keeps any variable of that name
// secret, so the task must get the credential to cargo another way.
#include <gtest/gtest.h>

#include "support/agent_emulator.hpp"
#include "support/cargo_project.hpp"
#include "support/local_registry.hpp"
#include "support/task_runner.hpp"
#include "support/temp_dir.hpp"
#include "util/base64.hpp"

namespace ca::test {
namespace {

constexpr const char* kPut = "/api/v1/crates/new";

class SeedFlow : public ::testing::Test {
 protected:
  TempDir repo;
  TempDir home;
  AgentJob job;
  Env task_inputs;  // INPUT_*, ENDPOINT_* of the task step

  void checkout(const LocalRegistry& registry, const std::string& name = "feed") {
    write_crate(repo, ".", CrateSpec{"seed-crate"});
    task_inputs["INPUT_CONFIGFILE"] =
        repo.write(".cargo/config.toml", registry_config(name, registry.index_url())).string();
    task_inputs["SYSTEM_DEFAULTWORKINGDIRECTORY"] = repo.str();
  }

  // Step 1: the task, in the environment the agent builds for it; the agent
  // then processes its logging commands.
  TaskRun task_step(Env agent_env = azure_agent_env()) {
    Env env = job.task_env(agent_env);
    for (const auto& [k, v] : task_inputs) env[k] = v;
    TaskRun run = run_task(env);
    const AgentStep step = job.run_commands(run.process.out + run.process.err, "auth");
    EXPECT_TRUE(step.errors.empty()) << step.errors.front();
    for (const auto& line : step.log) {
      for (const auto& value : job.masks()) EXPECT_EQ(line.find(value), std::string::npos) << line;
    }
    return run;
  }

  // Step 2: `script: cargo publish --allow-dirty --registry <name>`, no env: mapping.
  ProcessResult publish_step(const std::string& name = "feed") {
    const Env env = job.script_env(cargo_env(home.str()));
    for (const auto& [k, v] : env) {
      EXPECT_NE(k.rfind("SECRET_", 0), 0U) << "a script step never sees " << k;
    }
    ProcessOptions options;
    options.cwd = repo.str();
    options.timeout = std::chrono::seconds(240);
    return run_process({"cargo", "publish", "--allow-dirty", "--no-verify", "--registry", name}, env,
                       options);
  }
};

TEST_F(SeedFlow, VariableGroupSecretNamedLikeCargosVariablePublishesFromALaterScriptStep) {
  const std::string token = "tkn-seed-flow-1";
  LocalRegistry registry({token});
  checkout(registry);
  job.define("CARGO_REGISTRIES_FEED_TOKEN", token, /*secret=*/true);  // the variable group

  const TaskRun run = task_step();
  ASSERT_EQ(run.process.exit_code, 0) << run.process.all();
  EXPECT_EQ(run.log.result(), "Succeeded");
  // The agent kept the cargo variable secret: a later script cannot see it.
  EXPECT_TRUE(job.get("CARGO_REGISTRIES_FEED_TOKEN")->secret);
  const Env later = job.script_env({});
  EXPECT_EQ(later.count("CARGO_REGISTRIES_FEED_TOKEN"), 0U);
  // ...so the provider setting points cargo at this binary, which reads the carrier.
  const std::string provider = later.at("CARGO_REGISTRIES_FEED_CREDENTIAL_PROVIDER");
  EXPECT_EQ(provider,
            std::string(CA_BINARY) +
                " credential-provider --token-variable CARGO_AUTHENTICATE_CARGO_REGISTRIES_FEED_TOKEN");
  EXPECT_EQ(later.at("CARGO_AUTHENTICATE_CARGO_REGISTRIES_FEED_TOKEN"), token);
  // Masked before it was set.
  EXPECT_GE(run.log.index_of("task.setsecret", token), 0);

  const ProcessResult published = publish_step();
  ASSERT_EQ(published.exit_code, 0) << published.all();
  EXPECT_EQ(registry.count_requests("PUT", kPut), 1);
}

TEST_F(SeedFlow, WithoutTheTaskTheLaterStepHasNoToken) {
  // The control: the seed's secret alone does not reach a script step.
  const std::string token = "tkn-seed-flow-2";
  LocalRegistry registry({token});
  checkout(registry);
  job.define("CARGO_REGISTRIES_FEED_TOKEN", token, true);
  const ProcessResult published = publish_step();
  EXPECT_NE(published.exit_code, 0);
  EXPECT_EQ(registry.count_requests("PUT", kPut), 0);
}

TEST_F(SeedFlow, ALowerCaseSecretNameCollidesToo) {
  // Variables.Set compares names case-insensitively.
  const std::string token = "tkn-seed-flow-3";
  LocalRegistry registry({token});
  checkout(registry);
  job.define("cargo_registries_feed_token", token, true);
  const TaskRun run = task_step();
  ASSERT_EQ(run.process.exit_code, 0) << run.process.all();
  EXPECT_EQ(job.script_env({}).count("CARGO_REGISTRIES_FEED_TOKEN"), 0U);
  const ProcessResult published = publish_step();
  ASSERT_EQ(published.exit_code, 0) << published.all();
  EXPECT_EQ(registry.count_requests("PUT", kPut), 1);
}

TEST_F(SeedFlow, TokenVariablesMappingPublishesFromALaterScriptStep) {
  const std::string token = "tkn-seed-mapped-1";
  LocalRegistry registry({token});
  checkout(registry);
  job.define("Feed.Pat", token, true);
  task_inputs["INPUT_TOKENVARIABLES"] = "feed=Feed.Pat";
  const TaskRun run = task_step();
  ASSERT_EQ(run.process.exit_code, 0) << run.process.all();
  // No collision: the cargo variable itself is public now.
  EXPECT_EQ(job.script_env({}).at("CARGO_REGISTRIES_FEED_TOKEN"), token);
  const ProcessResult published = publish_step();
  ASSERT_EQ(published.exit_code, 0) << published.all();
  EXPECT_EQ(registry.count_requests("PUT", kPut), 1);
}

TEST_F(SeedFlow, ServiceConnectionPublishesFromALaterScriptStep) {
  const std::string basic = "Basic " + base64_encode("builder:tkn-seed-conn-1");
  LocalRegistry registry({basic});
  checkout(registry);
  const std::string id = "5eed0000-0000-4000-8000-000000000001";
  task_inputs["INPUT_CARGOSERVICECONNECTIONS"] = id;
  task_inputs["ENDPOINT_URL_" + id] = registry.index_url().substr(std::string("sparse+").size());
  task_inputs["ENDPOINT_AUTH_SCHEME_" + id] = "UsernamePassword";
  task_inputs["ENDPOINT_AUTH_PARAMETER_" + id + "_USERNAME"] = "builder";
  task_inputs["ENDPOINT_AUTH_PARAMETER_" + id + "_PASSWORD"] = "tkn-seed-conn-1";
  const TaskRun run = task_step();
  ASSERT_EQ(run.process.exit_code, 0) << run.process.all();
  EXPECT_EQ(job.script_env({}).at("CARGO_REGISTRIES_FEED_TOKEN"), basic);
  const ProcessResult published = publish_step();
  ASSERT_EQ(published.exit_code, 0) << published.all();
  EXPECT_EQ(registry.count_requests("PUT", kPut), 1);
}

TEST_F(SeedFlow, SystemAccessTokenPublishesToThisCollectionsFeedFromALaterScriptStep) {
  // An Azure DevOps Server collection on loopback; the feed lives under it.
  const std::string token = "tkn-seed-system-1";
  LocalRegistry registry({"Bearer " + token}, false, "/tfs/DefaultCollection/_packaging/feed/Cargo");
  checkout(registry);
  job.define("System.AccessToken", token, true);
  Env agent = azure_agent_env();
  agent["SYSTEM_TEAMFOUNDATIONCOLLECTIONURI"] =
      "http://127.0.0.1:" + std::to_string(registry.port()) + "/tfs/DefaultCollection/";
  agent["SYSTEM_SERVERTYPE"] = "OnPremises";
  const TaskRun run = task_step(agent);
  ASSERT_EQ(run.process.exit_code, 0) << run.process.all();
  EXPECT_EQ(job.script_env({}).at("CARGO_REGISTRIES_FEED_TOKEN"), "Bearer " + token);
  const ProcessResult published = publish_step();
  ASSERT_EQ(published.exit_code, 0) << published.all();
  EXPECT_EQ(registry.count_requests("PUT", kPut), 1);
}

TEST_F(SeedFlow, ASecretNamedLikeTheProviderSettingFailsTheTaskAndSetsNothing) {
  const std::string token = "tkn-seed-flow-4";
  LocalRegistry registry({token});
  checkout(registry);
  job.define("CARGO_REGISTRIES_FEED_TOKEN", token, true);
  job.define("CARGO_REGISTRIES_FEED_CREDENTIAL_PROVIDER", "cargo:token", true);
  const TaskRun run = task_step();
  EXPECT_NE(run.process.exit_code, 0);
  EXPECT_EQ(run.log.result(), "Failed");
  EXPECT_TRUE(run.log.variables().empty());
  ASSERT_FALSE(run.log.issues("error").empty());
  EXPECT_NE(run.log.issues("error")[0].data.find("CARGO_REGISTRIES_FEED_CREDENTIAL_PROVIDER"),
            std::string::npos);
}

}  // namespace
}  // namespace ca::test
