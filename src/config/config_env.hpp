#pragma once
// What cargo reads from the environment on top of its files (env beats files):
//   CARGO_REGISTRIES_<NAME>_INDEX, CARGO_REGISTRIES_<NAME>_CREDENTIAL_PROVIDER,
//   CARGO_REGISTRY_DEFAULT, CARGO_REGISTRY_GLOBAL_CREDENTIAL_PROVIDERS.
// <NAME> is matched against the registries the files define by their variable
// stem (my-reg -> MY_REG); a stem no file defines names a new registry, called
// by the lower-cased stem (cargo's rule). Values are recorded with the origin
// "environment <VARIABLE>". Empty variables and names cargo would reject are
// ignored. Never throws.
#include "config/config_value.hpp"
#include "core/environment.hpp"

namespace ca {

void apply_environment(ConfigValue& root, const Environment& env);

}  // namespace ca
