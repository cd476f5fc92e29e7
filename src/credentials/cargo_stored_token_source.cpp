#include "credentials/cargo_stored_token_source.hpp"

namespace ca {

SourceAnswer CargoStoredTokenSource::find(const Registry& registry) const {
  if (!registry.stored_token) return SourceAnswer::not_applicable();
  return SourceAnswer::found(Credential{
      *registry.stored_token, "token cargo already has (" + registry.stored_token_at.str() + ")", true});
}

}  // namespace ca
