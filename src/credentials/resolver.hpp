#pragma once
// Asks the credential sources, in order, for each selected registry and turns
// the answers into one verdict per registry. Validates every credential value
// (cargo sends it verbatim as an HTTP header: no CR, LF or other control
// characters) so nothing invalid is ever exported.
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "config/registry.hpp"
#include "credentials/credential_source.hpp"

namespace ca {

struct Resolution {
  enum class Verdict { kAuthenticated, kWarning, kError };
  Registry registry;
  Verdict verdict = Verdict::kWarning;
  std::optional<Credential> credential;
  std::string message;  // for kWarning / kError: what is wrong and what to do
};

std::vector<Resolution> resolve_credentials(std::vector<Registry> selection, const CredentialSources& sources,
                                            const std::set<std::string>& required_names,
                                            const std::string& how_to_supply);

// nullopt when the token can be sent; else why not.
std::optional<std::string> token_problem(const std::string& token);

}  // namespace ca
