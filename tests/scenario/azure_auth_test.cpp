// The Azure task end to end: the real binary, run as the agent runs it, on
// real config files; assertions on the parsed logging commands. Covers every
// scenario of CargoAuthenticateV0's L0 suite and each improvement over it.
#include <gtest/gtest.h>

#include "support/later_step.hpp"
#include "support/task_runner.hpp"
#include "support/temp_dir.hpp"
#include "util/base64.hpp"

namespace ca::test {
namespace {

constexpr const char* kInternalFeed =
    "sparse+https://pkgs.dev.azure.com/contoso/_packaging/internal/Cargo/index/";
constexpr const char* kExternalFeed = "sparse+https://proget.example.com/cargo/external/";

class AzureAuth : public ::testing::Test {
 protected:
  TempDir dir;
  Env env = azure_agent_env();

  void config(const std::string& toml) {
    env["INPUT_CONFIGFILE"] = dir.write(".cargo/config.toml", toml).string();
  }
  void connection(const std::string& id, const std::string& url, const std::string& scheme,
                  const std::map<std::string, std::string>& parameters) {
    std::string ids = env["INPUT_CARGOSERVICECONNECTIONS"];
    env["INPUT_CARGOSERVICECONNECTIONS"] = ids.empty() ? id : ids + "," + id;
    env["ENDPOINT_URL_" + id] = url;
    env["ENDPOINT_AUTH_SCHEME_" + id] = scheme;
    for (const auto& [k, v] : parameters) env["ENDPOINT_AUTH_PARAMETER_" + id + "_" + k] = v;
  }
  static void expect_secret_before_variable(const TaskRun& run, const std::string& value) {
    const int secret = run.log.index_of("task.setsecret", value);
    const int variable = [&] {
      for (std::size_t i = 0; i < run.log.commands.size(); ++i) {
        if (run.log.commands[i].name == "task.setvariable" && run.log.commands[i].data == value)
          return static_cast<int>(i);
      }
      return -1;
    }();
    ASSERT_GE(secret, 0) << "value never masked";
    ASSERT_GE(variable, 0) << "value never set";
    EXPECT_LT(secret, variable) << "masked only after it was printed";
  }
};

TEST_F(AzureAuth, InternalFeedGetsTheBuildAccessToken) {
  config(std::string("[registries]\ninternal = { index = \"") + kInternalFeed + "\" }\n");
  env["SECRET_SYSTEM_ACCESSTOKEN"] = "build-token-1";
  const auto run = run_task(env);
  EXPECT_EQ(run.process.exit_code, 0) << run.process.all();
  const auto vars = run.log.variables();
  EXPECT_EQ(seen_later(env, run, "CARGO_REGISTRIES_INTERNAL"), "Bearer build-token-1");
  EXPECT_EQ(vars.at("CARGO_REGISTRIES_INTERNAL_CREDENTIAL_PROVIDER"), "cargo:token");
  for (const auto& c : run.log.all("task.setvariable")) EXPECT_EQ(c.properties.at("issecret"), "false");
  expect_secret_before_variable(run, "Bearer build-token-1");
  EXPECT_EQ(run.log.result(), "Succeeded");
}

TEST_F(AzureAuth, SystemConnectionTokenIsUsedWhenTheSecretVariableIsAbsent) {
  config(std::string("[registries.internal]\nindex = \"") + kInternalFeed + "\"\n");
  env["ENDPOINT_AUTH_PARAMETER_SYSTEMVSSCONNECTION_ACCESSTOKEN"] = "conn-token";
  const auto run = run_task(env);
  EXPECT_EQ(run.process.exit_code, 0) << run.process.all();
  EXPECT_EQ(seen_later(env, run, "CARGO_REGISTRIES_INTERNAL"), "Bearer conn-token");
}

TEST_F(AzureAuth, ExternalUsernamePasswordConnectionBecomesBasic) {
  config(std::string("[registries]\nexternal = { index = \"") + kExternalFeed + "\" }\n");
  // Normalised match: no sparse+, upper-case host, no trailing slash.
  connection("3f2a9c1e-0000-4000-8000-000000000001", "https://PROGET.example.com/cargo/external",
             "UsernamePassword", {{"USERNAME", "builder"}, {"PASSWORD", "pw-1-long-password"}});
  const auto run = run_task(env);
  EXPECT_EQ(run.process.exit_code, 0) << run.process.all();
  const std::string expected = "Basic " + base64_encode("builder:pw-1-long-password");
  EXPECT_EQ(seen_later(env, run, "CARGO_REGISTRIES_EXTERNAL"), expected);
  expect_secret_before_variable(run, expected);
}

TEST_F(AzureAuth, CratesIoTokenConnectionSetsCargoRegistryToken) {
  config(std::string("[registries]\ninternal = { index = \"") + kInternalFeed + "\" }\n");
  env["SECRET_SYSTEM_ACCESSTOKEN"] = "build-token-2";
  connection("c0ffee00-0000-4000-8000-000000000002", "https://crates.io", "Token",
             {{"APITOKEN", "cio-token"}});
  const auto run = run_task(env);
  EXPECT_EQ(run.process.exit_code, 0) << run.process.all();
  const auto vars = run.log.variables();
  EXPECT_EQ(seen_later(env, run, "CARGO_REGISTRY"), "cio-token");
  EXPECT_EQ(vars.at("CARGO_REGISTRY_CREDENTIAL_PROVIDER"), "cargo:token");
  EXPECT_EQ(seen_later(env, run, "CARGO_REGISTRIES_INTERNAL"), "Bearer build-token-2");
}

TEST_F(AzureAuth, TokenConnectionWithAnInvalidUrlFailsTheStepAsTheReferenceDoes) {
  config(std::string("[registries]\nexternal = { index = \"") + kExternalFeed + "\" }\n");
  env["SECRET_CARGO_REGISTRIES_EXTERNAL_TOKEN"] = "tkn-external-secret-1";
  connection("c0ffee00-0000-4000-8000-000000000009", "not a url?access_token=leaky-query-secret", "Token",
             {{"APITOKEN", "tkn-connection-token-1"}});
  const auto run = run_task(env);
  EXPECT_EQ(run.process.exit_code, 2) << run.process.all();
  EXPECT_EQ(run.log.result(), "Failed");
  ASSERT_FALSE(run.log.issues("error").empty()) << run.process.all();
  EXPECT_NE(run.log.issues("error")[0].data.find("c0ffee00-0000-4000-8000-000000000009"), std::string::npos);
  EXPECT_EQ(run.process.all().find("leaky-query-secret"), std::string::npos) << run.process.all();
  EXPECT_TRUE(run.log.variables().empty());
}

TEST_F(AzureAuth, BothTomlFormsAreRead) {
  // Two feeds of the organization: cargo refuses two registries with one index URL.
  config(std::string("[registries]\ninline-form = { index = \"") + kInternalFeed +
         "\" }\n\n[registries.table-form]\nindex = "
         "\"sparse+https://pkgs.dev.azure.com/contoso/_packaging/second/Cargo/index/\"\n");
  env["SECRET_SYSTEM_ACCESSTOKEN"] = "build-token-3";
  const auto run = run_task(env);
  EXPECT_EQ(run.process.exit_code, 0) << run.process.all();
  const auto vars = run.log.variables();
  EXPECT_EQ(vars.count("CARGO_REGISTRIES_INLINE_FORM_TOKEN"), 1U);
  EXPECT_EQ(vars.count("CARGO_REGISTRIES_TABLE_FORM_TOKEN"), 1U);
}

TEST_F(AzureAuth, MalformedTomlFailsWithFileLineAndColumnAndSetsNothing) {
  config("[registries]\nbroken = { index = \"sparse+https://x/\" \n");
  const auto run = run_task(env);
  EXPECT_EQ(run.process.exit_code, 2);
  const auto errors = run.log.issues("error");
  ASSERT_EQ(errors.size(), 1U) << run.process.all();
  EXPECT_EQ(errors[0].properties.at("sourcepath"), env["INPUT_CONFIGFILE"]);
  EXPECT_EQ(errors[0].properties.at("linenumber"), "2");
  EXPECT_TRUE(errors[0].properties.count("columnnumber"));
  EXPECT_EQ(run.log.result(), "Failed");
  EXPECT_TRUE(run.log.variables().empty());
  EXPECT_TRUE(run.log.secrets().empty());
}

TEST_F(AzureAuth, MissingFileFails) {
  env["INPUT_CONFIGFILE"] = (dir.path() / "nope" / "config.toml").string();
  const auto run = run_task(env);
  EXPECT_EQ(run.process.exit_code, 2);
  ASSERT_EQ(run.log.issues("error").size(), 1U);
  EXPECT_NE(run.log.issues("error")[0].data.find("config file not found"), std::string::npos);
  EXPECT_EQ(run.log.result(), "Failed");
  EXPECT_TRUE(run.log.variables().empty());
}

TEST_F(AzureAuth, MixedInternalAndExternal) {
  config(std::string("[registries]\ninternal = { index = \"") + kInternalFeed +
         "\" }\nexternal = { index = \"" + kExternalFeed + "\" }\n");
  env["SECRET_SYSTEM_ACCESSTOKEN"] = "build-token-4";
  connection("e1e1e1e1-0000-4000-8000-000000000003", kExternalFeed, "UsernamePassword",
             {{"USERNAME", "u"}, {"PASSWORD", "external-pw"}});
  const auto run = run_task(env);
  EXPECT_EQ(run.process.exit_code, 0) << run.process.all();
  const auto vars = run.log.variables();
  EXPECT_EQ(seen_later(env, run, "CARGO_REGISTRIES_INTERNAL"), "Bearer build-token-4");
  EXPECT_EQ(seen_later(env, run, "CARGO_REGISTRIES_EXTERNAL"), "Basic " + base64_encode("u:external-pw"));
  EXPECT_EQ(run.log.result(), "Succeeded");
}

TEST_F(AzureAuth, AlreadySetTokenVariableIsKeptAndReExported) {
  config(std::string("[registries]\ninternal = { index = \"") + kInternalFeed + "\" }\n");
  env["SECRET_SYSTEM_ACCESSTOKEN"] = "build-token-5";
  const std::string group_secret = "Basic " + base64_encode("PAT:group-secret");  // from a variable group
  env["SECRET_CARGO_REGISTRIES_INTERNAL_TOKEN"] = group_secret;
  const auto run = run_task(env);
  EXPECT_EQ(run.process.exit_code, 0) << run.process.all();
  EXPECT_EQ(seen_later(env, run, "CARGO_REGISTRIES_INTERNAL"), group_secret);
  expect_secret_before_variable(run, group_secret);
}

TEST_F(AzureAuth, VariableGroupSecretServesAnyHost) {
  // CargoAuthenticate@0 never authenticates registries outside Azure Artifacts.
  config(std::string("[registries]\nexternal = { index = \"") + kExternalFeed + "\" }\n");
  env["SECRET_CARGO_REGISTRIES_EXTERNAL_TOKEN"] = "proget-key";
  const auto run = run_task(env);
  EXPECT_EQ(run.process.exit_code, 0) << run.process.all();
  EXPECT_EQ(seen_later(env, run, "CARGO_REGISTRIES_EXTERNAL"), "proget-key");
}

TEST_F(AzureAuth, TokenVariablesMappingWins) {
  config(std::string("[registries]\nmy-feed = { index = \"") + kExternalFeed + "\" }\n");
  env["INPUT_TOKENVARIABLES"] = "my-feed=Release.Feed.Key";
  env["SECRET_RELEASE_FEED_KEY"] = "mapped-key";
  env["SECRET_CARGO_REGISTRIES_MY_FEED_TOKEN"] = "lower-priority";
  const auto run = run_task(env);
  EXPECT_EQ(run.process.exit_code, 0) << run.process.all();
  EXPECT_EQ(seen_later(env, run, "CARGO_REGISTRIES_MY_FEED"), "mapped-key");
}

TEST_F(AzureAuth, MappingToAnUnsetVariableFails) {
  config(std::string("[registries]\nmy-feed = { index = \"") + kExternalFeed + "\" }\n");
  env["INPUT_TOKENVARIABLES"] = "my-feed=Missing.Var";
  const auto run = run_task(env);
  EXPECT_EQ(run.process.exit_code, 1);
  EXPECT_EQ(run.log.result(), "Failed");
  EXPECT_TRUE(run.log.variables().empty());
}

TEST_F(AzureAuth, OtherOrganizationFeedNeverGetsTheBuildToken) {
  config(
      "[registries]\nforeign = { index = "
      "\"sparse+https://pkgs.dev.azure.com/fabrikam/_packaging/f/Cargo/index/\" }\n");
  env["SECRET_SYSTEM_ACCESSTOKEN"] = "build-token-6";
  const auto run = run_task(env);
  EXPECT_EQ(run.process.exit_code, 0) << run.process.all();
  EXPECT_TRUE(run.log.variables().empty());
  ASSERT_EQ(run.log.issues("warning").size(), 1U);
  EXPECT_NE(run.log.issues("warning")[0].data.find("fabrikam"), std::string::npos);
  EXPECT_EQ(run.log.result(), "SucceededWithIssues");
  EXPECT_EQ(run.process.all().find("build-token-6"), std::string::npos);
}

TEST_F(AzureAuth, OwnFeedWithoutAccessTokenFailsInsteadOfSilentSuccess) {
  config(std::string("[registries]\ninternal = { index = \"") + kInternalFeed + "\" }\n");
  const auto run = run_task(env);
  EXPECT_EQ(run.process.exit_code, 1);
  ASSERT_EQ(run.log.issues("error").size(), 1U);
  EXPECT_NE(run.log.issues("error")[0].data.find("System.AccessToken"), std::string::npos);
  EXPECT_EQ(run.log.result(), "Failed");
  EXPECT_TRUE(run.log.variables().empty());
}

TEST_F(AzureAuth, NamedRegistryWithoutCredentialFails) {
  config(std::string("[registries]\nexternal = { index = \"") + kExternalFeed + "\" }\nother = { index = \"" +
         kExternalFeed + "x/\" }\n");
  env["INPUT_REGISTRYNAMES"] = "external";
  env["SECRET_CARGO_REGISTRIES_OTHER_TOKEN"] = "not-selected";
  const auto run = run_task(env);
  EXPECT_EQ(run.process.exit_code, 1);
  EXPECT_EQ(run.log.result(), "Failed");
  EXPECT_TRUE(run.log.variables().empty());
}

TEST_F(AzureAuth, RegistryNamesSelectsOnlyThose) {
  config(std::string("[registries]\nexternal = { index = \"") + kExternalFeed + "\" }\nother = { index = \"" +
         kExternalFeed + "x/\" }\n");
  env["INPUT_REGISTRYNAMES"] = "other";
  env["SECRET_CARGO_REGISTRIES_OTHER_TOKEN"] = "selected";
  const auto run = run_task(env);
  EXPECT_EQ(run.process.exit_code, 0) << run.process.all();
  const auto vars = run.log.variables();
  EXPECT_EQ(vars.size(), 2U);
  EXPECT_EQ(seen_later(env, run, "CARGO_REGISTRIES_OTHER"), "selected");
  EXPECT_EQ(run.log.outputs(), (std::map<std::string, std::string>{{"authenticatedRegistries", "other"}}));
  EXPECT_EQ(run.log.result(), "Succeeded");
}

TEST_F(AzureAuth, UnknownRegistryNameIsBadInput) {
  config(std::string("[registries]\nexternal = { index = \"") + kExternalFeed + "\" }\n");
  env["INPUT_REGISTRYNAMES"] = "typo";
  const auto run = run_task(env);
  EXPECT_EQ(run.process.exit_code, 2);
  ASSERT_EQ(run.log.issues("error").size(), 1U);
  EXPECT_NE(run.log.issues("error")[0].data.find("external"), std::string::npos);
}

TEST_F(AzureAuth, RegistryWithoutCredentialIsAWarning) {
  config(std::string("[registries]\nexternal = { index = \"") + kExternalFeed + "\" }\n");
  const auto run = run_task(env);
  EXPECT_EQ(run.process.exit_code, 0);
  const auto warnings = run.log.issues("warning");
  ASSERT_EQ(warnings.size(), 1U);
  EXPECT_NE(warnings[0].data.find("CARGO_REGISTRIES_EXTERNAL_TOKEN"), std::string::npos);
  EXPECT_EQ(warnings[0].properties.at("linenumber"), "2");
  EXPECT_EQ(run.log.result(), "SucceededWithIssues");
}

struct BadConfigCase {
  const char* name;
  const char* toml;
  const char* message;
};

class AzureBadConfig : public AzureAuth, public ::testing::WithParamInterface<BadConfigCase> {};

TEST_P(AzureBadConfig, FailsCleanlyAndSetsNothing) {
  config(GetParam().toml);
  env["SECRET_SYSTEM_ACCESSTOKEN"] = "build-token-7";
  const auto run = run_task(env);
  EXPECT_EQ(run.process.exit_code, 2) << run.process.all();
  const auto errors = run.log.issues("error");
  ASSERT_EQ(errors.size(), 1U) << run.process.all();
  EXPECT_NE(errors[0].data.find(GetParam().message), std::string::npos) << errors[0].data;
  EXPECT_EQ(run.log.result(), "Failed");
  EXPECT_TRUE(run.log.variables().empty());
  EXPECT_TRUE(run.log.secrets().empty());
}

INSTANTIATE_TEST_SUITE_P(
    Inputs, AzureBadConfig,
    ::testing::Values(BadConfigCase{"NoRegistries", "[build]\njobs = 2\n", "no registries found"},
                      BadConfigCase{"NoIndex", "[registries.feed]\nprotocol = \"sparse\"\n", "has no index"},
                      BadConfigCase{"InvalidUrl", "[registries]\nfeed = { index = \"sparse+ftp://host/\" }\n",
                                    "invalid index URL"},
                      BadConfigCase{"InvalidName",
                                    "[registries]\n\"1feed\" = { index = \"sparse+https://h/\" }\n",
                                    // cargo skips an entry it cannot name; nothing is left to authenticate
                                    "no registries found"}),
    // Names sharing one variable with different tokens: tests/differential (NamesFoldingOntoOneVariable...).
    [](const auto& info) { return std::string(info.param.name); });

TEST_F(AzureAuth, TokenWithLineBreakIsRefused) {
  config(std::string("[registries]\nexternal = { index = \"") + kExternalFeed + "\" }\n");
  env["SECRET_CARGO_REGISTRIES_EXTERNAL_TOKEN"] = "line1\nline2";
  const auto run = run_task(env);
  EXPECT_EQ(run.process.exit_code, 2);  // README: invalid token (CR/LF) is exit 2
  EXPECT_EQ(run.log.result(), "Failed");
  EXPECT_TRUE(run.log.variables().empty());
  EXPECT_EQ(run.process.all().find("line1"), std::string::npos);
}

TEST_F(AzureAuth, DebugLinesOnlyWithSystemDebug) {
  config(std::string("[registries]\nexternal = { index = \"") + kExternalFeed + "\" }\n");
  env["SECRET_CARGO_REGISTRIES_EXTERNAL_TOKEN"] = "dbg-token";
  EXPECT_TRUE(run_task(env).log.all("task.debug").empty());
  env["SYSTEM_DEBUG"] = "true";
  const auto run = run_task(env);
  EXPECT_FALSE(run.log.all("task.debug").empty());
  for (const auto& c : run.log.all("task.debug")) EXPECT_EQ(c.data.find("dbg-token"), std::string::npos);
}

TEST_F(AzureAuth, SummaryIsUploadedWithoutValues) {
  config(std::string("[registries]\nexternal = { index = \"") + kExternalFeed + "\" }\n");
  env["SECRET_CARGO_REGISTRIES_EXTERNAL_TOKEN"] = "summary-token";
  env["AGENT_TEMPDIRECTORY"] = dir.str();
  const auto run = run_task(env);
  const auto uploads = run.log.all("task.uploadsummary");
  ASSERT_EQ(uploads.size(), 1U);
  const std::string markdown = read_file(uploads[0].data);
  EXPECT_NE(markdown.find("| external | `CARGO_REGISTRIES_EXTERNAL_TOKEN` |"), std::string::npos) << markdown;
  EXPECT_EQ(markdown.find("summary-token"), std::string::npos);
}

}  // namespace
}  // namespace ca::test

namespace ca::test {
namespace {

TEST(AzureBarePat, ABarePatForAnArtifactsFeedIsSentAsBasic) {
  // Microsoft's guide has users paste the bare PAT into the variable group.
  TempDir dir;
  Env env = azure_agent_env();
  env["INPUT_CONFIGFILE"] =
      dir.write("config.toml",
                "[registries]\nfeed = { index = "
                "\"sparse+https://pkgs.dev.azure.com/fabrikam/_packaging/feed/Cargo/index/\" }\n"
                "proget = { index = \"sparse+https://proget.example.com/cargo/feed/\" }\n")
          .string();
  env["SECRET_CARGO_REGISTRIES_FEED_TOKEN"] = "tkn-bare-pat-1";
  env["SECRET_CARGO_REGISTRIES_PROGET_TOKEN"] = "tkn-proget-key-1";
  const auto run = run_task(env);
  EXPECT_EQ(run.process.exit_code, 0) << run.process.all();
  const auto vars = run.log.variables();
  const std::string wrapped = "Basic " + base64_encode("PAT:tkn-bare-pat-1");
  EXPECT_EQ(seen_later(env, run, "CARGO_REGISTRIES_FEED"), wrapped);
  EXPECT_EQ(seen_later(env, run, "CARGO_REGISTRIES_PROGET"), "tkn-proget-key-1");  // other hosts: verbatim
  const auto secrets = run.log.secrets();
  EXPECT_NE(std::find(secrets.begin(), secrets.end(), wrapped), secrets.end());
  EXPECT_NE(std::find(secrets.begin(), secrets.end(), "tkn-bare-pat-1"), secrets.end());
}

TEST(AzureBarePat, AValueWithASchemeIsKept) {
  TempDir dir;
  Env env = azure_agent_env();
  env["INPUT_CONFIGFILE"] =
      dir.write("config.toml",
                "[registries]\nfeed = { index = "
                "\"sparse+https://pkgs.dev.azure.com/fabrikam/_packaging/feed/Cargo/index/\" }\n")
          .string();
  env["SECRET_CARGO_REGISTRIES_FEED_TOKEN"] = "Bearer tkn-with-scheme-1";
  const auto run = run_task(env);
  EXPECT_EQ(seen_later(env, run, "CARGO_REGISTRIES_FEED"), "Bearer tkn-with-scheme-1");
}

}  // namespace
}  // namespace ca::test

namespace ca::test {
namespace {

TEST(AzurePlainHttp, ATokenIsNeverHandedOutForARemotePlainHttpIndex) {
  TempDir dir;
  Env env = azure_agent_env();
  env["INPUT_CONFIGFILE"] =
      dir.write("config.toml",
                "[registries]\nclear = { index = \"sparse+http://registry.example.com/index/\" }\n")
          .string();
  env["SECRET_CARGO_REGISTRIES_CLEAR_TOKEN"] = "tkn-clear-text-1";
  const auto run = run_task(env);
  EXPECT_EQ(run.process.exit_code, 1) << run.process.all();
  EXPECT_EQ(run.log.result(), "Failed");
  EXPECT_TRUE(run.log.variables().empty());
  const auto errors = run.log.issues("error");
  ASSERT_EQ(errors.size(), 1U);
  EXPECT_NE(errors[0].data.find("plain http"), std::string::npos) << errors[0].data;
}

TEST(AzurePlainHttp, LoopbackPlainHttpIsAllowed) {
  TempDir dir;
  Env env = azure_agent_env();
  env["INPUT_CONFIGFILE"] =
      dir.write("config.toml", "[registries]\nlocal = { index = \"sparse+http://127.0.0.1:9/index/\" }\n")
          .string();
  env["SECRET_CARGO_REGISTRIES_LOCAL_TOKEN"] = "tkn-loopback-1";
  const auto run = run_task(env);
  EXPECT_EQ(run.process.exit_code, 0) << run.process.all();
  EXPECT_EQ(seen_later(env, run, "CARGO_REGISTRIES_LOCAL"), "tkn-loopback-1");
}

}  // namespace
}  // namespace ca::test
