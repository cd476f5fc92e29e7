#include "support/agent_emulator.hpp"

#include <algorithm>
#include <nlohmann/json.hpp>
#include <sstream>

#include "support/azure_log.hpp"
#include "util/strings.hpp"

namespace ca::test {

std::string agent_env_name(const std::string& name) {
  std::string out = name;
  for (char& c : out) {
    if (c == '.' || c == ' ') c = '_';
  }
  return to_upper(out);
}

std::optional<bool> dotnet_parse_bool(const std::string& text) {
  const std::string value = to_lower(trim(text));
  if (value == "true") return true;
  if (value == "false") return false;
  return std::nullopt;
}

AgentVariable* AgentJob::find(const std::string& name) {
  for (auto& v : variables_) {
    if (equals_ignore_case(v.name, name)) return &v;
  }
  return nullptr;
}

std::optional<AgentVariable> AgentJob::get(const std::string& name) const {
  for (const auto& v : variables_) {
    if (equals_ignore_case(v.name, name)) return v;
  }
  return std::nullopt;
}

void AgentJob::add_mask(const std::string& value) {
  if (!value.empty() && std::find(masks_.begin(), masks_.end(), value) == masks_.end())
    masks_.push_back(value);
}

void AgentJob::define(const std::string& name, const std::string& value, bool secret) {
  set(name, value, secret);
}

void AgentJob::set(const std::string& name, const std::string& value, bool secret, bool read_only) {
  AgentVariable* existing = find(name);
  // Variables.Set: once secret (by name, case-insensitively), always secret.
  secret = secret || (existing != nullptr && existing->secret);
  read_only = read_only || (existing != nullptr && existing->read_only);
  if (secret) add_mask(value);
  if (existing != nullptr) {
    // ConcurrentDictionary[name] = new Variable(name, ...): the key keeps its
    // first spelling, the Variable carries the new one.
    existing->name = name;
    existing->value = value;
    existing->secret = secret;
    existing->read_only = read_only;
  } else {
    variables_.push_back({name, value, secret, read_only});
  }
}

Env AgentJob::task_env(const Env& base) const {
  Env env = base;
  nlohmann::json public_names = nlohmann::json::array();
  nlohmann::json secret_names = nlohmann::json::array();
  for (const auto& v : variables_) {
    if (v.secret) {
      env["SECRET_" + agent_env_name(v.name)] = v.value;
      secret_names.push_back(v.name);
    } else {
      env[agent_env_name(v.name)] = v.value;
      public_names.push_back(v.name);
    }
  }
  env["VSTS_PUBLIC_VARIABLES"] = public_names.dump();
  env["VSTS_SECRET_VARIABLES"] = secret_names.dump();
  return env;
}

Env AgentJob::script_env(const Env& base) const {
  Env env = task_env(base);
  // task-lib's vault: SECRET_* never reach the script.
  for (auto it = env.begin(); it != env.end();) {
    it = it->first.rfind("SECRET_", 0) == 0 ? env.erase(it) : std::next(it);
  }
  env.erase("VSTS_SECRET_VARIABLES");
  return env;
}

AgentStep AgentJob::run_commands(const std::string& output, const std::string& step_ref) {
  AgentStep step;
  std::istringstream in(output);
  std::string line;
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    const AzureLog parsed = AzureLog::parse(line);
    if (parsed.commands.empty()) {
      step.log.push_back(mask(line));
      continue;
    }
    const AzureCommand& command = parsed.commands.front();
    const std::string name = to_lower(command.name);
    if (name == "task.setsecret") {
      add_mask(command.data);  // TaskSetSecretCommand -> TaskCommandHelper.AddSecret
    } else if (name == "task.setvariable") {
      const auto property = [&](const char* key) -> std::string {
        for (const auto& [k, v] : command.properties) {
          if (equals_ignore_case(k, key)) return v;  // the agent's property dictionary ignores case
        }
        return {};
      };
      std::string variable = property("variable");
      if (variable.empty()) {
        step.errors.push_back("setvariable without a variable name");
        continue;
      }
      const bool secret = dotnet_parse_bool(property("issecret")).value_or(false);
      const bool output = dotnet_parse_bool(property("isoutput")).value_or(false);
      const bool read_only = dotnet_parse_bool(property("isreadonly")).value_or(false);
      if (output) variable = step_ref + "." + variable;
      if (const auto existing = get(variable); existing && existing->read_only) {
        step.errors.push_back("variable " + variable + " is read-only");
        continue;
      }
      if (secret && command.data.find('\n') != std::string::npos) {
        step.errors.push_back("a secret variable cannot hold a newline");
        continue;
      }
      if (secret) add_mask(command.data);
      set(variable, command.data, secret, output || read_only);
    }
    // Commands are not shown in the log; other commands do not touch variables.
  }
  return step;
}

std::string AgentJob::mask(const std::string& text) const {
  std::vector<std::pair<std::size_t, std::size_t>> ranges;  // [start, end)
  for (const auto& value : masks_) {
    for (auto at = text.find(value); at != std::string::npos; at = text.find(value, at + 1)) {
      ranges.emplace_back(at, at + value.size());
    }
  }
  if (ranges.empty()) return text;
  std::sort(ranges.begin(), ranges.end());
  std::vector<std::pair<std::size_t, std::size_t>> merged;
  for (const auto& r : ranges) {
    if (!merged.empty() && r.first <= merged.back().second) {
      merged.back().second = std::max(merged.back().second, r.second);
    } else {
      merged.push_back(r);
    }
  }
  std::string out;
  std::size_t pos = 0;
  for (const auto& [start, end] : merged) {
    out.append(text, pos, start - pos);
    out += "***";
    pos = end;
  }
  out.append(text, pos, std::string::npos);
  return out;
}

std::string AgentJob::to_json() const {
  nlohmann::json json = {{"variables", nlohmann::json::array()}, {"masks", masks_}};
  for (const auto& v : variables_) {
    json["variables"].push_back(
        {{"name", v.name}, {"value", v.value}, {"secret", v.secret}, {"readonly", v.read_only}});
  }
  return json.dump(2);
}

AgentJob AgentJob::from_json(const std::string& text) {
  const auto json = nlohmann::json::parse(text);
  AgentJob job;
  for (const auto& v : json.at("variables")) {
    job.variables_.push_back({v.at("name").get<std::string>(), v.at("value").get<std::string>(),
                              v.value("secret", false), v.value("readonly", false)});
  }
  if (json.contains("masks")) {
    for (const auto& m : json.at("masks")) job.masks_.push_back(m.get<std::string>());
  }
  return job;
}

}  // namespace ca::test
