#pragma once
// What cargo reads from the environment on top of its files (env beats files):
//   CARGO_REGISTRIES_<NAME>_INDEX, CARGO_REGISTRIES_<NAME>_CREDENTIAL_PROVIDER,
//   CARGO_REGISTRY_DEFAULT, CARGO_REGISTRY_GLOBAL_CREDENTIAL_PROVIDERS.
// <NAME> must be exactly the registry's stem (my-reg -> MY_REG, straße -> STRASSE):
// cargo matches case-sensitively and ignores, with a warning, a variable that
// differs only in case (CARGO_REGISTRIES_my_reg_INDEX); so does this tool. A
// stem no file defines names a new registry, called by the lower-cased stem
// (cargo's rule); such a stem must itself be upper-case. Values are recorded
// with the origin "environment <VARIABLE>".
// Throws ca::Error (bad input) for an empty _INDEX variable of a registry the
// files define (cargo: "invalid index URL ... defined in environment variable").
// `names_from` (may be null) adds registries defined elsewhere (--config files).
#include <vector>

#include "config/config_value.hpp"
#include "config/registry.hpp"
#include "core/environment.hpp"

namespace ca {

void apply_environment(ConfigValue& root, const Environment& env,
                       std::vector<ConfigWarning>* warnings = nullptr,
                       const ConfigValue* names_from = nullptr);

}  // namespace ca
