// The agent's variable rules (support/agent_emulator.hpp, ported from
// microsoft/azure-pipelines-agent) and the tool's own copy of the one rule it
// needs (hosts/azure/agent_secret_names.hpp), plus the export plan built on it.
#include <gtest/gtest.h>

#include "commands/export_plan.hpp"
#include "hosts/azure/agent_secret_names.hpp"
#include "support/agent_emulator.hpp"

namespace ca::test {
namespace {

TEST(AgentEmulator, ASecretStaysSecretWhenSetPublicUnderTheSameNameInAnyCase) {
  AgentJob job;
  job.define("CARGO_REGISTRIES_FEED_TOKEN", "tkn-unit-1", true);
  job.run_commands("##vso[task.setvariable variable=cargo_registries_feed_token;issecret=false]tkn-unit-2\n");
  const auto v = job.get("CARGO_REGISTRIES_FEED_TOKEN");
  ASSERT_TRUE(v);
  EXPECT_TRUE(v->secret);
  EXPECT_EQ(v->value, "tkn-unit-2");
  const Env script = job.script_env({});
  EXPECT_EQ(script.count("CARGO_REGISTRIES_FEED_TOKEN"), 0U);
  EXPECT_EQ(script.count("SECRET_CARGO_REGISTRIES_FEED_TOKEN"), 0U);
  // The task step still gets it as SECRET_*, and the new value is masked.
  EXPECT_EQ(job.task_env({}).at("SECRET_CARGO_REGISTRIES_FEED_TOKEN"), "tkn-unit-2");
  EXPECT_EQ(job.mask("x tkn-unit-2 y"), "x *** y");
}

TEST(AgentEmulator, PublicVariablesReachScriptsUnderTheAgentsNameFormat) {
  AgentJob job;
  job.run_commands("##vso[task.setvariable variable=my.var name;issecret=False]v1\n");
  const Env script = job.script_env({});
  EXPECT_EQ(script.at("MY_VAR_NAME"), "v1");
  EXPECT_EQ(script.at("VSTS_PUBLIC_VARIABLES"), "[\"my.var name\"]");
  EXPECT_EQ(agent_env_name("a-b.c d"), "A-B_C_D");  // hyphens are kept
}

TEST(AgentEmulator, BooleansParseLikeDotNet) {
  EXPECT_EQ(dotnet_parse_bool(" TRUE "), true);
  EXPECT_EQ(dotnet_parse_bool("False"), false);
  EXPECT_EQ(dotnet_parse_bool("yes"), std::nullopt);  // not a .NET boolean: the default applies
  AgentJob job;
  job.run_commands("##vso[task.setvariable variable=A;issecret=yes]v\n");
  EXPECT_FALSE(job.get("A")->secret);
}

TEST(AgentEmulator, OutputAndReadOnlyVariablesAndRejectedCommands) {
  AgentJob job;
  auto step = job.run_commands(
      "##vso[task.setvariable variable=out;isoutput=true]o\n"
      "##vso[task.setvariable variable=S;issecret=true]a%0Ab\n"
      "##vso[task.setvariable]x\n",
      "auth");
  EXPECT_EQ(job.get("auth.out")->value, "o");
  EXPECT_TRUE(job.get("auth.out")->read_only);
  EXPECT_FALSE(job.get("S"));  // a secret with a newline is rejected
  EXPECT_EQ(step.errors.size(), 2U);
  step = job.run_commands("##vso[task.setvariable variable=auth.out]changed\n");
  EXPECT_EQ(job.get("auth.out")->value, "o");
  EXPECT_EQ(step.errors.size(), 1U);
}

TEST(AgentEmulator, MasksMergeOverlappingMatchesAndCommandsAreNotShown) {
  AgentJob job;
  const auto step =
      job.run_commands("##vso[task.setsecret]abcd\n##vso[task.setsecret]cdef\nline abcdef end\nplain\n");
  ASSERT_EQ(step.log.size(), 2U);
  EXPECT_EQ(step.log[0], "line *** end");
  EXPECT_EQ(step.log[1], "plain");
}

TEST(AgentEmulator, StateRoundTrips) {
  AgentJob job;
  job.define("A", "1", true);
  job.define("B", "2");
  const AgentJob copy = AgentJob::from_json(job.to_json());
  EXPECT_EQ(copy.task_env({}), job.task_env({}));
  EXPECT_EQ(copy.masks(), job.masks());
}

TEST(AgentSecretNames, ReadsTheListAndSecretVariablesAndComparesInEnvFormat) {
  Environment env(EnvMap{{"VSTS_SECRET_VARIABLES", R"(["Feed.Pat"])"}, {"SECRET_OTHER_ONE", "x"}});
  const AgentSecretNames names(env);
  EXPECT_TRUE(names.stays_secret("feed.pat"));
  EXPECT_TRUE(names.stays_secret("FEED_PAT"));  // conservative: formatted names collide
  EXPECT_TRUE(names.stays_secret("other.one"));
  EXPECT_FALSE(names.stays_secret("CARGO_REGISTRIES_FEED_TOKEN"));
  EXPECT_FALSE(
      AgentSecretNames(Environment(EnvMap{{"VSTS_SECRET_VARIABLES", "not json"}})).stays_secret("A"));
}

}  // namespace
}  // namespace ca::test
