// Token exchanges end to end: the real binary, real cargo, and the local registry playing
// every party on 127.0.0.1 (Azure's OIDC request endpoint, Entra's token endpoint through
// AZURE_AUTHORITY_HOST, GitHub's ID-token endpoint, and a registry implementing crates.io's
// trusted-publishing exchange and revocation; src/local_registry/identity_emulator.hpp).
// Every issued value carries the suite's "tkn-" marker, so the leak guard hunts for each
// of them (raw, Bearer, Basic, base64) in every run's output and files.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <random>
#include <set>
#include <sstream>

#include "support/azure_log.hpp"
#include "support/cargo_project.hpp"
#include "support/leak_guard.hpp"
#include "support/local_registry.hpp"
#include "support/task_runner.hpp"
#include "support/temp_dir.hpp"
#include "util/base64.hpp"

namespace ca::test {
namespace {

constexpr const char* kConnection = "5e2d7c1a-93f4-4b8e-a2c6-0d9f1e3b7a55";
constexpr const char* kTenant = "72f988bf-86f1-41af-91ab-2d7cd011db47";
constexpr const char* kClientId = "0a1b2c3d-4e5f-6071-8293-a4b5c6d7e8f9";
constexpr const char* kExchangePath = "/api/v1/trusted_publishing/tokens";

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

std::string gitlab_id_token(const std::string& audience, const std::string& signature) {
  return base64url(R"({"alg":"RS256","typ":"JWT"})") + "." +
         base64url(nlohmann::json{{"aud", audience}, {"iss", "https://gitlab.com"}}.dump()) + "." + signature;
}

// One emulator set: the values it will issue, known to the test and the leak guard.
struct Identity {
  std::string system_token = "tkn-system-" + random_suffix();
  std::string oidc_token = "tkn-oidc-" + random_suffix();
  std::string access_token = "tkn-entra-" + random_suffix();
  std::string request_token = "tkn-ghreq-" + random_suffix();
  std::string github_jwt = "tkn-ghjwt-" + random_suffix();
  // GitLab's ID token is a JWT whose audience (declared in .gitlab-ci.yml) must be
  // the exchange's host: the tool sends it nowhere else.
  std::string gitlab_jwt = gitlab_id_token("127.0.0.1", "tkn-gljwt-" + random_suffix());
  std::string registry_token = "tkn-tp-" + random_suffix();

  void install(const LocalRegistry& registry, const std::string& client_id = kClientId) const {
    for (const auto* value : {&system_token, &oidc_token, &access_token, &request_token, &github_jwt,
                              &gitlab_jwt, &registry_token}) {
      LeakGuard::instance().register_token(*value);
    }
    const nlohmann::json settings = {{"system_token", system_token},
                                     {"service_connection", kConnection},
                                     {"tenant", kTenant},
                                     {"client_id", client_id},
                                     {"oidc_token", oidc_token},
                                     {"access_token", access_token},
                                     {"github_request_token", request_token},
                                     {"github_jwt", github_jwt},
                                     {"audience", "127.0.0.1"},
                                     {"registry_token", registry_token},
                                     {"accepted_jwts", {gitlab_jwt}}};
    const auto reply = http_request("POST", registry.base_url() + "/_control/identity", settings.dump());
    ASSERT_EQ(reply.status, 200) << reply.body;
  }
};

nlohmann::json identity_state(const LocalRegistry& registry) {
  return nlohmann::json::parse(http_request("GET", registry.base_url() + "/_control/identity").body);
}

class WorkloadIdentity : public ::testing::Test {
 protected:
  LocalRegistry registry{{}, /*anonymous=*/true};
  Identity identity;
  TempDir project;
  TempDir home;
  Env env = azure_agent_env();

  void SetUp() override {
    identity.install(registry);
    write_crate(project, "", CrateSpec{"wif-crate", "0.1.0", {}, "[\"feed\"]"});
    env["INPUT_CONFIGFILE"] =
        project.write(".cargo/config.toml", registry_config("feed", registry.index_url())).string();
    env["INPUT_REGISTRYNAMES"] = "feed";
    env["INPUT_WORKLOADIDENTITYSERVICECONNECTION"] = kConnection;
    const std::string upper = "5E2D7C1A-93F4-4B8E-A2C6-0D9F1E3B7A55";  // the agent upper-cases ids
    env["ENDPOINT_AUTH_PARAMETER_" + upper + "_TENANTID"] = kTenant;
    env["ENDPOINT_AUTH_PARAMETER_" + upper + "_SERVICEPRINCIPALID"] = kClientId;
    env["ENDPOINT_AUTH_SCHEME_" + upper] = "WorkloadIdentityFederation";
    env["SYSTEM_OIDCREQUESTURI"] = registry.base_url() + "/_oidc/azure";
    env["SECRET_SYSTEM_ACCESSTOKEN"] = identity.system_token;
    env["AZURE_AUTHORITY_HOST"] = registry.base_url();
  }
  [[nodiscard]] std::string entra_path() const { return std::string("/") + kTenant + "/oauth2/v2.0/token"; }
  [[nodiscard]] std::string expected_value() const {
    return "Basic " + base64_encode("WifBuild:" + identity.access_token);
  }
};

TEST_F(WorkloadIdentity, TaskHandsCargoTheReferenceBasicFormAndCargoPublishesWithIt) {
  const auto task = run_task(env);
  ASSERT_EQ(task.process.exit_code, 0) << task.process.all();
  std::map<std::string, std::string> variables;
  for (const auto& command : task.log.all("task.setvariable")) {
    if (command.properties.count("isoutput") == 0)
      variables[command.properties.at("variable")] = command.data;
  }
  ASSERT_EQ(variables.count("CARGO_REGISTRIES_FEED_TOKEN"), 1U) << task.process.all();
  EXPECT_EQ(variables.at("CARGO_REGISTRIES_FEED_TOKEN"), expected_value());
  // Every obtained value is masked, and before the variable carrying it is set.
  const auto secrets = task.log.secrets();
  for (const auto& value :
       {identity.system_token, identity.oidc_token, identity.access_token, expected_value()}) {
    EXPECT_NE(std::find(secrets.begin(), secrets.end(), value), secrets.end()) << "not masked";
  }
  EXPECT_LT(task.log.index_of("task.setsecret", identity.access_token),
            task.log.index_of("task.setvariable"));
  // Entra got exactly the documented form fields.
  const auto state = identity_state(registry);
  ASSERT_EQ(state["entra_forms"].size(), 1U);
  std::set<std::string> fields(state["entra_forms"][0].begin(), state["entra_forms"][0].end());
  EXPECT_EQ(fields, (std::set<std::string>{"client_assertion", "client_assertion_type", "client_id",
                                           "grant_type", "scope"}));

  Env cargo = cargo_env(home.str());
  for (const auto& [name, value] : variables) cargo[name] = value;
  const auto published =
      run_process({"cargo", "publish", "--allow-dirty", "--registry", "feed", "--no-verify"}, cargo,
                  {project.str(), "", std::chrono::seconds(180)});
  EXPECT_EQ(published.exit_code, 0) << published.all();
  EXPECT_EQ(registry.count_requests("PUT", "/api/v1/crates/new"), 1);
}

TEST_F(WorkloadIdentity, APipelineWrittenForTheReferenceWifVariantWorksUnchanged) {
  // The reference's inputs: the YAML alias azureDevOpsServiceConnection reaches the task under
  // the input's name, and the Cargo WIF variant names its feed with feedUrl.
  env.erase("INPUT_REGISTRYNAMES");
  env["INPUT_FEEDURL"] = registry.base_url() + "/index/";
  const auto task = run_task(env);
  ASSERT_EQ(task.process.exit_code, 0) << task.process.all();
  const auto sets = task.log.all("task.setvariable");
  const auto it = std::find_if(sets.begin(), sets.end(), [](const AzureCommand& c) {
    return c.properties.at("variable") == "CARGO_REGISTRIES_FEED_TOKEN";
  });
  ASSERT_NE(it, sets.end()) << task.process.all();
  EXPECT_EQ(it->data, expected_value());

  // Without System.OidcRequestUri (an agent without WIF support) the step fails and says why.
  env.erase("SYSTEM_OIDCREQUESTURI");
  const auto old_agent = run_task(env);
  EXPECT_EQ(old_agent.process.exit_code, 1);
  EXPECT_TRUE(old_agent.log.all("task.setvariable").empty());
  EXPECT_NE(old_agent.process.all().find("SYSTEM_OIDCREQUESTURI"), std::string::npos)
      << old_agent.process.all();
}

TEST_F(WorkloadIdentity, TheFeedsOwnTenantWinsOverTheConnections) {
  // A feed of another tenant: Azure Artifacts names it in X-VSS-ResourceTenant, and the
  // exchange must go to that tenant (the reference's getFeedTenantId), not the connection's.
  const std::string upper = "5E2D7C1A-93F4-4B8E-A2C6-0D9F1E3B7A55";
  env["ENDPOINT_AUTH_PARAMETER_" + upper + "_TENANTID"] = "00000000-0000-0000-0000-000000000000";
  auto task = run_task(env);
  EXPECT_EQ(task.process.exit_code, 1) << "the emulator only knows kTenant";
  EXPECT_NE(task.process.all().find("AADSTS90002"), std::string::npos) << task.process.all();

  const auto reply = http_request("POST", registry.base_url() + "/_control/identity",
                                  nlohmann::json{{"resource_tenant", kTenant}}.dump());
  ASSERT_EQ(reply.status, 200);
  task = run_task(env);
  EXPECT_EQ(task.process.exit_code, 0) << task.process.all();
  EXPECT_EQ(registry.count_requests("POST", entra_path()), 1);
}

TEST_F(WorkloadIdentity, ARejectedServicePrincipalFailsWithEntrasDescriptionAndSetsNothing) {
  identity.install(registry, "another-client-id");
  const auto task = run_task(env);
  EXPECT_EQ(task.process.exit_code, 1) << task.process.all();
  EXPECT_TRUE(task.log.all("task.setvariable").empty()) << task.process.all();
  EXPECT_NE(task.process.all().find("AADSTS700016"), std::string::npos) << task.process.all();
  EXPECT_EQ(registry.count_requests("POST", entra_path()), 1);  // a 400 is not retried
}

TEST_F(WorkloadIdentity, EachEndpointsFailuresAreReportedAndOnlyTransientOnesRetriedBoundedly) {
  struct Case {
    std::string path;
    int status;
    int expected_requests;
    std::string expected_text;
  };
  const std::vector<Case> cases = {
      {"/_oidc/azure", 401, 1, "HTTP 401"},
      {"/_oidc/azure", 500, 3, "HTTP 500 (after 3 attempts)"},
      {entra_path(), 401, 1, "AADSTS700211"},
      {entra_path(), 429, 3, "HTTP 429 (after 3 attempts)"},
      {entra_path(), 500, 3, "HTTP 500 (after 3 attempts)"},
  };
  for (const auto& c : cases) {
    registry.clear_log();
    registry.clear_faults();
    const std::string body =
        c.status == 401 && c.path == entra_path()
            ? R"({"error":"invalid_client","error_description":"AADSTS700211: No matching federated identity record found for presented assertion issuer."})"
            : R"({"error":"temporarily_unavailable","error_description":"try again"})";
    registry.set_faults(nlohmann::json::array({{{"method", "POST"},
                                                {"path_prefix", c.path},
                                                {"status", c.status},
                                                {"times", -1},
                                                {"retry_after", 0},
                                                {"body", body},
                                                {"content_type", "application/json"}}})
                            .dump());
    const auto task = run_task(env);
    EXPECT_EQ(task.process.exit_code, 1) << c.path << " " << c.status;
    EXPECT_TRUE(task.log.all("task.setvariable").empty());
    EXPECT_EQ(registry.count_requests("POST", c.path), c.expected_requests) << c.path << " " << c.status;
    EXPECT_NE(task.process.all().find(c.expected_text), std::string::npos) << task.process.all();
  }
  // A 429 once, then success: retried, and the run succeeds.
  registry.clear_faults();
  registry.clear_log();
  registry.set_faults(nlohmann::json::array({{{"method", "POST"},
                                              {"path_prefix", entra_path()},
                                              {"status", 429},
                                              {"retry_after", 0},
                                              {"times", 1}}})
                          .dump());
  const auto task = run_task(env);
  EXPECT_EQ(task.process.exit_code, 0) << task.process.all();
  EXPECT_EQ(registry.count_requests("POST", entra_path()), 2);
}

class TrustedPublishing : public ::testing::Test {
 protected:
  LocalRegistry registry{{}, /*anonymous=*/true};
  Identity identity;
  TempDir project;
  TempDir home;
  Env env = cargo_env(home.str());

  void SetUp() override {
    identity.install(registry);
    write_crate(project, "", CrateSpec{"tp-crate", "0.1.0", {}, "[\"tp\"]"});
    project.write(".cargo/config.toml", registry_config("tp", registry.index_url()));
  }
  void github() {
    env["GITHUB_ACTIONS"] = "true";
    env["ACTIONS_ID_TOKEN_REQUEST_URL"] = registry.base_url() + "/_oidc/github?runId=1";
    env["ACTIONS_ID_TOKEN_REQUEST_TOKEN"] = identity.request_token;
  }
  void gitlab() {
    env["GITLAB_CI"] = "true";
    env["CRATES_IO_ID_TOKEN"] = identity.gitlab_jwt;
  }
  ProcessResult run(const std::vector<std::string>& args) {
    ProcessOptions options{project.str(), "", std::chrono::seconds(240)};
    std::vector<std::string> argv{CA_BINARY};
    argv.insert(argv.end(), args.begin(), args.end());
    return run_process(argv, env, options);
  }
};

TEST_F(TrustedPublishing, GitHubTokenPublishesWithRealCargoAndIsRevokedAfterwards) {
  github();
  const auto result =
      run({"publish", "--ci", "local", "--registry", "tp", "--trusted-publishing", "--no-verify"});
  ASSERT_EQ(result.exit_code, 0) << result.all();
  EXPECT_EQ(registry.count_requests("PUT", "/api/v1/crates/new"), 1);
  const auto state = identity_state(registry);
  EXPECT_EQ(state["exchanges"], 1);
  EXPECT_EQ(state["revocations"], 1);
  EXPECT_TRUE(state["live_tokens"].empty()) << state.dump();
  EXPECT_EQ(state["github_audiences"], nlohmann::json::array({"127.0.0.1"}));
  EXPECT_EQ(registry.count_requests("DELETE", kExchangePath), 1);
  EXPECT_NE(result.all().find("valid 30 min"), std::string::npos) << result.all();
}

TEST_F(TrustedPublishing, TheTokenIsRevokedWhenCargoFails) {
  gitlab();
  registry.set_faults(
      R"([{"method":"PUT","path_prefix":"/api/v1/crates/new","status":500,"times":-1,"retry_after":0}])");
  const auto result = run({"publish", "--ci", "local", "--registry", "tp", "--trusted-publishing",
                           "--no-verify", "--max-attempts", "1"});
  EXPECT_EQ(result.exit_code, 1) << result.all();
  EXPECT_GE(registry.count_requests("PUT", "/api/v1/crates/new"), 1);
  const auto state = identity_state(registry);
  EXPECT_EQ(state["revocations"], 1);
  EXPECT_TRUE(state["live_tokens"].empty());

  // exec: the child's own failure status, and the token revoked too.
  identity.install(registry);  // a fresh JWT: each works once
  TempDir out;
  const auto file = (out.path() / "seen").string();
  LeakGuard::instance().allow_file(file);
  const auto exec = run({"exec", "--ci", "local", "--registry", "tp", "--trusted-publishing", "--", "sh",
                         "-c", "printf %s \"$CARGO_REGISTRIES_TP_TOKEN\" > \"$0\"; exit 7", file});
  EXPECT_EQ(exec.exit_code, 7) << exec.all();
  EXPECT_EQ(read_file(file), identity.registry_token);
  EXPECT_EQ(identity_state(registry)["revocations"], 2);
}

TEST_F(TrustedPublishing, MissingPermissionOrUsedTokenFailsWithWhatToDo) {
  env["GITHUB_ACTIONS"] = "true";  // but no id-token: write
  auto result = run({"auth", "--ci", "local", "--registry", "tp", "--trusted-publishing"});
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_NE(result.all().find("id-token: write"), std::string::npos) << result.all();
  EXPECT_EQ(registry.count_requests("POST", kExchangePath), 0);

  env.erase("GITHUB_ACTIONS");
  env["GITLAB_CI"] = "true";
  result = run({"auth", "--ci", "local", "--registry", "tp", "--trusted-publishing"});
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_NE(result.all().find("id_tokens"), std::string::npos) << result.all();

  gitlab();
  result = run({"exec", "--ci", "local", "--registry", "tp", "--trusted-publishing", "--", "true"});
  EXPECT_EQ(result.exit_code, 0) << result.all();
  result = run({"exec", "--ci", "local", "--registry", "tp", "--trusted-publishing", "--", "true"});
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_NE(result.all().find("already used"), std::string::npos) << result.all();
}

TEST_F(TrustedPublishing, ExchangeAndIdTokenEndpointFailures) {
  github();
  struct Case {
    std::string method, path;
    int status;
    int expected_requests;
  };
  const std::vector<Case> cases = {{"POST", kExchangePath, 401, 1},  {"POST", kExchangePath, 429, 3},
                                   {"POST", kExchangePath, 500, 3},  {"GET", "/_oidc/github", 401, 1},
                                   {"GET", "/_oidc/github", 429, 3}, {"GET", "/_oidc/github", 500, 3}};
  for (const auto& c : cases) {
    registry.clear_faults();
    registry.clear_log();
    registry.set_faults(nlohmann::json::array({{{"method", c.method},
                                                {"path_prefix", c.path},
                                                {"status", c.status},
                                                {"times", -1},
                                                {"retry_after", 0}}})
                            .dump());
    const auto result =
        run({"exec", "--ci", "local", "--registry", "tp", "--trusted-publishing", "--", "true"});
    EXPECT_EQ(result.exit_code, 1) << c.path << " " << c.status;
    EXPECT_EQ(registry.count_requests(c.method, c.path), c.expected_requests) << c.path << " " << c.status;
    EXPECT_NE(result.all().find("HTTP " + std::to_string(c.status)), std::string::npos) << result.all();
  }
}

TEST_F(TrustedPublishing, GitHubHostMasksEveryFormBeforeUse) {
  github();
  const auto result =
      run({"exec", "--ci", "github", "--registry", "tp", "--trusted-publishing", "--", "true"});
  ASSERT_EQ(result.exit_code, 0) << result.all();
  std::set<std::string> masks;
  std::istringstream lines(result.out);
  for (std::string line; std::getline(lines, line);) {
    if (line.rfind("::add-mask::", 0) == 0) masks.insert(line.substr(12));
  }
  for (const auto& value : {identity.request_token, identity.github_jwt + ".127.0.0.1",
                            identity.registry_token, "Bearer " + identity.registry_token}) {
    EXPECT_EQ(masks.count(value), 1U) << value << " not masked";
  }
}

TEST_F(TrustedPublishing, AuthExportsThenRevokeEndsTheToken) {
  gitlab();
  TempDir out;
  const auto dotenv = (out.path() / "tp.env").string();
  const auto auth =
      run({"auth", "--registry", "tp", "--trusted-publishing", "--emit", "dotenv", "--output", dotenv});
  ASSERT_EQ(auth.exit_code, 0) << auth.all();
  EXPECT_NE(auth.all().find("cargo-authenticate revoke --registry tp"), std::string::npos) << auth.all();
  EXPECT_EQ(identity_state(registry)["revocations"], 0);
  env["CARGO_REGISTRIES_TP_TOKEN"] = identity.registry_token;
  const auto revoke = run({"revoke", "--ci", "local", "--registry", "tp"});
  EXPECT_EQ(revoke.exit_code, 0) << revoke.all();
  EXPECT_EQ(identity_state(registry)["revocations"], 1);
  // Again: already gone is not a failure.
  EXPECT_EQ(run({"revoke", "--ci", "local", "--registry", "tp"}).exit_code, 0);
}

}  // namespace
}  // namespace ca::test
