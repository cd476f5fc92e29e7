#pragma once
// The shared first half of auth, exec, publish and login: read the cargo
// configuration, select registries, resolve a credential for each from the
// host's sources, and report the result (summary table, warnings, errors).
// Nothing is exported here: callers decide where the variables go, and only
// when ok() — a failed run sets no variable at all.
#include <string>
#include <vector>

#include "commands/run_context.hpp"
#include "config/registry.hpp"
#include "core/exit_code.hpp"
#include "credentials/resolver.hpp"

namespace ca {

// One environment variable cargo needs.
struct CargoVariable {
  std::string name;
  Secret value;
  bool secret = false;
};

struct Authentication {
  CargoConfig config;
  std::vector<Resolution> resolutions;
  std::vector<std::string> notes;  // warnings about inputs that serve nothing (a connection's URL)

  [[nodiscard]] bool ok() const;  // no registry has an error
  // Exit code when !ok(): 2 when a token itself is unusable (bad input), else 1.
  [[nodiscard]] ExitCode failure_exit_code() const;
  [[nodiscard]] bool has_warnings() const;
  [[nodiscard]] int authenticated_count() const;
  // Token and credential-provider variables of every authenticated registry.
  [[nodiscard]] std::vector<CargoVariable> variables() const;
};

// Throws ca::Error for bad input (configuration, options).
Authentication authenticate(const RunContext& context);

// Reports per-registry warnings/errors and the summary table through the host.
void report_authentication(const RunContext& context, const Authentication& auth);

}  // namespace ca
