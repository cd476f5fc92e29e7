#pragma once
// The env_probe child (env_probe.c) for the build under test: the native
// program for the Linux binary, env_probe.exe for a Windows build
// (CA_TEST_ENV_PROBE overrides both); and a way to ask it directly what a
// program of the tool's system sees in an environment.
#include <cstdlib>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "support/process.hpp"
#include "support/temp_dir.hpp"
#include "support/tool_under_test.hpp"

namespace ca::test {

inline std::string env_probe_program() {
  if (const char* chosen = std::getenv("CA_TEST_ENV_PROBE"); chosen != nullptr && *chosen != '\0')
    return chosen;
  return tool_under_test().windows ? CA_ENV_PROBE_EXE : CA_ENV_PROBE;
}

// The values of names as a program of the tool's system started with env sees
// them (under wine: after wine's own settings, e.g. USERPROFILE); nullopt for
// unset ones. Empty map when the probe could not run.
inline std::map<std::string, std::optional<std::string>> probe_variables(
    const Env& env, const std::vector<std::string>& names) {
  TempDir dir;
  const auto record = dir.path() / "probe.json";
  std::vector<std::string> args{record.string(), "0"};
  args.insert(args.end(), names.begin(), names.end());
  const auto run = run_process(runner_command(env_probe_program(), args), tool_environment(env),
                               {dir.str(), "", std::chrono::seconds(60)});
  std::map<std::string, std::optional<std::string>> values;
  const auto parsed = nlohmann::json::parse(read_file(record), nullptr, false);
  if (run.exit_code != 0 || parsed.is_discarded()) return values;
  for (const auto& name : names) {
    const auto& value = parsed["env"][name];
    values[name] = value.is_string() ? std::optional<std::string>(value.get<std::string>()) : std::nullopt;
  }
  return values;
}

}  // namespace ca::test
