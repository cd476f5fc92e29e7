// Windows looks environment variables up without regard to case, and so does
// the tool for the variables the system or the CI agent read (PATH, TF_BUILD,
// a pipeline variable). cargo's own configuration variables are the exception:
// cargo reads CARGO_REGISTRY_DEFAULT, CARGO_REGISTRY_GLOBAL_CREDENTIAL_PROVIDERS,
// CARGO_HTTP_PROXY and CARGO_REGISTRIES_* by their exact upper-case names on
// every system (cargo's util/context/environment.rs, Env::get_str: "This is
// case-sensitive on Windows") and ignores a differently-cased one. The tool's
// picture of cargo's configuration must ignore it too.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "support/printed_path.hpp"
#include "support/task_runner.hpp"
#include "support/temp_dir.hpp"

namespace ca::test {
namespace {

using nlohmann::json;

json list_with(const Env& extra) {
  TempDir project;
  project.write(".cargo/config.toml",
                "[registries.local]\nindex = \"sparse+https://r.example/index/\"\n"
                "[registries.other]\nindex = \"sparse+https://o.example/index/\"\n");
  Env env = base_env();
  env["CARGO_HOME"] = path_for_tool(project.path() / "home");
  env.erase("CI");
  for (const auto& [name, value] : extra) env[name] = value;
  const auto run = run_cli({"list", "--json"}, env, project.str());
  EXPECT_EQ(run.exit_code, 0) << run.all();
  const json list = json::parse(run.out, nullptr, false);
  EXPECT_FALSE(list.is_discarded()) << run.all();
  return list;
}

const json& registry(const json& list, const std::string& name) {
  for (const auto& r : list.at("registries")) {
    if (r.value("name", "") == name) return r;
  }
  throw std::runtime_error("no registry " + name + " in " + list.dump());
}

TEST(EnvironmentCase, CargosOwnVariablesCountOnlyInUpperCase) {
  // Control: the upper-case names are cargo's settings.
  const json upper = list_with({{"CARGO_REGISTRY_GLOBAL_CREDENTIAL_PROVIDERS", "cargo:libsecret"},
                                {"CARGO_REGISTRY_DEFAULT", "other"}});
  EXPECT_EQ(registry(upper, "local").at("credential_provider").at("providers"),
            json::array({"cargo:libsecret"}))
      << upper.dump();
  EXPECT_EQ(upper.at("default_registry"), "other") << upper.dump();

  // Lower-case spellings: cargo ignores them, so the tool must not act on them.
  const json lower = list_with({{"cargo_registry_global_credential_providers", "cargo:libsecret"},
                                {"Cargo_Registry_Default", "other"}});
  EXPECT_TRUE(registry(lower, "local").at("credential_provider").at("reads_token_variable").get<bool>())
      << lower.dump();
  EXPECT_TRUE(lower.at("default_registry").is_null()) << lower.dump();
}

}  // namespace
}  // namespace ca::test
