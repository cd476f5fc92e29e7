// Faults never lose data and always say what happened: CARGO_HOME that cannot
// be a directory, a read-only or full file system under it (real tmpfs mounts;
// skipped with the reason when mounting is not permitted), many `login` runs
// at once, and a registry that answers 500 / 429, is too slow, or resets the
// connection. Credentials files are read back with toml++ and compared byte
// for byte where nothing may change.
#include <gtest/gtest.h>
#include <toml++/toml.h>

#include <fstream>
#include <iostream>
#include <thread>

#include "support/cargo_project.hpp"
#include "support/local_registry.hpp"
#include "support/task_runner.hpp"
#include "support/temp_dir.hpp"

namespace ca::test {
namespace {

namespace fs = std::filesystem;

int g_fault_cases = 0;

// A tmpfs mounted for one test (root only); unmounted at the end.
class TinyMount {
 public:
  TinyMount(const fs::path& where, const std::string& options) : where_(where) {
    fs::create_directories(where);
    const auto result =
        run_process({"mount", "-t", "tmpfs", "-o", options, "tmpfs", where.string()}, base_env());
    mounted_ = result.exit_code == 0;
    problem_ = result.all();
  }
  ~TinyMount() {
    if (mounted_) run_process({"umount", "-l", where_.string()}, base_env());
  }
  TinyMount(const TinyMount&) = delete;
  TinyMount& operator=(const TinyMount&) = delete;
  [[nodiscard]] bool mounted() const { return mounted_; }
  [[nodiscard]] std::string problem() const { return problem_; }
  bool remount(const std::string& options) const {
    return run_process({"mount", "-o", "remount," + options, where_.string()}, base_env()).exit_code == 0;
  }

 private:
  fs::path where_;
  bool mounted_ = false;
  std::string problem_;
};

std::vector<std::string> leftover_temp_files(const fs::path& dir) {
  std::vector<std::string> found;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    const std::string name = entry.path().filename().string();
    if (name.find(".tmp") != std::string::npos) found.push_back(name);
  }
  return found;
}

class Faults : public ::testing::Test {
 protected:
  TempDir project;
  TempDir scratch;
  Env env = base_env();
  const std::string existing = "[registries.kept]\ntoken = \"tkn-fault-kept\"\n";

  void SetUp() override {
    env.erase("CI");
    project.write(".cargo/config.toml", registry_config("alpha", "sparse+https://a.example/index/"));
    env["CARGO_REGISTRIES_ALPHA_TOKEN"] = "tkn-fault-alpha";
  }
  void TearDown() override {
    ++g_fault_cases;
    std::cout << "fault cases so far: " << g_fault_cases << "\n";
  }
  ProcessResult login(const Env& run_env) const {
    return run_cli({"login", "--ci", "local", "--registry", "alpha"}, run_env, project.str());
  }
};

TEST_F(Faults, CargoHomeUnderARegularFileFailsClearly) {
  const auto file = scratch.write("not-a-directory", "x");
  env["CARGO_HOME"] = (file / "cargo-home").string();
  const auto result = login(env);
  EXPECT_NE(result.exit_code, 0) << result.all();
  EXPECT_LT(result.exit_code, 128) << result.all();
  EXPECT_NE(result.err.find((file / "cargo-home").string()), std::string::npos) << result.all();
  EXPECT_NE(result.err.find("Not a directory"), std::string::npos) << result.all();
  EXPECT_EQ(read_file(file), "x");
}

TEST_F(Faults, ReadOnlyCargoHomeFailsClearlyAndKeepsTheFile) {
  const fs::path home = scratch.path() / "ro-home";
  TinyMount mount(home, "size=64k,mode=0700");
  if (!mount.mounted())
    GTEST_SKIP() << "cannot mount a tmpfs here (needs root with CAP_SYS_ADMIN): " << mount.problem();
  std::ofstream(home / "credentials.toml") << existing;
  ASSERT_TRUE(mount.remount("ro")) << "remount read-only failed";
  env["CARGO_HOME"] = home.string();
  const auto result = login(env);
  EXPECT_EQ(result.exit_code, 3) << result.all();  // output error
  EXPECT_NE(result.err.find("Read-only file system"), std::string::npos) << result.all();
  EXPECT_NE(result.err.find(home.string()), std::string::npos) << result.all();
  EXPECT_EQ(read_file(home / "credentials.toml"), existing);
}

TEST_F(Faults, FullCargoHomeFailsClearlyKeepsTheFileAndRecovers) {
  const fs::path home = scratch.path() / "full-home";
  TinyMount mount(home, "size=16k,mode=0700");
  if (!mount.mounted())
    GTEST_SKIP() << "cannot mount a tmpfs here (needs root with CAP_SYS_ADMIN): " << mount.problem();
  std::ofstream(home / "credentials.toml") << existing;
  {
    // Fill every remaining block.
    std::ofstream filler(home / "filler", std::ios::binary);
    const std::string block(4096, 'f');
    for (int i = 0; i < 64 && filler; ++i)
      filler.write(block.data(), static_cast<std::streamsize>(block.size())).flush();
  }
  env["CARGO_HOME"] = home.string();
  const auto full = login(env);
  EXPECT_EQ(full.exit_code, 3) << full.all();
  EXPECT_NE(full.err.find("No space left on device"), std::string::npos) << full.all();
  EXPECT_EQ(read_file(home / "credentials.toml"), existing) << "a failed write changed the credentials";
  EXPECT_TRUE(leftover_temp_files(home).empty()) << "temporary files left behind";

  fs::remove(home / "filler");
  const auto retried = login(env);
  ASSERT_EQ(retried.exit_code, 0) << retried.all();
  const toml::table credentials = toml::parse_file((home / "credentials.toml").string());
  EXPECT_EQ(credentials["registries"]["kept"]["token"].value<std::string>(), "tkn-fault-kept");
  EXPECT_EQ(credentials["registries"]["alpha"]["token"].value<std::string>(), "tkn-fault-alpha");
}

TEST_F(Faults, ManyLoginsAtOnceLoseNothing) {
  constexpr int kRuns = 6;
  std::string config;
  for (int i = 0; i < kRuns; ++i)
    config += registry_config("r" + std::to_string(i), "sparse+https://r.example/" + std::to_string(i) + "/");
  project.write(".cargo/config.toml", config);
  const TempDir home;
  for (int round = 0; round < 3; ++round) {
    fs::remove(home.path() / "credentials.toml");
    std::ofstream(home.path() / "credentials.toml") << existing;
    std::vector<ProcessResult> results(kRuns);
    std::vector<std::thread> threads;
    for (int i = 0; i < kRuns; ++i) {
      threads.emplace_back([&, i] {
        Env run_env = base_env();
        run_env["CARGO_HOME"] = home.str();
        run_env["CARGO_REGISTRIES_R" + std::to_string(i) + "_TOKEN"] =
            "tkn-fault-r" + std::to_string(i) + "-" + std::to_string(round);
        results[static_cast<std::size_t>(i)] = run_cli(
            {"login", "--ci", "local", "--registry", "r" + std::to_string(i)}, run_env, project.str());
      });
    }
    for (auto& t : threads) t.join();
    for (const auto& r : results) ASSERT_EQ(r.exit_code, 0) << r.all();
    const toml::table credentials = toml::parse_file((home.path() / "credentials.toml").string());
    EXPECT_EQ(credentials["registries"]["kept"]["token"].value<std::string>(), "tkn-fault-kept") << round;
    for (int i = 0; i < kRuns; ++i) {
      EXPECT_EQ(credentials["registries"]["r" + std::to_string(i)]["token"].value<std::string>(),
                "tkn-fault-r" + std::to_string(i) + "-" + std::to_string(round))
          << "round " << round << " lost registry r" << i;
    }
    EXPECT_TRUE(leftover_temp_files(home.path()).empty());
  }
}

// `check` against a misbehaving registry: exit 1, and a message that names the
// registry and what went wrong, never a crash or a hang.
class RegistryFaults : public ::testing::Test {
 protected:
  LocalRegistry registry{{"Bearer tkn-fault-check"}};
  TempDir project;
  Env env = base_env();

  void SetUp() override {
    env.erase("CI");
    env["CARGO_HOME"] = (project.path() / "cargo-home").string();
    env["CARGO_REGISTRIES_LOCAL_TOKEN"] = "Bearer tkn-fault-check";
    project.write(".cargo/config.toml", registry_config("local", registry.index_url()));
  }
  void TearDown() override {
    ++g_fault_cases;
    std::cout << "fault cases so far: " << g_fault_cases << "\n";
  }
  ProcessResult check(const std::string& faults, const std::vector<std::string>& extra = {}) {
    registry.set_faults(faults);
    std::vector<std::string> args = {"check", "--ci", "local", "--timeout", "2"};
    args.insert(args.end(), extra.begin(), extra.end());
    const auto start = std::chrono::steady_clock::now();
    auto result = run_cli(args, env, project.str());
    EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(20));
    registry.clear_faults();
    return result;
  }
};

TEST_F(RegistryFaults, CheckReportsTheBaselineAsHealthy) {
  const auto result = check("[]");
  EXPECT_EQ(result.exit_code, 0) << result.all();
}

TEST_F(RegistryFaults, CheckReports500) {
  const auto result = check(R"([{"status":500,"times":-1,"body":"boom"}])");
  EXPECT_EQ(result.exit_code, 1) << result.all();
  EXPECT_NE(result.err.find("local"), std::string::npos) << result.all();
  EXPECT_NE(result.err.find("500"), std::string::npos) << result.all();
}

TEST_F(RegistryFaults, CheckReports429) {
  const auto result = check(R"([{"status":429,"retry_after":30,"times":-1}])");
  EXPECT_EQ(result.exit_code, 1) << result.all();
  EXPECT_NE(result.err.find("429"), std::string::npos) << result.all();
}

TEST_F(RegistryFaults, CheckReportsATimeout) {
  const auto result = check(R"([{"delay_ms":5000,"times":-1}])", {});
  EXPECT_EQ(result.exit_code, 1) << result.all();
  EXPECT_NE(result.err.find("time"), std::string::npos) << result.all();
}

TEST_F(RegistryFaults, CheckReportsAConnectionReset) {
  const auto result = check(R"([{"drop":true,"times":-1}])");
  EXPECT_EQ(result.exit_code, 1) << result.all();
  EXPECT_NE(result.err.find("local"), std::string::npos) << result.all();
}

TEST_F(RegistryFaults, PublishRetriesAResetAndPublishesOnce) {
  write_crate(project, "crate", CrateSpec{"fault-probe", "0.1.0", {}, "[\"local\"]"});
  registry.set_faults(R"([{"method":"PUT","path_prefix":"/api/v1/crates/new","drop":true,"times":1}])");
  const auto result = run_cli(
      {"publish", "--ci", "local", "--registry", "local", "--no-verify", "--max-retry-seconds", "10", "-C",
       (project.path() / "crate").string()},
      [&] {
        Env e = cargo_env((project.path() / "cargo-home").string());
        e["CARGO_REGISTRIES_LOCAL_TOKEN"] = "Bearer tkn-fault-check";
        return e;
      }(),
      project.str());
  registry.clear_faults();
  EXPECT_EQ(result.exit_code, 0) << result.all();
  EXPECT_EQ(registry.count_requests("PUT", "/api/v1/crates/new"), 2) << registry.request_log();
}

TEST_F(RegistryFaults, PublishGivesUpOnPersistent500WithAClearError) {
  write_crate(project, "crate", CrateSpec{"fault-probe-2", "0.1.0", {}, "[\"local\"]"});
  registry.set_faults(R"([{"method":"PUT","path_prefix":"/api/v1/crates/new","status":500,"times":-1}])");
  Env e = cargo_env((project.path() / "cargo-home").string());
  e["CARGO_REGISTRIES_LOCAL_TOKEN"] = "Bearer tkn-fault-check";
  const auto result =
      run_cli({"publish", "--ci", "local", "--registry", "local", "--no-verify", "--max-attempts", "2",
               "--max-retry-seconds", "5", "-C", (project.path() / "crate").string()},
              e, project.str());
  registry.clear_faults();
  EXPECT_EQ(result.exit_code, 1) << result.all();
  EXPECT_NE(result.err.find("500"), std::string::npos) << result.all();
  EXPECT_NE(result.err.find("fault-probe-2"), std::string::npos) << result.all();
}

}  // namespace
}  // namespace ca::test
