#include "credentials/source_factory.hpp"

#include <algorithm>

#include "credentials/access_token_source.hpp"
#include "credentials/cargo_stored_token_source.hpp"
#include "credentials/cnb_token_source.hpp"
#include "credentials/explicit_mapping_source.hpp"
#include "credentials/pipeline_variable_source.hpp"
#include "credentials/token_setting_source.hpp"
#include "credentials/trusted_publishing_source.hpp"
#include "credentials/workload_identity_source.hpp"

namespace ca {
namespace {

// Where a mapped variable comes from, said as each host's users know it.
std::string how_to_define_variable(HostKind host) {
  switch (host) {
    case HostKind::kAzure:
      return "Define it as a secret pipeline variable (or in a variable group linked to the pipeline)";
    case HostKind::kGitHub:
      return "Set it in the step's `env:` from a secret (NAME: ${{ secrets.NAME }})";
    case HostKind::kCnb:
      return "Set it from an imported secret file (`imports:`) or the task's `env:`";
    default:
      return "Export it in the environment of this command";
  }
}

}  // namespace

CredentialSetup build_credential_sources(const RunContext& context) {
  CredentialSetup setup;
  setup.variables = std::make_unique<VariableStore>(context.env, context.options.host);
  const VariableStore& variables = *setup.variables;
  setup.sources.push_back(std::make_unique<ExplicitMappingSource>(
      context.options.token_mappings, variables, how_to_define_variable(context.options.host)));
  // Exchanges come right after an explicit mapping: asking for one is asking for its token.
  // Each obtained value is masked on the host the moment it arrives.
  auto mask = [&host = context.host](const Secret& secret) { host.mask(secret); };
  const Options& options = context.options;
  if (!options.workload_identity_connection.empty()) {
    setup.sources.push_back(std::make_unique<WorkloadIdentitySource>(
        WorkloadIdentitySettings{options.workload_identity_connection, options.registry_names,
                                 options.workload_identity_feed_url},
        context.env, mask));
  }
  if (options.trusted_publishing) {
    std::vector<std::string> names = options.registry_names;
    if (options.publish.registry &&
        std::find(names.begin(), names.end(), *options.publish.registry) == names.end()) {
      names.push_back(*options.publish.registry);
    }
    auto trusted = std::make_unique<TrustedPublishingSource>(names, context.env, mask);
    setup.crates_io_wanted = trusted->serves_crates_io();
    setup.sources.push_back(std::move(trusted));
  }
  setup.sources.push_back(std::make_unique<PipelineVariableSource>(variables));
  auto connections = std::make_unique<ServiceConnectionSource>(
      read_service_connections(context.options.service_connection_ids, context.env));
  setup.crates_io_wanted = setup.crates_io_wanted || connections->serves_crates_io();
  setup.connections = connections.get();
  setup.sources.push_back(std::move(connections));
  if (const auto& variable = context.options.token_setting_variable) {
    const std::string label = *variable == "PLUGIN_TOKEN"  ? "settings.token"
                              : *variable == "INPUT_TOKEN" ? "input token"
                                                           : "--token-env " + *variable;
    setup.sources.push_back(std::make_unique<TokenSettingSource>(
        context.env, *variable, context.options.token_setting_registries, label));
  }
  switch (context.options.host) {
    case HostKind::kCnb:
      // After the token setting: a token the user passed wins over the build's own.
      setup.sources.push_back(std::make_unique<CnbTokenSource>(context.env));
      setup.how_to_supply =
          "In a plugin task, pass it with the `token` setting (token: $YOUR_SECRET, from an imported "
          "secret); in a script task, set that variable or use --token-env VARIABLE. Registries on this "
          "CNB instance use CNB_TOKEN.";
      break;
    case HostKind::kGitHub:
      setup.how_to_supply =
          "Pass it with the action's `token` input or map a secret with `token-variables` "
          "(registry=VARIABLE, the variable set from ${{ secrets.NAME }} in the step's env).";
      break;
    case HostKind::kAzure:
      setup.sources.push_back(std::make_unique<AccessTokenSource>(context.env));
      setup.how_to_supply =
          "Add a secret pipeline variable with that name (for example in a variable group), map one "
          "with the tokenVariables input, or add a Cargo service connection whose URL is its index, {index}.";
      break;
    default:
      setup.how_to_supply = "Set that environment variable, or map one with --token REGISTRY=VARIABLE.";
      break;
  }
  // Last: what cargo itself already has (config `token`, credentials.toml).
  setup.sources.push_back(std::make_unique<CargoStoredTokenSource>());
  return setup;
}

}  // namespace ca
