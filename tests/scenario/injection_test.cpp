// Hostile input never adds a CI command: config file paths, registry names,
// index URLs, registry selections, variable mappings, working directories,
// tokens and registry answers holding ] ; % CR LF "##vso[" "##[" "::" are run
// through the real binary on every host (Azure task and CLI, GitHub, CNB, a
// local shell), debug logging off and on. The output is parsed the way each CI
// reads it (AzureLog, GitHubLog + the env files, CNB's "##[" lines, a real
// `sh` sourcing --emit shell) and must hold exactly the expected kinds of
// commands, and set exactly the expected variables: nothing named INJECTED.
#include <gtest/gtest.h>

#include <functional>
#include <iostream>
#include <set>

#include "config/registry_name.hpp"
#include "support/azure_log.hpp"
#include "support/dotnet_text.hpp"
#include "support/github_files.hpp"
#include "support/local_registry.hpp"
#include "support/task_runner.hpp"
#include "support/temp_dir.hpp"
#include "util/strings.hpp"

namespace ca::test {
namespace {

// No '/', so it can be a directory name too.
const std::string kPayload =
    "x]%;\n##vso[task.setvariable variable=INJECTED;issecret=false;]pwned\r\n::set-env name=INJECTED::pwned\n"
    "##[set-output INJECTED=pwned]\n::add-mask::%AZP25%0A ##vso[task.complete result=Failed;]";
// What the real parsers read past an ordinal check: the runner trims every .NET
// white space (U+00A0, U+2003, U+3000, VT, FF) before "::", and the agent's and
// runner's culture-sensitive searches skip zero-width characters (U+200B,
// U+2060, U+00AD, U+FEFF) inside "##vso[" and "##[". No '/', no CR/LF.
// Each under 255 bytes (one directory name); kUnicodePayload joins them.
const std::string kUnicodeSpacesPayload =
    "u\n\u00A0::warning::INJECTED\n\u2003::add-mask::INJECTED\n\u3000::stop-commands::INJECTED\n"
    "\v::set-env "
    "name=INJECTED::pwned\n\f::error::INJECTED\n\u200B::notice::INJECTED\n:\u200B:warning::INJECTED";
const std::string kZeroWidthPayload =
    "z\n#\u200B#vso[task.setvariable variable=INJECTED;issecret=false;]pwned\n"
    "x #\u2060#vso[task.complete result=Failed;]\n#\u00AD#[error]INJECTED\n\uFEFF##[set-output "
    "INJECTED=pwned]\n"
    "#\u200B#\u200B#vso[task.setvariable variable=INJECTED;]x";
const std::string kUnicodePayload = kUnicodeSpacesPayload + "\n" + kZeroWidthPayload;
// The same text inside a TOML basic string.
std::string toml_escaped(const std::string& text) {
  return replace_all(replace_all(replace_all(text, "\\", "\\\\"), "\n", "\\n"), "\r", "\\r");
}
// A usable token (no control characters) full of every host's metacharacters.
const std::string kHostileToken =
    "tkn-inj-]%;##vso[task.complete result=Failed;]::add-mask::x'$(touch INJECTED)'\"`%AZP25`%0A";

constexpr const char* kIndex = "sparse+https://registry.example/cargo/index/";

enum class HostKindUnderTest { kAzureTask, kAzureCli, kGitHub, kCnb, kLocal };

class Injection;

struct RunSpec {
  std::string config;
  std::vector<std::string> args;  // after "auth"
  Env inputs;                     // Azure task inputs (INPUT_*)
  std::string registry_name = "plain";
  std::string token = "tkn-inj-plain-1";
  std::string working_directory;
};

struct Case {
  std::string name;
  // Fills the run: config path, extra CLI args, Azure task inputs, env, token.
  std::function<void(Injection&, RunSpec&)> setup;
  std::set<std::string> expected_variables;  // the only variables any host may set
  bool must_succeed = false;
  bool cli_only = false;  // no Azure task input expresses it
};

bool is_shell_name(const std::string& name) {
  for (char ch : name) {
    if (!((ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '_'))
      return false;
  }
  return !name.empty();
}

std::set<std::string> variables_of(const std::string& registry) {
  return {token_variable_for(registry), credential_provider_variable_for(registry)};
}

class Injection : public ::testing::Test {
 public:
  TempDir dir;
  int cases_run = 0;

  std::string hostile_dir() const { return (dir.path() / kPayload).string(); }
  std::string write_config(const std::string& relative_dir, const std::string& content) const {
    return dir.write(relative_dir + "/.cargo/config.toml", content).string();
  }
  static std::string plain_config() {
    return std::string("[registries.plain]\nindex = \"") + kIndex + "\"\n";
  }

 protected:
  Env host_env(HostKindUnderTest host, const RunSpec& spec, bool debug) {
    Env env = host == HostKindUnderTest::kAzureTask || host == HostKindUnderTest::kAzureCli
                  ? azure_agent_env()
                  : base_env();
    const std::string token_variable = token_variable_for(spec.registry_name);
    env["CARGO_HOME"] = (dir.path() / "cargo-home").string();  // discovery must not reach the user's
    switch (host) {
      case HostKindUnderTest::kAzureTask:
      case HostKindUnderTest::kAzureCli:
        env["AGENT_TEMPDIRECTORY"] = dir.str();
        if (!spec.token.empty()) {
          env["SECRET_" + token_variable] = spec.token;
          env["VSTS_SECRET_VARIABLES"] = "[\"" + token_variable + "\"]";
        }
        if (debug) env["SYSTEM_DEBUG"] = "true";
        break;
      case HostKindUnderTest::kGitHub:
        env["GITHUB_ACTIONS"] = "true";
        env["GITHUB_ENV"] = dir.write("runner/env-" + std::to_string(cases_run), "").string();
        env["GITHUB_OUTPUT"] = dir.write("runner/output-" + std::to_string(cases_run), "").string();
        env["GITHUB_STEP_SUMMARY"] = dir.write("runner/summary-" + std::to_string(cases_run), "").string();
        if (debug) env["RUNNER_DEBUG"] = "1";
        break;
      case HostKindUnderTest::kCnb:
        env["CNB"] = "true";
        env["CNB_TOKEN"] = "tkn-inj-cnb-1";
        break;
      case HostKindUnderTest::kLocal:
        break;
    }
    if (host != HostKindUnderTest::kAzureTask && host != HostKindUnderTest::kAzureCli &&
        !spec.token.empty()) {
      env[token_variable] = spec.token;
    }
    return env;
  }

  void expect_azure(const ProcessResult& result, const RunSpec& spec, const Case& c,
                    const std::string& label) {
    const auto log = AzureLog::parse(result.out + result.err);
    // The token arrives as the secret SECRET_<token variable>; the agent keeps a
    // variable of a secret's name secret, so the task hands it on under its
    // carrier name with this binary as cargo's provider (commands/export_plan.hpp).
    const std::string token_variable = token_variable_for(spec.registry_name);
    const std::string delivered =
        spec.token.empty() ? token_variable : "CARGO_AUTHENTICATE_" + token_variable;
    std::set<std::string> expected_variables;
    for (const auto& name : c.expected_variables)
      expected_variables.insert(name == token_variable ? delivered : name);
    const std::set<std::string> allowed = {"task.setsecret",    "task.setvariable", "task.logissue",
                                           "task.issue",        "task.complete",    "task.debug",
                                           "task.uploadsummary"};
    int completes = 0;
    std::size_t variables_set = 0;
    for (const auto& command : log.commands) {
      EXPECT_TRUE(allowed.count(to_lower(command.name))) << label << ": unexpected command " << command.name;
      if (to_lower(command.name) == "task.setvariable") {
        const std::string& variable = command.properties.at("variable");
        EXPECT_EQ(command.properties.at("issecret"), "false") << label;
        if (command.properties.count("isoutput")) {
          // The one step output (task.json's outputVariables): the registries authenticated.
          EXPECT_EQ(variable, "authenticatedRegistries") << label << ": unexpected output " << variable;
          continue;
        }
        EXPECT_TRUE(expected_variables.count(variable)) << label << ": unexpected variable " << variable;
        ++variables_set;
      }
      if (to_lower(command.name) == "task.complete") ++completes;
    }
    EXPECT_EQ(completes, 1) << label << "\n" << result.all();
    // A command may only start a line: one found mid-line came from user text.
    for (const auto& stream : {result.out, result.err}) {
      for (const auto& line : split_list(stream, "\n")) {
        const auto at = to_lower(line).find("##vso[");
        if (at != std::string::npos) EXPECT_EQ(at, 0U) << label << ": command inside a line: " << line;
        if (at != 0U && line.rfind("##[", 0) != 0) {
          EXPECT_FALSE(dotnet::azure_agent_sees_command(line))
              << label << ": the agent reads a command: " << line;
        }
        if (line.rfind("##[", 0) == 0) {
          EXPECT_TRUE(line.rfind("##[group]", 0) == 0 || line == "##[endgroup]") << label << ": " << line;
        }
      }
    }
    if (c.must_succeed) {
      EXPECT_EQ(variables_set, expected_variables.size()) << label << "\n" << result.all();
      // The value the agent unescapes is exactly the token.
      EXPECT_EQ(log.variables()[delivered], spec.token) << label;
    }
  }

  void expect_github(const ProcessResult& result, const Env& env, const RunSpec& spec, const Case& c,
                     const std::string& label) {
    const auto log = GitHubLog::parse(result.out + result.err);
    const std::set<std::string> allowed = {"add-mask", "error", "warning", "notice",
                                           "debug",    "group", "endgroup"};
    for (const auto& command : log.commands) {
      EXPECT_TRUE(allowed.count(command.name)) << label << ": unexpected command ::" << command.name;
    }
    for (const auto& line : log.plain_lines) {
      EXPECT_NE(trim(line).rfind("##[", 0), 0U) << label << ": legacy command " << line;
    }
    const auto env_file = GitHubFile::read(env.at("GITHUB_ENV"));
    EXPECT_TRUE(env_file.error.empty()) << label << ": " << env_file.error;
    for (const auto& [name, value] : env_file.entries) {
      EXPECT_TRUE(c.expected_variables.count(name)) << label << ": unexpected env entry " << name;
    }
    const auto output_file = GitHubFile::read(env.at("GITHUB_OUTPUT"));
    EXPECT_TRUE(output_file.error.empty()) << label << ": " << output_file.error;
    for (const auto& [name, value] : output_file.entries) {
      EXPECT_EQ(name.find("INJECTED"), std::string::npos) << label << ": output " << name;
    }
    if (c.must_succeed) {
      EXPECT_EQ(env_file.values().size(), c.expected_variables.size()) << label << "\n" << result.all();
      EXPECT_EQ(env_file.values()[token_variable_for(spec.registry_name)], spec.token) << label;
    }
  }

  static void expect_cnb(const ProcessResult& result, const std::string& label) {
    for (const auto& stream : {result.out, result.err}) {
      for (const auto& line : split_list(stream, "\n")) {
        if (line.rfind("##[set-output ", 0) != 0) {
          EXPECT_FALSE(dotnet::culture_index_of(line, "##[").has_value())
              << label << ": hidden marker: " << line;
        }
        const auto at = line.find("##[");
        if (at == std::string::npos) continue;
        EXPECT_EQ(at, 0U) << label << ": marker inside a line: " << line;
        EXPECT_EQ(line.rfind("##[set-output ", 0), 0U) << label << ": " << line;
        EXPECT_EQ(line.find("##[", 3), std::string::npos) << label << ": " << line;
        EXPECT_EQ(line.find("INJECTED"), std::string::npos) << label << ": " << line;
      }
    }
  }

  // --emit shell: a real shell sources the output; only the expected variables
  // appear, with their exact values, and nothing is executed.
  void expect_shell(const ProcessResult& result, const RunSpec& spec, const Case& c,
                    const std::string& label) {
    TempDir shell_dir;
    const auto script = shell_dir.write("exports.sh", result.out);
    std::string print = "env -0 >\"$2\"";
    const auto sourced = run_process(
        {"sh", "-c", ". \"$1\" && " + print, "sh", script.string(), (shell_dir.path() / "env.bin").string()},
        base_env(), ProcessOptions{shell_dir.str(), "", std::chrono::seconds(20)});
    EXPECT_EQ(sourced.exit_code, 0) << label << ": the exports do not parse\n" << result.out << sourced.all();
    EXPECT_FALSE(std::filesystem::exists(shell_dir.path() / "INJECTED"))
        << label << ": the exports ran a command";
    const std::string env_dump = read_file(shell_dir.path() / "env.bin");
    std::set<std::string> exported;
    for (const auto& line : split_list(result.out, "\n")) {
      if (line.rfind("export ", 0) != 0) {
        ADD_FAILURE() << label << ": stdout line that is not an export: " << line;
        continue;
      }
      const std::string name = line.substr(7, line.find('=') - 7);
      exported.insert(name);
      EXPECT_TRUE(c.expected_variables.count(name)) << label << ": unexpected export " << name;
    }
    // A name outside [A-Za-z0-9_] cannot be a shell variable: the tool warns
    // and leaves it out (exec/login serve such registries).
    std::size_t shell_names = 0;
    for (const auto& name : c.expected_variables) shell_names += is_shell_name(name) ? 1 : 0;
    if (c.must_succeed) {
      EXPECT_EQ(exported.size(), shell_names) << label << "\n" << result.all();
      if (!is_shell_name(token_variable_for(spec.registry_name))) return;
      const std::string expected =
          token_variable_for(spec.registry_name) + "=" + spec.token + std::string(1, '\0');
      EXPECT_NE(env_dump.find(expected), std::string::npos)
          << label << ": token changed on its way through sh";
    }
  }

  void run_case(const Case& c) {
    for (const auto host : {HostKindUnderTest::kAzureTask, HostKindUnderTest::kAzureCli,
                            HostKindUnderTest::kGitHub, HostKindUnderTest::kCnb, HostKindUnderTest::kLocal}) {
      if (host == HostKindUnderTest::kAzureTask && c.cli_only) continue;
      for (const bool debug : {false, true}) {
        RunSpec spec;
        c.setup(*this, spec);
        const Env env = host_env(host, spec, debug);
        ProcessResult result;
        static const char* const kHostNames[] = {"azure task", "azure cli", "github", "cnb", "local shell"};
        const std::string label =
            c.name + " [" + kHostNames[static_cast<int>(host)] + (debug ? ", debug]" : "]");
        if (host == HostKindUnderTest::kAzureTask) {
          Env task_env = env;
          task_env["INPUT_CONFIGFILE"] = spec.config;
          for (const auto& [k, v] : spec.inputs) task_env[k] = v;
          result = run_task(task_env, {}, dir.str()).process;
        } else {
          std::vector<std::string> args = {"auth"};
          if (!spec.config.empty()) args.insert(args.end(), {"--config", spec.config});
          if (!spec.working_directory.empty()) args.insert(args.end(), {"-C", spec.working_directory});
          args.insert(args.end(), spec.args.begin(), spec.args.end());
          if (host == HostKindUnderTest::kLocal) args.insert(args.end(), {"--emit", "shell"});
          if (debug && host != HostKindUnderTest::kAzureCli && host != HostKindUnderTest::kGitHub) {
            args.emplace_back("--debug");
          }
          result = run_cli(args, env, dir.str());
        }
        ++cases_run;
        EXPECT_FALSE(result.timed_out) << label;
        EXPECT_LT(result.exit_code, 128) << label << " crashed\n" << result.all();
        // CNB cannot hand variables to later steps (login/exec are the ways there).
        if (c.must_succeed && host != HostKindUnderTest::kCnb)
          EXPECT_EQ(result.exit_code, 0) << label << "\n" << result.all();
        switch (host) {
          case HostKindUnderTest::kAzureTask:
          case HostKindUnderTest::kAzureCli:
            expect_azure(result, spec, c, label);
            break;
          case HostKindUnderTest::kGitHub:
            expect_github(result, env, spec, c, label);
            break;
          case HostKindUnderTest::kCnb:
            expect_cnb(result, label);
            break;
          case HostKindUnderTest::kLocal:
            expect_shell(result, spec, c, label);
            break;
        }
      }
    }
  }

  void TearDown() override { std::cout << "injection: " << cases_run << " hostile runs checked\n"; }
};

TEST_F(Injection, HostileConfigFilePath) {
  run_case({"config path",
            [](Injection& t, RunSpec& s) { s.config = t.write_config(kPayload, plain_config()); },
            variables_of("plain"), true});
}

TEST_F(Injection, HostileConfigFilePathWithMalformedToml) {
  run_case({"malformed config at a hostile path",
            [](Injection& t, RunSpec& s) {
              s.config = t.write_config(kPayload,
                                        "[registries]\nplain = { index = \"" + toml_escaped(kPayload) + "\n");
            },
            {}});
}

TEST_F(Injection, MissingConfigFileAtHostilePath) {
  run_case(
      {"missing config", [](Injection& t, RunSpec& s) { s.config = t.hostile_dir() + "/nope.toml"; }, {}});
}

TEST_F(Injection, InvalidRegistryName) {
  run_case({"invalid registry name",
            [](Injection& t, RunSpec& s) {
              s.config = t.write_config("invalid-name", "[registries]\n\"" + toml_escaped(kPayload) +
                                                            "\" = { index = \"" + kIndex + "\" }\n");
            },
            {}});
}

TEST_F(Injection, UnicodeRegistryNameIsCarriedIntact) {
  const std::string name = "\xC3\xA9vil-\xC3\xBCn\xC3\xAF";  // "évil-ünï": valid for cargo
  run_case({"unicode registry name",
            [name](Injection& t, RunSpec& s) {
              s.config = t.write_config("unicode",
                                        "[registries]\n\"" + name + "\" = { index = \"" + kIndex + "\" }\n");
              s.registry_name = name;
            },
            variables_of(name), true});
}

TEST_F(Injection, HostileIndexUrl) {
  run_case({"hostile index URL",
            [](Injection& t, RunSpec& s) {
              s.config = t.write_config("index", "[registries.plain]\nindex = \"sparse+https://h.example/" +
                                                     toml_escaped(kPayload) + "/\"\n");
            },
            variables_of("plain")});
}

TEST_F(Injection, HostileRegistrySelection) {
  run_case({"hostile registry selection",
            [](Injection& t, RunSpec& s) {
              s.config = t.write_config("selection", plain_config());
              s.args = {"--registry", kPayload};
              s.inputs["INPUT_REGISTRYNAMES"] = kPayload;
            },
            variables_of("plain")});
}

TEST_F(Injection, HostileTokenMappingVariable) {
  run_case({"hostile token mapping",
            [](Injection& t, RunSpec& s) {
              s.config = t.write_config("mapping", plain_config());
              s.args = {"--token", "plain=" + kPayload};
              s.inputs["INPUT_TOKENVARIABLES"] = "plain=" + kPayload;
            },
            variables_of("plain")});
}

TEST_F(Injection, HostileSourceReplacement) {
  run_case({"hostile source replacement",
            [](Injection& t, RunSpec& s) {
              s.config = t.write_config("source", plain_config() + "\n[source.crates-io]\nreplace-with = \"" +
                                                      toml_escaped(kPayload) + "\"\n");
            },
            variables_of("plain")});
}

TEST_F(Injection, HostileWorkingDirectoryForDiscovery) {
  Case c{"hostile working directory",
         [](Injection& t, RunSpec& s) {
           t.write_config(kPayload, plain_config());
           s.working_directory = t.hostile_dir();
         },
         variables_of("plain"), true, /*cli_only=*/true};
  run_case(c);
}

TEST_F(Injection, UnicodeSpacesAndZeroWidthCharactersInConfigFilePath) {
  run_case({"unicode spaces and zero-width characters in the config path",
            [](Injection& t, RunSpec& s) {
              s.config = t.write_config(kUnicodeSpacesPayload + "/" + kZeroWidthPayload, plain_config());
            },
            variables_of("plain"), true});
}

TEST_F(Injection, UnicodeSpacesAndZeroWidthCharactersInIndexUrl) {
  run_case({"unicode spaces and zero-width characters in the index URL",
            [](Injection& t, RunSpec& s) {
              s.config =
                  t.write_config("unicode-index", "[registries.plain]\nindex = \"sparse+https://h.example/" +
                                                      toml_escaped(kUnicodePayload) + "/\"\n");
            },
            variables_of("plain")});
}

TEST_F(Injection, UnicodeSpacesAndZeroWidthCharactersInRegistrySelection) {
  run_case({"unicode spaces and zero-width characters in the registry selection",
            [](Injection& t, RunSpec& s) {
              s.config = t.write_config("unicode-selection", plain_config());
              s.args = {"--registry", kUnicodePayload};
              s.inputs["INPUT_REGISTRYNAMES"] = kUnicodePayload;
            },
            variables_of("plain")});
}

TEST_F(Injection, TokenFullOfMetacharactersArrivesExactlyAndAddsNothing) {
  run_case({"hostile token",
            [](Injection& t, RunSpec& s) {
              s.config = t.write_config("token", plain_config());
              s.token = kHostileToken;
            },
            variables_of("plain"), true});
}

}  // namespace
}  // namespace ca::test
