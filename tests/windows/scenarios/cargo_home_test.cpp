// Without CARGO_HOME the tool uses the user's home: $HOME/.cargo on Linux,
// %USERPROFILE%\.cargo on Windows (cargo's rule). Read (`list`) and written
// (`login`) there. The home is asked of a program of the tool's system (the
// probe): under wine the profile is the prefix's C:\users\<name>, whatever the
// environment says.
#include <gtest/gtest.h>
#include <toml++/toml.h>

#include <fstream>
#include <nlohmann/json.hpp>

#include "env_probe.hpp"
#include "support/leak_guard.hpp"
#include "support/printed_path.hpp"
#include "support/task_runner.hpp"
#include "support/temp_dir.hpp"

namespace ca::test {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

// The user's .cargo as the tool's system sees it; the files a test puts there
// are removed again (under wine it is inside the shared, cached prefix).
class UserCargoHome {
 public:
  explicit UserCargoHome(const Env& env) {
    const std::string variable = tool_under_test().windows ? "USERPROFILE" : "HOME";
    const auto seen = probe_variables(env, {variable});
    if (seen.count(variable) && seen.at(variable))
      dir_ = fs::path(host_path_of_printed(*seen.at(variable))) / ".cargo";
    created_dir_ = !dir_.empty() && !fs::exists(dir_);
  }
  ~UserCargoHome() {
    std::error_code ec;
    for (const auto& file : files_) fs::remove(file, ec);
    fs::remove(dir_ / ".cargo-authenticate.lock", ec);
    if (created_dir_) fs::remove(dir_, ec);  // only when empty again
  }
  UserCargoHome(const UserCargoHome&) = delete;
  UserCargoHome& operator=(const UserCargoHome&) = delete;

  [[nodiscard]] const fs::path& dir() const { return dir_; }
  // Claims a file name in it; false when the file exists already (not ours to touch:
  // a test that cannot run must fail, not skip).
  bool claim(const std::string& name) {
    if (fs::exists(dir_ / name)) return false;
    files_.push_back(dir_ / name);
    return true;
  }

 private:
  fs::path dir_;
  bool created_dir_ = false;
  std::vector<fs::path> files_;
};

class CargoHomeUnset : public ::testing::Test {
 protected:
  TempDir home;  // $HOME for the Linux binary; wine keeps its own profile
  TempDir project;
  Env env = [this] {
    Env e = base_env();
    e["HOME"] = home.str();
    e.erase("CARGO_HOME");
    e.erase("CI");
    return e;
  }();
};

TEST_F(CargoHomeUnset, ListReadsTheUsersDotCargoConfig) {
  UserCargoHome user(env);
  ASSERT_FALSE(user.dir().empty()) << "the probe could not say where the user's home is";
  ASSERT_TRUE(user.claim("config.toml")) << user.dir() << "/config.toml exists already: not this test's to "
                                         << "overwrite; remove it (a run that was killed may have left it)";
  fs::create_directories(user.dir());
  std::ofstream(user.dir() / "config.toml")
      << "[registries.user-level]\nindex = \"sparse+https://user-level.example.com/index/\"\n";

  const auto result = run_cli({"list", "--json"}, env, project.str());
  ASSERT_EQ(result.exit_code, 0) << result.all();
  const json list = json::parse(result.out, nullptr, false);
  ASSERT_FALSE(list.is_discarded()) << result.all();
  const json* found = nullptr;
  for (const auto& r : list.at("registries")) {
    if (r.value("name", "") == "user-level") found = &r;
  }
  ASSERT_NE(found, nullptr) << result.out;
  EXPECT_EQ(found->value("index", ""), "sparse+https://user-level.example.com/index/");
  const auto place = find_place(found->value("defined_at", ""), user.dir() / "config.toml");
  EXPECT_TRUE(place.has_value()) << found->value("defined_at", "") << " is not in " << user.dir();
}

TEST_F(CargoHomeUnset, LoginWritesTheUsersDotCargoCredentials) {
  UserCargoHome user(env);
  ASSERT_FALSE(user.dir().empty()) << "the probe could not say where the user's home is";
  ASSERT_TRUE(user.claim("credentials.toml") && user.claim("config.toml"))
      << "credentials.toml or config.toml exists already in " << user.dir()
      << ": not this test's to overwrite; remove them (a run that was killed may have left them)";
  project.write(".cargo/config.toml",
                "[registries.user-login]\nindex = \"sparse+https://r.example/index/\"\n");
  env["CARGO_REGISTRIES_USER_LOGIN_TOKEN"] = "tkn-win-home-1";
  LeakGuard::instance().allow_file(user.dir() / "credentials.toml");

  const auto result = run_cli({"login", "--ci", "local"}, env, project.str());
  ASSERT_EQ(result.exit_code, 0) << result.all();
  const toml::table credentials = toml::parse_file((user.dir() / "credentials.toml").string());
  EXPECT_EQ(credentials["registries"]["user-login"]["token"].value<std::string>(), "tkn-win-home-1");
  const toml::table config = toml::parse_file((user.dir() / "config.toml").string());
  EXPECT_EQ(config["registries"]["user-login"]["credential-provider"].value<std::string>(), "cargo:token");
}

}  // namespace
}  // namespace ca::test
