#include "credentials/cargo_stored_token_source.hpp"

namespace ca {

SourceAnswer CargoStoredTokenSource::find(const Registry& registry) const {
  if (!registry.stored_token) return SourceAnswer::not_applicable();
  Credential credential(*registry.stored_token,
                        "token cargo already has (" + registry.stored_token_at.str() + ")");
  credential.stored_by_cargo = true;
  return SourceAnswer::found(std::move(credential));
}

}  // namespace ca
