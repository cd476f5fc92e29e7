// Attack round 2 on the merged tree: a hostile registry, pull request or proxy
// trying to get a credential sent where cargo (or the credential's issuer)
// would not send it. Each test is an attack that worked on the merged tree and
// is fixed, or (named ...StaysClosed) a guard against a plausible regression.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <random>
#include <sstream>

#include "support/azure_log.hpp"
#include "support/cargo_project.hpp"
#include "support/dotnet_text.hpp"
#include "support/github_files.hpp"
#include "support/leak_guard.hpp"
#include "support/local_registry.hpp"
#include "support/process.hpp"
#include "support/recording_server.hpp"
#include "support/task_runner.hpp"
#include "support/temp_dir.hpp"
#include "util/base64.hpp"

namespace ca::test {
namespace {

std::string random_suffix() {
  std::random_device device;
  return std::to_string(device()) + std::to_string(device());
}

std::string base64url(const std::string& text) {
  std::string out = base64_encode(text);
  for (char& c : out) {
    if (c == '+') c = '-';
    if (c == '/') c = '_';
  }
  while (!out.empty() && out.back() == '=') out.pop_back();
  return out;
}

// A JWT-shaped ID token (unsigned: only its claims matter to the tool); its
// signature part is the secret marker the assertions hunt for.
std::string id_token(const nlohmann::json& audience, const std::string& signature) {
  return base64url(R"({"alg":"RS256","typ":"JWT"})") + "." +
         base64url(nlohmann::json{{"aud", audience}, {"iss", "https://gitlab.com"}}.dump()) + "." + signature;
}

CannedResponse json_answer(const std::string& body) {
  CannedResponse response;
  response.status_line = "HTTP/1.1 200 OK";
  response.content_type = "application/json";
  response.body = body;
  return response;
}

// A hostile registry: its index (a canned config.json) names an attacker's `api`.
struct HostileRegistry {
  RecordingServer api;  // the attacker's server: records what it is sent
  RecordingServer index;
  explicit HostileRegistry(const std::string& api_suffix = "", const std::string& api_host = "127.0.0.1",
                           CannedResponse api_answer = {})
      : api(std::move(api_answer)),
        index(json_answer(
            nlohmann::json{{"dl", "http://127.0.0.1:1/dl"},
                           {"auth-required", true},
                           {"api", "http://" + api_host + ":" + std::to_string(api.port()) + api_suffix}}
                .dump())) {}
  [[nodiscard]] std::string index_url() const {
    return "sparse+http://127.0.0.1:" + std::to_string(index.port()) + "/index/";
  }
};

class TrustedPublishingAttack : public ::testing::Test {
 protected:
  TempDir project;
  TempDir home;
  Env env = cargo_env(home.str());
  std::string signature = "tkn-atkjwt-" + random_suffix();

  void SetUp() override {
    LeakGuard::instance().register_token(signature);
    write_crate(project, "", CrateSpec{"tp-crate", "0.1.0", {}, "[\"tp\"]"});
  }
  ProcessResult auth(const HostileRegistry& hostile) {
    project.write(".cargo/config.toml", registry_config("tp", hostile.index_url()));
    ProcessOptions options{project.str(), "", std::chrono::seconds(60)};
    return run_process(
        {CA_BINARY, "auth", "--ci", "local", "--registry", "tp", "--trusted-publishing", "--emit", "json"},
        env, options);
  }
};

// Worked on the merged tree: GitLab's CRATES_IO_ID_TOKEN is minted for crates.io;
// a registry whose config.json names another `api` received it, and could trade
// it at crates.io for a token that publishes the project's crates.
TEST_F(TrustedPublishingAttack, GitLabTokenForCratesIoIsNotSentToAnotherRegistrysApi) {
  HostileRegistry hostile;
  env["GITLAB_CI"] = "true";
  env["CRATES_IO_ID_TOKEN"] = id_token("crates.io", signature);
  const auto result = auth(hostile);
  EXPECT_EQ(hostile.api.received().find(signature), std::string::npos) << "the ID token reached the api";
  EXPECT_NE(result.exit_code, 0) << result.all();
  EXPECT_NE(result.all().find("audience"), std::string::npos) << result.all();
}

// The same token is sent when its audience is the api's host (an array form too).
TEST_F(TrustedPublishingAttack, GitLabTokenIsSentWhenItsAudienceIsTheApiHost) {
  HostileRegistry hostile;
  env["GITLAB_CI"] = "true";
  env["CRATES_IO_ID_TOKEN"] = id_token(nlohmann::json::array({"other", "127.0.0.1"}), signature);
  (void)auth(hostile);
  EXPECT_NE(hostile.api.received().find(signature), std::string::npos);
}

// Worked on the merged tree: a registry whose config.json names ANOTHER server's api
// (crates.io's, say) got that server's exchanged token exported as its own, and
// cargo then sends it to the registry's index (auth-required). Here the api is on
// "localhost" while the index is on 127.0.0.1: another host to the URL model.
TEST_F(TrustedPublishingAttack, ExchangeAtAnApiOnAnotherHostThanTheIndexIsRefused) {
  const std::string issued = "tkn-atkissued-" + random_suffix();
  LeakGuard::instance().register_token(issued);
  HostileRegistry hostile("", "localhost", json_answer(nlohmann::json{{"token", issued}}.dump()));
  env["GITLAB_CI"] = "true";
  env["CRATES_IO_ID_TOKEN"] = id_token("localhost", signature);
  const auto result = auth(hostile);
  EXPECT_EQ(hostile.api.connections(), 0) << hostile.api.received();
  EXPECT_EQ(result.out.find(issued), std::string::npos) << result.out;
  EXPECT_NE(result.exit_code, 0) << result.all();
}

// Worked on the merged tree: an `api` the URL model cannot read (a query) gave an
// empty audience; GitHub then issues its default-audience token, which went to it.
TEST_F(TrustedPublishingAttack, GitHubTokenIsNotRequestedForAnApiWithoutAHost) {
  HostileRegistry hostile("/x?y=");
  RecordingServer github(json_answer(nlohmann::json{{"value", id_token("", signature)}}.dump()));
  env["GITHUB_ACTIONS"] = "true";
  env["ACTIONS_ID_TOKEN_REQUEST_URL"] = github.url() + "token?runId=1";
  env["ACTIONS_ID_TOKEN_REQUEST_TOKEN"] = "tkn-atkreq-" + random_suffix();
  LeakGuard::instance().register_token(env["ACTIONS_ID_TOKEN_REQUEST_TOKEN"]);
  const auto result = auth(hostile);
  EXPECT_EQ(github.connections(), 0) << github.received();
  EXPECT_EQ(hostile.api.received().find(signature), std::string::npos);
  EXPECT_NE(result.exit_code, 0) << result.all();
}

// Worked on the merged tree: cargo's own proxy setting (`[http] proxy` in a config
// file, or CARGO_HTTP_PROXY) sends a plain-http loopback registry's token to the
// proxy in clear text (seen with cargo 1.95), and unlike http_proxy/ALL_PROXY,
// `auth` did not see it and exported the token for later steps.
class CargoProxySettingAttack : public ::testing::Test {
 protected:
  TempDir dir;
  Env env = base_env();
  LocalRegistry registry{{"tkn-atk-cfgproxy-8e1b"}};
  RecordingServer proxy;
  void SetUp() override {
    LeakGuard::instance().register_token("tkn-atk-cfgproxy-8e1b");
    env.erase("CI");
    for (const char* variable : {"http_proxy", "HTTP_PROXY", "https_proxy", "HTTPS_PROXY", "ALL_PROXY",
                                 "all_proxy", "no_proxy", "NO_PROXY"}) {
      env.erase(variable);
    }
    env["CARGO_HOME"] = (dir.path() / "cargo-home").string();
    env["CARGO_REGISTRIES_REMOTE_TOKEN"] = "tkn-atk-cfgproxy-8e1b";
  }
  ProcessResult auth(const std::string& extra_config) {
    const auto config = dir.write(".cargo/config.toml", "[registries.remote]\nindex = \"" +
                                                            registry.index_url() + "\"\n" + extra_config);
    return run_cli({"auth", "--ci", "local", "--emit", "json", "--config", config.string()}, env, dir.str());
  }
  void expect_refused(const ProcessResult& result) {
    EXPECT_NE(result.exit_code, 0) << result.all();
    EXPECT_EQ(result.out.find("CARGO_REGISTRIES_REMOTE_TOKEN"), std::string::npos) << result.out;
    EXPECT_NE(result.err.find("no_proxy"), std::string::npos) << result.all();
  }
  [[nodiscard]] std::string proxy_address() const { return "127.0.0.1:" + std::to_string(proxy.port()); }
};

TEST_F(CargoProxySettingAttack, HttpProxyInAConfigFileIsAProxyInEffect) {
  expect_refused(auth("[http]\nproxy = \"" + proxy_address() + "\"\n"));
  env["no_proxy"] = "127.0.0.1";  // cargo (curl) bypasses its http.proxy for no_proxy hosts too
  const auto allowed = auth("[http]\nproxy = \"" + proxy_address() + "\"\n");
  EXPECT_EQ(allowed.exit_code, 0) << allowed.all();
  EXPECT_EQ(proxy.connections(), 0);
}

TEST_F(CargoProxySettingAttack, CargoHttpProxyVariableIsAProxyInEffect) {
  env["CARGO_HTTP_PROXY"] = proxy_address();
  expect_refused(auth(""));
  EXPECT_EQ(proxy.connections(), 0);
}

// An empty http.proxy is cargo's "no proxy": nothing to refuse (guards against
// over-refusing once the setting is read).
TEST_F(CargoProxySettingAttack, EmptyHttpProxySettingStaysAllowed) {
  const auto allowed = auth("[http]\nproxy = \"\"\n");
  EXPECT_EQ(allowed.exit_code, 0) << allowed.all();
}

// Guard (did not work on the merged tree): hostile requests to the credential
// provider (deep nesting, over-long lines, invalid UTF-8 and NUL, a foreign
// operation) get one protocol line each on stdout, in bounded time, and the
// token only for a well-formed get.
TEST(ProviderAttackStaysClosed, HostileRequestsGetOneProtocolLineEach) {
  const std::string token = "tkn-atk-provider-" + random_suffix();
  LeakGuard::instance().register_token(token);
  const std::string get =
      R"({"v":1,"registry":{"index-url":"sparse+https://x.example/i/","name":"feed"},"kind":"get",)"
      R"("operation":"read","args":["credential-provider","--token-variable","T"])";
  std::string input = std::string(200000, '[') + "\n";
  input += get + R"(,"x":)" + std::string(100000, '[') + std::string(100000, ']') + "}\n";
  input += std::string(R"({"v":1,"registry":{"index-url":"sparse+https://x.example/)") + "\xff" + '\0' +
           R"(i/"},"kind":"get","operation":"read"})" + "\n";
  input += std::string(2 << 20, 'x') + "\n";
  input +=
      R"({"v":1,"registry":{"index-url":"sparse+https://x.example/i/"},"kind":"login","operation":"read"})"
      "\n";
  Env env = base_env();
  env["T"] = token;
  env["TF_BUILD"] = "True";
  env["SYSTEM_DEBUG"] = "true";
  env["GITHUB_ACTIONS"] = "true";
  env["RUNNER_DEBUG"] = "1";
  const auto result = run_process({CA_BINARY, "credential-provider", "--cargo-plugin"}, env,
                                  ProcessOptions{"", input, std::chrono::seconds(60)});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  std::istringstream lines(result.out);
  std::vector<nlohmann::json> replies;
  for (std::string line; std::getline(lines, line);) {
    const auto json = nlohmann::json::parse(line, nullptr, false);
    ASSERT_TRUE(json.is_object()) << "not a protocol line: " << line.substr(0, 200);
    replies.push_back(json);
  }
  ASSERT_EQ(replies.size(), 6U) << result.out.substr(0, 2000);
  EXPECT_EQ(replies[0], nlohmann::json::parse(R"({"v":[1]})"));
  for (std::size_t i = 1; i < replies.size(); ++i) {
    EXPECT_EQ(replies[i].contains("Ok"), i == 2) << replies[i].dump();
  }
  EXPECT_EQ(replies[2]["Ok"]["token"], token);
}

// New routes for hostile text (did not work on the merged tree; guards): a
// registry's exchange error body and an unreadable `api` in its config.json are
// relayed in trusted publishing's error messages. Judged by the runner's and the
// agent's own readings (Unicode white space trimmed, zero-width skipped).
const std::string kHostileText =
    "x\n\u00A0::warning::INJECTED\n\u2003::add-mask::INJECTED\n\u3000::stop-commands::INJECTED\n"
    "\v::error::INJECTED\n#\u200B#vso[task.setvariable variable=INJECTED;issecret=false;]pwned\n"
    "##vso[task.complete result=Failed;]INJECTED\n\uFEFF##[error]INJECTED\n";

void expect_no_hostile_command(const ProcessResult& result, const std::string& label) {
  const auto log = GitHubLog::parse(result.out + result.err);
  for (const auto& command : log.commands) {
    EXPECT_EQ(command.data.rfind("INJECTED", 0), std::string::npos) << label << ": ::" << command.name;
    EXPECT_NE(command.name, "stop-commands") << label;
  }
  std::istringstream lines(result.out + result.err);
  for (std::string line; std::getline(lines, line);) {
    // The tool's own commands and display markers, at the very start of a line.
    if (line.rfind("##vso[", 0) == 0 || line.rfind("::", 0) == 0 || line.rfind("##[group]", 0) == 0 ||
        line == "##[endgroup]") {
      continue;
    }
    EXPECT_FALSE(dotnet::azure_agent_sees_command(line)) << label << ": " << line;
    EXPECT_FALSE(dotnet::github_runner_sees_command(line)) << label << ": " << line;
  }
  // Azure: one command per line, the first "##vso[": hostile text in the data of the
  // tool's own logissue stays data; only the tool's own commands are parsed.
  if (label != "azure") return;
  const auto azure = AzureLog::parse(result.out);
  for (const auto& command : azure.commands) {
    EXPECT_NE(command.name, "task.setvariable") << label;
    EXPECT_EQ(command.data.rfind("INJECTED", 0), std::string::npos) << label << ": " << command.name;
  }
}

TEST_F(TrustedPublishingAttack, HostileExchangeErrorsAndApiUrlsStayTextOnGitHubAndAzure) {
  CannedResponse rejected;
  rejected.status_line = "HTTP/1.1 400 Bad Request";
  rejected.content_type = "application/json";
  rejected.body = nlohmann::json{{"errors", {{{"detail", kHostileText}}}}}.dump();
  HostileRegistry body_route("", "127.0.0.1", rejected);
  HostileRegistry url_route("/" + kHostileText);
  RecordingServer github(json_answer(nlohmann::json{{"value", id_token("127.0.0.1", signature)}}.dump()));
  TempDir files;
  for (const HostileRegistry* hostile : {&body_route, &url_route}) {
    project.write(".cargo/config.toml", registry_config("tp", hostile->index_url()));
    Env gh = env;
    gh["GITHUB_ACTIONS"] = "true";
    gh["ACTIONS_ID_TOKEN_REQUEST_URL"] = github.url() + "token?runId=1";
    gh["ACTIONS_ID_TOKEN_REQUEST_TOKEN"] = "tkn-atkreq-" + random_suffix();
    LeakGuard::instance().register_token(gh["ACTIONS_ID_TOKEN_REQUEST_TOKEN"]);
    for (const char* file : {"GITHUB_ENV", "GITHUB_OUTPUT", "GITHUB_STEP_SUMMARY", "GITHUB_PATH"}) {
      gh[file] = files.write(std::string(file) + ".txt", "").string();
    }
    ProcessOptions options{project.str(), "", std::chrono::seconds(60)};
    const auto on_github = run_process(
        {CA_BINARY, "auth", "--ci", "github", "--registry", "tp", "--trusted-publishing"}, gh, options);
    EXPECT_NE(on_github.exit_code, 0) << on_github.all();
    expect_no_hostile_command(on_github, "github");

    Env azure = azure_agent_env();
    azure["CARGO_HOME"] = home.str();
    azure["CRATES_IO_ID_TOKEN"] = id_token("127.0.0.1", signature);
    const auto on_azure = run_process(
        {CA_BINARY, "auth", "--ci", "azure", "--registry", "tp", "--trusted-publishing"}, azure, options);
    EXPECT_NE(on_azure.exit_code, 0) << on_azure.all();
    expect_no_hostile_command(on_azure, "azure");
  }
}

}  // namespace
}  // namespace ca::test
