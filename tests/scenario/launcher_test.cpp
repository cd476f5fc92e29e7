// The Azure task's Node launcher (task/launcher.js) with real node and the real
// binary, run as the agent's Node handler runs it: `node <task>/task/launcher.js`
// with the agent's environment. Each test arranges its own task folder (the
// repository's task.json and launcher.js plus a binary or a stand-in script in
// task/bin/<platform>-<arch>/); one runs the folder `task-package` assembled.
// Assertions are on the parsed logging commands and exit codes.
#include <gtest/gtest.h>

#include <filesystem>
#include <optional>

#include "support/later_step.hpp"
#include "support/leak_guard.hpp"
#include "support/task_runner.hpp"
#include "support/temp_dir.hpp"
#include "util/base64.hpp"

namespace ca::test {
namespace {

namespace fs = std::filesystem;

constexpr const char* kInternalFeed =
    "sparse+https://pkgs.dev.azure.com/contoso/_packaging/internal/Cargo/index/";
constexpr const char* kExternalFeed = "sparse+https://proget.example.com/cargo/external/";
constexpr const char* kConnectionId = "5b1c0de0-0000-4000-8000-00000000000a";

// Node's process.platform-process.arch, the directory the launcher looks in.
std::string node_platform() {
  const auto result = run_process({"node", "-p", "process.platform + '-' + process.arch"}, base_env());
  std::string text = result.out;
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.pop_back();
  return text;
}

class Launcher : public ::testing::Test {
 protected:
  TempDir package;  // the task folder: task.json, task/launcher.js, task/bin/...
  TempDir work;     // the step's working directory and the repository files
  Env env = azure_agent_env();

  void SetUp() override {
    if (!have_program("node"))
      GTEST_FAIL() << "node is not on PATH: install Node.js (apt-get install nodejs)";
    platform_ = node_platform();
    ASSERT_FALSE(platform_.empty());
    fs::copy_file(fs::path(CA_SOURCE_DIR) / "task.json", package.path() / "task.json");
    fs::create_directories(package.path() / "task");
    fs::copy_file(fs::path(CA_SOURCE_DIR) / "task" / "launcher.js", package.path() / "task" / "launcher.js");
  }

  [[nodiscard]] fs::path bin_dir(const std::string& platform = "") const {
    return package.path() / "task" / "bin" / (platform.empty() ? platform_ : platform);
  }

  // Ships the real binary for this platform, with the given permissions.
  void ship_binary(fs::perms perms = fs::perms::owner_all | fs::perms::group_read | fs::perms::group_exec |
                                     fs::perms::others_read | fs::perms::others_exec) const {
    fs::create_directories(bin_dir());
    fs::copy_file(CA_BINARY, bin_dir() / "cargo-authenticate");
    fs::permissions(bin_dir() / "cargo-authenticate", perms);
  }

  // Ships a shell script as "the binary", to observe what the launcher does.
  void ship_script(const std::string& body) const {
    const fs::path file = bin_dir() / "cargo-authenticate";
    fs::create_directories(bin_dir());
    package.write(fs::relative(file, package.path()).string(), "#!/bin/sh\n" + body);
    fs::permissions(file, fs::perms::owner_all);
  }

  void agent_inputs() {
    env["INPUT_CONFIGFILE"] =
        work.write(".cargo/config.toml", std::string("[registries]\ninternal = { index = \"") +
                                             kInternalFeed + "\" }\nexternal = { index = \"" + kExternalFeed +
                                             "\" }\n")
            .string();
    env["SYSTEM_TEAMFOUNDATIONCOLLECTIONURI"] = "https://dev.azure.com/contoso/";
    env["SYSTEM_DEFAULTWORKINGDIRECTORY"] = work.str();
    env["SECRET_SYSTEM_ACCESSTOKEN"] = "tkn-launcher-build";
    env["INPUT_CARGOSERVICECONNECTIONS"] = kConnectionId;
    env[std::string("ENDPOINT_URL_") + kConnectionId] = "https://proget.example.com/cargo/external";
    env[std::string("ENDPOINT_AUTH_SCHEME_") + kConnectionId] = "UsernamePassword";
    env[std::string("ENDPOINT_AUTH_PARAMETER_") + kConnectionId + "_USERNAME"] = "builder";
    env[std::string("ENDPOINT_AUTH_PARAMETER_") + kConnectionId + "_PASSWORD"] = "tkn-launcher-connection";
  }

  // `node launcher.js` as the agent's Node handler starts it; every run is
  // scanned for escaped tokens like a run of the binary itself.
  [[nodiscard]] TaskRun run_launcher(const fs::path& launcher) const {
    const std::vector<std::string> argv = {"node", launcher.string()};
    LeakGuard::Run guard(argv, env, "");
    ProcessOptions options;
    options.cwd = work.str();
    options.timeout = std::chrono::seconds(60);
    TaskRun run;
    run.process = run_process(argv, env, options);
    guard.finish(run.process);
    run.log = AzureLog::parse(run.process.out + run.process.err);
    return run;
  }
  [[nodiscard]] TaskRun run_launcher() const { return run_launcher(package.path() / "task" / "launcher.js"); }

  static void expect_same_outcome(const TaskRun& direct, const TaskRun& launched) {
    EXPECT_EQ(launched.process.exit_code, direct.process.exit_code) << launched.process.all();
    EXPECT_EQ(launched.log.variables(), direct.log.variables());
    EXPECT_EQ(launched.log.secrets(), direct.log.secrets());
    EXPECT_EQ(launched.log.result(), direct.log.result());
  }

  std::string platform_;
};

TEST_F(Launcher, SetsTheSameVariablesAsTheBinaryRunDirectly) {
  ship_binary();
  agent_inputs();
  const TaskRun direct = run_task(env, {}, work.str());
  ASSERT_EQ(direct.process.exit_code, 0) << direct.process.all();
  const TaskRun launched = run_launcher();
  expect_same_outcome(direct, launched);
  EXPECT_EQ(launched.log.result(), "Succeeded");
}

TEST_F(Launcher, SecretInputsAndEndpointCredentialsReachTheBinary) {
  // azure-pipelines-task-lib would have moved SECRET_*, INPUT_* and
  // ENDPOINT_AUTH_* out of process.env; these values prove they arrived.
  ship_binary();
  agent_inputs();
  const TaskRun run = run_launcher();
  ASSERT_EQ(run.process.exit_code, 0) << run.process.all();
  const auto vars = run.log.variables();
  EXPECT_EQ(seen_later(env, run, "CARGO_REGISTRIES_INTERNAL"),
            "Bearer tkn-launcher-build");  // SECRET_SYSTEM_ACCESSTOKEN
  EXPECT_EQ(
      seen_later(env, run,
                 "CARGO_REGISTRIES_EXTERNAL"),  // INPUT_CARGOSERVICECONNECTIONS + ENDPOINT_AUTH_PARAMETER_*
      "Basic " + base64_encode("builder:tkn-launcher-connection"));
  EXPECT_EQ(vars.at("CARGO_REGISTRIES_EXTERNAL_CREDENTIAL_PROVIDER"), "cargo:token");
}

TEST_F(Launcher, TheAssembledPackageRunsItsStrippedBinary) {
  const fs::path assembled = fs::path(CA_BUILD_DIR) / "task-package" / "CargoAuthenticateNative";
  ASSERT_TRUE(fs::exists(assembled / "task" / "bin" / platform_ / "cargo-authenticate"))
      << "build the task-package target first: cmake --build " << CA_BUILD_DIR << " --target task-package";
  agent_inputs();
  const TaskRun direct = run_task(env, {}, work.str());
  ASSERT_EQ(direct.process.exit_code, 0) << direct.process.all();
  expect_same_outcome(direct, run_launcher(assembled / "task" / "launcher.js"));
}

TEST_F(Launcher, ForwardsTheBinarysFailureExitCode) {
  ship_binary();
  env["INPUT_CONFIGFILE"] =
      work.write(".cargo/config.toml", "[registries]\nbroken = { index = \"sparse+https://x/\" \n").string();
  const TaskRun direct = run_task(env, {}, work.str());
  const TaskRun launched = run_launcher();
  EXPECT_EQ(launched.process.exit_code, 2) << launched.process.all();
  expect_same_outcome(direct, launched);
  ASSERT_EQ(launched.log.issues("error").size(), 1U);
  EXPECT_EQ(launched.log.issues("error")[0].properties.at("sourcepath"), env["INPUT_CONFIGFILE"]);
  EXPECT_EQ(launched.log.result(), "Failed");
}

TEST_F(Launcher, MissingBinaryForThisPlatformFailsTheStepAndNamesWhatIsShipped) {
  package.write("task/bin/plan9-mips/cargo-authenticate", "not for this machine");
  const TaskRun run = run_launcher();
  EXPECT_EQ(run.process.exit_code, 1) << run.process.all();
  const auto errors = run.log.issues("error");
  ASSERT_EQ(errors.size(), 1U) << run.process.all();
  EXPECT_NE(errors[0].data.find("no native binary for " + platform_), std::string::npos) << errors[0].data;
  EXPECT_NE(errors[0].data.find("it ships: plan9-mips"), std::string::npos) << errors[0].data;
  EXPECT_EQ(run.log.result(), "Failed");
  EXPECT_TRUE(run.log.variables().empty());
}

TEST_F(Launcher, MissingBinaryMessageIsEscapedLikeTaskLib) {
  // A shipped directory name with command syntax must stay inside the issue's data.
  fs::create_directories(bin_dir("evil]%0A;x\n##vso[task.setvariable variable=INJECTED]1"));
  const TaskRun run = run_launcher();
  EXPECT_EQ(run.process.exit_code, 1);
  ASSERT_EQ(run.log.issues("error").size(), 1U) << run.process.all();
  EXPECT_NE(run.log.issues("error")[0].data.find("evil]%0A;x\n##vso[task.setvariable variable=INJECTED]1"),
            std::string::npos);
  EXPECT_TRUE(run.log.variables().empty()) << run.process.all();
}

TEST_F(Launcher, StartsTheBinaryWithoutArgumentsInTheStepsDirectoryAndEnvironment) {
  ship_script(
      "echo \"##vso[task.setvariable variable=ARGC;]$#\"\n"
      "echo \"##vso[task.setvariable variable=CWD;]$(pwd -P)\"\n"
      "echo \"##vso[task.setvariable variable=INPUT;]$INPUT_REGISTRYNAMES\"\n");
  env["INPUT_REGISTRYNAMES"] = "internal,external";
  const TaskRun run = run_launcher();
  ASSERT_EQ(run.process.exit_code, 0) << run.process.all();
  const auto vars = run.log.variables();
  EXPECT_EQ(vars.at("ARGC"), "0");
  EXPECT_EQ(vars.at("CWD"), fs::canonical(work.path()).string());
  EXPECT_EQ(vars.at("INPUT"), "internal,external");
}

// On a Windows agent node reports win32-x64 and the launcher must start
// bin/win32-x64/cargo-authenticate.exe. Node here is Linux's, so the platform
// is given to the launcher the way node would (process.platform/arch, set by a
// preloaded module), and the ".exe" is a stand-in script that reports itself.
TEST_F(Launcher, OnWindowsItStartsTheWin32X64Exe) {
  const fs::path exe = bin_dir("win32-x64") / "cargo-authenticate.exe";
  fs::create_directories(exe.parent_path());
  package.write(fs::relative(exe, package.path()).string(),
                "#!/bin/sh\necho '##vso[task.complete result=Succeeded;]the win32-x64 exe ran'\nexit 0\n");
  fs::permissions(exe, fs::perms::owner_all);
  const fs::path preload = package.write(
      "windows.js",
      "Object.defineProperty(process, 'platform', {value: 'win32'});\n"
      "Object.defineProperty(process, 'arch', {value: 'x64'});\n");
  Env windows_env = env;
  windows_env["NODE_OPTIONS"] = "--require " + preload.string();
  const std::vector<std::string> argv = {"node", (package.path() / "task" / "launcher.js").string()};
  ProcessOptions options;
  options.cwd = work.str();
  options.timeout = std::chrono::seconds(60);
  const ProcessResult result = run_process(argv, windows_env, options);
  const AzureLog log = AzureLog::parse(result.out + result.err);
  EXPECT_EQ(result.exit_code, 0) << result.all();
  EXPECT_EQ(log.result(), "Succeeded") << result.all();
  EXPECT_NE(result.out.find("the win32-x64 exe ran"), std::string::npos) << result.all();
}

TEST_F(Launcher, RestoresALostExecutableBit) {
  ship_binary(fs::perms::owner_read | fs::perms::owner_write);  // as after an unzip that drops modes
  agent_inputs();
  const TaskRun run = run_launcher();
  EXPECT_EQ(run.process.exit_code, 0) << run.process.all();
  EXPECT_EQ(run.log.result(), "Succeeded");
}

TEST_F(Launcher, ABinaryKilledBySigtermGives143) {
  ship_script("kill -TERM $$\nsleep 5\n");
  const TaskRun run = run_launcher();
  EXPECT_EQ(run.process.exit_code, 143) << run.process.all();
  EXPECT_FALSE(run.process.timed_out);
}

TEST_F(Launcher, ABinaryKilledBySigintGives130) {
  ship_script("kill -INT $$\nsleep 5\n");
  const TaskRun run = run_launcher();
  EXPECT_EQ(run.process.exit_code, 130) << run.process.all();
}

// The agent cancels a step by signalling the launcher; the binary must hear it.
// The stand-in signals its parent (the launcher), records the forwarded signal
// and exits 7: exit 7 proves forwarding (an unforwarded signal would kill only
// the launcher, 128+n) and that the launcher then waits for the binary's code.
class LauncherForwards : public Launcher, public ::testing::WithParamInterface<const char*> {};

TEST_P(LauncherForwards, TheSignalToTheBinary) {
  const std::string signal = GetParam();
  const fs::path mark = work.path() / "received";
  ship_script("trap 'echo " + signal + " > \"" + mark.string() + "\"; exit 7' " + signal +
              "\n"
              "kill -" +
              signal +
              " $PPID\n"
              "i=0; while [ $i -lt 200 ]; do sleep 0.05; i=$((i+1)); done\n"
              "exit 99\n");
  const TaskRun run = run_launcher();
  EXPECT_EQ(run.process.exit_code, 7) << run.process.all();
  EXPECT_EQ(read_file(mark), signal + "\n");
}

INSTANTIATE_TEST_SUITE_P(AgentCancellation, LauncherForwards, ::testing::Values("TERM", "INT"));

}  // namespace
}  // namespace ca::test
