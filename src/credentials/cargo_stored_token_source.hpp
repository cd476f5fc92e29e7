#pragma once
// A token cargo already has for a registry: `token` in a cargo config file or in
// $CARGO_HOME/credentials.toml (Registry::stored_token). cargo:token reads it
// when no token variable is set, so a registry with one is not "missing"; the
// same value is handed over, so cargo sends what it would have sent anyway.
// Asked last: a credential the pipeline supplies wins, as its variable would.
#include "credentials/credential_source.hpp"

namespace ca {

class CargoStoredTokenSource : public CredentialSource {
 public:
  [[nodiscard]] std::string name() const override { return "cargo's stored token"; }
  [[nodiscard]] SourceAnswer find(const Registry& registry) const override;
};

}  // namespace ca
