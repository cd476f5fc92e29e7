// `check` against the real local registry on 127.0.0.1 (a Linux process even
// when the tool is a Windows build under wine): right, wrong and missing
// tokens, judged from the registry's answers, reported as JSON.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "support/local_registry.hpp"
#include "support/printed_path.hpp"
#include "support/task_runner.hpp"
#include "support/temp_dir.hpp"

namespace ca::test {
namespace {

using nlohmann::json;

const json& row(const json& check, const std::string& name) {
  for (const auto& r : check.at("registries")) {
    if (r.at("registry") == name) return r;
  }
  static const json none = json::object();
  ADD_FAILURE() << "registry " << name << " not checked: " << check.dump();
  return none;
}

TEST(CheckRegistry, RightWrongAndMissingTokensAgainstTheLocalRegistry) {
  LocalRegistry registry({"Bearer tkn-win-probe-good"});
  TempDir dir;
  // One index URL per registry on the one server: cargo refuses two registries with one index.
  std::string config = "[registries]\n";
  for (const std::string name : {"right", "wrong", "missing"}) {
    std::string index = registry.index_url();
    index.replace(index.find("/index/"), 7, "/r/" + name + "/index/");
    config += name + " = { index = \"" + index + "\" }\n";
  }
  dir.write("repo/.cargo/config.toml", config);
  Env env = base_env();
  env["CARGO_HOME"] = path_for_tool(dir.path() / "cargo-home");
  env["CARGO_REGISTRIES_RIGHT_TOKEN"] = "Bearer tkn-win-probe-good";
  env["CARGO_REGISTRIES_WRONG_TOKEN"] = "Bearer tkn-win-probe-bad";

  const auto result = run_cli({"check", "--json"}, env, (dir.path() / "repo").string());
  EXPECT_EQ(result.exit_code, 1) << result.all();
  const json check = json::parse(result.out, nullptr, false);
  ASSERT_FALSE(check.is_discarded()) << "stdout is not JSON: " << result.all();
  EXPECT_EQ(row(check, "right").value("verdict", ""), "ok");
  EXPECT_EQ(row(check, "right").value("status", 0), 200);
  EXPECT_EQ(row(check, "wrong").value("verdict", ""), "unauthorized");
  EXPECT_EQ(row(check, "wrong").value("status", 0), 401);
  EXPECT_EQ(row(check, "missing").value("verdict", ""), "no credential");
  EXPECT_NE(result.err.find("CARGO_REGISTRIES_MISSING_TOKEN"), std::string::npos) << result.err;
  // The right and the wrong registry were each asked (the registry's own log).
  EXPECT_EQ(registry.count_requests("GET", "/r/right/"), 1) << registry.request_log();
  EXPECT_EQ(registry.count_requests("GET", "/r/wrong/"), 1) << registry.request_log();
}

TEST(CheckRegistry, AllGoodExitsZero) {
  LocalRegistry registry({"Bearer tkn-win-probe-good-2"});
  TempDir dir;
  dir.write("repo/.cargo/config.toml", "[registries.local]\nindex = \"" + registry.index_url() + "\"\n");
  Env env = base_env();
  env["CARGO_HOME"] = path_for_tool(dir.path() / "cargo-home");
  env["CARGO_REGISTRIES_LOCAL_TOKEN"] = "Bearer tkn-win-probe-good-2";
  const auto result = run_cli({"check", "--json"}, env, (dir.path() / "repo").string());
  EXPECT_EQ(result.exit_code, 0) << result.all();
  const json check = json::parse(result.out, nullptr, false);
  ASSERT_FALSE(check.is_discarded()) << "stdout is not JSON: " << result.all();
  EXPECT_EQ(row(check, "local").value("verdict", ""), "ok");
}

TEST(CheckRegistry, MalformedConfigIsReportedAtFileLineAndColumnAndNothingIsAsked) {
  LocalRegistry registry({"Bearer tkn-win-probe-good-3"});
  TempDir dir;
  const auto config = dir.write("repo/.cargo/config.toml",
                                "[registries]\nlocal = { index = \"" + registry.index_url() + "\" \n");
  Env env = base_env();
  env["CARGO_HOME"] = path_for_tool(dir.path() / "cargo-home");
  env["CARGO_REGISTRIES_LOCAL_TOKEN"] = "Bearer tkn-win-probe-good-3";
  const auto result = run_cli({"check", "--json"}, env, (dir.path() / "repo").string());
  EXPECT_EQ(result.exit_code, 2) << result.all();
  // "error: PATH:2:COLUMN: malformed TOML ...", the path as the tool's system spells it.
  const auto place = find_place(result.err, config);
  ASSERT_TRUE(place.has_value()) << "no place in " << config << " named in: " << result.err;
  EXPECT_EQ(place->line, 2);
  const std::string line_two = "local = { index = \"" + registry.index_url() + "\" ";
  // Where the input ends (toml++ counts line 2's newline as a column), the `}` never came.
  EXPECT_EQ(place->column, static_cast<int>(line_two.size()) + 2);
  EXPECT_EQ(registry.count_requests("GET", "/"), 0) << registry.request_log();
}

}  // namespace
}  // namespace ca::test
