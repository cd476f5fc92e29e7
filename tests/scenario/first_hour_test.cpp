// The first hour: the mistakes a new user makes, each run through the real
// binary, each answered with one message that names the fix.
#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <fstream>
#include <string>
#include <vector>

#include "support/cargo_project.hpp"
#include "support/local_registry.hpp"
#include "support/task_runner.hpp"
#include "support/temp_dir.hpp"
#include "support/text_lines.hpp"

namespace ca::test {
namespace {

// stderr's non-empty lines: usage errors are plain text on every host.
std::vector<std::string> error_lines(const ProcessResult& run) {
  std::vector<std::string> out;
  for (const auto& line : lines_of(run.err)) {
    if (!line.empty()) out.push_back(line);
  }
  return out;
}

class FirstHourCli : public ::testing::Test {
 protected:
  TempDir project;
  Env env = base_env();
  ProcessResult cli(const std::vector<std::string>& args) { return run_cli(args, env, project.str()); }
};

TEST_F(FirstHourCli, MistypedCommandGetsSuggestionAndTheListOfCommands) {
  const auto run = cli({"publsh"});
  EXPECT_EQ(run.exit_code, 2);
  const auto lines = error_lines(run);
  ASSERT_EQ(lines.size(), 2u) << run.all();
  EXPECT_EQ(lines[0], "error: unknown command 'publsh'; did you mean 'publish'?");
  EXPECT_EQ(lines[1],
            "commands: auth, login, exec, publish, check, list, revoke, credential-provider "
            "(cargo-authenticate COMMAND --help for each)");
  EXPECT_EQ(run.out, "");
}

TEST_F(FirstHourCli, UnknownCommandFarFromAnyGetsTheListOnly) {
  const auto run = cli({"frobnicate"});
  EXPECT_EQ(run.exit_code, 2);
  const auto lines = error_lines(run);
  ASSERT_EQ(lines.size(), 2u) << run.all();
  EXPECT_EQ(lines[0], "error: unknown command 'frobnicate'");
}

TEST_F(FirstHourCli, MistypedOptionGetsTheNearestOptionOfThatCommand) {
  for (const auto& [args, expected] : std::vector<std::pair<std::vector<std::string>, std::string>>{
           {{"auth", "--regstry", "x"},
            "error: unknown option '--regstry' for 'auth'; did you mean '--registry'?"},
           {{"--regstry=x"}, "error: unknown option '--regstry' for 'auth'; did you mean '--registry'?"},
           {{"check", "--jsn"}, "error: unknown option '--jsn' for 'check'; did you mean '--json'?"},
           {{"publish", "--dryrun"},
            "error: unknown option '--dryrun' for 'publish'; did you mean '--dry-run'?"},
       }) {
    const auto run = cli(args);
    EXPECT_EQ(run.exit_code, 2) << run.all();
    const auto lines = error_lines(run);
    ASSERT_EQ(lines.size(), 1u) << run.all();
    EXPECT_EQ(lines[0].substr(0, expected.size()), expected) << lines[0];
    EXPECT_NE(lines[0].find("--help lists its options"), std::string::npos) << lines[0];
  }
}

TEST_F(FirstHourCli, ExecWithoutDashesSaysToWriteThem) {
  const auto run = cli({"exec", "cargo", "--version"});
  EXPECT_EQ(run.exit_code, 2);
  const auto lines = error_lines(run);
  ASSERT_EQ(lines.size(), 1u) << run.all();
  EXPECT_NE(lines[0].find("write `cargo-authenticate exec [options] -- cargo --version`"), std::string::npos)
      << lines[0];
}

TEST_F(FirstHourCli, MistypedCredentialProviderIsSuggestedToo) {
  const auto run = cli({"credential-provder"});
  EXPECT_EQ(run.exit_code, 2);
  const auto lines = error_lines(run);
  ASSERT_FALSE(lines.empty()) << run.all();
  EXPECT_EQ(lines[0], "error: unknown command 'credential-provder'; did you mean 'credential-provider'?");
}

// README's command table (the rows after its "| command |" header) and the
// binary's --help list the same commands.
TEST_F(FirstHourCli, HelpListsExactlyTheCommandsOfTheReadmeTable) {
  std::ifstream readme(std::string(CA_SOURCE_DIR) + "/README.md");
  ASSERT_TRUE(readme.good());
  std::vector<std::string> documented;
  bool in_table = false;
  for (std::string line; std::getline(readme, line);) {
    std::string lower = line;
    std::transform(lower.begin(), lower.end(), lower.begin(),
                   [](unsigned char c) { return std::tolower(c); });
    if (lower.rfind("| command |", 0) == 0) {
      in_table = true;
      continue;
    }
    if (!in_table) continue;
    if (line.rfind("|", 0) != 0) break;
    if (line.rfind("| `", 0) != 0) continue;
    const std::string cell = line.substr(3, line.find('`', 3) - 3);
    documented.push_back(cell.substr(0, cell.find(' ')));
  }
  ASSERT_GE(documented.size(), 7u);
  const auto run = cli({"--help"});
  EXPECT_EQ(run.exit_code, 0);
  std::vector<std::string> listed;
  bool in_subcommands = false;
  for (const auto& line : lines_of(run.out)) {
    if (line.rfind("Subcommands:", 0) == 0) {
      in_subcommands = true;
      continue;
    }
    if (in_subcommands && line.size() > 2 && line[0] == ' ')
      listed.push_back(line.substr(2, line.find(' ', 2) - 2));
  }
  listed.emplace_back("credential-provider");  // cargo's door, answered before the command line (main.cpp)
  // A command may have more than one row (`auth --provider` is a mode of auth).
  std::sort(documented.begin(), documented.end());
  documented.erase(std::unique(documented.begin(), documented.end()), documented.end());
  std::sort(listed.begin(), listed.end());
  EXPECT_EQ(documented, listed);
}

TEST_F(FirstHourCli, PublishRegistryHelpSaysItIsThePublishTarget) {
  const auto run = cli({"publish", "--help"});
  EXPECT_EQ(run.exit_code, 0) << run.all();
  bool found = false;
  for (const auto& line : lines_of(run.out)) {
    if (line.rfind("  --registry", 0) != 0) continue;
    found = true;
    EXPECT_NE(line.find("registry to publish to"), std::string::npos) << line;
  }
  EXPECT_TRUE(found) << run.out;
}

constexpr const char* kConfig =
    "[registries]\nproget = { index = \"sparse+https://proget.example/index/\" }\n"
    "artifactory = { index = \"sparse+https://art.example/index/\" }\n";
constexpr const char* kSecret = "expanded-s3cret/Value+x==";

// GitHub workflow commands on stdout: `::error file=..::message` -> message.
std::vector<std::string> github_errors(const std::string& out) {
  std::vector<std::string> messages;
  for (const auto& line : lines_of(out)) {
    if (line.rfind("::error", 0) != 0) continue;
    const auto end = line.find("::", 2);
    if (end != std::string::npos) messages.push_back(line.substr(end + 2));
  }
  return messages;
}

class FirstHourInputs : public ::testing::Test {
 protected:
  TempDir project;
  TempDir home;
  Env env = base_env();
  void SetUp() override {
    project.write(".cargo/config.toml", kConfig);
    env["CARGO_HOME"] = home.str();
  }
};

TEST_F(FirstHourInputs, LocalMappingToUnknownRegistryIsRefusedWithSuggestionAndList) {
  env["PROGET_API_KEY"] = kSecret;
  const auto run = run_cli({"--ci", "local", "--token", "proge=PROGET_API_KEY"}, env, project.str());
  EXPECT_EQ(run.exit_code, 2) << run.all();
  const auto lines = error_lines(run);
  ASSERT_EQ(lines.size(), 1u) << run.all();  // printed once: no `failed:` repeat
  EXPECT_EQ(lines[0].rfind("error: --token names registry 'proge', which is not defined in ", 0), 0u)
      << lines[0];
  EXPECT_NE(lines[0].find("Did you mean 'proget'? Registries defined there: artifactory, proget."),
            std::string::npos)
      << lines[0];
  EXPECT_EQ(run.all().find(kSecret), std::string::npos);
}

TEST_F(FirstHourInputs, LocalMappingHoldingAValueInsteadOfANameIsExplainedWithoutEchoingIt) {
  const auto run =
      run_cli({"--ci", "local", "--token", std::string("proget=") + kSecret}, env, project.str());
  EXPECT_EQ(run.exit_code, 2) << run.all();
  const auto lines = error_lines(run);
  ASSERT_EQ(lines.size(), 1u) << run.all();
  EXPECT_NE(lines[0].find("not a variable name (not shown: it may be the secret itself)"), std::string::npos)
      << lines[0];
  EXPECT_NE(lines[0].find("--token proget=MY_TOKEN_VARIABLE"), std::string::npos) << lines[0];
  EXPECT_EQ(run.all().find(kSecret), std::string::npos) << run.all();
  EXPECT_EQ(run.all().find("s3cret"), std::string::npos) << run.all();
}

TEST_F(FirstHourInputs, NoConfigAnywhereSaysWhereItLookedOnOneLineOnce) {
  TempDir empty;
  const auto run = run_cli({"--ci", "local"}, env, empty.str());
  EXPECT_EQ(run.exit_code, 2) << run.all();
  const auto lines = error_lines(run);
  ASSERT_EQ(lines.size(), 1u) << run.all();
  EXPECT_EQ(lines[0].find("\\n"), std::string::npos) << lines[0];  // no literal backslash-n
  EXPECT_NE(lines[0].find("looked for .cargo/config.toml (or .cargo/config) in " + empty.str() +
                          " and each parent directory, and " + home.str() + "/config.toml"),
            std::string::npos)
      << lines[0];
  EXPECT_NE(lines[0].find("under a `[registries]` line"), std::string::npos) << lines[0];
}

TEST_F(FirstHourInputs, AzureMacroExpandedToTheSecretIsExplainedAsAzureWordsWithoutTheValue) {
  Env agent = azure_agent_env();
  agent["INPUT_CONFIGFILE"] = (project.path() / ".cargo/config.toml").string();
  agent["INPUT_TOKENVARIABLES"] = std::string("proget=") + kSecret;  // $(PROGET_API_KEY), expanded
  const auto run = run_task(agent, {}, project.str());
  const auto errors = run.log.issues("error");
  ASSERT_EQ(errors.size(), 1u) << run.process.all();
  EXPECT_NE(errors[0].data.find("tokenVariables: the mapping for registry 'proget'"), std::string::npos);
  EXPECT_NE(errors[0].data.find("Write the variable's NAME, not $(...): proget=MY_SECRET_VARIABLE"),
            std::string::npos)
      << errors[0].data;
  EXPECT_EQ(run.log.result(), "Failed");
  EXPECT_EQ(run.process.all().find(kSecret), std::string::npos);
}

TEST_F(FirstHourInputs, AzureUnexpandedMacroIsNamedAsSuch) {
  Env agent = azure_agent_env();
  agent["INPUT_CONFIGFILE"] = (project.path() / ".cargo/config.toml").string();
  agent["INPUT_TOKENVARIABLES"] = "proget=$(PROGET_API_KEY)";
  const auto run = run_task(agent, {}, project.str());
  const auto errors = run.log.issues("error");
  ASSERT_EQ(errors.size(), 1u) << run.process.all();
  EXPECT_NE(errors[0].data.find("gives a $(...) expression where the NAME of a variable belongs"),
            std::string::npos)
      << errors[0].data;
}

TEST_F(FirstHourInputs, AzureMappingToUnknownRegistryNamesTheInput) {
  Env agent = azure_agent_env();
  agent["INPUT_CONFIGFILE"] = (project.path() / ".cargo/config.toml").string();
  agent["INPUT_TOKENVARIABLES"] = "artifactroy=ART_TOKEN";
  agent["ART_TOKEN"] = kSecret;
  const auto run = run_task(agent, {}, project.str());
  const auto errors = run.log.issues("error");
  ASSERT_EQ(errors.size(), 1u) << run.process.all();
  EXPECT_NE(errors[0].data.find("tokenVariables names registry 'artifactroy'"), std::string::npos)
      << errors[0].data;
  EXPECT_NE(errors[0].data.find("Did you mean 'artifactory'?"), std::string::npos) << errors[0].data;
  EXPECT_EQ(run.process.exit_code, 2);
}

TEST_F(FirstHourInputs, GitHubMappingToUnknownRegistryIsAnErrorAnnotation) {
  env["GITHUB_ACTIONS"] = "true";
  env["INPUT_CONFIG_FILE"] = ".cargo/config.toml";
  env["INPUT_TOKEN_VARIABLES"] = "proge=PROGET_TOKEN";
  env["PROGET_TOKEN"] = kSecret;
  const auto run = run_cli({}, env, project.str());
  EXPECT_EQ(run.exit_code, 2) << run.all();
  const auto errors = github_errors(run.out);
  ASSERT_FALSE(errors.empty()) << run.all();
  EXPECT_NE(errors[0].find("token-variables names registry 'proge'"), std::string::npos) << errors[0];
  EXPECT_NE(errors[0].find("Did you mean 'proget'?"), std::string::npos) << errors[0];
  EXPECT_EQ(run.all().find(kSecret), std::string::npos);
}

TEST_F(FirstHourInputs, CnbTokenRegistriesNamingNoRegistryIsRefusedOnce) {
  env["CNB"] = "true";
  env["CNB_BUILD_WORKSPACE"] = project.str();
  env["PLUGIN_TOKEN"] = kSecret;
  env["PLUGIN_TOKEN_REGISTRIES"] = "proge";
  const auto run = run_cli({}, env, project.str());
  EXPECT_EQ(run.exit_code, 2) << run.all();
  std::vector<std::string> errors;
  for (const auto& line : lines_of(run.out + run.err)) {
    if (line.rfind("error: ", 0) == 0 || line.rfind("failed: ", 0) == 0) errors.push_back(line);
  }
  ASSERT_EQ(errors.size(), 1u) << run.all();
  EXPECT_NE(errors[0].find("settings.token_registries names registry 'proge'"), std::string::npos)
      << errors[0];
  EXPECT_NE(errors[0].find("Did you mean 'proget'?"), std::string::npos) << errors[0];
  EXPECT_EQ(run.all().find(kSecret), std::string::npos);
}

TEST_F(FirstHourInputs, MappedVariableNotSetIsExplainedInEachHostsWords) {
  // GitHub: the step's env from a secret, never "pipeline variables".
  Env github = env;
  github["GITHUB_ACTIONS"] = "true";
  github["INPUT_CONFIG_FILE"] = ".cargo/config.toml";
  github["INPUT_TOKEN_VARIABLES"] = "proget=PROGET_TOKEN";
  const auto gh = run_cli({}, github, project.str());
  EXPECT_EQ(gh.exit_code, 1) << gh.all();
  const auto gh_errors = github_errors(gh.out);
  ASSERT_FALSE(gh_errors.empty()) << gh.all();
  EXPECT_NE(gh_errors[0].find("Set it in the step's `env:` from a secret (NAME: ${{ secrets.NAME }})"),
            std::string::npos)
      << gh_errors[0];
  EXPECT_EQ(gh.all().find("variable group"), std::string::npos) << gh.all();
  EXPECT_EQ(gh.all().find("pipeline variable"), std::string::npos) << gh.all();

  // Azure: secret pipeline variables and variable groups; an unmapped registry names its index URL.
  Env agent = azure_agent_env();
  agent["INPUT_CONFIGFILE"] = (project.path() / ".cargo/config.toml").string();
  agent["INPUT_TOKENVARIABLES"] = "proget=PROGET_TOKEN";
  const auto az = run_task(agent, {}, project.str());
  const auto errors = az.log.issues("error");
  ASSERT_EQ(errors.size(), 1u) << az.process.all();
  EXPECT_NE(
      errors[0].data.find("Define it as a secret pipeline variable (or in a variable group linked to the "
                          "pipeline) or fix the mapping."),
      std::string::npos)
      << errors[0].data;
  const auto warnings = az.log.issues("warning");
  ASSERT_EQ(warnings.size(), 1u) << az.process.all();
  EXPECT_NE(warnings[0].data.find("add a Cargo service connection whose URL is its index, "
                                  "sparse+https://art.example/index/."),
            std::string::npos)
      << warnings[0].data;

  // Local shell: the environment.
  const auto local = run_cli({"--ci", "local", "--token", "proget=PROGET_TOKEN"}, env, project.str());
  EXPECT_NE(local.err.find("Export it in the environment of this command or fix the mapping."),
            std::string::npos)
      << local.err;
}

TEST_F(FirstHourInputs, AzureServiceConnectionServingNothingSaysItsUrlAndTheCandidates) {
  Env agent = azure_agent_env();
  agent["INPUT_CONFIGFILE"] = (project.path() / ".cargo/config.toml").string();
  const std::string id = "c0ffee00-0000-4000-8000-0000000000aa";
  agent["INPUT_CARGOSERVICECONNECTIONS"] = id;
  agent["ENDPOINT_URL_" + id] = "https://proget.example/feeds/cargo/";  // not the index URL
  agent["ENDPOINT_AUTH_SCHEME_" + id] = "Token";
  agent["ENDPOINT_AUTH_PARAMETER_" + id + "_APITOKEN"] = kSecret;
  const auto run = run_task(agent, {}, project.str());
  EXPECT_EQ(run.process.exit_code, 0) << run.process.all();
  std::vector<std::string> about_connection;
  for (const auto& w : run.log.issues("warning")) {
    if (w.data.find("service connection " + id) != std::string::npos) about_connection.push_back(w.data);
  }
  ASSERT_EQ(about_connection.size(), 1u) << run.process.all();
  EXPECT_NE(
      about_connection[0].find("has URL https://proget.example/feeds/cargo/, which is the index URL of no "
                               "registry here"),
      std::string::npos)
      << about_connection[0];
  EXPECT_NE(
      about_connection[0].find("Index URLs it could match: artifactory = sparse+https://art.example/index/, "
                               "proget = sparse+https://proget.example/index/."),
      std::string::npos)
      << about_connection[0];
  EXPECT_EQ(run.process.all().find(kSecret), std::string::npos);
}

TEST_F(FirstHourInputs, RegistryNameTypoGetsSuggestionInTheHostsWords) {
  const auto local = run_cli({"--ci", "local", "--registry", "artifactroy"}, env, project.str());
  EXPECT_EQ(local.exit_code, 2) << local.all();
  const auto lines = error_lines(local);
  ASSERT_EQ(lines.size(), 1u) << local.all();
  EXPECT_NE(lines[0].find("Did you mean 'artifactory'? Defined there: artifactory, proget. Fix --registry"),
            std::string::npos)
      << lines[0];

  Env agent = azure_agent_env();
  agent["INPUT_CONFIGFILE"] = (project.path() / ".cargo/config.toml").string();
  agent["INPUT_REGISTRYNAMES"] = "progt";
  const auto run = run_task(agent, {}, project.str());
  EXPECT_EQ(run.process.exit_code, 2) << run.process.all();
  const auto errors = run.log.issues("error");
  ASSERT_EQ(errors.size(), 1u) << run.process.all();
  EXPECT_NE(errors[0].data.find("registry 'progt' is not defined in"), std::string::npos) << errors[0].data;
  EXPECT_NE(errors[0].data.find("Did you mean 'proget'?"), std::string::npos) << errors[0].data;
  EXPECT_NE(errors[0].data.find("Fix the registryNames input"), std::string::npos) << errors[0].data;
}

class FirstHourRejectedToken : public ::testing::Test {
 protected:
  LocalRegistry registry{{"Bearer right-token-7c1"}};
  TempDir project;
  TempDir home;
  Env env = base_env();
  void SetUp() override {
    project.write(".cargo/config.toml", "[registries.local]\nindex = \"" + registry.index_url() + "\"\n");
    env["CARGO_HOME"] = home.str();
  }
};

TEST_F(FirstHourRejectedToken, CheckExplainsLikelyCausesInOrderAndNamesRegistryAndUrl) {
  env["CARGO_REGISTRIES_LOCAL_TOKEN"] = "raw-wrong-token-9d2";  // no scheme
  const auto run = run_cli({"check", "--ci", "local"}, env, project.str());
  EXPECT_EQ(run.exit_code, 1) << run.all();
  std::vector<std::string> errors;
  for (const auto& line : error_lines(run)) {
    if (line.rfind("error: ", 0) == 0) errors.push_back(line);
  }
  ASSERT_EQ(errors.size(), 1u) << run.all();
  EXPECT_NE(errors[0].find("registry local (" + registry.index_url() + "): unauthorized"), std::string::npos)
      << errors[0];
  const auto first = errors[0].find("1) the token is expired, revoked or belongs to another registry");
  const auto second =
      errors[0].find("2) some registries expect the token with a scheme such as `Bearer <token>`");
  const auto third = errors[0].find("3) the token may not read this feed");
  ASSERT_NE(first, std::string::npos) << errors[0];
  ASSERT_NE(second, std::string::npos) << errors[0];
  ASSERT_NE(third, std::string::npos) << errors[0];
  EXPECT_LT(first, second);
  EXPECT_LT(second, third);
  EXPECT_EQ(run.all().find("raw-wrong-token-9d2"), std::string::npos);
}

TEST_F(FirstHourRejectedToken, AzureVerifyNamesTheUrlThatRefusedIt) {
  Env agent = azure_agent_env();
  agent["INPUT_CONFIGFILE"] = (project.path() / ".cargo/config.toml").string();
  agent["SECRET_CARGO_REGISTRIES_LOCAL_TOKEN"] = "raw-wrong-token-9d2";
  agent["INPUT_VERIFY"] = "true";
  const auto run = run_task(agent, {}, project.str());
  EXPECT_EQ(run.process.exit_code, 1) << run.process.all();
  const auto errors = run.log.issues("error");
  ASSERT_EQ(errors.size(), 1u) << run.process.all();
  EXPECT_NE(errors[0].data.find("registry local rejected the credential from secret variable "
                                "CARGO_REGISTRIES_LOCAL_TOKEN at " +
                                registry.index_url()),
            std::string::npos)
      << errors[0].data;
  EXPECT_NE(errors[0].data.find("Likely causes, in order: 1)"), std::string::npos) << errors[0].data;
}

TEST_F(FirstHourRejectedToken, PublishReportsARejectedTokenAsSuchWithTheRegistrysUrl) {
  write_crate(project, "", CrateSpec{"first-hour-crate", "0.1.0", {}, "[\"local\"]"});
  env["CARGO_REGISTRIES_LOCAL_TOKEN"] = "raw-wrong-token-9d2";
  const auto run = run_cli({"publish", "--ci", "local", "--registry", "local"}, env, project.str());
  EXPECT_EQ(run.exit_code, 1) << run.all();
  std::vector<std::string> rejected;
  for (const auto& line : error_lines(run)) {
    if (line.find("rejected the token") != std::string::npos) rejected.push_back(line);
  }
  ASSERT_EQ(rejected.size(), 1u) << run.all();  // once, not per crate and again at the end
  const std::string index_base = registry.index_url().substr(std::string("sparse+").size());
  EXPECT_NE(
      rejected[0].find("the registry at " + index_base + " rejected the token (HTTP 401). Likely causes"),
      std::string::npos)
      << rejected[0];
  EXPECT_EQ(run.all().find("could not ask the registry's index"), std::string::npos) << run.all();
  EXPECT_EQ(run.all().find("first-hour-crate\" failed"), std::string::npos);
  EXPECT_EQ(run.all().find("raw-wrong-token-9d2"), std::string::npos);
  EXPECT_EQ(registry.count_requests("PUT", "/api/v1/crates/new"), 0);
}

}  // namespace
}  // namespace ca::test
