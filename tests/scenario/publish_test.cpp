// Real cargo end to end against the real local registry: the variables `auth`
// sets are exactly what `cargo publish` needs, and `publish` is idempotent,
// ordered, and retries rate limits and server errors — asserted from the
// registry's own request log and the parsed result table.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <map>
#include <regex>
#include <sstream>

#include "support/cargo_project.hpp"
#include "support/later_step.hpp"
#include "support/local_registry.hpp"
#include "support/secret_scan.hpp"
#include "support/task_runner.hpp"
#include "support/temp_dir.hpp"

namespace ca::test {
namespace {

constexpr const char* kToken = "pub-token-8d1e77";
constexpr const char* kPut = "/api/v1/crates/new";

// Package -> result, from the "Package  Version  Result" table publish prints.
std::map<std::string, std::string> result_table(const std::string& output) {
  static const std::regex row(
      R"(^(\S+)\s+(\S+)\s+(published|skipped \(already there\)|failed|not published|verified \(dry run\))\s*$)");
  std::map<std::string, std::string> results;
  std::istringstream lines(output);
  std::string line;
  while (std::getline(lines, line)) {
    std::smatch match;
    if (std::regex_match(line, match, row)) results[match[1].str()] = match[3].str();
  }
  return results;
}

int cargo_publish_runs(const std::string& output) {
  int count = 0;
  std::istringstream lines(output);
  std::string line;
  while (std::getline(lines, line)) {
    if (line.rfind("$ cargo publish", 0) == 0) ++count;
  }
  return count;
}

// a <- b <- c <- d <- e, each a path + registry dependency on the previous one.
std::vector<CrateSpec> chain(const std::string& prefix, int length,
                             const std::map<std::string, std::string>& versions = {}) {
  std::vector<CrateSpec> crates;
  const std::string letters = "abcde";
  auto version_of = [&](const std::string& name) {
    const auto it = versions.find(name);
    return it == versions.end() ? std::string("0.1.0") : it->second;
  };
  for (int i = 0; i < length; ++i) {
    CrateSpec spec;
    spec.name = prefix + letters[i];
    spec.version = version_of(spec.name);
    if (i > 0) {
      const std::string dep = prefix + letters[i - 1];
      spec.dependencies.push_back(dep + " = { path = \"../" + dep + "\", version = \"" + version_of(dep) +
                                  "\", registry = \"local\" }");
    }
    crates.push_back(spec);
  }
  return crates;
}

class Publish : public ::testing::Test {
 protected:
  TempDir project;
  TempDir home;
  Env env = cargo_env(home.str());

  void use(const LocalRegistry& registry) {
    project.write(".cargo/config.toml", registry_config("local", registry.index_url()));
    env["CARGO_REGISTRIES_LOCAL_TOKEN"] = kToken;
  }
  ProcessResult publish(const std::vector<std::string>& extra = {}) {
    std::vector<std::string> args{"publish", "--ci", "local", "--registry", "local"};
    args.insert(args.end(), extra.begin(), extra.end());
    ProcessOptions options;
    options.cwd = project.str();
    options.timeout = std::chrono::seconds(280);
    std::vector<std::string> argv{CA_BINARY};
    argv.insert(argv.end(), args.begin(), args.end());
    auto run = run_process(argv, env, options);
    expect_no_secrets(run.all(), {kToken}, "publish output");
    return run;
  }
};

TEST(AuthThenCargo, TheTaskVariablesAloneLetCargoPublishAndNothingElseDoes) {
  LocalRegistry registry({kToken});
  TempDir project;
  TempDir home;
  write_crate(project, "", CrateSpec{"authvars-crate", "0.1.0", {}, "[\"local\"]"});
  Env task_env = azure_agent_env();
  task_env["INPUT_CONFIGFILE"] =
      project.write(".cargo/config.toml", registry_config("local", registry.index_url())).string();
  task_env["CARGO_REGISTRIES_LOCAL_TOKEN"] = kToken;
  const auto task = run_task(task_env);
  ASSERT_EQ(task.process.exit_code, 0) << task.process.all();
  // The variables for later steps (not the step's output variables).
  std::map<std::string, std::string> variables;
  for (const auto& command : task.log.all("task.setvariable")) {
    if (command.properties.count("isoutput") == 0 || command.properties.at("isoutput") != "true") {
      variables[command.properties.at("variable")] = command.data;
    }
  }
  ASSERT_EQ(variables.size(), 2U) << task.process.all();
  EXPECT_EQ(variables.at("CARGO_REGISTRIES_LOCAL_TOKEN"), kToken);

  const ProcessOptions in_project{project.str(), "", std::chrono::seconds(180)};
  const std::vector<std::string> cargo_publish{"cargo",      "publish", "--allow-dirty",
                                               "--registry", "local",   "--no-verify"};
  Env none = cargo_env(home.str());
  const auto without = run_process(cargo_publish, none, in_project);
  EXPECT_NE(without.exit_code, 0) << without.all();
  // cargo got 401 for config.json and, with no provider configured, says so its way.
  EXPECT_NE(without.err.find("authenticated registries require a credential-provider"), std::string::npos)
      << without.err;

  Env wrong = cargo_env(home.str());
  for (const auto& [name, value] : variables) wrong[name] = value;
  wrong["CARGO_REGISTRIES_LOCAL_TOKEN"] = "not-the-token";
  const auto rejected = run_process(cargo_publish, wrong, in_project);
  EXPECT_NE(rejected.exit_code, 0);
  EXPECT_NE(rejected.err.find("got 401"), std::string::npos) << rejected.err;
  EXPECT_EQ(registry.count_requests("PUT", kPut), 0);

  // A later script step: what the agent hands it after this task (support/later_step.hpp).
  Env clean = cargo_env(home.str());
  for (const auto& [name, value] : later_script_env(task_env, task)) clean[name] = value;
  const auto published = run_process(cargo_publish, clean, in_project);
  EXPECT_EQ(published.exit_code, 0) << published.all();
  EXPECT_EQ(registry.count_requests("PUT", kPut), 1);
}

TEST_F(Publish, ChainedWorkspaceThenIdempotentRerunThenOnlyTheBumpedOnes) {
  LocalRegistry registry({kToken});
  use(registry);
  write_workspace(project, chain("pchain-", 5));

  const auto first = publish();
  ASSERT_EQ(first.exit_code, 0) << first.all();
  EXPECT_EQ(registry.count_requests("PUT", kPut), 5);
  const auto table = result_table(first.err);
  ASSERT_EQ(table.size(), 5U) << first.err;
  for (const auto& [name, result] : table) EXPECT_EQ(result, "published") << name;

  registry.clear_log();
  const auto again = publish();
  EXPECT_EQ(again.exit_code, 0) << again.all();
  EXPECT_EQ(registry.count_requests("PUT", kPut), 0);
  // (`cargo package` reads the index to compute the checksums, so config.json is read.)
  EXPECT_EQ(cargo_publish_runs(again.err), 0);
  for (const auto& [name, result] : result_table(again.err))
    EXPECT_EQ(result, "skipped (already there)") << name;
  EXPECT_EQ(result_table(again.err).size(), 5U);

  write_workspace(project, chain("pchain-", 5, {{"pchain-d", "0.2.0"}, {"pchain-e", "0.2.0"}}));
  registry.clear_log();
  const auto bumped = publish();
  EXPECT_EQ(bumped.exit_code, 0) << bumped.all();
  EXPECT_EQ(registry.count_requests("PUT", kPut), 2);
  const auto bumped_table = result_table(bumped.err);
  EXPECT_EQ(bumped_table.at("pchain-a"), "skipped (already there)");
  EXPECT_EQ(bumped_table.at("pchain-c"), "skipped (already there)");
  EXPECT_EQ(bumped_table.at("pchain-d"), "published");
  EXPECT_EQ(bumped_table.at("pchain-e"), "published");
}

TEST_F(Publish, OneAtATimePublishesInDependencyOrder) {
  LocalRegistry registry({kToken});
  use(registry);
  write_workspace(project, chain("pone-", 3));
  const auto run = publish({"--one-at-a-time", "--no-verify"});
  ASSERT_EQ(run.exit_code, 0) << run.all();
  EXPECT_EQ(cargo_publish_runs(run.err), 3);
  // Each run names one package, dependencies first.
  const auto a = run.err.find("--package pone-a");
  const auto b = run.err.find("--package pone-b");
  const auto c = run.err.find("--package pone-c");
  ASSERT_NE(c, std::string::npos) << run.err;
  EXPECT_LT(a, b);
  EXPECT_LT(b, c);
  EXPECT_EQ(registry.count_requests("PUT", kPut), 3);
}

TEST_F(Publish, RateLimitThenSuccessIsRetried) {
  LocalRegistry registry({kToken});
  use(registry);
  registry.set_faults(
      R"([{"method":"PUT","path_prefix":"/api/v1/crates/new","status":429,"retry_after":1,"times":1}])");
  write_workspace(project, chain("p429-", 2));
  const auto run = publish({"--no-verify"});
  EXPECT_EQ(run.exit_code, 0) << run.all();
  EXPECT_EQ(registry.count_requests("PUT", kPut), 3);  // the refused one and two uploads
  EXPECT_EQ(cargo_publish_runs(run.err), 2);
  EXPECT_EQ(result_table(run.err).at("p429-b"), "published");
}

TEST_F(Publish, ServerErrorThenSuccessIsRetried) {
  LocalRegistry registry({kToken});
  use(registry);
  registry.set_faults(R"([{"method":"PUT","path_prefix":"/api/v1/crates/new","status":500,"times":1}])");
  write_workspace(project, chain("p500-", 1));
  const auto run = publish({"--no-verify"});
  EXPECT_EQ(run.exit_code, 0) << run.all();
  EXPECT_EQ(registry.count_requests("PUT", kPut), 2);
  EXPECT_EQ(result_table(run.err).at("p500-a"), "published");
}

TEST_F(Publish, ReadOnlyTokenFailsWithTheRegistryMessageAndNoRetry) {
  LocalRegistry registry({std::string("readonly:") + kToken});
  use(registry);
  write_workspace(project, chain("p403-", 2));
  const auto run = publish({"--no-verify"});
  EXPECT_EQ(run.exit_code, 1) << run.all();
  EXPECT_EQ(registry.count_requests("PUT", kPut), 1);
  EXPECT_EQ(cargo_publish_runs(run.err), 1);
  EXPECT_NE(run.err.find("this token is read-only"), std::string::npos) << run.err;
  const auto table = result_table(run.err);
  EXPECT_EQ(table.at("p403-a"), "failed");
  EXPECT_EQ(table.at("p403-b"), "not published");
}

TEST_F(Publish, WrongTokenFailsBeforeCargoRuns) {
  LocalRegistry registry({"another-token"});
  use(registry);
  write_workspace(project, chain("p401-", 1));
  const auto run = publish();
  EXPECT_EQ(run.exit_code, 1) << run.all();
  EXPECT_EQ(cargo_publish_runs(run.err), 0);
  EXPECT_NE(run.err.find("HTTP 401"), std::string::npos) << run.err;
}

TEST(PublishTask, AzurePublishCommandStreamsCargoAndSucceeds) {
  LocalRegistry registry({kToken});
  TempDir project;
  TempDir home;
  write_workspace(project, chain("paz-", 2));
  Env env = azure_agent_env();
  for (const auto& [name, value] : cargo_env(home.str())) env[name] = value;
  env["INPUT_COMMAND"] = "publish";
  env["INPUT_CONFIGFILE"] =
      project.write(".cargo/config.toml", registry_config("local", registry.index_url())).string();
  env["INPUT_WORKINGDIRECTORY"] = project.str();
  env["INPUT_PUBLISHREGISTRY"] = "local";
  env["INPUT_NOVERIFY"] = "true";
  env["SECRET_CARGO_REGISTRIES_LOCAL_TOKEN"] = kToken;
  const auto run = run_task(env, {}, project.str());
  EXPECT_EQ(run.process.exit_code, 0) << run.process.all();
  EXPECT_EQ(run.log.result(), "Succeeded");
  EXPECT_EQ(registry.count_requests("PUT", kPut), 2);
  bool saw_upload = false;
  for (const auto& line : run.log.plain_lines)
    saw_upload = saw_upload || line.find("Uploading paz-b") != std::string::npos;
  EXPECT_TRUE(saw_upload) << run.process.all();
  EXPECT_TRUE(run.log.variables().empty());  // publish hands nothing to later steps
  // Everything but the masking commands themselves (which must carry the value).
  std::string shown;
  for (const auto& line : run.log.plain_lines) shown += line + "\n";
  for (const auto& command : run.log.commands) {
    if (command.name != "task.setsecret") shown += command.data + "\n";
  }
  EXPECT_FALSE(run.log.secrets().empty());
  expect_no_secrets(shown, {kToken}, "task output");
}

// Issue 10: "skipped (already there)" only when the registry holds these bytes.
TEST_F(Publish, SameVersionWithOtherContentsFailsInsteadOfSkipping) {
  LocalRegistry registry({kToken});
  use(registry);
  write_crate(project, "", CrateSpec{"skipsum-crate", "0.1.0", {}, "[\"local\"]"});
  const auto first = publish();
  ASSERT_EQ(first.exit_code, 0) << first.all();
  ASSERT_EQ(result_table(first.err).at("skipsum-crate"), "published") << first.err;

  // Same version, same bytes: skipped, and cargo publish never runs.
  registry.clear_log();
  const auto same = publish();
  EXPECT_EQ(same.exit_code, 0) << same.all();
  EXPECT_EQ(result_table(same.err).at("skipsum-crate"), "skipped (already there)") << same.err;
  EXPECT_EQ(cargo_publish_runs(same.err), 0);

  // Same version, other bytes: the registry's 0.1.0 is not this package.
  project.write("src/lib.rs", "pub fn changed() -> u32 { 2 }\n");
  registry.clear_log();
  const auto changed = publish();
  EXPECT_EQ(changed.exit_code, 1) << changed.all();
  EXPECT_EQ(result_table(changed.err).at("skipsum-crate"), "failed") << changed.err;
  EXPECT_NE(changed.err.find("other contents"), std::string::npos) << changed.err;
  EXPECT_NE(changed.err.find("Bump the version"), std::string::npos) << changed.err;
  EXPECT_EQ(registry.count_requests("PUT", kPut), 0);
}

// Cargo exits non-zero saying "already exists" while the registry's index
// lacks the version (here a cargo whose words cannot be trusted: a wrapper
// first on PATH prints cargo's message for `publish`, and runs the real cargo
// for everything else). The index decides, so it fails; a git index cannot be
// read at all, so there too it fails.
class PublishWithLyingCargo : public Publish {
 protected:
  TempDir bin;
  void SetUp() override {
    const std::string real_cargo = std::string(getenv("HOME")) + "/.cargo/bin/cargo";
    const auto script =
        bin.write("cargo",
                  "#!/bin/sh\n"
                  "if [ \"$1\" = publish ]; then\n"
                  "  echo 'error: crate lying-cargo@0.1.0 already exists on `local` index' >&2\n"
                  "  exit 101\n"
                  "fi\n"
                  "exec " +
                      real_cargo + " \"$@\"\n");
    std::filesystem::permissions(script, std::filesystem::perms::owner_all);
    env["PATH"] = bin.str() + ":" + env["PATH"];
    write_crate(project, "", CrateSpec{"lying-cargo", "0.1.0", {}, "[\"local\"]"});
  }
};

TEST_F(PublishWithLyingCargo, DryRunAgainstASparseIndexThatLacksTheVersionFails) {
  LocalRegistry registry({kToken});
  use(registry);
  const auto run = publish({"--dry-run", "--max-attempts", "1"});
  EXPECT_NE(run.all().find("already exists"), std::string::npos) << run.all();
  EXPECT_EQ(run.exit_code, 1) << run.all();
  EXPECT_EQ(result_table(run.err).at("lying-cargo"), "failed") << run.err;
}

TEST_F(PublishWithLyingCargo, PublishToAGitIndexFails) {
  project.write(".cargo/config.toml", registry_config("local", "https://git.example.invalid/index.git"));
  env["CARGO_REGISTRIES_LOCAL_TOKEN"] = kToken;
  const auto run = publish({"--max-attempts", "1"});
  EXPECT_NE(run.all().find("already exists"), std::string::npos) << run.all();
  EXPECT_EQ(run.exit_code, 1) << run.all();
  EXPECT_EQ(result_table(run.err).at("lying-cargo"), "failed") << run.err;
  EXPECT_NE(run.err.find("cannot be read to confirm"), std::string::npos) << run.err;
}

}  // namespace
}  // namespace ca::test
