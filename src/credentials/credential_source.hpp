#pragma once
// One place a credential can come from. Sources are asked in order; the first
// that finds one wins. A source may also know that it SHOULD have had one and
// say what to do (e.g. this organization's feed but no System.AccessToken).
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "config/registry.hpp"
#include "credentials/credential.hpp"

namespace ca {

struct SourceAnswer {
  enum class Kind { kNotApplicable, kFound, kMissing };
  Kind kind = Kind::kNotApplicable;
  std::optional<Credential> credential;  // kFound
  std::string problem;                   // kMissing: what is wrong and how to fix it
  bool fatal = false;                    // kMissing: fail the run even if not required

  static SourceAnswer not_applicable() { return {}; }
  static SourceAnswer found(Credential c) { return {Kind::kFound, std::move(c), {}, false}; }
  static SourceAnswer missing(std::string problem, bool fatal) {
    return {Kind::kMissing, std::nullopt, std::move(problem), fatal};
  }
};

class CredentialSource {
 public:
  virtual ~CredentialSource() = default;
  // Short name for the docs and debug logs, e.g. "service connection".
  [[nodiscard]] virtual std::string name() const = 0;
  [[nodiscard]] virtual SourceAnswer find(const Registry& registry) const = 0;
};

using CredentialSources = std::vector<std::unique_ptr<CredentialSource>>;

}  // namespace ca
