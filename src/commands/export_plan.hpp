#pragma once
// What `auth` hands to the job's later steps, decided before anything is
// written, against the host's own rules (Host::later_steps_see).
//
// Normally a registry gets its token variable (CARGO_REGISTRIES_<NAME>_TOKEN)
// and `..._CREDENTIAL_PROVIDER=cargo:token`. When the host would hide the
// token variable from later steps (Azure: the job has a secret of that name,
// e.g. the variable group secret of Microsoft's guide, and the agent keeps any
// variable of a secret's name secret), the token goes under a public name that
// collides with no secret, CARGO_AUTHENTICATE_<token variable>, and the
// provider setting points cargo at this binary, which reads that variable
// (provider/provider_setting.hpp). When neither works, the registry is an
// error with what to do: never "authenticated" for a credential no later step
// would see.
#include <string>
#include <vector>

#include "commands/authenticate.hpp"
#include "hosts/host.hpp"

namespace ca {

struct ExportPlan {
  std::vector<CargoVariable> variables;
  std::vector<std::string> errors;        // a registry whose credential cannot reach later steps
  std::vector<std::string> via_provider;  // registries served through this binary as provider
};

// self_binary: this executable's absolute path (empty when unknown).
ExportPlan plan_exports(const Authentication& auth, const Host& host, const std::string& self_binary);

// auth --provider: no token at all, only each registry's credential-provider setting
// `<self> credential-provider <Credential::provider_args>`, so cargo asks this binary in the
// later step and it re-resolves the credential there (a variable every step sees, or a fresh
// trusted-publishing exchange). A credential that cannot be re-resolved there is an error
// naming what to use instead; on Azure the mode is refused as a whole (provider_mode_refusal).
ExportPlan plan_provider_exports(const Authentication& auth, const Host& host,
                                 const std::string& self_binary);

// Why auth --provider cannot work on this host at all (empty: it can).
std::string provider_mode_refusal(HostKind host);

// The public variable that carries a registry's token when its own name would stay secret.
std::string carrier_variable(const std::string& token_variable);

}  // namespace ca
