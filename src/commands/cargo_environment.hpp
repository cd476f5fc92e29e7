#pragma once
// The environment a child process (cargo, or the command of `exec`) gets after
// a successful authentication: this run's environment snapshot plus every
// authenticated registry's token and credential-provider variables. It holds
// secrets: it goes to posix_spawn's envp and nowhere else.
#include "commands/authenticate.hpp"
#include "core/environment.hpp"

namespace ca {

EnvMap authenticated_environment(const Environment& env, const Authentication& auth);

}  // namespace ca
