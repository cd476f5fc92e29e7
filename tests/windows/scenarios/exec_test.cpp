// `exec` runs a real child (env_probe, a Windows program for a Windows build)
// with the registry variables in its environment, the arguments as given
// (spaces, quotes, backslashes, non-ASCII: what a Windows command line must
// quote), and passes its exit code through. The probe writes what it received
// as JSON; the test parses it.
#include <gtest/gtest.h>

#include <filesystem>
#include <nlohmann/json.hpp>

#include "env_probe.hpp"
#include "support/leak_guard.hpp"
#include "support/printed_path.hpp"
#include "support/task_runner.hpp"
#include "support/temp_dir.hpp"
#include "support/tool_under_test.hpp"

namespace ca::test {
namespace {

using nlohmann::json;

class ExecChild : public ::testing::Test {
 protected:
  TempDir project;
  TempDir home;
  Env env = base_env();
  std::filesystem::path record = project.path() / "probe.json";

  void SetUp() override {
    const std::string probe = env_probe_program();
    ASSERT_FALSE(probe.empty())
        << "env_probe.exe was not built: install mingw-w64 (scripts/install-deps.sh --wine)";
    ASSERT_TRUE(std::filesystem::exists(probe)) << probe;
    env["CARGO_HOME"] = path_for_tool(home.path());
    project.write(".cargo/config.toml", registry_config("local", "sparse+http://127.0.0.1:9/index/"));
    LeakGuard::instance().allow_file(record);  // the child's record holds the token by design
  }
  static std::string registry_config(const std::string& name, const std::string& index) {
    return "[registries." + name + "]\nindex = \"" + index + "\"\n";
  }
  // `exec -- env_probe RECORD CODE NAMES...` with extra exec options before `--`.
  ProcessResult exec(int code, const std::vector<std::string>& names,
                     const std::vector<std::string>& options = {}) {
    std::vector<std::string> args{"exec", "--ci", "local"};
    args.insert(args.end(), options.begin(), options.end());
    args.insert(args.end(),
                {"--", path_for_tool(env_probe_program()), path_for_tool(record), std::to_string(code)});
    args.insert(args.end(), names.begin(), names.end());
    return run_cli(args, env, project.str());
  }
  json probe_record() const {
    const json parsed = json::parse(read_file(record), nullptr, false);
    EXPECT_FALSE(parsed.is_discarded()) << "the child wrote no record: " << read_file(record);
    return parsed;
  }
};

TEST_F(ExecChild, ChildGetsTheMappedTokenTheEnvironmentAndItsArguments) {
  env["MY_SECRET_SOURCE"] = "tkn-win-exec-1";
  env["UNRELATED_SETTING"] = "Grüße, Welt";
  const std::vector<std::string> names{"CARGO_REGISTRIES_LOCAL_TOKEN",
                                       "CARGO_REGISTRIES_LOCAL_CREDENTIAL_PROVIDER",
                                       "UNRELATED_SETTING",
                                       "NOT_SET_ANYWHERE",
                                       "two words",
                                       "a \"quoted\" word",
                                       "trailing backslash\\",
                                       "ünïcode"};
  const auto run = exec(0, names, {"--token", "local=MY_SECRET_SOURCE"});
  ASSERT_EQ(run.exit_code, 0) << run.all();
  const json got = probe_record();
  const json& child_env = got.at("env");
  EXPECT_EQ(child_env.at("CARGO_REGISTRIES_LOCAL_TOKEN"), "tkn-win-exec-1");
  EXPECT_EQ(child_env.at("CARGO_REGISTRIES_LOCAL_CREDENTIAL_PROVIDER"), "cargo:token");
  EXPECT_EQ(child_env.at("UNRELATED_SETTING"), "Grüße, Welt");
  EXPECT_TRUE(child_env.at("NOT_SET_ANYWHERE").is_null());
  // The arguments arrive one for one, exactly.
  const auto& argv = got.at("argv");
  ASSERT_EQ(argv.size(), 3 + names.size()) << argv.dump();
  EXPECT_TRUE(same_path(argv[0].get<std::string>(), env_probe_program())) << argv[0];
  EXPECT_TRUE(same_path(argv[1].get<std::string>(), record)) << argv[1];
  for (std::size_t i = 0; i < names.size(); ++i) EXPECT_EQ(argv[3 + i], names[i]);
}

// Hostile arguments: every shape a Windows command line must quote (empty,
// tab, trailing backslashes before the closing quote, backslashes before a
// quote, a lone quote) and what cmd.exe would expand or split (%VAR%, ^ & |),
// which must arrive as plain text since no shell is involved.
TEST_F(ExecChild, ArgumentsThatNeedQuotingArriveExactly) {
  env["CARGO_REGISTRIES_LOCAL_TOKEN"] = "tkn-win-exec-args";
  const std::vector<std::string> names{"",
                                       "tab\there",
                                       "ends with space ",
                                       "\\\\server\\share\\",
                                       "two trailing\\\\",
                                       "a\\\\\"b",
                                       "\"",
                                       "\\",
                                       "x\\ y\\\\z",
                                       "%PATH%",
                                       "^&|<>()",
                                       "日本語 ü"};
  const auto run = exec(0, names);
  ASSERT_EQ(run.exit_code, 0) << run.all();
  const json got = probe_record();
  const auto& argv = got.at("argv");
  ASSERT_EQ(argv.size(), 3 + names.size()) << argv.dump();
  for (std::size_t i = 0; i < names.size(); ++i) EXPECT_EQ(argv[3 + i], names[i]) << i;
}

// The tool sets CARGO_REGISTRIES_LOCAL_TOKEN (and no_proxy/NO_PROXY for a
// loopback http registry). Windows looks names up without regard to case, so
// a differently-cased variable already in the environment (a hostile
// `cargo_registries_local_token`, `No_Proxy`) is the same variable: the child
// must get exactly one entry per name, holding the tool's value. On POSIX the
// names are distinct variables and each keeps its own entry.
TEST_F(ExecChild, ADifferentlyCasedVariableNeitherShadowsNorDuplicatesTheToolsOne) {
  env["MY_SECRET_SOURCE"] = "tkn-win-exec-case";
  env["cargo_registries_local_token"] = "hostile-lower-case";
  env["No_Proxy"] = "example.org";
  const auto run = exec(0, {"CARGO_REGISTRIES_LOCAL_TOKEN", "NO_PROXY", "no_proxy"},
                        {"--token", "local=MY_SECRET_SOURCE"});
  ASSERT_EQ(run.exit_code, 0) << run.all();
  const json got = probe_record();
  EXPECT_EQ(got.at("env").at("CARGO_REGISTRIES_LOCAL_TOKEN"), "tkn-win-exec-case");
  EXPECT_EQ(got.at("count").at("CARGO_REGISTRIES_LOCAL_TOKEN"), 1) << got.dump();
  const std::string no_proxy = got.at("env").at("NO_PROXY").get<std::string>();
  EXPECT_NE(no_proxy.find("127.0.0.1"), std::string::npos) << got.dump();
  EXPECT_EQ(got.at("count").at("NO_PROXY"), 1) << got.dump();
  EXPECT_EQ(got.at("count").at("no_proxy"), 1) << got.dump();
  if (tool_under_test().windows) {
    // The one entry keeps what the environment already named (No_Proxy).
    EXPECT_NE(no_proxy.find("example.org"), std::string::npos) << got.dump();
  }
}

// A checked-out repository is the working directory. Windows' own search
// would try it before the PATH; a relative PATH entry ("." or "bin") would
// reach it too. A program named without a directory is looked up in the
// PATH's absolute directories only, so a planted program never runs.
// (POSIX keeps execvp's rules: a relative PATH entry is the user's choice.)
TEST_F(ExecChild, APlantedProgramInTheCheckoutIsNeverFoundThroughThePath) {
  if (!tool_under_test().windows) GTEST_SKIP() << "Windows lookup rules";
  env["CARGO_REGISTRIES_LOCAL_TOKEN"] = "tkn-win-exec-path";
  const std::string probe = env_probe_program();
  std::filesystem::create_directories(project.path() / "bin");
  std::filesystem::copy_file(probe, project.path() / "planted.exe");
  std::filesystem::copy_file(probe, project.path() / "bin" / "planted.exe");
  const std::vector<std::string> relative{"", ".", "bin", ".\\bin",
                                          "..\\" + project.path().filename().string()};
  for (const std::string& path : relative) {
    env["WINEPATH"] = path;  // wine puts it before the system directories of PATH
    const auto run =
        run_cli({"exec", "--ci", "local", "--", "planted", path_for_tool(record), "0"}, env, project.str());
    EXPECT_EQ(run.exit_code, 127) << "PATH starting with '" << path << "': " << run.all();
    EXPECT_FALSE(std::filesystem::exists(record)) << "the planted program ran (PATH '" << path << "')";
    std::filesystem::remove(record);
  }
  // The same program through an absolute PATH entry is found (the rule is about the place, not the name).
  env["WINEPATH"] = path_for_tool(project.path() / "bin");
  const auto run =
      run_cli({"exec", "--ci", "local", "--", "planted", path_for_tool(record), "0"}, env, project.str());
  EXPECT_EQ(run.exit_code, 0) << run.all();
  EXPECT_TRUE(std::filesystem::exists(record));
}

// A .bat/.cmd runs through cmd.exe, which parses the arguments again
// (BatBadBut: `"&calc"` becomes a command). exec never starts one, neither
// by its path nor found on the PATH.
TEST_F(ExecChild, ABatchFileIsNeverStarted) {
  if (!tool_under_test().windows) GTEST_SKIP() << "Windows lookup rules";
  env["CARGO_REGISTRIES_LOCAL_TOKEN"] = "tkn-win-exec-bat";
  const auto marker = project.path() / "ran.txt";
  for (const char* name : {"script.cmd", "script.bat", "other.bat"}) {
    project.write(name, "@echo ran> \"" + path_for_tool(marker) + "\"\r\n");
  }
  env["WINEPATH"] = path_for_tool(project.path());
  for (const std::string& program :
       {std::string("script"), std::string("other"), path_for_tool(project.path() / "script.cmd"),
        path_for_tool(project.path() / "script.bat"), path_for_tool(project.path() / "script")}) {
    const auto run =
        run_cli({"exec", "--ci", "local", "--", program, "\"&echo injected"}, env, project.str());
    EXPECT_EQ(run.exit_code, 127) << program << ": " << run.all();
    EXPECT_FALSE(std::filesystem::exists(marker)) << program << " ran through cmd.exe";
  }
}

// Windows keeps each drive's working directory as an environment entry whose
// name starts with '=' ("=C:=C:\\windows", what a drive-relative "C:file"
// resolves against); cmd.exe sets them, CreateProcess passes them on. exec's
// child keeps them although the tool builds the child's block itself.
TEST_F(ExecChild, PerDriveDirectoriesReachTheChild) {
  if (!tool_under_test().windows) GTEST_SKIP() << "Windows environment blocks";
  env["CARGO_REGISTRIES_LOCAL_TOKEN"] = "tkn-win-exec-drives";
  const std::string script = "cd /d C:\\windows && cd /d " + path_for_tool(project.path()) + " && " +
                             path_for_tool(tool_under_test().binary) + " exec --ci local -- " +
                             path_for_tool(env_probe_program()) + " " + path_for_tool(record) + " 0 =C: =Z:";
  const auto run = run_process(runner_command("cmd.exe", {"/c", script}), tool_environment(env),
                               {project.str(), "", std::chrono::seconds(60)});
  ASSERT_EQ(run.exit_code, 0) << run.all();
  const json got = probe_record();
  EXPECT_EQ(got.at("env").at("=C:"), "C:\\windows") << got.dump();
  ASSERT_TRUE(got.at("env").at("=Z:").is_string()) << got.dump();
  EXPECT_TRUE(same_path(got.at("env").at("=Z:").get<std::string>(), project.path())) << got.dump();
  EXPECT_EQ(got.at("count").at("=C:"), 1) << got.dump();
}

TEST_F(ExecChild, ExitCodePassesThrough) {
  env["CARGO_REGISTRIES_LOCAL_TOKEN"] = "tkn-win-exec-2";
  for (const int code : {0, 1, 7, 42, 255}) {
    const auto run = exec(code, {});
    EXPECT_EQ(run.exit_code, code) << run.all();
  }
}

TEST_F(ExecChild, AProgramThatDoesNotExistIs127) {
  env["CARGO_REGISTRIES_LOCAL_TOKEN"] = "tkn-win-exec-3";
  const std::string missing = path_for_tool(project.path() / "no-such-program-xyz.exe");
  const auto run = run_cli({"exec", "--ci", "local", "--", missing}, env, project.str());
  EXPECT_EQ(run.exit_code, 127) << run.all();
  EXPECT_NE(run.err.find("no-such-program-xyz"), std::string::npos) << run.err;
}

TEST_F(ExecChild, FailedAuthenticationDoesNotRunTheChild) {
  const auto run = exec(0, {}, {"--registry", "local"});
  EXPECT_EQ(run.exit_code, 1) << run.all();
  EXPECT_NE(run.err.find("CARGO_REGISTRIES_LOCAL_TOKEN"), std::string::npos) << run.err;
  EXPECT_FALSE(std::filesystem::exists(record));
}

}  // namespace
}  // namespace ca::test
