#include "credentials/resolver.hpp"

#include "util/base64.hpp"
#include "util/strings.hpp"
#include "util/url_display.hpp"

namespace ca {

namespace {
// The part of a credential value that is the secret itself.
std::string secret_part(const std::string& token) {
  const std::string trimmed = trim(token);
  if (starts_with_ignore_case(trimmed, "bearer ")) return trim(trimmed.substr(7));
  if (starts_with_ignore_case(trimmed, "basic ")) {
    const std::string encoded = trim(trimmed.substr(6));
    if (auto decoded = base64_decode(encoded)) {
      const auto colon = decoded->find(':');
      if (colon != std::string::npos) return decoded->substr(colon + 1);
    }
    return encoded;
  }
  return trimmed;
}
}  // namespace

std::optional<std::string> token_problem(const std::string& token) {
  if (trim(token).empty()) return "it is empty";
  for (char c : token) {
    if (c == '\r' || c == '\n') return "it contains a line break (CR or LF)";
    const auto u = static_cast<unsigned char>(c);
    if ((u < 0x20 && c != '\t') || u == 0x7F) return "it contains a control character";
  }
  // Cargo reads a token (environment variable, credentials.toml) as UTF-8 only;
  // TOML cannot hold other bytes verbatim. Refused rather than re-encoded.
  if (!is_valid_utf8(token)) return "it is not valid UTF-8";
  if (secret_part(token).size() < kShortestMaskableSecret) {
    return "its secret part is shorter than " + std::to_string(kShortestMaskableSecret) +
           " characters, too short to be masked in logs without corrupting them (real tokens are longer)";
  }
  return std::nullopt;
}

std::vector<Resolution> resolve_credentials(std::vector<Registry> selection, const CredentialSources& sources,
                                            const std::set<std::string>& required_names,
                                            const std::string& how_to_supply) {
  std::vector<Resolution> results;
  results.reserve(selection.size());
  for (Registry& registry_ref : selection) {
    const Registry* registry = &registry_ref;
    Resolution result;
    std::vector<std::string> problems;
    bool fatal = false;
    for (const auto& source : sources) {
      SourceAnswer answer = source->find(*registry);
      if (answer.kind == SourceAnswer::Kind::kMissing) {
        problems.push_back(answer.problem);
        fatal = fatal || answer.fatal;
        // A problem with an explicit mapping must not be papered over by a later source.
        if (answer.fatal) break;
        continue;
      }
      if (answer.kind != SourceAnswer::Kind::kFound) continue;
      if (auto problem = token_problem(answer.credential->token.reveal())) {
        problems.push_back("the token for registry '" + registry->name + "' from " +
                           answer.credential->source + " cannot be used: " + *problem +
                           ". Store the whole token, without line breaks or other control characters.");
        fatal = true;
        result.invalid_token = true;
        break;
      }
      result.verdict = Resolution::Verdict::kAuthenticated;
      result.credential = std::move(answer.credential);
      break;
    }
    if (result.verdict != Resolution::Verdict::kAuthenticated) {
      const bool required = required_names.count(registry->name) > 0;
      if (problems.empty()) {
        problems.push_back(
            "no credential found for registry '" + registry->name + "' (" + registry->token_variable() +
            "). " + replace_all(how_to_supply, "{index}", url_without_secrets(registry->index.original)));
      }
      result.message = join(problems, " ");
      result.verdict = (fatal || required) ? Resolution::Verdict::kError : Resolution::Verdict::kWarning;
    }
    result.registry = std::move(registry_ref);  // each registry is held once, by its verdict
    results.push_back(std::move(result));
  }
  return results;
}

}  // namespace ca
