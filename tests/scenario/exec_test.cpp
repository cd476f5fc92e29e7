// `cargo-authenticate exec` end to end: the real binary runs a real child with
// the token in the child's environment only; status and signals pass through.
#include <gtest/gtest.h>

#include "support/cargo_project.hpp"
#include "support/local_registry.hpp"
#include "support/secret_scan.hpp"
#include "support/task_runner.hpp"
#include "support/temp_dir.hpp"

namespace ca::test {
namespace {

constexpr const char* kToken = "exec-token-5f3a9c";

class Exec : public ::testing::Test {
 protected:
  TempDir project;
  TempDir home;
  Env env = base_env();

  void SetUp() override {
    env["CARGO_HOME"] = home.str();
    env["CARGO_REGISTRIES_LOCAL_TOKEN"] = kToken;
    // No server needed: exec does not contact the registry.
    project.write(".cargo/config.toml", registry_config("local", "sparse+http://127.0.0.1:9/index/"));
  }
  ProcessResult exec(const std::vector<std::string>& command) {
    std::vector<std::string> args{"exec", "--ci", "local", "--registry", "local", "--"};
    args.insert(args.end(), command.begin(), command.end());
    return run_cli(args, env, project.str());
  }
};

TEST_F(Exec, ExitStatusPassesThrough) {
  EXPECT_EQ(exec({"sh", "-c", "exit 7"}).exit_code, 7);
  EXPECT_EQ(exec({"true"}).exit_code, 0);
}

TEST_F(Exec, DeathBySignalIs128PlusTheSignal) {
  EXPECT_EQ(exec({"sh", "-c", "kill -KILL $$"}).exit_code, 128 + 9);
  EXPECT_EQ(exec({"sh", "-c", "kill -TERM $$"}).exit_code, 128 + 15);
}

TEST_F(Exec, ChildSeesTheVariablesButNotOnItsCommandLine) {
  // The token is removed from the environment of cargo-authenticate's parent
  // view: the child must get it from cargo-authenticate, by mapping.
  env.erase("CARGO_REGISTRIES_LOCAL_TOKEN");
  env["MY_SECRET_SOURCE"] = kToken;
  const auto run = run_cli({"exec", "--ci", "local", "--token", "local=MY_SECRET_SOURCE", "--", "sh", "-c",
                            "test \"$CARGO_REGISTRIES_LOCAL_TOKEN\" = \"$MY_SECRET_SOURCE\" && "
                            "test \"$CARGO_REGISTRIES_LOCAL_CREDENTIAL_PROVIDER\" = cargo:token && "
                            "tr '\\0' '\\n' < /proc/$$/cmdline"},
                           env, project.str());
  ASSERT_EQ(run.exit_code, 0) << run.all();
  // The child's own argv, as the kernel holds it: sh, -c, the script; no token.
  EXPECT_NE(run.out.find("sh\n-c\n"), std::string::npos) << run.out;
  expect_no_secrets(run.all(), {kToken}, "exec output and child command line");
}

TEST_F(Exec, TheChildReallyGetsTheToken) {
  EXPECT_EQ(exec({"sh", "-c", "test -n \"$CARGO_REGISTRIES_LOCAL_TOKEN\""}).exit_code, 0);
  // Control: the same check on a variable that is not set fails, so the test can fail.
  EXPECT_EQ(exec({"sh", "-c", "test -n \"$CARGO_REGISTRIES_NOPE_TOKEN\""}).exit_code, 1);
}

TEST_F(Exec, FailedAuthenticationDoesNotRunTheCommand) {
  env.erase("CARGO_REGISTRIES_LOCAL_TOKEN");
  const auto marker = project.path() / "ran";
  const auto run = exec({"sh", "-c", "touch '" + marker.string() + "'"});
  EXPECT_EQ(run.exit_code, 1) << run.all();
  EXPECT_FALSE(std::filesystem::exists(marker));
  EXPECT_NE(run.err.find("CARGO_REGISTRIES_LOCAL_TOKEN"), std::string::npos) << run.err;
}

TEST_F(Exec, UnknownCommandIs127) {
  const auto run = exec({"no-such-program-xyz"});
  EXPECT_EQ(run.exit_code, 127);
  EXPECT_NE(run.err.find("no-such-program-xyz"), std::string::npos) << run.err;
}

TEST_F(Exec, ConsumerBuildsThroughTheAuthRequiredIndex) {
  LocalRegistry registry({kToken});
  project.write(".cargo/config.toml", registry_config("local", registry.index_url()));
  TempDir lib;
  write_crate(lib, "", CrateSpec{"exec-consumed-lib", "0.1.0", {}, "[\"local\"]"});
  lib.write(".cargo/config.toml", registry_config("local", registry.index_url()));
  const auto published = run_cli(
      {"publish", "--ci", "local", "--no-verify"},
      [&] {
        Env e = cargo_env(home.str());
        e["CARGO_REGISTRIES_LOCAL_TOKEN"] = kToken;
        return e;
      }(),
      lib.str());
  ASSERT_EQ(published.exit_code, 0) << published.all();

  write_crate(project, "",
              CrateSpec{"exec-consumer",
                        "0.1.0",
                        {"exec-consumed-lib = { version = \"0.1.0\", registry = \"local\" }"},
                        ""});
  Env build_env = cargo_env(home.str());
  // Without the tool, the auth-required index refuses cargo (reads need the token too).
  const auto bare =
      run_process({"cargo", "build"}, build_env, {project.str(), "", std::chrono::seconds(120)});
  EXPECT_NE(bare.exit_code, 0) << bare.all();
  build_env["CARGO_REGISTRIES_LOCAL_TOKEN"] = kToken;
  const auto built = run_cli({"exec", "--ci", "local", "--", "cargo", "build"}, build_env, project.str());
  EXPECT_EQ(built.exit_code, 0) << built.all();
  EXPECT_GE(registry.count_requests("GET", "/api/v1/crates/exec-consumed-lib/0.1.0/download"), 1);
  expect_no_secrets(built.all(), {kToken}, "cargo build output");
}

}  // namespace
}  // namespace ca::test
