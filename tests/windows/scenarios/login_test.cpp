// `login` writes CARGO_HOME's credentials.toml, readable by the user only (and
// the config.toml setting that makes cargo read it); toml++ reads both back, and real cargo publishes with
// them to the local registry, with no token in its environment. CARGO_HOME is
// named the way the tool's system names paths (Z:\tmp\... for a Windows build).
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <toml++/toml.h>

#include <cstdlib>
#include <thread>

#include "owner_only.hpp"
#include "support/cargo_project.hpp"
#include "support/leak_guard.hpp"
#include "support/local_registry.hpp"
#include "support/printed_path.hpp"
#include "support/secret_scan.hpp"
#include "support/task_runner.hpp"
#include "support/temp_dir.hpp"
#include "support/text_lines.hpp"
#include "support/tool_under_test.hpp"

namespace ca::test {
namespace {

class LoginFiles : public ::testing::Test {
 protected:
  TempDir project;
  TempDir home;  // CARGO_HOME, outside the project
  Env env = base_env();

  void SetUp() override {
    env["CARGO_HOME"] = path_for_tool(home.path());
    env.erase("CI");
  }
};

TEST_F(LoginFiles, WritesCredentialsTomlThatCargoPublishesWith) {
  LocalRegistry registry({"tkn-win-login-1"});
  write_crate(project, "", CrateSpec{"win-login-demo", "0.1.0", {}, "[\"local\"]"});
  project.write(".cargo/config.toml", registry_config("local", registry.index_url()));
  home.write("credentials.toml", "[registries.other]\ntoken = \"other-existing\"\n");
  env["CARGO_REGISTRIES_LOCAL_TOKEN"] = "tkn-win-login-1";

  const auto run = run_cli({"login", "--ci", "local"}, env, project.str());
  ASSERT_EQ(run.exit_code, 0) << run.all();
  expect_no_secrets(run.all(), {"tkn-win-login-1", "other-existing"}, "login output");

  // parse_file throws (failing the test) when a file is not TOML.
  const toml::table credentials = toml::parse_file((home.path() / "credentials.toml").string());
  EXPECT_EQ(credentials["registries"]["local"]["token"].value<std::string>(), "tkn-win-login-1");
  EXPECT_EQ(credentials["registries"]["other"]["token"].value<std::string>(), "other-existing");
  const toml::table config = toml::parse_file((home.path() / "config.toml").string());
  EXPECT_EQ(config["registries"]["local"]["credential-provider"].value<std::string>(), "cargo:token");
  expect_owner_only(home.path() / "credentials.toml");
  // No temporary file left beside the replaced ones (the lock file stays, as cargo's own do).
  for (const auto& entry : std::filesystem::directory_iterator(home.path())) {
    const std::string name = entry.path().filename().string();
    EXPECT_TRUE(name == "credentials.toml" || name == "config.toml" || name == ".cargo-authenticate.lock")
        << "left behind: " << name;
  }

  // A later step: plain cargo (Linux), no token variable, the files the tool wrote.
  ProcessOptions options;
  options.cwd = project.str();
  options.timeout = std::chrono::seconds(240);
  const auto publish =
      run_process({"cargo", "publish", "--allow-dirty", "--no-verify", "--registry", "local"},
                  cargo_env(home.str()), options);
  EXPECT_EQ(publish.exit_code, 0) << publish.all();
  EXPECT_EQ(registry.count_requests("PUT", "/api/v1/crates/new"), 1) << registry.request_log();
}

TEST_F(LoginFiles, ConcurrentRunsKeepEveryEntry) {
  // Two logins at once: the lock and the atomic replace keep both registries' entries.
  project.write(".cargo/config.toml",
                "[registries.alpha]\nindex = \"sparse+https://a.example/index/\"\n"
                "[registries.beta]\nindex = \"sparse+https://b.example/index/\"\n");
  for (int round = 0; round < 3; ++round) {
    std::filesystem::remove(home.path() / "credentials.toml");
    std::filesystem::remove(home.path() / "config.toml");
    Env a = env;
    Env b = env;
    a["CARGO_REGISTRIES_ALPHA_TOKEN"] = "tkn-win-alpha";
    b["CARGO_REGISTRIES_BETA_TOKEN"] = "tkn-win-beta";
    ProcessResult ra;
    ProcessResult rb;
    std::thread ta([&] {
      ra = run_cli({"login", "--ci", "local", "--registry", "alpha"}, a, project.str());
    });
    std::thread tb([&] { rb = run_cli({"login", "--ci", "local", "--registry", "beta"}, b, project.str()); });
    ta.join();
    tb.join();
    ASSERT_EQ(ra.exit_code, 0) << ra.all();
    ASSERT_EQ(rb.exit_code, 0) << rb.all();
    const toml::table credentials = toml::parse_file((home.path() / "credentials.toml").string());
    EXPECT_EQ(credentials["registries"]["alpha"]["token"].value<std::string>(), "tkn-win-alpha")
        << "round " << round;
    EXPECT_EQ(credentials["registries"]["beta"]["token"].value<std::string>(), "tkn-win-beta")
        << "round " << round;
    const toml::table config = toml::parse_file((home.path() / "config.toml").string());
    EXPECT_TRUE(config["registries"]["alpha"]["credential-provider"]) << "round " << round;
    EXPECT_TRUE(config["registries"]["beta"]["credential-provider"]) << "round " << round;
  }
}

// The files existed already with a wider ACL (a user's own, an image's
// default, a hostile step's): the rewrite is owner-only all the same, not the
// old file's ACL (the atomic replace brings its own) nor the folder's.
TEST_F(LoginFiles, RewritingAWidelyReadableCredentialsFileMakesItOwnerOnly) {
  project.write(".cargo/config.toml", registry_config("local", "sparse+https://r.example/index/"));
  home.write("credentials.toml", "[registries.other]\ntoken = \"other-existing\"\n");
  widen_access(home.path() / "credentials.toml");
  env["CARGO_REGISTRIES_LOCAL_TOKEN"] = "tkn-win-login-wide";
  const auto run = run_cli({"login", "--ci", "local"}, env, project.str());
  ASSERT_EQ(run.exit_code, 0) << run.all();
  expect_owner_only(home.path() / "credentials.toml");
}

TEST_F(LoginFiles, RewritingAWidelyReadableDotenvFileMakesItOwnerOnly) {
  project.write(".cargo/config.toml", registry_config("local", "sparse+https://r.example/index/"));
  const auto file = project.path() / "cargo.env";
  LeakGuard::instance().allow_file(file);  // holds the token by design
  project.write("cargo.env", "OLD=1\n");
  widen_access(file);
  env["CARGO_REGISTRIES_LOCAL_TOKEN"] = "tkn-win-dotenv-wide";
  const auto run = run_cli({"auth", "--emit", "dotenv", "--output", path_for_tool(file)}, env, project.str());
  ASSERT_EQ(run.exit_code, 0) << run.all();
  EXPECT_NE(read_file(file).find("tkn-win-dotenv-wide"), std::string::npos);
  expect_owner_only(file);
}

// A link planted where the dotenv file goes (a checkout's `cargo.env` pointing
// at a file elsewhere): the link is replaced by the new file, the file it
// pointed at keeps its content. (Under wine a Unix symlink is what Windows
// sees as a symbolic link.)
TEST_F(LoginFiles, DotenvOutputReplacesAPlantedLinkInsteadOfWritingThroughIt) {
  project.write(".cargo/config.toml", registry_config("local", "sparse+https://r.example/index/"));
  TempDir elsewhere;
  const auto victim = elsewhere.write("victim.txt", "untouched\n");
  const auto file = project.path() / "cargo.env";
  LeakGuard::instance().allow_file(file);  // holds the token by design
  std::filesystem::create_symlink(victim, file);
  env["CARGO_REGISTRIES_LOCAL_TOKEN"] = "tkn-win-dotenv-link";
  const auto run = run_cli({"auth", "--emit", "dotenv", "--output", path_for_tool(file)}, env, project.str());
  ASSERT_EQ(run.exit_code, 0) << run.all();
  EXPECT_EQ(read_file(victim), "untouched\n");
  EXPECT_FALSE(std::filesystem::is_symlink(file));
  EXPECT_NE(read_file(file).find("tkn-win-dotenv-link"), std::string::npos);
  expect_owner_only(file);
}

// --output naming a device (the console would put the tokens in the build
// log; on Windows before 11 "con.env" is the console too) or an alternate data
// stream: refused up front with the reason (exit 3, as any output file that
// cannot be written), nothing written, no token in the output.
TEST_F(LoginFiles, DotenvOutputToADeviceOrAStreamIsRefused) {
  if (!tool_under_test().windows) GTEST_SKIP() << "Windows file names";
  project.write(".cargo/config.toml", registry_config("local", "sparse+https://r.example/index/"));
  env["CARGO_REGISTRIES_LOCAL_TOKEN"] = "tkn-win-dotenv-device";
  for (const std::string name : {"CON", "nul", "COM1", "lpt9.env", "con.env", "AUX .txt", "CONOUT$",
                                 "cargo.env:stream", "cargo.env::$DATA"}) {
    const auto run = run_cli({"auth", "--emit", "dotenv", "--output", name}, env, project.str());
    EXPECT_EQ(run.exit_code, 3) << name << ": " << run.all();
    EXPECT_NE(run.err.find("device or an alternate data stream"), std::string::npos)
        << name << ": " << run.err;
    expect_no_secrets(run.all(), {"tkn-win-dotenv-device"}, name);
  }
  for (const auto& entry : std::filesystem::directory_iterator(project.path())) {
    EXPECT_EQ(entry.path().filename(), ".cargo") << "left behind: " << entry.path();
  }
}

TEST_F(LoginFiles, MissingCredentialWritesNothing) {
  project.write(".cargo/config.toml", registry_config("local", "sparse+https://r.example/index/"));
  const auto run = run_cli({"login", "--ci", "local", "--registry", "local"}, env, project.str());
  EXPECT_EQ(run.exit_code, 1) << run.all();
  EXPECT_NE(run.err.find("CARGO_REGISTRIES_LOCAL_TOKEN"), std::string::npos) << run.err;
  EXPECT_TRUE(std::filesystem::is_empty(home.path()));
}

}  // namespace
}  // namespace ca::test
