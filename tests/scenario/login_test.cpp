// `cargo-authenticate login` end to end: the real binary writes CARGO_HOME's
// credentials.toml and config.toml, toml++ reads them back, and real cargo
// publishes to the real local registry with no token in its environment.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <toml++/toml.h>

#include <filesystem>
#include <thread>

#include "support/cargo_project.hpp"
#include "support/local_registry.hpp"
#include "support/secret_scan.hpp"
#include "support/task_runner.hpp"
#include "support/temp_dir.hpp"

namespace ca::test {
namespace {

mode_t mode_of(const std::filesystem::path& path) {
  struct stat info {};
  EXPECT_EQ(::stat(path.c_str(), &info), 0) << path;
  return info.st_mode & 0777;
}

class Login : public ::testing::Test {
 protected:
  TempDir project;
  TempDir home;  // CARGO_HOME, outside the project
  Env env = base_env();

  void SetUp() override {
    env["CARGO_HOME"] = home.str();
    env.erase("CI");
  }
  ProcessResult login(const std::vector<std::string>& extra = {}) {
    std::vector<std::string> args{"login", "--ci", "local"};
    args.insert(args.end(), extra.begin(), extra.end());
    return run_cli(args, env, project.str());
  }
};

TEST_F(Login, WritesTokensKeepsOtherEntriesAndCargoPublishesWithNoEnvToken) {
  LocalRegistry registry({"tkn-login-1"});
  write_crate(project, "", CrateSpec{"login-demo", "0.1.0", {}, "[\"local\"]"});
  project.write(".cargo/config.toml", registry_config("local", registry.index_url()));
  home.write(
      "credentials.toml",
      "[registry]\ntoken = \"crates-io-existing\"\n\n[registries.other]\ntoken = \"other-existing\"\n\n"
      "[unrelated]\nkey = 1\n");
  home.write("config.toml",
             "[net]\nretry = 0\n\n[registries.other]\nindex = \"sparse+https://other.example/\"\n");
  env["CARGO_REGISTRIES_LOCAL_TOKEN"] = "tkn-login-1";

  const auto run = login();
  ASSERT_EQ(run.exit_code, 0) << run.all();
  expect_no_secrets(run.all(), {"tkn-login-1", "crates-io-existing", "other-existing"}, "login output");
  EXPECT_NE(run.err.find("credentials.toml (mode 0600)"), std::string::npos) << run.err;
  EXPECT_NE(run.err.find("credential-provider"), std::string::npos) << run.err;

  const auto credentials_path = home.path() / "credentials.toml";
  EXPECT_EQ(mode_of(credentials_path), 0600U);
  const toml::table credentials = toml::parse_file(credentials_path.string());
  EXPECT_EQ(credentials["registries"]["local"]["token"].value<std::string>(), "tkn-login-1");
  EXPECT_EQ(credentials["registries"]["other"]["token"].value<std::string>(), "other-existing");
  EXPECT_EQ(credentials["registry"]["token"].value<std::string>(), "crates-io-existing");
  EXPECT_EQ(credentials["unrelated"]["key"].value<int64_t>(), 1);

  const toml::table config = toml::parse_file((home.path() / "config.toml").string());
  EXPECT_EQ(config["registries"]["local"]["credential-provider"].value<std::string>(), "cargo:token");
  EXPECT_EQ(config["registries"]["other"]["index"].value<std::string>(), "sparse+https://other.example/");
  EXPECT_FALSE(config["registries"]["other"]["credential-provider"]);
  EXPECT_EQ(config["net"]["retry"].value<int64_t>(), 0);

  // A later script step: plain cargo, no token variable anywhere.
  Env cargo = cargo_env(home.str());
  ProcessOptions options;
  options.cwd = project.str();
  options.timeout = std::chrono::seconds(240);
  const auto publish =
      run_process({"cargo", "publish", "--allow-dirty", "--registry", "local"}, cargo, options);
  EXPECT_EQ(publish.exit_code, 0) << publish.all();
  EXPECT_EQ(registry.count_requests("PUT", "/api/v1/crates/new"), 1) << registry.request_log();
}

TEST_F(Login, GlobalCargoTokenProviderLeavesConfigAlone) {
  project.write(".cargo/config.toml", "[registry]\nglobal-credential-providers = [\"cargo:token\"]\n" +
                                          registry_config("cnb-repo", "sparse+https://cargo.example/r/"));
  env["CARGO_REGISTRIES_CNB_REPO_TOKEN"] = "tkn-login-2";
  const auto run = login();
  ASSERT_EQ(run.exit_code, 0) << run.all();
  EXPECT_FALSE(std::filesystem::exists(home.path() / "config.toml"));
  const toml::table credentials = toml::parse_file((home.path() / "credentials.toml").string());
  EXPECT_EQ(credentials["registries"]["cnb-repo"]["token"].value<std::string>(), "tkn-login-2");
}

TEST_F(Login, ConcurrentRunsKeepEveryEntry) {
  project.write(".cargo/config.toml", registry_config("alpha", "sparse+https://a.example/") +
                                          registry_config("beta", "sparse+https://b.example/"));
  for (int round = 0; round < 4; ++round) {
    std::filesystem::remove(home.path() / "credentials.toml");
    std::filesystem::remove(home.path() / "config.toml");
    Env a = env, b = env;
    a["CARGO_REGISTRIES_ALPHA_TOKEN"] = "tkn-alpha";
    b["CARGO_REGISTRIES_BETA_TOKEN"] = "tkn-beta";
    ProcessResult ra, rb;
    std::thread ta([&] {
      ra = run_cli({"login", "--ci", "local", "--registry", "alpha"}, a, project.str());
    });
    std::thread tb([&] { rb = run_cli({"login", "--ci", "local", "--registry", "beta"}, b, project.str()); });
    ta.join();
    tb.join();
    ASSERT_EQ(ra.exit_code, 0) << ra.all();
    ASSERT_EQ(rb.exit_code, 0) << rb.all();
    const toml::table credentials = toml::parse_file((home.path() / "credentials.toml").string());
    EXPECT_EQ(credentials["registries"]["alpha"]["token"].value<std::string>(), "tkn-alpha")
        << "round " << round;
    EXPECT_EQ(credentials["registries"]["beta"]["token"].value<std::string>(), "tkn-beta")
        << "round " << round;
    const toml::table config = toml::parse_file((home.path() / "config.toml").string());
    EXPECT_TRUE(config["registries"]["alpha"]["credential-provider"]) << "round " << round;
    EXPECT_TRUE(config["registries"]["beta"]["credential-provider"]) << "round " << round;
  }
}

TEST_F(Login, RefusesToWriteInsideTheRepository) {
  project.write(".git/HEAD", "ref: refs/heads/main\n");
  project.write(".cargo/config.toml", registry_config("local", "sparse+https://r.example/"));
  env["CARGO_HOME"] = (project.path() / "ci-cargo-home").string();
  env["CARGO_REGISTRIES_LOCAL_TOKEN"] = "tkn-login-3";
  const auto run = login();
  EXPECT_EQ(run.exit_code, 2) << run.all();
  EXPECT_NE(run.err.find("inside the repository at"), std::string::npos) << run.err;
  EXPECT_NE(run.err.find("CARGO_HOME"), std::string::npos) << run.err;
  EXPECT_FALSE(std::filesystem::exists(project.path() / "ci-cargo-home"));
  expect_no_secrets(run.all(), {"tkn-login-3"}, "refused login output");
}

TEST_F(Login, BrokenCredentialsFileIsReportedAndLeftUnchanged) {
  project.write(".cargo/config.toml", registry_config("local", "sparse+https://r.example/"));
  const std::string broken = "[registries.old]\ntoken = \"unterminated\n";
  home.write("credentials.toml", broken);
  env["CARGO_REGISTRIES_LOCAL_TOKEN"] = "tkn-login-4";
  const auto run = login();
  EXPECT_EQ(run.exit_code, 2) << run.all();
  EXPECT_NE(run.err.find("credentials.toml:2"), std::string::npos) << run.err;
  EXPECT_EQ(read_file(home.path() / "credentials.toml"), broken);
}

TEST_F(Login, MissingRequiredCredentialWritesNothing) {
  project.write(".cargo/config.toml", registry_config("local", "sparse+https://r.example/"));
  const auto run = login({"--registry", "local"});
  EXPECT_EQ(run.exit_code, 1) << run.all();
  EXPECT_FALSE(std::filesystem::exists(home.path() / "credentials.toml"));
}

}  // namespace
}  // namespace ca::test

namespace ca::test {
namespace {

// cargo reads $CARGO_HOME/config (and credentials) when both the legacy and the
// .toml file exist; login must write there too (config/cargo_home.hpp), or cargo
// ignores what it wrote.
TEST(LoginLegacyFiles, WritesTheFilesCargoReadsWhenBothNamesExist) {
  TempDir project;
  TempDir home;
  Env env = base_env();
  env["CARGO_HOME"] = home.str();
  env.erase("CI");
  LocalRegistry registry({"tkn-login-legacy-1"});
  write_crate(project, "", CrateSpec{"login-legacy", "0.1.0", {}, "[\"local\"]"});
  project.write(".cargo/config.toml", registry_config("local", registry.index_url()));
  home.write("config", "[net]\nretry = 0\n");
  home.write("config.toml", "# ignored by cargo while `config` exists\n");
  home.write("credentials", "[registries.other]\ntoken = \"other-legacy\"\n");
  home.write("credentials.toml", "# ignored by cargo while `credentials` exists\n");
  env["CARGO_REGISTRIES_LOCAL_TOKEN"] = "tkn-login-legacy-1";

  const auto run = run_cli({"login", "--ci", "local"}, env, project.str());
  ASSERT_EQ(run.exit_code, 0) << run.all();
  const toml::table config = toml::parse_file((home.path() / "config").string());
  EXPECT_EQ(config["registries"]["local"]["credential-provider"].value<std::string>(), "cargo:token");
  EXPECT_EQ(config["net"]["retry"].value<int64_t>(), 0);
  const toml::table credentials = toml::parse_file((home.path() / "credentials").string());
  EXPECT_EQ(credentials["registries"]["local"]["token"].value<std::string>(), "tkn-login-legacy-1");
  EXPECT_EQ(credentials["registries"]["other"]["token"].value<std::string>(), "other-legacy");
  EXPECT_EQ(read_file(home.path() / "config.toml"), "# ignored by cargo while `config` exists\n");
  EXPECT_EQ(read_file(home.path() / "credentials.toml"), "# ignored by cargo while `credentials` exists\n");

  // A later step: plain cargo, no token variable.
  ProcessOptions options;
  options.cwd = project.str();
  options.timeout = std::chrono::seconds(240);
  const auto publish =
      run_process({"cargo", "publish", "--allow-dirty", "--no-verify", "--registry", "local"},
                  cargo_env(home.str()), options);
  EXPECT_EQ(publish.exit_code, 0) << publish.all();
  EXPECT_EQ(registry.count_requests("PUT", "/api/v1/crates/new"), 1);
}

}  // namespace
}  // namespace ca::test
