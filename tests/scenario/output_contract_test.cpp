// Issue 10 part B, each attack a permanent test on the real binary: values are
// redacted before they are cut, escaped or serialised; --json is pure JSON on
// every host; short or common-word tokens are refused; dotenv output reads back
// verbatim with node's dotenv 16 and python-dotenv; GitHub env files are
// written only by a run that succeeds; the Azure summary file follows no
// planted symlink; login validates before it writes, keeps config.toml's
// comments, never blocks on a FIFO; the process cannot dump core.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <fstream>
#include <nlohmann/json.hpp>

#include "support/azure_log.hpp"
#include "support/github_files.hpp"
#include "support/local_registry.hpp"
#include "support/secret_scan.hpp"
#include "support/task_runner.hpp"
#include "support/temp_dir.hpp"
#include "util/strings.hpp"

namespace ca::test {
namespace {

using nlohmann::json;

// JWT-sized, with the characters JSON escapes (", \, TAB) in its first 300.
std::string long_token() {
  std::string token = "eyJhbGciOi\"quoted\"\\back\\slash\ttab-";
  while (token.size() < 900) token += "abcdefghijklmnopqrstuvwxyz0123456789";
  return token;
}

// Every 12-character window of the token: a cut or an escape leaves one of these.
void expect_no_fragment(const std::string& text, const std::string& token, const std::string& where) {
  for (std::size_t i = 0; i + 12 <= token.size(); i += 6) {
    const std::string fragment = token.substr(i, 12);
    if (fragment.find_first_of("\"\\\t") != std::string::npos) continue;  // checked escaped below
    ASSERT_EQ(text.find(fragment), std::string::npos) << where << ": fragment of the token at " << i;
  }
  EXPECT_EQ(text.find("\\\"quoted\\\""), std::string::npos) << where << ": JSON-escaped token";
}

class OutputContract : public ::testing::Test {
 protected:
  TempDir dir;
  Env env = base_env();
  void SetUp() override {
    env.erase("CI");
    env["CARGO_HOME"] = (dir.path() / "cargo-home").string();
  }
  void config(const std::string& text) { dir.write("repo/.cargo/config.toml", text); }
  std::string repo() const { return (dir.path() / "repo").string(); }
  ProcessResult run(const std::vector<std::string>& args) { return run_cli(args, env, repo()); }
};

TEST_F(OutputContract, LongTokenEchoedInA401BodyNeverLeaksAFragment) {
  const std::string token = long_token();
  LocalRegistry server({"Bearer something-else-entirely"});
  config("[registries.echo]\nindex = \"" + server.index_url() + "\"\n");
  env["CARGO_REGISTRIES_ECHO_TOKEN"] = token;
  // The registry echoes the Authorization header in its error detail, as some do.
  const json body = {{"errors", {{{"detail", "denied for Authorization: Bearer " + token}}}}};
  const json rule = json::array({{{"method", "GET"},
                                  {"path_prefix", "/index/config.json"},
                                  {"status", 401},
                                  {"times", -1},
                                  {"body", body.dump()},
                                  {"content_type", "application/json"}}});
  server.set_faults(rule.dump());
  for (const bool as_json : {true, false}) {
    std::vector<std::string> args = {"check"};
    if (as_json) args.emplace_back("--json");
    const auto result = run(args);
    EXPECT_EQ(result.exit_code, 1) << result.all();
    expect_no_fragment(result.all(), token, as_json ? "check --json" : "check");
    expect_no_secrets(result.all(), {token}, "check");
    if (as_json) {
      const json parsed = json::parse(result.out);  // pure JSON, nothing else on stdout
      EXPECT_EQ(parsed.at("registries").at(0).at("verdict"), "unauthorized");
      EXPECT_NE(parsed.at("registries").at(0).at("detail").get<std::string>().find("***"), std::string::npos);
    }
  }
}

TEST_F(OutputContract, JsonIsPureJsonOnStdoutOnEveryHost) {
  config("[registries.plain]\nindex = \"sparse+https://plain.example/index/\"\n");
  env["CARGO_REGISTRIES_PLAIN_TOKEN"] = "tkn-json-plain-1";
  TempDir runner;
  std::vector<std::pair<std::string, Env>> hosts;
  Env github = env;
  github["GITHUB_ACTIONS"] = "true";
  github["GITHUB_ENV"] = runner.write("env", "").string();
  github["GITHUB_OUTPUT"] = runner.write("output", "").string();
  hosts.emplace_back("github", github);
  Env azure = env;
  azure["TF_BUILD"] = "True";
  azure["AGENT_TEMPDIRECTORY"] = runner.str();
  hosts.emplace_back("azure", azure);
  Env cnb = env;
  cnb["CNB"] = "true";
  hosts.emplace_back("cnb", cnb);
  hosts.emplace_back("local", env);
  for (const auto& [name, host_env] : hosts) {
    const auto result = run_cli({"list", "--json"}, host_env, repo());
    EXPECT_EQ(result.exit_code, 0) << name << "\n" << result.all();
    EXPECT_NO_THROW((void)json::parse(result.out)) << name << ": stdout is not one JSON document:\n"
                                                   << result.out;
    expect_no_secrets(result.out, {"tkn-json-plain-1"},
                      name);  // stderr holds the masks (add-mask, setsecret)
  }
}

TEST_F(OutputContract, ShortAndCommonWordTokensAreRefusedWithExitTwo) {
  config("[registries.plain]\nindex = \"sparse+https://plain.example/index/\"\n");
  for (const std::string token : {"ab", "true", "Bearer 1234567", "null"}) {
    env["CARGO_REGISTRIES_PLAIN_TOKEN"] = token;
    const auto result = run({"auth", "--emit", "shell"});
    EXPECT_EQ(result.exit_code, 2) << token << "\n" << result.all();
    EXPECT_TRUE(result.out.empty()) << token << ": exported anyway: " << result.out;
    EXPECT_NE(result.err.find("shorter than 8 characters"), std::string::npos) << result.err;
  }
  // A token equal to "true" cannot turn JSON values into "***": it is refused,
  // and list --json still prints true as true.
  env["CARGO_REGISTRIES_PLAIN_TOKEN"] = "true";
  const auto listed = run({"list", "--json"});
  const json parsed = json::parse(listed.out);
  EXPECT_EQ(listed.out.find("***"), std::string::npos) << listed.out;
  EXPECT_TRUE(parsed.at("registries").at(0).at("credential_provider").contains("reads_token_variable"));
}

TEST_F(OutputContract, NonUtf8TokenIsRefusedNotReEncoded) {
  config("[registries.plain]\nindex = \"sparse+https://plain.example/index/\"\n");
  env["CARGO_REGISTRIES_PLAIN_TOKEN"] = std::string("tkn-latin1-\xE9\xE9\xFF-token");
  const auto result = run({"login"});
  EXPECT_EQ(result.exit_code, 2) << result.all();
  EXPECT_NE(result.err.find("not valid UTF-8"), std::string::npos) << result.err;
  EXPECT_FALSE(std::filesystem::exists(dir.path() / "cargo-home" / "credentials.toml"));
}

TEST_F(OutputContract, InvalidIndexUrlWithCredentialsIsNeverPrintedWhole) {
  for (const std::string url : {"sparse+https://user:hunter2-pass-word@h.example/index/",
                                "sparse+https://h.example/index/?access_token=qwerty-secret-123",
                                "sparse+https://h.example/index/#frag-secret-456"}) {
    config("[registries.bad]\nindex = \"" + url + "\"\n");
    env["CARGO_REGISTRIES_BAD_TOKEN"] = "tkn-bad-url-1";
    for (const std::string command : {"auth", "list", "check"}) {
      const auto result = run({command});
      EXPECT_EQ(result.exit_code, 2) << command << " " << url << "\n" << result.all();
      for (const std::string secret : {"hunter2-pass-word", "qwerty-secret-123", "frag-secret-456"}) {
        EXPECT_EQ(result.all().find(secret), std::string::npos) << command << ": " << result.all();
      }
      EXPECT_NE(result.all().find("h.example"), std::string::npos) << "the host still names the registry";
    }
  }
}

TEST_F(OutputContract, DotenvValuesRoundTripThroughNodeDotenvAndPythonDotenv) {
  const std::vector<std::string> tokens = {"tkn-$HOME-$USER-no-braces",      "tkn #not a comment = x",
                                           "tkn\"double\"quotes-1",          "tkn `id` $(id) back",
                                           "tkn-\xC3\xA9\xC3\xBC-unicode-1", "tkn\tliteral-tab-1",
                                           "Bearer tkn-bearer-spaced-1",     "tkn-%25-%0A-pct"};
  std::string text;
  for (std::size_t i = 0; i < tokens.size(); ++i) {
    text += "[registries.r" + std::to_string(i) + "]\nindex = \"sparse+https://r.example/" +
            std::to_string(i) + "/\"\n";
    env["CARGO_REGISTRIES_R" + std::to_string(i) + "_TOKEN"] = tokens[i];
  }
  config(text);
  const auto file = dir.path() / "cargo.env";
  const auto result = run({"auth", "--emit", "dotenv", "--output", file.string()});
  ASSERT_EQ(result.exit_code, 0) << result.all();
  const std::string node_modules = std::string(CA_SOURCE_DIR) + "/tests/dotenv/node_modules";
  ASSERT_TRUE(std::filesystem::exists(node_modules + "/dotenv/package.json"))
      << "node's dotenv is missing: run npm ci --prefix tests/dotenv";
  const auto node =
      run_process({"node", "-e",
                   "const fs=require('fs');const d=require(process.argv[1]+'/dotenv');"
                   "process.stdout.write(JSON.stringify(d.parse(fs.readFileSync(process.argv[2]))))",
                   node_modules, file.string()},
                  base_env(), {});
  ASSERT_EQ(node.exit_code, 0) << node.all();
  const auto python = run_process({"python3", "-c",
                                   "import json,sys\nfrom dotenv import dotenv_values\n"
                                   "sys.stdout.write(json.dumps(dotenv_values(sys.argv[1])))",
                                   file.string()},
                                  base_env(), {});
  ASSERT_EQ(python.exit_code, 0) << python.all();
  for (const auto& [reader, output] :
       {std::pair{"node dotenv", node.out}, std::pair{"python-dotenv", python.out}}) {
    const json values = json::parse(output);
    for (std::size_t i = 0; i < tokens.size(); ++i) {
      const std::string name = "CARGO_REGISTRIES_R" + std::to_string(i) + "_TOKEN";
      ASSERT_TRUE(values.contains(name)) << reader << ": " << name << " missing\n" << read_file(file);
      EXPECT_EQ(values.at(name).get<std::string>(), tokens[i])
          << reader << " reads " << name << " differently";
    }
  }
  // What neither can read back is refused, and nothing is written.
  for (const std::string token : {"tkn-it's-quoted-1", "tkn-back\\slash-1", "tkn-${HOME}-expanded"}) {
    env["CARGO_REGISTRIES_R0_TOKEN"] = token;
    const auto refused_file = dir.path() / "refused.env";
    const auto refused = run({"auth", "--emit", "dotenv", "--output", refused_file.string()});
    EXPECT_EQ(refused.exit_code, 2) << token << "\n" << refused.all();
    EXPECT_FALSE(std::filesystem::exists(refused_file));
  }
}

TEST_F(OutputContract, GitHubEnvFilesAreWrittenOnlyByASucceedingRun) {
  config(
      "[registries.good]\nindex = \"sparse+https://good.example/index/\"\n"
      "[registries.needed]\nindex = \"sparse+https://needed.example/index/\"\n");
  env["GITHUB_ACTIONS"] = "true";
  env["GITHUB_ENV"] = dir.write("runner/env", "").string();
  env["CARGO_REGISTRIES_GOOD_TOKEN"] = "tkn-github-good-1";
  // 1. A required registry without a credential: exit 1.
  const auto failed = run_cli({"auth", "--registry", "good", "--registry", "needed"}, env, repo());
  EXPECT_EQ(failed.exit_code, 1) << failed.all();
  // 2. $GITHUB_OUTPUT unwritable (a directory): exit 3.
  env["GITHUB_OUTPUT"] = dir.write("runner/output-dir/x", "").parent_path().string();
  const auto unwritable = run_cli({"auth"}, env, repo());
  EXPECT_EQ(unwritable.exit_code, 3) << unwritable.all();
  // The runner applies $GITHUB_ENV even after a failed step: neither run may have written to it.
  EXPECT_EQ(read_file(env["GITHUB_ENV"]), "");
  // 3. The same run with a writable output file succeeds and writes both.
  env["GITHUB_OUTPUT"] = dir.write("runner/output", "").string();
  const auto ok = run_cli({"auth"}, env, repo());
  EXPECT_EQ(ok.exit_code, 0) << ok.all();
  EXPECT_EQ(GitHubFile::read(env["GITHUB_ENV"]).values().at("CARGO_REGISTRIES_GOOD_TOKEN"),
            "tkn-github-good-1");
  EXPECT_FALSE(GitHubFile::read(env["GITHUB_OUTPUT"]).entries.empty());
}

TEST_F(OutputContract, AzureSummaryFollowsNoPlantedSymlinkAndLivesInAPrivateDirectory) {
  config("[registries.plain]\nindex = \"sparse+https://plain.example/index/\"\n");
  Env azure = azure_agent_env();
  azure["INPUT_CONFIGFILE"] = repo() + "/.cargo/config.toml";
  azure["SECRET_CARGO_REGISTRIES_PLAIN_TOKEN"] = "tkn-azure-summary-1";
  azure["VSTS_SECRET_VARIABLES"] = R"(["CARGO_REGISTRIES_PLAIN_TOKEN"])";
  TempDir agent_temp;
  azure["AGENT_TEMPDIRECTORY"] = agent_temp.str();
  const auto victim = dir.write("victim.txt", "untouched\n");
  // Plant symlinks at every name the old code could pick (pid-based) and a few more.
  for (int pid = 1; pid < 4096; ++pid) {
    std::filesystem::create_symlink(
        victim, agent_temp.path() / ("cargo-authenticate-summary-" + std::to_string(pid) + ".md"));
  }
  const auto run = run_task(azure, {}, dir.str());
  EXPECT_EQ(run.process.exit_code, 0) << run.process.all();
  EXPECT_EQ(read_file(victim), "untouched\n");
  const auto uploads = run.log.all("task.uploadsummary");
  ASSERT_EQ(uploads.size(), 1U) << run.process.all();
  const std::filesystem::path summary = uploads[0].data;
  struct stat info {};
  ASSERT_EQ(::lstat(summary.c_str(), &info), 0);
  EXPECT_TRUE(S_ISREG(info.st_mode));
  ASSERT_EQ(::stat(summary.parent_path().c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 0777, 0700U) << "the summary's directory is not private";
  EXPECT_EQ(summary.parent_path().parent_path(), agent_temp.path());
}

TEST_F(OutputContract, MarkdownSummaryCellsCannotBreakTheTable) {
  const std::string name = "evil";
  config("[registries.evil]\nindex = \"sparse+https://h.example/a|b<img/src=x/onerror=alert(1)>/index/\"\n");
  env["GITHUB_ACTIONS"] = "true";
  env["GITHUB_ENV"] = dir.write("runner/env", "").string();
  env["GITHUB_OUTPUT"] = dir.write("runner/output", "").string();
  env["GITHUB_STEP_SUMMARY"] = dir.write("runner/summary", "").string();
  env["CARGO_REGISTRIES_EVIL_TOKEN"] = "tkn-markdown-cell-1";
  const auto result = run_cli({"check"}, env, repo());
  const std::string summary = read_file(env["GITHUB_STEP_SUMMARY"]);
  ASSERT_FALSE(summary.empty()) << result.all();
  EXPECT_EQ(summary.find("<img"), std::string::npos) << summary;
  for (const auto& line : split_list(summary, "\n")) {
    if (line.rfind("| " + name, 0) != 0) continue;
    // Seven columns: eight unescaped '|'.
    int bars = 0;
    for (std::size_t i = 0; i < line.size(); ++i) bars += line[i] == '|' && (i == 0 || line[i - 1] != '\\');
    EXPECT_EQ(bars, 8) << line;
  }
}

TEST_F(OutputContract, LoginValidatesTheCargoHomeConfigBeforeWritingCredentials) {
  config("[registries.plain]\nindex = \"sparse+https://plain.example/index/\"\n");
  env["CARGO_REGISTRIES_PLAIN_TOKEN"] = "tkn-login-valid-1";
  const std::string old_credentials = "[registries.other]\ntoken = \"tkn-other-kept-1\"\n";
  dir.write("cargo-home/credentials.toml", old_credentials);
  dir.write("cargo-home/config.toml", "[registries.plain\nindex = broken\n");
  // An explicit --config (the Azure task's configFile): discovery never reads
  // $CARGO_HOME/config.toml, so only login's own validation can stop it.
  const auto result = run({"login", "--config", repo() + "/.cargo/config.toml"});
  EXPECT_EQ(result.exit_code, 2) << result.all();
  EXPECT_EQ(read_file(dir.path() / "cargo-home" / "credentials.toml"), old_credentials);
  expect_no_secrets(result.all(), {"tkn-login-valid-1", "tkn-other-kept-1"}, "login");
}

TEST_F(OutputContract, LoginKeepsConfigCommentsAndLayout) {
  config(
      "[registries.plain]\nindex = \"sparse+https://plain.example/index/\"\n"
      "[registries.fresh]\nindex = \"sparse+https://fresh.example/index/\"\n");
  env["CARGO_REGISTRIES_PLAIN_TOKEN"] = "tkn-login-layout-1";
  env["CARGO_REGISTRIES_FRESH_TOKEN"] = "tkn-login-layout-2";
  const std::string before =
      "# my cargo settings, keep this comment\n[net]\ngit-fetch-with-cli = true   # why: corporate proxy\n\n"
      "[registries.plain] # the team feed\nindex = \"sparse+https://plain.example/index/\"\n";
  const auto config_path = dir.write("cargo-home/config.toml", before);
  const auto result = run({"login"});
  ASSERT_EQ(result.exit_code, 0) << result.all();
  const std::string after = read_file(config_path);
  // Every original line is still there, in order, byte for byte.
  std::size_t at = 0;
  for (const auto& line : split_list(before, "\n")) {
    const auto found = after.find(line, at);
    ASSERT_NE(found, std::string::npos) << "lost: " << line << "\n" << after;
    at = found + line.size();
  }
  // And cargo's reading gains exactly the providers (a real parse).
  const auto parsed = run_process(
      {"python3", "-c",
       "import sys,tomllib\nd=tomllib.load(open(sys.argv[1],'rb'))\nr=d['registries']\n"
       "print(r['plain']['credential-provider'], r['fresh']['credential-provider'], r['fresh']['index'])",
       config_path.string()},
      base_env(), {});
  EXPECT_EQ(parsed.out, "cargo:token cargo:token sparse+https://fresh.example/index/\n")
      << parsed.all() << after;
  EXPECT_EQ(result.err.find("were not kept"), std::string::npos) << result.err;
}

TEST_F(OutputContract, FifoAtCredentialsTomlDoesNotBlockLogin) {
  config("[registries.plain]\nindex = \"sparse+https://plain.example/index/\"\n");
  env["CARGO_REGISTRIES_PLAIN_TOKEN"] = "tkn-login-fifo-1";
  std::filesystem::create_directories(dir.path() / "cargo-home");
  const auto fifo = dir.path() / "cargo-home" / "credentials.toml";
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  ProcessOptions options;
  options.cwd = repo();
  options.timeout = std::chrono::seconds(10);
  const auto result = run_process({CA_BINARY, "login"}, env, options);
  EXPECT_FALSE(result.timed_out) << "login blocked on a FIFO";
  EXPECT_EQ(result.exit_code, 2) << result.all();
  EXPECT_NE(result.err.find("not a regular file"), std::string::npos) << result.err;
}

TEST_F(OutputContract, CoreDumpsAreDisabledWhileSecretsAreInMemory) {
  config("[registries.plain]\nindex = \"sparse+https://plain.example/index/\"\n");
  env["CARGO_REGISTRIES_PLAIN_TOKEN"] = "tkn-core-dump-1";
  // exec's child reads its parent's (the tool's) limits and dumpable flag.
  const auto result = run({"exec", "--", "sh", "-c",
                           "grep 'Max core file size' /proc/$PPID/limits; stat -c %u /proc/$PPID/environ"});
  ASSERT_EQ(result.exit_code, 0) << result.all();
  EXPECT_NE(result.out.find("Max core file size        0                    0"), std::string::npos)
      << result.out;
  // A non-dumpable process's /proc files belong to root (a dumpable one's to its user).
  if (::getuid() != 0) EXPECT_NE(result.out.find("\n0\n"), std::string::npos) << result.out;
}

}  // namespace
}  // namespace ca::test
