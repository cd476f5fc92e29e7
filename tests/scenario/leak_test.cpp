// No token escapes, whatever the host, command, log level or failure: a matrix
// of real runs of the binary (Azure task and CLI, GitHub, CNB, local shells;
// auth / login / check / list / exec / publish as far as this build has them;
// debug logging off and on; good and wrong tokens, a registry answering 500
// with the token echoed in its body, a malformed config, a token with a control
// character, no token at all). Every run is scanned by LeakGuard (stdout,
// stderr, every file the run created or changed outside its destinations) in
// run_process(); each host's test prints how many scenarios it ran.
#include <gtest/gtest-spi.h>
#include <gtest/gtest.h>

#include <iostream>
#include <map>
#include <memory>

#include "support/cargo_project.hpp"
#include "support/later_step.hpp"
#include "support/leak_guard.hpp"
#include "support/local_registry.hpp"
#include "support/task_runner.hpp"
#include "support/temp_dir.hpp"
#include "util/base64.hpp"

namespace ca::test {
namespace {

enum class Mode { kGood, kWrongToken, kServerError, kMalformedConfig, kControlCharacter, kNoToken };
const std::vector<Mode> kModes = {
    Mode::kGood,   Mode::kWrongToken, Mode::kServerError, Mode::kMalformedConfig, Mode::kControlCharacter,
    Mode::kNoToken};

std::string mode_name(Mode m) {
  switch (m) {
    case Mode::kGood:
      return "good token";
    case Mode::kWrongToken:
      return "wrong token (401)";
    case Mode::kServerError:
      return "registry 500 echoing the token";
    case Mode::kMalformedConfig:
      return "malformed config";
    case Mode::kControlCharacter:
      return "token with a control character";
    case Mode::kNoToken:
      return "no token";
  }
  return "";
}

// The registry accepts each good token in the form cargo sends it.
const std::vector<std::string> kGoodTokens = {"tkn-leak-raw-1", "Bearer tkn-leak-bearer-1",
                                              "Basic " + base64_encode("ci:tkn-leak-basic-1")};

bool command_available(const std::string& command) {
  static std::map<std::string, bool> known;
  auto it = known.find(command);
  if (it != known.end()) return it->second;
  const auto help = run_cli({command, "--help"}, base_env());
  return known[command] = help.exit_code == 0;
}

class LeakMatrix : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    std::vector<std::string> accepted = kGoodTokens;
    registry_ = std::make_unique<LocalRegistry>(accepted);
  }
  static void TearDownTestSuite() { registry_.reset(); }

  TempDir dir;
  int scenarios = 0;
  int rotation = 0;
  static std::unique_ptr<LocalRegistry> registry_;

  std::string good_token() { return kGoodTokens[static_cast<std::size_t>(rotation++) % kGoodTokens.size()]; }

  std::string config_path(Mode mode) {
    if (mode == Mode::kMalformedConfig) {
      return dir
          .write("bad/.cargo/config.toml",
                 "[registries]\nlocal = { index = \"" + registry_->index_url() + "\" \n")
          .string();
    }
    return dir.write("good/.cargo/config.toml", registry_config("local", registry_->index_url())).string();
  }

  std::string token_for(Mode mode) {
    switch (mode) {
      case Mode::kWrongToken:
        return "Bearer tkn-leak-wrong-1";
      case Mode::kControlCharacter:
        return "tkn-leak-ctl-\x01-1";
      case Mode::kNoToken:
        return "";
      default:
        return good_token();
    }
  }

  void arm_faults(Mode mode) const {
    if (mode == Mode::kServerError) {
      // A broken server that echoes what it was sent: the tool must redact it.
      registry_->set_faults(R"([{"status":500,"times":-1,"body":"internal error; you sent Authorization: )" +
                            std::string("Bearer tkn-leak-bearer-1 and tkn-leak-raw-1") + R"("}])");
    }
  }

  // One crate to publish, under dir/crate-N (a fresh version each time).
  std::string publishable_crate() {
    const std::string relative = "crate-" + std::to_string(scenarios);
    CrateSpec spec{"leak-probe", "0.1." + std::to_string(scenarios), {}, "[\"local\"]"};
    write_crate(dir, relative, spec);
    return (dir.path() / relative).string();
  }

  std::vector<std::string> command_args(const std::string& command, const std::string& config) {
    if (command == "exec") {
      return {"exec", "--config", config, "--", "sh", "-c", "test -n \"$CARGO_REGISTRIES_LOCAL_TOKEN\""};
    }
    if (command == "publish") {
      return {"publish", "--config", config, "--registry", "local", "-C", publishable_crate(), "--no-verify"};
    }
    return {command, "--config", config};
  }

  void count(const ProcessResult& result, const std::string& label) {
    ++scenarios;
    EXPECT_FALSE(result.timed_out) << label;
    EXPECT_LT(result.exit_code, 128) << label << " crashed:\n" << result.all();
  }

  void report(const std::string& host) const {
    std::cout << "leak matrix [" << host << "]: " << scenarios << " scenarios scanned, "
              << LeakGuard::instance().stats().leaks << " leaks\n";
  }

  void run_matrix(const std::string& host, const Env& host_env, const std::string& token_variable,
                  const std::vector<std::string>& commands, const std::vector<std::string>& debug_switch,
                  const Env& debug_env) {
    for (const auto& command : commands) {
      if (!command_available(command)) continue;
      for (const Mode mode : kModes) {
        if (command == "publish" && (mode == Mode::kMalformedConfig || mode == Mode::kNoToken)) continue;
        for (const bool debug : {false, true}) {
          Env env = host_env;
          env["CARGO_HOME"] = (dir.path() / "cargo-home").string();
          env["CARGO_TARGET_DIR"] = std::string(CA_BUILD_DIR) + "/cargo-target";
          if (const std::string token = token_for(mode); !token.empty()) env[token_variable] = token;
          std::vector<std::string> args = command_args(command, config_path(mode));
          if (debug) {
            args.insert(args.begin() + 1, debug_switch.begin(), debug_switch.end());
            for (const auto& [k, v] : debug_env) env[k] = v;
          }
          arm_faults(mode);
          const auto result = run_cli(args, env, dir.str());
          registry_->clear_faults();
          const std::string label =
              host + " " + command + " / " + mode_name(mode) + (debug ? " / debug" : "");
          count(result, label);
          if (mode == Mode::kGood && command != "publish" && command != "check") {
            EXPECT_EQ(result.exit_code, 0) << label << "\n" << result.all();
          }
          if (mode == Mode::kMalformedConfig) EXPECT_EQ(result.exit_code, 2) << label << "\n" << result.all();
          // `list` only reports; every command that uses a token must refuse it.
          if (mode == Mode::kControlCharacter && command != "list") {
            EXPECT_NE(result.exit_code, 0) << label << "\n" << result.all();
          }
        }
      }
    }
  }
};
std::unique_ptr<LocalRegistry> LeakMatrix::registry_;

const std::vector<std::string> kAllCommands = {"auth", "login", "check", "list", "exec", "publish"};

TEST_F(LeakMatrix, AzureTaskFrontDoor) {
  for (const Mode mode : kModes) {
    for (const bool debug : {false, true}) {
      Env env = azure_agent_env();
      env["INPUT_CONFIGFILE"] = config_path(mode);
      env["AGENT_TEMPDIRECTORY"] = dir.str();
      env["SECRET_SYSTEM_ACCESSTOKEN"] = "tkn-leak-system-1";
      const std::string token = token_for(mode);
      if (!token.empty()) {
        env["SECRET_CARGO_REGISTRIES_LOCAL_TOKEN"] = token;
        env["VSTS_SECRET_VARIABLES"] = R"(["CARGO_REGISTRIES_LOCAL_TOKEN"])";
      }
      if (debug) env["SYSTEM_DEBUG"] = "true";
      const auto run = run_task(env, {}, dir.str());
      count(run.process, "azure task / " + mode_name(mode));
      if (mode == Mode::kGood) {
        EXPECT_EQ(run.process.exit_code, 0) << run.process.all();
        // A later script step gets the token (through this binary as cargo's provider:
        // the agent keeps the secret's own name secret).
        EXPECT_EQ(seen_later(env, run, "CARGO_REGISTRIES_LOCAL", registry_->index_url()), token)
            << run.process.all();
      }
    }
  }
  report("azure task");
}

TEST_F(LeakMatrix, AzureCommandLine) {
  Env env = azure_agent_env();
  env["AGENT_TEMPDIRECTORY"] = dir.str();
  env["SECRET_SYSTEM_ACCESSTOKEN"] = "tkn-leak-system-2";
  env["VSTS_SECRET_VARIABLES"] = R"(["CARGO_REGISTRIES_LOCAL_TOKEN"])";
  run_matrix("azure", env, "SECRET_CARGO_REGISTRIES_LOCAL_TOKEN", kAllCommands, {},
             {{"SYSTEM_DEBUG", "true"}});
  report("azure");
}

TEST_F(LeakMatrix, GitHubActions) {
  Env env = base_env();
  env["GITHUB_ACTIONS"] = "true";
  env["CI"] = "true";
  env["GITHUB_ENV"] = dir.write("runner/env", "").string();
  env["GITHUB_OUTPUT"] = dir.write("runner/output", "").string();
  env["GITHUB_STEP_SUMMARY"] = dir.write("runner/summary.md", "").string();
  env["RUNNER_TEMP"] = (dir.path() / "runner").string();
  env["GITHUB_TOKEN"] = "tkn-leak-github-1";
  run_matrix("github", env, "CARGO_REGISTRIES_LOCAL_TOKEN", kAllCommands, {}, {{"RUNNER_DEBUG", "1"}});
  report("github");
}

TEST_F(LeakMatrix, CloudNativeBuild) {
  Env env = base_env();
  env["CNB"] = "true";
  env["CI"] = "true";
  env["CNB_TOKEN"] = "tkn-leak-cnb-1";
  env["CNB_TOKEN_USER_NAME"] = "cnb";
  env["CNB_BUILD_WORKSPACE"] = dir.str();
  run_matrix("cnb", env, "CARGO_REGISTRIES_LOCAL_TOKEN", kAllCommands, {"--debug"}, {});
  report("cnb");
}

TEST_F(LeakMatrix, LocalShell) {
  Env env = base_env();
  run_matrix("local", env, "CARGO_REGISTRIES_LOCAL_TOKEN", kAllCommands, {"--debug"}, {});
  // The explicit mapping and every --emit format, debug on.
  for (const Mode mode : {Mode::kGood, Mode::kWrongToken, Mode::kControlCharacter}) {
    for (const std::vector<std::string>& emit :
         {std::vector<std::string>{"--emit", "shell"},
          {"--emit", "dotenv"},
          {"--emit", "dotenv", "--output", (dir.path() / "out.env").string()},
          {"--emit", "json"},
          {"--emit", "json", "--show-secrets"}}) {
      Env run_env = base_env();
      run_env["RELEASE_KEY"] = token_for(mode);
      std::vector<std::string> args = {"auth",    "--debug",          "--config", config_path(mode),
                                       "--token", "local=RELEASE_KEY"};
      args.insert(args.end(), emit.begin(), emit.end());
      const auto result = run_cli(args, run_env, dir.str());
      count(result, "local auth " + emit[1] + " / " + mode_name(mode));
      if (mode != Mode::kControlCharacter) EXPECT_EQ(result.exit_code, 0) << result.all();
    }
  }
  report("local");
}

// The guard must catch a real leak, or "no leaks" above would prove nothing:
// a run that prints a token outside a destination line, and a file it writes.
TEST(LeakGuardControl, CatchesATokenPrintedOrWrittenByARun) {
  TempDir dir;
  Env env = base_env();
  env["CARGO_REGISTRIES_X_TOKEN"] = "control-secret-value";
  LeakGuard::Run run({CA_BINARY, "auth"}, env, "");
  dir.write("stray.log", "header\nBasic " + base64_encode("user:control-secret-value") + "\n");
  ProcessResult fake;
  fake.exit_code = 0;
  fake.out = "##vso[task.setsecret]control-secret-value\nall good\n";
  fake.err = "debug: sending Bearer control-secret-value\n";
  std::vector<Leak> leaks;
  EXPECT_NONFATAL_FAILURE(leaks = run.finish(fake), "LeakGuard");
  ASSERT_EQ(leaks.size(), 2U);
  EXPECT_EQ(leaks[0].where, "stderr line 1");
  EXPECT_NE(leaks[1].where.find("stray.log"), std::string::npos);
  // The planted run is not one of the suite's: keep it out of the printed figure.
  LeakScanStats planted;
  planted.runs = -1;
  planted.leaks = -static_cast<long>(leaks.size());
  LeakGuard::instance().record(planted);
}

}  // namespace
}  // namespace ca::test
