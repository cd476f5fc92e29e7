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
  std::string message;         // for kWarning / kError: what is wrong and what to do
  bool invalid_token = false;  // kError because the value cannot be used (bad input, exit 2)
};

std::vector<Resolution> resolve_credentials(std::vector<Registry> selection, const CredentialSources& sources,
                                            const std::set<std::string>& required_names,
                                            const std::string& how_to_supply);

// Shortest secret part (a raw token, the X of "Bearer X", the password of
// "Basic base64(user:password)") that can be masked: a shorter one would turn
// common text ("true", a word, a digit run) into "***" in every log line and
// output, and an unmasked one would be printed. README: "Secrets".
constexpr std::size_t kShortestMaskableSecret = 8;

// nullopt when the token can be sent; else why not.
std::optional<std::string> token_problem(const std::string& token);

}  // namespace ca
