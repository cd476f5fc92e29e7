// Issue 10 part A, transport: through the real binary, a token allowed over
// plain http to loopback never reaches a proxy named in the environment, and
// a hostile registry's oversized or deeply nested config.json ends in a clear
// verdict with bounded memory (no bad_alloc, no hundreds of MB).
#include <gtest/gtest.h>
#include <sys/resource.h>

#include <nlohmann/json.hpp>

#include "support/cargo_project.hpp"
#include "support/local_registry.hpp"
#include "support/recording_server.hpp"
#include "support/task_runner.hpp"
#include "support/temp_dir.hpp"

namespace ca::test {
namespace {

class TransportBounds : public ::testing::Test {
 protected:
  TempDir dir;
  Env env = base_env();
  void SetUp() override {
    env.erase("CI");
    env["CARGO_HOME"] = (dir.path() / "cargo-home").string();
  }
  std::string config_for(const std::string& index) const {
    return dir.write(".cargo/config.toml", "[registries.remote]\nindex = \"" + index + "\"\n").string();
  }
  // The one registry's row of `check --json`.
  static nlohmann::json only_row(const ProcessResult& result) {
    const auto json = nlohmann::json::parse(result.out, nullptr, false);
    EXPECT_FALSE(json.is_discarded()) << result.all();
    if (json.is_discarded()) return {};
    const auto& rows = json.contains("registries") ? json["registries"] : json;
    EXPECT_TRUE(rows.is_array() && rows.size() == 1) << result.out;
    return rows.is_array() && !rows.empty() ? rows[0] : nlohmann::json();
  }
};

long peak_child_rss_kib() {
  rusage usage{};
  ::getrusage(RUSAGE_CHILDREN, &usage);
  return usage.ru_maxrss;
}

TEST_F(TransportBounds, ProxyInTheEnvironmentNeverReceivesALoopbackToken) {
  const std::string token = "Bearer tkn-proxy-must-not-see-7f3a";
  LocalRegistry registry({token});
  RecordingServer proxy;
  const std::string config = config_for(registry.index_url());
  env["CARGO_REGISTRIES_REMOTE_TOKEN"] = token;
  for (const char* variable :
       {"http_proxy", "HTTP_PROXY", "https_proxy", "HTTPS_PROXY", "ALL_PROXY", "all_proxy"}) {
    env[variable] = "http://127.0.0.1:" + std::to_string(proxy.port());
  }
  env.erase("no_proxy");
  env.erase("NO_PROXY");
  const auto result = run_cli({"check", "--ci", "local", "--json", "--config", config}, env, dir.str());
  EXPECT_EQ(proxy.received().find("tkn-proxy-must-not-see"), std::string::npos) << "the proxy got the token";
  EXPECT_EQ(proxy.connections(), 0) << proxy.received();
  EXPECT_EQ(result.exit_code, 0) << result.all();
  EXPECT_EQ(only_row(result).value("verdict", ""), "ok") << result.out;
  EXPECT_GE(registry.count_requests("GET", "/index/config.json"), 1);
}

TEST_F(TransportBounds, HugeConfigJsonStopsAtTheLimitWithBoundedMemory) {
  CannedResponse answer;
  answer.status_line = "HTTP/1.1 200 OK";
  answer.content_type = "application/json";
  answer.filler_bytes = 400ULL * 1024 * 1024;  // 400 MB, streamed, no Content-Length
  answer.declare_length = false;
  RecordingServer server(answer);
  const std::string config = config_for("sparse+" + server.url() + "index/");
  const auto result = run_cli({"check", "--ci", "local", "--json", "--config", config}, env, dir.str());
  EXPECT_EQ(result.exit_code, 1) << result.all();
  EXPECT_EQ(result.all().find("bad_alloc"), std::string::npos) << result.all();
  const auto row = only_row(result);
  EXPECT_EQ(row.value("verdict", ""), "not a cargo registry") << result.out;
  EXPECT_NE(row.value("detail", "").find("larger than 1024 KiB"), std::string::npos) << result.out;
  EXPECT_LT(peak_child_rss_kib(), 300 * 1024) << "peak RSS of a child process";
}

TEST_F(TransportBounds, DeclaredHugeConfigJsonIsRefusedBeforeItsBody) {
  CannedResponse answer;
  answer.status_line = "HTTP/1.1 200 OK";
  answer.content_type = "application/json";
  answer.filler_bytes = 10ULL * 1024 * 1024;  // 10 MB of '[' (752 MB of nlohmann::json on main)
  answer.filler = '[';
  RecordingServer server(answer);
  const std::string config = config_for("sparse+" + server.url() + "index/");
  const auto result = run_cli({"check", "--ci", "local", "--json", "--config", config}, env, dir.str());
  EXPECT_EQ(result.exit_code, 1) << result.all();
  EXPECT_NE(only_row(result).value("detail", "").find("larger than 1024 KiB"), std::string::npos)
      << result.out;
  EXPECT_LT(peak_child_rss_kib(), 300 * 1024) << "peak RSS of a child process";
}

TEST_F(TransportBounds, DeeplyNestedConfigJsonIsNotParsed) {
  CannedResponse answer;
  answer.status_line = "HTTP/1.1 200 OK";
  answer.content_type = "application/json";
  answer.filler_bytes = 1000 * 1000;  // under the size limit, far over the depth limit
  answer.filler = '[';
  RecordingServer server(answer);
  const std::string config = config_for("sparse+" + server.url() + "index/");
  const auto result = run_cli({"check", "--ci", "local", "--json", "--config", config}, env, dir.str());
  EXPECT_EQ(result.exit_code, 1) << result.all();
  const auto row = only_row(result);
  EXPECT_EQ(row.value("verdict", ""), "not a cargo registry") << result.out;
  EXPECT_NE(row.value("detail", "").find("nests deeper than 64"), std::string::npos) << result.out;
  EXPECT_LT(peak_child_rss_kib(), 300 * 1024) << "peak RSS of a child process";
}

void point_every_proxy_variable_at(Env& env, const RecordingServer& proxy) {
  for (const char* variable :
       {"http_proxy", "HTTP_PROXY", "https_proxy", "HTTPS_PROXY", "ALL_PROXY", "all_proxy"}) {
    env[variable] = "http://127.0.0.1:" + std::to_string(proxy.port());
  }
  env.erase("no_proxy");
  env.erase("NO_PROXY");
}

// cargo 1.95 sends a loopback registry's token to http_proxy unless no_proxy
// names the host: publish runs cargo with the host added to no_proxy.
TEST(LoopbackProxy, PublishKeepsCargosTokenOffTheProxy) {
  const std::string token = "tkn-cargo-proxy-51c9";
  LocalRegistry registry({token});
  RecordingServer proxy;
  TempDir project;
  TempDir home;
  Env env = cargo_env(home.str());
  project.write(".cargo/config.toml", registry_config("local", registry.index_url()));
  write_crate(project, "", CrateSpec{"proxy-crate", "0.1.0", {}, "[\"local\"]"});
  env["CARGO_REGISTRIES_LOCAL_TOKEN"] = token;
  point_every_proxy_variable_at(env, proxy);
  const auto run = run_cli({"publish", "--ci", "local", "--registry", "local"}, env, project.str());
  EXPECT_EQ(proxy.received().find(token), std::string::npos) << "the proxy got the token";
  EXPECT_EQ(proxy.connections(), 0) << proxy.received();
  EXPECT_EQ(run.exit_code, 0) << run.all();
  EXPECT_EQ(registry.count_requests("PUT", "/api/v1/crates/new"), 1);
}

// auth's variables reach later steps it cannot see: with a proxy in effect and
// no no_proxy for the loopback host it refuses; with one it authenticates.
TEST_F(TransportBounds, AuthRefusesALoopbackTokenThatCargoWouldSendToAProxy) {
  LocalRegistry registry({"tkn-auth-proxy-0d2e"});
  RecordingServer proxy;
  const std::string config = config_for(registry.index_url());
  env["CARGO_REGISTRIES_REMOTE_TOKEN"] = "tkn-auth-proxy-0d2e";
  point_every_proxy_variable_at(env, proxy);
  const auto refused =
      run_cli({"auth", "--ci", "local", "--emit", "json", "--config", config}, env, dir.str());
  EXPECT_NE(refused.exit_code, 0) << refused.all();
  EXPECT_EQ(refused.out.find("CARGO_REGISTRIES_REMOTE_TOKEN"), std::string::npos) << refused.out;
  EXPECT_NE(refused.err.find("no_proxy"), std::string::npos) << refused.all();
  env["no_proxy"] = "localhost,127.0.0.1";
  const auto allowed =
      run_cli({"auth", "--ci", "local", "--emit", "json", "--config", config}, env, dir.str());
  EXPECT_EQ(allowed.exit_code, 0) << allowed.all();
  EXPECT_NE(allowed.out.find("CARGO_REGISTRIES_REMOTE_TOKEN"), std::string::npos) << allowed.out;
  EXPECT_EQ(proxy.connections(), 0);
}

}  // namespace
}  // namespace ca::test
