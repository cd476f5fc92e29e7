// The Azure task as a Windows agent runs it: no arguments, inputs as INPUT_*,
// secrets as SECRET_*, service connections as ENDPOINT_*; assertions on the
// parsed logging commands and on what a later script step would get under the
// agent's rules. Paths are handed over as the agent on the tool's system names
// them (D:\a\1\s\... on Windows; here Z:\tmp\..., wine's view of /tmp).
#include <gtest/gtest.h>

#include "owner_only.hpp"
#include "support/later_step.hpp"
#include "support/printed_path.hpp"
#include "support/task_runner.hpp"
#include "support/temp_dir.hpp"
#include "util/base64.hpp"

namespace ca::test {
namespace {

constexpr const char* kOwnFeed = "sparse+https://pkgs.dev.azure.com/contoso/_packaging/internal/Cargo/index/";
constexpr const char* kForeignFeed =
    "sparse+https://pkgs.dev.azure.com/fabrikam/_packaging/theirs/Cargo/index/";
constexpr const char* kProGetFeed = "sparse+https://proget.example.com/cargo/external/";

class AzureTask : public ::testing::Test {
 protected:
  TempDir sources;  // $(Build.SourcesDirectory)
  Env env = azure_agent_env();
  std::filesystem::path config_path;

  void config(const std::string& toml) {
    config_path = sources.write(".cargo/config.toml", toml);
    env["INPUT_CONFIGFILE"] = path_for_tool(config_path);
  }
  TaskRun run() { return run_task(env, {}, sources.str()); }
  // The value was masked (task.setsecret) before any command carried it.
  static void expect_masked_first(const TaskRun& run, const std::string& value) {
    const int secret = run.log.index_of("task.setsecret", value);
    ASSERT_GE(secret, 0) << "never masked: " << run.process.all();
    for (std::size_t i = 0; i < static_cast<std::size_t>(secret); ++i) {
      if (run.log.commands[i].name == "task.setsecret") continue;  // masks of other forms
      EXPECT_EQ(run.log.commands[i].data.find(value), std::string::npos)
          << "printed before it was masked: " << run.log.commands[i].name;
    }
  }
};

TEST_F(AzureTask, SecretVariableFromAVariableGroupBecomesTheRegistryToken) {
  config(std::string("[registries]\nproget = { index = \"") + kProGetFeed + "\" }\n");
  env["SECRET_CARGO_REGISTRIES_PROGET_TOKEN"] = "tkn-win-group-secret-1";
  const auto run = this->run();
  ASSERT_EQ(run.process.exit_code, 0) << run.process.all();
  // What cargo in a later script step sends: through `cargo:token`, or through the
  // tool itself as credential provider (the agent keeps secrets from later steps).
  EXPECT_EQ(seen_later(env, run, "CARGO_REGISTRIES_PROGET"), "tkn-win-group-secret-1");
  expect_masked_first(run, "tkn-win-group-secret-1");
  EXPECT_EQ(run.log.result(), "Succeeded");
}

// The run summary goes into AGENT_TEMPDIRECTORY, which every step of the job
// (and, on a self-hosted agent, other jobs) can write: a private directory and
// a file only this user can read, whatever the folder passes on.
TEST_F(AzureTask, TheRunSummaryIsWrittenOwnerOnlyInAPrivateDirectory) {
  TempDir agent_temp;
  env["AGENT_TEMPDIRECTORY"] = path_for_tool(agent_temp.path());
  config(std::string("[registries]\nproget = { index = \"") + kProGetFeed + "\" }\n");
  env["SECRET_CARGO_REGISTRIES_PROGET_TOKEN"] = "tkn-win-summary-1";
  const auto run = this->run();
  ASSERT_EQ(run.process.exit_code, 0) << run.process.all();
  const int upload = run.log.index_of("task.uploadsummary");
  ASSERT_GE(upload, 0) << run.process.out;
  const std::filesystem::path summary = host_path_of_printed(run.log.commands[upload].data);
  ASSERT_TRUE(std::filesystem::is_regular_file(summary)) << summary;
  EXPECT_TRUE(same_path(path_for_tool(summary.parent_path().parent_path()), agent_temp.path())) << summary;
  expect_owner_only(summary);
  expect_owner_only(summary.parent_path(), 0700);
  EXPECT_EQ(read_file(summary).find("tkn-win-summary-1"), std::string::npos);
}

TEST_F(AzureTask, OwnOrganizationFeedGetsTheBuildAccessTokenAndAForeignOneDoesNot) {
  config(std::string("[registries]\ninternal = { index = \"") + kOwnFeed + "\" }\nforeign = { index = \"" +
         kForeignFeed + "\" }\n");
  env["SECRET_SYSTEM_ACCESSTOKEN"] = "tkn-win-build-1";
  const auto run = this->run();
  ASSERT_EQ(run.process.exit_code, 0) << run.process.all();
  EXPECT_EQ(seen_later(env, run, "CARGO_REGISTRIES_INTERNAL"), "Bearer tkn-win-build-1");
  expect_masked_first(run, "Bearer tkn-win-build-1");
  EXPECT_EQ(seen_later(env, run, "CARGO_REGISTRIES_FOREIGN"), "<none>");
  const auto warnings = run.log.issues("warning");
  ASSERT_EQ(warnings.size(), 1U) << run.process.all();
  EXPECT_NE(warnings[0].data.find("fabrikam"), std::string::npos) << warnings[0].data;
  EXPECT_EQ(run.log.result(), "SucceededWithIssues");
}

TEST_F(AzureTask, UsernamePasswordServiceConnectionBecomesBasic) {
  config(std::string("[registries]\nexternal = { index = \"") + kProGetFeed + "\" }\n");
  const std::string id = "3f2a9c1e-0000-4000-8000-00000000000a";
  env["INPUT_CARGOSERVICECONNECTIONS"] = id;
  env["ENDPOINT_URL_" + id] = "https://PROGET.example.com/cargo/external";
  env["ENDPOINT_AUTH_SCHEME_" + id] = "UsernamePassword";
  env["ENDPOINT_AUTH_PARAMETER_" + id + "_USERNAME"] = "builder";
  env["ENDPOINT_AUTH_PARAMETER_" + id + "_PASSWORD"] = "tkn-win-connection-pw-1";
  const auto run = this->run();
  ASSERT_EQ(run.process.exit_code, 0) << run.process.all();
  const std::string expected = "Basic " + base64_encode("builder:tkn-win-connection-pw-1");
  EXPECT_EQ(seen_later(env, run, "CARGO_REGISTRIES_EXTERNAL"), expected);
  expect_masked_first(run, expected);
  EXPECT_EQ(run.log.result(), "Succeeded");
}

TEST_F(AzureTask, MalformedConfigFailsAtFileLineAndColumnAndSetsNothing) {
  config("[registries]\nbroken = { index = \"sparse+https://x.example/\" \n");
  env["SECRET_SYSTEM_ACCESSTOKEN"] = "tkn-win-build-2";
  const auto run = this->run();
  EXPECT_EQ(run.process.exit_code, 2) << run.process.all();
  const auto errors = run.log.issues("error");
  ASSERT_EQ(errors.size(), 1U) << run.process.all();
  // The agent links the annotation to the file: sourcepath, linenumber, columnnumber.
  EXPECT_TRUE(same_path(errors[0].properties.at("sourcepath"), config_path))
      << errors[0].properties.at("sourcepath") << " is not " << config_path;
  EXPECT_EQ(errors[0].properties.at("linenumber"), "2");
  EXPECT_EQ(errors[0].properties.at("columnnumber"), "49");  // where the input ends: the `}` never came
  EXPECT_EQ(run.log.result(), "Failed");
  EXPECT_TRUE(run.log.variables().empty());
  EXPECT_TRUE(run.log.secrets().empty());
}

TEST_F(AzureTask, ConfigUnderAPathWithSpacesAndNonAsciiIsReadAndNamedExactly) {
  // A Windows agent's work folder can be anywhere; paths travel as UTF-16 there.
  config_path = sources.write("Pfad mit Leerzeichen/Grüße ü/.cargo/config.toml",
                              "[registries]\nbroken = { index = \"sparse+https://x.example/\" \n");
  env["INPUT_CONFIGFILE"] = path_for_tool(config_path);
  const auto run = this->run();
  EXPECT_EQ(run.process.exit_code, 2) << run.process.all();
  const auto errors = run.log.issues("error");
  ASSERT_EQ(errors.size(), 1U) << run.process.all();
  ASSERT_TRUE(errors[0].properties.count("sourcepath")) << "not the TOML error: " << errors[0].data;
  EXPECT_TRUE(same_path(errors[0].properties.at("sourcepath"), config_path))
      << errors[0].properties.at("sourcepath") << " is not " << config_path;
  EXPECT_EQ(errors[0].properties.at("linenumber"), "2");

  // The same place, well-formed, is read.
  sources.write("Pfad mit Leerzeichen/Grüße ü/.cargo/config.toml",
                std::string("[registries]\nproget = { index = \"") + kProGetFeed + "\" }\n");
  env["SECRET_CARGO_REGISTRIES_PROGET_TOKEN"] = "tkn-win-unicode-path-1";
  const auto good = this->run();
  ASSERT_EQ(good.process.exit_code, 0) << good.process.all();
  EXPECT_EQ(seen_later(env, good, "CARGO_REGISTRIES_PROGET"), "tkn-win-unicode-path-1");
}

}  // namespace
}  // namespace ca::test
