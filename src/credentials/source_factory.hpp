#pragma once
// The ordered credential sources for a run, by host. First match wins:
//   a. explicit mapping (tokenVariables / --token)
//   b. the pipeline's own CARGO_REGISTRIES_<NAME>_TOKEN variable
//   c. Azure service connections (cargoServiceConnections)
//   d. Azure System.AccessToken, for this organization's feeds only
// Token exchanges (workload identity, trusted publishing) come right after (a).
#include <memory>
#include <string>

#include "commands/run_context.hpp"
#include "credentials/credential_source.hpp"
#include "credentials/service_connection_source.hpp"
#include "credentials/variable_store.hpp"

namespace ca {

struct CredentialSetup {
  std::unique_ptr<VariableStore> variables;
  CredentialSources sources;
  bool crates_io_wanted = false;  // a Token connection or trusted publishing serves crates.io
  std::string how_to_supply;      // host-specific advice for a registry with none
  const ServiceConnectionSource* connections = nullptr;  // owned by `sources`
};

CredentialSetup build_credential_sources(const RunContext& context);

}  // namespace ca
