#pragma once
// Looks up pipeline variables by the name a user writes in YAML, the way each
// host hands them to a process. On Azure a variable `My.Token` arrives as
// MY_TOKEN, or as SECRET_MY_TOKEN when it is secret (variable groups, locked
// variables); elsewhere a name is an environment variable as written.
#include <optional>
#include <string>
#include <string_view>

#include "core/environment.hpp"
#include "core/options.hpp"
#include "core/secret.hpp"

namespace ca {

struct VariableValue {
  Secret value;
  std::string env_name;  // the environment variable it was read from
  bool secret = false;   // came from a secret variable
};

// The agent's VarUtil.ConvertToEnvVariableFormat: '.' and ' ' -> '_', upper-cased.
std::string azure_env_name(std::string_view variable);

class VariableStore {
 public:
  VariableStore(const Environment& env, HostKind host) : env_(env), host_(host) {}
  // The variable's value when set and not empty.
  [[nodiscard]] std::optional<VariableValue> lookup(std::string_view name) const;

 private:
  const Environment& env_;
  HostKind host_;
};

}  // namespace ca
