#include "credentials/pipeline_variable_source.hpp"

namespace ca {

SourceAnswer PipelineVariableSource::find(const Registry& registry) const {
  const std::string variable = registry.token_variable();
  auto value = variables_.lookup(variable);
  if (!value) return SourceAnswer::not_applicable();
  const char* kind = value->secret ? "secret variable " : "variable ";
  return SourceAnswer::found(Credential{std::move(value->value), kind + variable});
}

}  // namespace ca
