#include "commands/cargo_environment.hpp"

#include "util/child_process.hpp"

namespace ca {

EnvMap authenticated_environment(const Environment& env, const Authentication& auth) {
  EnvMap extra;
  for (const auto& variable : auth.variables()) extra[variable.name] = variable.value.reveal();
  return child_environment(env, extra);
}

}  // namespace ca
