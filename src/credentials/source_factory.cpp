#include "credentials/source_factory.hpp"

#include "credentials/access_token_source.hpp"
#include "credentials/explicit_mapping_source.hpp"
#include "credentials/pipeline_variable_source.hpp"

namespace ca {

CredentialSetup build_credential_sources(const RunContext& context) {
  CredentialSetup setup;
  setup.variables = std::make_unique<VariableStore>(context.env, context.options.host);
  const VariableStore& variables = *setup.variables;
  setup.sources.push_back(std::make_unique<ExplicitMappingSource>(context.options.token_mappings, variables));
  setup.sources.push_back(std::make_unique<PipelineVariableSource>(variables));
  auto connections =
      std::make_unique<ServiceConnectionSource>(read_service_connections(context.options.service_connection_ids, context.env));
  setup.crates_io_connection = connections->serves_crates_io();
  setup.sources.push_back(std::move(connections));
  switch (context.options.host) {
    case HostKind::kAzure:
      setup.sources.push_back(std::make_unique<AccessTokenSource>(context.env));
      setup.how_to_supply =
          "Add a secret pipeline variable with that name (for example in a variable group), map one "
          "with the tokenVariables input, or add a Cargo service connection for its URL.";
      break;
    default:
      setup.how_to_supply = "Set that environment variable, or map one with --token REGISTRY=VARIABLE.";
      break;
  }
  return setup;
}

}  // namespace ca
