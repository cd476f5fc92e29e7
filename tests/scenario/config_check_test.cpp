// `list`, `check` and `auth --verify` with the real binary: configuration
// discovered the way cargo discovers it (nested directories, CARGO_HOME,
// includes, the environment, source replacement), and credentials checked
// against the real local registry (right, wrong and missing tokens, a server
// that is not a cargo registry, a closed port, a registry slower than --timeout).
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <nlohmann/json.hpp>

#include "support/later_step.hpp"
#include "support/local_registry.hpp"
#include "support/task_runner.hpp"
#include "support/temp_dir.hpp"

namespace ca::test {
namespace {

using nlohmann::json;

// A port nothing listens on: bind an ephemeral port, then close it.
int closed_port() {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  EXPECT_EQ(::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
  socklen_t length = sizeof addr;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &length);
  ::close(fd);
  return ntohs(addr.sin_port);
}

class ConfigCheck : public ::testing::Test {
 protected:
  TempDir dir;
  Env env = [this] {
    Env e = base_env();
    e["CARGO_HOME"] = (dir.path() / "cargo-home").string();
    return e;
  }();

  ProcessResult run(const std::vector<std::string>& args, const std::string& cwd_relative = "repo") {
    std::filesystem::create_directories(dir.path() / cwd_relative);
    return run_cli(args, env, (dir.path() / cwd_relative).string());
  }
  static json parse_json(const ProcessResult& result) {
    const json parsed = json::parse(result.out, nullptr, false);
    EXPECT_FALSE(parsed.is_discarded()) << "stdout is not JSON: " << result.all();
    return parsed;
  }
  static const json& registry(const json& list, const std::string& name) {
    for (const auto& r : list.at("registries")) {
      if (r.at("name") == name) return r;
    }
    static const json none;
    ADD_FAILURE() << "registry " << name << " not listed";
    return none;
  }
  static const json& row(const json& check, const std::string& name) {
    for (const auto& r : check.at("registries")) {
      if (r.at("registry") == name) return r;
    }
    static const json none;
    ADD_FAILURE() << "registry " << name << " not checked";
    return none;
  }
};

TEST_F(ConfigCheck, ListMergesNestedDirectoriesCargoHomeIncludesAndEnvironment) {
  dir.write("cargo-home/config.toml",
            "[registries.feed]\nindex = \"sparse+https://home.example.com/index/\"\n"
            "[registries.home-feed]\nindex = \"sparse+https://home.example.com/other/\"\n");
  dir.write("repo/.cargo/team.toml",
            "[registries.team]\nindex = \"sparse+https://team.example.com/index/\"\n");
  dir.write(
      "repo/.cargo/config.toml",
      "include = [\"team.toml\"]\n[registries.feed]\nindex = \"sparse+https://repo.example.com/index/\"\n");
  const auto deep = dir.write("repo/crates/app/.cargo/config.toml",
                              "[registries.feed]\nindex = \"sparse+https://deep.example.com/index/\"\n");
  env["CARGO_REGISTRIES_FROM_ENV_INDEX"] = "sparse+https://env.example.com/index/";
  env["CARGO_REGISTRIES_TEAM_TOKEN"] = "team-secret-value-1";
  const auto result = run({"list", "--json"}, "repo/crates/app/src");
  ASSERT_EQ(result.exit_code, 0) << result.all();
  const json list = parse_json(result);
  EXPECT_EQ(registry(list, "feed").at("index"), "sparse+https://deep.example.com/index/");
  EXPECT_EQ(registry(list, "feed").at("defined_at"), deep.string() + ":2:9");
  EXPECT_EQ(registry(list, "home-feed").at("index"), "sparse+https://home.example.com/other/");
  EXPECT_EQ(registry(list, "team").at("credential_source"), "variable CARGO_REGISTRIES_TEAM_TOKEN");
  EXPECT_EQ(registry(list, "team").at("credential"), "found");
  EXPECT_EQ(registry(list, "from_env").at("defined_at"), "environment CARGO_REGISTRIES_FROM_ENV_INDEX");
  EXPECT_EQ(registry(list, "from_env").at("token_variable"), "CARGO_REGISTRIES_FROM_ENV_TOKEN");
  EXPECT_TRUE(registry(list, "from_env").at("credential_source").is_null());
  EXPECT_EQ(list.at("files").size(), 4U);
  EXPECT_EQ(result.all().find("team-secret-value-1"), std::string::npos) << "list printed a token";
}

TEST_F(ConfigCheck, IncludeCycleFailsWithBadInput) {
  dir.write("repo/.cargo/a.toml", "include = [\"b.toml\"]\n");
  dir.write("repo/.cargo/b.toml", "include = [\"a.toml\"]\n");
  dir.write("repo/.cargo/config.toml", "include = [\"a.toml\"]\n");
  const auto result = run({"list", "--json"});
  EXPECT_EQ(result.exit_code, 2) << result.all();
  EXPECT_NE(result.err.find("include` cycle"), std::string::npos) << result.err;
}

TEST_F(ConfigCheck, ProGetReplacingCratesIoIsFlaggedAndAnUndeclaredSourceIsExplained) {
  const std::string url = "sparse+https://proget.example.com/cargo/feed/";
  dir.write("repo/.cargo/config.toml",
            "[source.crates-io]\nreplace-with = \"proget\"\n[source.proget]\nregistry = \"" + url + "\"\n");
  auto result = run({"list", "--json"});
  ASSERT_EQ(result.exit_code, 0) << result.all();
  json list = parse_json(result);
  EXPECT_TRUE(list.at("registries").empty());
  ASSERT_EQ(list.at("warnings").size(), 1U);
  EXPECT_NE(list.at("warnings")[0].at("message").get<std::string>().find("[registries.proget] index = \"" +
                                                                         url + "\""),
            std::string::npos);

  // Declared as the source's URL: the registry serves every build.
  dir.write("repo/.cargo/config.toml",
            "[registries.proget]\nindex = \"" + url +
                "\"\n[source.crates-io]\nreplace-with = \"proget-src\"\n[source.proget-src]\n"
                "registry = \"" +
                url + "\"\n");
  result = run({"list", "--json"});
  ASSERT_EQ(result.exit_code, 0) << result.all();
  list = parse_json(result);
  EXPECT_TRUE(list.at("warnings").empty());
  EXPECT_EQ(registry(list, "proget").at("replaces_crates_io"), true);
  EXPECT_NE(result.err.find("every cargo build"), std::string::npos) << result.err;
}

TEST_F(ConfigCheck, DeeperDefinitionWinsOverConflictingParent) {
  dir.write("repo/.cargo/config.toml",
            "[registries]\nfeed = { index = \"sparse+https://a.example.com/\" }\n");
  dir.write("repo/sub/.cargo/config.toml",
            "[registries]\nfeed = { index = \"sparse+https://b.example.com/\" }\n");
  const auto result = run({"list", "--json"}, "repo/sub");
  ASSERT_EQ(result.exit_code, 0) << result.all();
  EXPECT_EQ(registry(parse_json(result), "feed").at("index"), "sparse+https://b.example.com/");
}

TEST_F(ConfigCheck, ListShowsAConfiguredProviderAndAuthExplainsTheOverride) {
  dir.write("repo/.cargo/config.toml",
            "[registries.vault]\nindex = \"sparse+https://vault.example.com/index/\"\ncredential-provider = "
            "\"cargo:libsecret\"\n");
  env["CARGO_REGISTRIES_VAULT_TOKEN"] = "vault-token-value-1";
  const auto list = parse_json(run({"list", "--json"}));
  const json& provider = registry(list, "vault").at("credential_provider");
  EXPECT_EQ(provider.at("providers"), json::array({"cargo:libsecret"}));
  EXPECT_EQ(provider.at("reads_token_variable"), false);
  const auto auth = run({"auth", "--emit", "json"});
  ASSERT_EQ(auth.exit_code, 0) << auth.all();
  EXPECT_NE(auth.err.find("registry vault sets credential-provider = cargo:libsecret"), std::string::npos)
      << auth.err;
  EXPECT_NE(auth.err.find("CARGO_REGISTRIES_VAULT_CREDENTIAL_PROVIDER=cargo:token overrides it for this job"),
            std::string::npos);
}

class RegistryCheck : public ConfigCheck {
 protected:
  LocalRegistry registry_server{{"Bearer good-probe-token"}};
  // Each name gets its own index URL on the one server (/r/<name>/index/): cargo refuses two
  // registries with one index URL.
  void config(const std::vector<std::string>& names, const std::string& index) {
    std::string text = "[registries]\n";
    for (const auto& name : names) {
      std::string own = index;
      if (names.size() > 1 && own.find("/index/") != std::string::npos)
        own.replace(own.find("/index/"), 7, "/r/" + name + "/index/");
      text += name + " = { index = \"" + own + "\" }\n";
    }
    dir.write("repo/.cargo/config.toml", text);
  }
};

TEST_F(RegistryCheck, RightWrongAndMissingTokens) {
  config({"right", "wrong", "missing"}, registry_server.index_url());
  env["CARGO_REGISTRIES_RIGHT_TOKEN"] = "Bearer good-probe-token";
  env["CARGO_REGISTRIES_WRONG_TOKEN"] = "Bearer bad-probe-token";
  const auto result = run({"check", "--json"});
  EXPECT_EQ(result.exit_code, 1) << result.all();
  const json check = parse_json(result);
  EXPECT_EQ(row(check, "right").at("verdict"), "ok");
  EXPECT_EQ(row(check, "right").at("status"), 200);
  EXPECT_EQ(row(check, "right").at("auth_required"), true);
  EXPECT_EQ(row(check, "wrong").at("verdict"), "unauthorized");
  EXPECT_EQ(row(check, "wrong").at("status"), 401);
  EXPECT_EQ(row(check, "missing").at("verdict"), "no credential");
  EXPECT_EQ(row(check, "missing").at("credential_source"), "none");
  EXPECT_NE(result.err.find("CARGO_REGISTRIES_MISSING_TOKEN"), std::string::npos) << result.err;
  EXPECT_EQ(result.all().find("good-probe-token"), std::string::npos) << "a token was printed";
  // Each registry was asked once, the good one with its token.
  EXPECT_EQ(registry_server.count_requests("GET", "/r/"), 3);
}

TEST_F(RegistryCheck, AllGoodExitsZeroWithATable) {
  config({"right"}, registry_server.index_url());
  env["CARGO_REGISTRIES_RIGHT_TOKEN"] = "Bearer good-probe-token";
  const auto result = run({"check"});
  EXPECT_EQ(result.exit_code, 0) << result.all();
  EXPECT_NE(result.err.find("Verdict"), std::string::npos);
}

TEST_F(RegistryCheck, HtmlAnswerIsNotACargoRegistry) {
  config({"portal"}, registry_server.index_url());
  env["CARGO_REGISTRIES_PORTAL_TOKEN"] = "Bearer good-probe-token";
  registry_server.set_faults(
      R"([{"method":"GET","path_prefix":"/index/config.json","status":200,"times":-1,"body":"<html><body>Sign in</body></html>","content_type":"text/html"}])");
  const auto result = run({"check", "--json"});
  EXPECT_EQ(result.exit_code, 1) << result.all();
  EXPECT_EQ(row(parse_json(result), "portal").at("verdict"), "not a cargo registry");
}

TEST_F(RegistryCheck, ClosedPortIsUnreachable) {
  config({"gone"}, "sparse+http://127.0.0.1:" + std::to_string(closed_port()) + "/index/");
  env["CARGO_REGISTRIES_GONE_TOKEN"] = "Bearer good-probe-token";
  const auto result = run({"check", "--json"});
  EXPECT_EQ(result.exit_code, 1) << result.all();
  EXPECT_EQ(row(parse_json(result), "gone").at("verdict"), "unreachable");
}

TEST_F(RegistryCheck, SlowRegistryTimesOutAtTheGivenTimeout) {
  config({"slow"}, registry_server.index_url());
  env["CARGO_REGISTRIES_SLOW_TOKEN"] = "Bearer good-probe-token";
  registry_server.set_faults(
      R"([{"method":"GET","path_prefix":"/index/config.json","delay_ms":3000,"times":1}])");
  const auto start = std::chrono::steady_clock::now();
  const auto result = run({"check", "--json", "--timeout", "0.5"});
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  EXPECT_EQ(result.exit_code, 1) << result.all();
  EXPECT_EQ(row(parse_json(result), "slow").at("verdict"), "timeout");
  EXPECT_LT(seconds, 2.5) << "did not give up at --timeout";
}

TEST_F(RegistryCheck, AzureVerifyWithAWrongTokenFailsWithTheRegistrysAnswerAndSetsNothing) {
  Env azure = azure_agent_env();
  azure["INPUT_CONFIGFILE"] = dir.write("repo/.cargo/config.toml", "[registries.local]\nindex = \"" +
                                                                       registry_server.index_url() + "\"\n")
                                  .string();
  azure["SECRET_CARGO_REGISTRIES_LOCAL_TOKEN"] = "Bearer bad-azure-token";
  azure["INPUT_VERIFY"] = "true";
  const auto run = run_task(azure);
  EXPECT_EQ(run.process.exit_code, 1) << run.process.all();
  const auto errors = run.log.issues("error");
  ASSERT_EQ(errors.size(), 1U) << run.process.all();
  EXPECT_NE(errors[0].data.find("registry local rejected the credential"), std::string::npos)
      << errors[0].data;
  EXPECT_NE(errors[0].data.find("the token in the Authorization header was not accepted by this registry"),
            std::string::npos)
      << errors[0].data;
  EXPECT_TRUE(run.log.variables().empty());
  EXPECT_EQ(run.log.result(), "Failed");

  // The right token passes the same check and is exported.
  azure["SECRET_CARGO_REGISTRIES_LOCAL_TOKEN"] = "Bearer good-probe-token";
  const auto good = run_task(azure);
  EXPECT_EQ(good.process.exit_code, 0) << good.process.all();
  // A later script step gets it (under the agent's rules; support/later_step.hpp).
  EXPECT_EQ(seen_later(azure, good, "CARGO_REGISTRIES_LOCAL"), "Bearer good-probe-token");
}

TEST_F(RegistryCheck, PublishVerifyWithAWrongTokenStopsBeforeCargoRuns) {
  config({"local"}, registry_server.index_url());
  env["CARGO_REGISTRIES_LOCAL_TOKEN"] = "Bearer bad-publish-token";
  const auto result = run({"publish", "--verify", "--registry", "local"});
  EXPECT_EQ(result.exit_code, 1) << result.all();
  EXPECT_NE(result.err.find("registry local rejected the credential"), std::string::npos) << result.err;
  EXPECT_EQ(registry_server.count_requests("PUT", "/api/v1/crates/new"), 0);
  EXPECT_EQ(registry_server.count_requests("GET", "/index/config.json"), 1);
}

}  // namespace
}  // namespace ca::test
