// Configuration discovery as cargo does it, from a working directory deep in a
// repository: every .cargo/config.toml from there up to the root (on Windows,
// up to the drive: Z:\tmp\...\repo\crates\app, ..., Z:\), `include`s resolved
// beside the including file, CARGO_HOME's config; each registry named with the
// file and place it came from.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "support/printed_path.hpp"
#include "support/task_runner.hpp"
#include "support/temp_dir.hpp"
#include "support/tool_under_test.hpp"

namespace ca::test {
namespace {

using nlohmann::json;

const json* registry(const json& list, const std::string& name) {
  for (const auto& r : list.at("registries")) {
    if (r.value("name", "") == name) return &r;
  }
  return nullptr;
}

TEST(Discovery, NestedDirectoriesIncludesAndCargoHomeFromADeepWorkingDirectory) {
  TempDir dir;
  const auto home_config =
      dir.write("cargo-home/config.toml",
                "[registries.home-feed]\nindex = \"sparse+https://home.example.com/index/\"\n");
  const auto team = dir.write("repo/.cargo/team.toml",
                              "[registries.team]\nindex = \"sparse+https://team.example.com/index/\"\n");
  dir.write(
      "repo/.cargo/config.toml",
      "include = [\"team.toml\"]\n[registries.feed]\nindex = \"sparse+https://repo.example.com/index/\"\n");
  const auto deep = dir.write("repo/crates/app/.cargo/config.toml",
                              "[registries.feed]\nindex = \"sparse+https://deep.example.com/index/\"\n");
  std::filesystem::create_directories(dir.path() / "repo/crates/app/src");
  Env env = base_env();
  env["CARGO_HOME"] = path_for_tool(dir.path() / "cargo-home");

  const auto result = run_cli({"list", "--json"}, env, (dir.path() / "repo/crates/app/src").string());
  ASSERT_EQ(result.exit_code, 0) << result.all();
  const json list = json::parse(result.out, nullptr, false);
  ASSERT_FALSE(list.is_discarded()) << result.all();

  // The deeper definition wins; each registry says where it was defined.
  const json* feed = registry(list, "feed");
  ASSERT_NE(feed, nullptr) << result.out;
  EXPECT_EQ(feed->value("index", ""), "sparse+https://deep.example.com/index/");
  const auto feed_place = find_place(feed->value("defined_at", ""), deep);
  ASSERT_TRUE(feed_place.has_value()) << feed->value("defined_at", "") << " is not in " << deep;
  EXPECT_EQ(feed_place->line, 2);

  const json* included = registry(list, "team");
  ASSERT_NE(included, nullptr) << result.out;
  EXPECT_TRUE(find_place(included->value("defined_at", ""), team).has_value())
      << included->value("defined_at", "") << " is not in " << team;

  const json* from_home = registry(list, "home-feed");
  ASSERT_NE(from_home, nullptr) << result.out;
  EXPECT_TRUE(find_place(from_home->value("defined_at", ""), home_config).has_value())
      << from_home->value("defined_at", "") << " is not in " << home_config;

  // Every file read, named so the user can find it: three configs and the include.
  ASSERT_EQ(list.at("files").size(), 4U) << list.at("files").dump();
}

// An include naming a network share (\\server\share\x.toml, //server/share/...)
// or the device namespace (\\.\pipe\...): cargo on Windows reads it from the
// other machine (and the system authenticates there as the agent's user);
// this tool does not, so it would judge registries against another
// configuration than cargo's. Refused, even when optional.
TEST(Discovery, AnIncludeOfANetworkShareOrDevicePathIsRefused) {
  if (!tool_under_test().windows) GTEST_SKIP() << "Windows paths (on POSIX //x is a local path)";
  for (const std::string include :
       {"\"\\\\\\\\127.0.0.1\\\\share\\\\x.toml\"", "\"//127.0.0.1/share/x.toml\"",
        "{ path = '\\\\evil.example\\share\\x.toml', optional = true }", "'\\\\.\\pipe\\x.toml'"}) {
    TempDir dir;
    dir.write(".cargo/config.toml",
              "include = [" + include +
                  "]\n[registries.feed]\nindex = \"sparse+https://repo.example.com/index/\"\n");
    Env env = base_env();
    env["CARGO_HOME"] = path_for_tool(dir.path() / "cargo-home");
    const auto result = run_cli({"list", "--json"}, env, dir.str());
    EXPECT_EQ(result.exit_code, 2) << include << ": " << result.all();
    EXPECT_NE(result.err.find("network share or a device"), std::string::npos)
        << include << ": " << result.err;
  }
}

}  // namespace
}  // namespace ca::test
