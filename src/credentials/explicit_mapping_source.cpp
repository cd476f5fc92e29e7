#include "credentials/explicit_mapping_source.hpp"

namespace ca {

SourceAnswer ExplicitMappingSource::find(const Registry& registry) const {
  for (const auto& mapping : mappings_) {
    if (mapping.registry != registry.name) continue;
    if (auto value = variables_.lookup(mapping.variable)) {
      const char* kind = value->secret ? "secret variable " : "variable ";
      Credential credential{std::move(value->value), kind + mapping.variable};
      credential.provider_args = {"--token-variable", mapping.variable};
      return SourceAnswer::found(std::move(credential));
    }
    return SourceAnswer::missing(
        "the token mapping names variable '" + mapping.variable + "' for registry '" + registry.name +
            "', but no such variable is set (or it is empty). " + how_to_define_ + " or fix the mapping.",
        true);
  }
  return SourceAnswer::not_applicable();
}

}  // namespace ca
