#pragma once
// The names of the job's secret variables, as a task sees them, and the one
// agent rule that decides whether a variable a task sets reaches later steps.
//
// microsoft/azure-pipelines-agent, src/Agent.Worker/Variables.cs, Variables.Set:
// a variable stays secret when a variable of the same name (case-insensitive,
// OrdinalIgnoreCase dictionary) already is, whatever `issecret=false` says; and
// src/Agent.Worker/Handlers/Handler.cs, AddVariablesToEnvironment: only public
// variables become environment variables of later steps (script steps never
// see secrets). So `task.setvariable variable=X;issecret=false` is undone when
// the job has a secret named X.
//
// Names come from VSTS_SECRET_VARIABLES (a JSON array of original names) and
// from every SECRET_<NAME> variable (the agent's formatted name). Formatting
// loses '.' vs '_' and ' ', so names are compared in the agent's env format
// (VarUtil.ConvertToEnvVariableFormat: '.' and ' ' to '_', upper-cased): this
// may call a name secret that the agent would not, never the reverse.
#include <set>
#include <string>

#include "core/environment.hpp"

namespace ca {

class AgentSecretNames {
 public:
  explicit AgentSecretNames(const Environment& env);
  // True when the agent would keep a variable of this name secret.
  [[nodiscard]] bool stays_secret(const std::string& name) const;

 private:
  std::set<std::string> formatted_;
};

// VarUtil.ConvertToEnvVariableFormat(name, preserveCase: false), ASCII upper-casing.
std::string agent_env_format(const std::string& name);

}  // namespace ca
