#pragma once
// Which credential provider cargo would use for a registry, given its
// configuration (files and environment), and so whether cargo reads the
// CARGO_REGISTRIES_<NAME>_TOKEN variable this tool hands over.
//
// Cargo's rules: a registry's own `credential-provider` (one provider with its
// arguments) replaces the global list; `registry.global-credential-providers`
// is tried last entry first; the default is ["cargo:token"]. When cargo:token
// is not in effect, token variables are ignored. Pure functions; never throw.
#include <optional>
#include <string>
#include <vector>

#include "config/registry.hpp"

namespace ca {

struct ProviderSetting {
  std::vector<std::string> providers;  // each "name [args]", in cargo's order of trying
  std::string origin;                  // "cargo default", "registries.x.credential-provider", ...
  SourceLocation where;                // empty for the default
  bool configured = false;             // set by a file or the environment
  bool reads_token_variable = true;    // cargo:token is among the providers
  bool token_variable_first = true;    // ... and is the one tried first

  [[nodiscard]] std::string describe() const;  // "cargo:libsecret (registries.x.credential-provider at f:3)"
};

ProviderSetting provider_in_effect(const Registry& registry, const CargoConfig& config);

// Why exporting <REGISTRY>_CREDENTIAL_PROVIDER=cargo:token changes what cargo
// would otherwise do for this registry; nullopt when it changes nothing.
std::optional<std::string> provider_override_note(const Registry& registry, const CargoConfig& config);

}  // namespace ca
