#pragma once
// A faithful emulation of what the Azure Pipelines agent does with a job's
// variables between steps, so tests (and scripts/demo.sh, through the
// agent-emulator tool) judge the task by what a LATER step really gets, not by
// what the task printed. Ported from microsoft/azure-pipelines-agent:
//  - src/Agent.Worker/Variables.cs, Variables.Set: names are case-insensitive
//    (OrdinalIgnoreCase); a variable stays secret when one of the same name
//    already is ("secret = secret || (_expanded.ContainsKey(name) &&
//    _expanded[name].Secret)"), and read-only stays read-only; setting a secret
//    registers its value with the masker.
//  - src/Agent.Worker/Handlers/Handler.cs, AddVariablesToEnvironment: public
//    variables become env vars under VarUtil.ConvertToEnvVariableFormat (src/
//    Microsoft.VisualStudio.Services.Agent/Util/VarUtil.cs: '.' and ' ' to '_',
//    upper-cased unless preserveCase) plus VSTS_PUBLIC_VARIABLES; secrets as
//    SECRET_<formatted> plus VSTS_SECRET_VARIABLES (original names, JSON).
//  - Script steps (script:/bash:, the CmdLine/Bash tasks) run under the Node
//    handler too, but azure-pipelines-task-lib moves every SECRET_* into its
//    vault (node/internal.ts, _loadData) before the script starts: a script
//    sees public variables only, unless the YAML maps a secret with env:.
//  - src/Agent.Worker/TaskCommandExtension.cs: TaskSetVariableCommand (variable
//    required; issecret/isoutput/isreadonly parsed with .NET Boolean.TryParse;
//    a secret with a newline is rejected; isoutput sets "<step>.<name>";
//    setting a read-only variable fails) and TaskSetSecretCommand (adds a mask);
//    TaskCommandHelper.AddSecret.
//  - Masking: the agent's SecretMasker replaces every occurrence of every
//    registered value, overlapping or touching matches merged, with "***".
#include <optional>
#include <string>
#include <vector>

#include "support/process.hpp"

namespace ca::test {

struct AgentVariable {
  std::string name;  // as first defined (the agent keeps the first spelling's key)
  std::string value;
  bool secret = false;
  bool read_only = false;
};

struct AgentStep {
  std::vector<std::string> log;     // the step's output lines as the agent shows them (masked)
  std::vector<std::string> errors;  // logging commands the agent rejected, with why
};

class AgentJob {
 public:
  // A pipeline variable known when the job starts (YAML variables, variable
  // groups; a locked variable-group value is secret). Secrets are masked.
  void define(const std::string& name, const std::string& value, bool secret = false);
  // Variables.Set.
  void set(const std::string& name, const std::string& value, bool secret = false, bool read_only = false);
  [[nodiscard]] std::optional<AgentVariable> get(const std::string& name) const;

  // The environment of a task step (Node handler): base + variables.
  [[nodiscard]] Env task_env(const Env& base) const;
  // The environment of a later `script:` step with no env: mapping.
  [[nodiscard]] Env script_env(const Env& base) const;

  // Processes a step's stdout+stderr as the agent's command processor does;
  // step_ref names the step for isoutput variables.
  AgentStep run_commands(const std::string& output, const std::string& step_ref = "task");
  // What the agent prints for a line: every registered secret replaced with ***.
  [[nodiscard]] std::string mask(const std::string& text) const;
  [[nodiscard]] const std::vector<AgentVariable>& variables() const { return variables_; }
  [[nodiscard]] const std::vector<std::string>& masks() const { return masks_; }

  // Saved state for the agent-emulator tool (JSON; holds secret values: mode 0600).
  [[nodiscard]] std::string to_json() const;
  static AgentJob from_json(const std::string& text);

 private:
  AgentVariable* find(const std::string& name);
  void add_mask(const std::string& value);
  std::vector<AgentVariable> variables_;
  std::vector<std::string> masks_;
};

// VarUtil.ConvertToEnvVariableFormat(name, preserveCase: false).
std::string agent_env_name(const std::string& name);
// .NET Boolean.TryParse: "true"/"false" in any case, surrounding white space allowed.
std::optional<bool> dotnet_parse_bool(const std::string& text);

}  // namespace ca::test
