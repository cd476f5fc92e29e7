#include "support/later_step.hpp"

#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "support/printed_path.hpp"
#include "support/tool_under_test.hpp"
#include "util/strings.hpp"

namespace ca::test {

AgentJob job_from_task_env(const Env& task_env) {
  AgentJob job;
  std::set<std::string> listed;
  const auto names = [&](const char* list) {
    const auto it = task_env.find(list);
    const auto json =
        it == task_env.end() ? nlohmann::json() : nlohmann::json::parse(it->second, nullptr, false);
    std::vector<std::string> out;
    if (json.is_array()) {
      for (const auto& n : json) out.push_back(n.get<std::string>());
    }
    return out;
  };
  for (const auto& name : names("VSTS_PUBLIC_VARIABLES")) {
    const auto it = task_env.find(agent_env_name(name));
    job.define(name, it == task_env.end() ? "" : it->second, false);
  }
  for (const auto& name : names("VSTS_SECRET_VARIABLES")) {
    const auto it = task_env.find("SECRET_" + agent_env_name(name));
    job.define(name, it == task_env.end() ? "" : it->second, true);
    listed.insert("SECRET_" + agent_env_name(name));
  }
  for (const auto& [key, value] : task_env) {
    if (key.rfind("SECRET_", 0) == 0 && !listed.count(key)) job.define(key.substr(7), value, true);
  }
  return job;
}

Env later_script_env(const Env& task_env, const TaskRun& run) {
  AgentJob job = job_from_task_env(task_env);
  job.run_commands(run.process.out + run.process.err, "auth");
  return job.script_env({});
}

std::optional<std::string> cargo_credential(const Env& step_env, const std::string& prefix,
                                            const std::string& index_url) {
  const auto provider = step_env.find(prefix + "_CREDENTIAL_PROVIDER");
  if (provider == step_env.end()) return std::nullopt;
  if (provider->second == "cargo:token") {
    const auto token = step_env.find(prefix + "_TOKEN");
    return token == step_env.end() ? std::nullopt : std::optional<std::string>(token->second);
  }
  // As cargo does: split on white space; run `<path> --cargo-plugin`, the other words go in "args".
  std::vector<std::string> words;
  std::istringstream in(provider->second);
  for (std::string word; in >> word;) words.push_back(word);
  if (words.empty()) return std::nullopt;
  const nlohmann::json args(std::vector<std::string>(words.begin() + 1, words.end()));
  const nlohmann::json request = {{"v", 1},
                                  {"registry", {{"index-url", index_url}}},
                                  {"kind", "get"},
                                  {"operation", "read"},
                                  {"args", args}};
  ProcessOptions options;
  options.stdin_text = request.dump() + "\n";
  options.timeout = std::chrono::seconds(30);
  // The tool names itself as the provider the way its system spells its path; run
  // that as the tool under test (through its runner, watched by the leak guard).
  std::string program = words.front();
  if (same_path(program, tool_under_test().binary)) program = CA_BINARY;
  const ProcessResult result = run_process({program, "--cargo-plugin"}, step_env, options);
  std::istringstream lines(result.out);
  std::string hello;
  std::string answer;
  std::getline(lines, hello);
  std::getline(lines, answer);
  // A Windows build ends its lines with CRLF; cargo's JSON reader takes the '\r' as white space.
  for (std::string* line : {&hello, &answer}) {
    if (!line->empty() && line->back() == '\r') line->pop_back();
  }
  if (hello != R"({"v":[1]})") return std::nullopt;
  const auto json = nlohmann::json::parse(answer, nullptr, false);
  if (!json.is_object() || !json.contains("Ok")) return std::nullopt;
  return json["Ok"].value("token", std::string());
}

}  // namespace ca::test

namespace ca::test {

std::string seen_later(const Env& task_env, const TaskRun& run, const std::string& prefix,
                       const std::string& index_url) {
  return cargo_credential(later_script_env(task_env, run), prefix, index_url).value_or("<none>");
}

}  // namespace ca::test
