// cargo-authenticate as cargo's credential provider (protocol v1), driven by
// real cargo against the local registry: publish, search, owner --list, yank and
// unyank get their token from the provider, with no *_TOKEN variable in cargo's
// environment; the provider's errors reach the user through cargo's message;
// malformed requests get a protocol error, never a crash.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <sstream>

#include "support/cargo_project.hpp"
#include "support/local_registry.hpp"
#include "support/task_runner.hpp"
#include "support/temp_dir.hpp"

namespace ca::test {
namespace {

constexpr const char* kKeyVariable = "CA_PROVIDER_TEST_KEY";

class ProviderWithCargo : public ::testing::Test {
 protected:
  TempDir project;
  TempDir home;
  Env env = cargo_env(home.str());

  void use(const LocalRegistry& registry, const std::string& index = "") {
    write_crate(project, "", CrateSpec{"provider-demo", "0.1.0", {}, "[\"local\"]"});
    project.write(".cargo/config.toml",
                  "[registries.local]\nindex = \"" + (index.empty() ? registry.index_url() : index) +
                      "\"\ncredential-provider = [\"" + std::string(CA_BINARY) +
                      "\", \"credential-provider\", \"--token-variable\", \"" + kKeyVariable + "\"]\n");
  }
  ProcessResult cargo(const std::vector<std::string>& args) {
    for (const auto& [name, value] : env) {
      EXPECT_FALSE(name.size() >= 6 && name.compare(name.size() - 6, 6, "_TOKEN") == 0) << name;
    }
    std::vector<std::string> argv{"cargo"};
    argv.insert(argv.end(), args.begin(), args.end());
    ProcessOptions options;
    options.cwd = project.str();
    options.timeout = std::chrono::seconds(240);
    return run_process(argv, env, options);
  }
};

TEST_F(ProviderWithCargo, PublishSearchOwnersYankAndUnyankGetTheirTokenFromTheProvider) {
  LocalRegistry registry({"Bearer tkn-provider-1"});
  use(registry);
  env[kKeyVariable] = "Bearer tkn-provider-1";

  const auto published = cargo({"publish", "--allow-dirty", "--no-verify", "--registry", "local"});
  ASSERT_EQ(published.exit_code, 0) << published.all();
  EXPECT_EQ(registry.count_requests("PUT", "/api/v1/crates/new"), 1);

  const auto search = cargo({"search", "provider-demo", "--registry", "local"});
  ASSERT_EQ(search.exit_code, 0) << search.all();
  EXPECT_EQ(search.out.rfind("provider-demo = \"0.1.0\"", 0), 0U) << search.out;

  const auto owners = cargo({"owner", "--list", "provider-demo", "--registry", "local"});
  ASSERT_EQ(owners.exit_code, 0) << owners.all();
  EXPECT_EQ(owners.out.rfind("local-owner (Local Owner)", 0), 0U) << owners.out;

  const auto yank = cargo({"yank", "provider-demo@0.1.0", "--registry", "local"});
  ASSERT_EQ(yank.exit_code, 0) << yank.all();
  EXPECT_EQ(registry.count_requests("DELETE", "/api/v1/crates/provider-demo/0.1.0/yank"), 1);
  const auto unyank = cargo({"yank", "--undo", "provider-demo@0.1.0", "--registry", "local"});
  ASSERT_EQ(unyank.exit_code, 0) << unyank.all();
  EXPECT_EQ(registry.count_requests("PUT", "/api/v1/crates/provider-demo/0.1.0/unyank"), 1);
  // Every authenticated request carried the provider's token.
  const auto log = nlohmann::json::parse(registry.request_log());
  for (const auto& entry : log) {
    if (entry.value("path", "") != "/index/config.json")
      EXPECT_TRUE(entry.value("authorized", false)) << entry;
  }
}

TEST_F(ProviderWithCargo, AMissingVariableReachesTheUserThroughCargosMessage) {
  LocalRegistry registry({"Bearer tkn-provider-2"});
  use(registry);
  const auto published = cargo({"publish", "--allow-dirty", "--no-verify", "--registry", "local"});
  EXPECT_NE(published.exit_code, 0);
  EXPECT_NE(published.err.find(std::string("the variable ") + kKeyVariable), std::string::npos)
      << published.err;
  EXPECT_EQ(registry.count_requests("PUT", "/api/v1/crates/new"), 0);
}

TEST(CredentialProvider, AnswersEachRequestLineAndNeverCrashesOnMalformedOnes) {
  Env env = base_env();
  env[kKeyVariable] = "Bearer tkn-provider-3";
  const std::string args = R"("args":["credential-provider","--token-variable","CA_PROVIDER_TEST_KEY"])";
  ProcessOptions options;
  options.stdin_text =
      R"({"v":1,"registry":{"index-url":"sparse+https://r.example/i/"},"kind":"get","operation":"read",)" +
      args + "}\n" + "not json at all\n" + std::string(2 << 20, 'x') + "\n" +
      R"({"v":1,"registry":{"index-url":"sparse+http://r.example/i/"},"kind":"get","operation":"publish",)" +
      args + "}\n" + R"({"v":1,"registry":{"index-url":"sparse+https://r.example/i/"},"kind":"login",)" +
      args + "}\n" +
      R"({"v":1,"registry":{"index-url":"sparse+https://r.example/i/"},"kind":"get","operation":"read","args":["--bogus"]})" +
      "\n";
  const auto run = run_process({CA_BINARY, "--cargo-plugin"}, env, options);
  EXPECT_EQ(run.exit_code, 0) << run.err;
  std::vector<nlohmann::json> lines;
  std::istringstream out(run.out);
  for (std::string line; std::getline(out, line);) lines.push_back(nlohmann::json::parse(line));
  ASSERT_EQ(lines.size(), 7U) << run.out;
  EXPECT_EQ(lines[0], nlohmann::json::parse(R"({"v":[1]})"));
  EXPECT_EQ(lines[1]["Ok"]["token"], "Bearer tkn-provider-3");
  EXPECT_EQ(lines[1]["Ok"]["kind"], "get");
  EXPECT_EQ(lines[2]["Err"]["kind"], "other");  // not JSON
  EXPECT_EQ(lines[3]["Err"]["kind"], "other");  // longer than 1 MiB
  EXPECT_EQ(lines[4]["Err"]["kind"], "other");  // plain http, remote host
  EXPECT_NE(lines[4]["Err"]["message"].get<std::string>().find("plain-http"), std::string::npos);
  EXPECT_EQ(lines[5]["Err"]["kind"], "operation-not-supported");  // login
  EXPECT_EQ(lines[6]["Err"]["kind"], "other");                    // bad args
  EXPECT_EQ(run.err.find("tkn-provider-3"), std::string::npos);
}

TEST(CredentialProvider, SettingsNamingNoSourceOrTwoAreAnsweredWithAProtocolError) {
  ProcessOptions options;
  const std::string request =
      R"({"v":1,"registry":{"index-url":"sparse+https://r.example/i/"},"kind":"get","operation":"read","args":)";
  options.stdin_text = request + R"(["credential-provider"]})" + "\n" + request +
                       R"(["credential-provider","--trusted-publishing","--token-variable","X"]})" + "\n";
  const auto run = run_process({CA_BINARY, "--cargo-plugin"}, base_env(), options);
  EXPECT_EQ(run.exit_code, 0) << run.err;
  std::vector<nlohmann::json> lines;
  std::istringstream out(run.out);
  for (std::string line; std::getline(out, line);) lines.push_back(nlohmann::json::parse(line));
  ASSERT_EQ(lines.size(), 3U) << run.out;
  for (std::size_t i = 1; i < 3; ++i) {
    EXPECT_EQ(lines[i]["Err"]["kind"], "other") << lines[i];
    EXPECT_NE(lines[i]["Err"]["message"].get<std::string>().find("exactly one of"), std::string::npos)
        << lines[i];
  }
}

}  // namespace
}  // namespace ca::test
