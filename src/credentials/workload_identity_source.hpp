#pragma once
// Source: Azure workload identity federation (the reference task's WIF variant).
//
// A `workloadidentityuser` service connection (input workloadIdentityServiceConnection,
// alias azureDevOpsServiceConnection) is exchanged for an Entra access token:
//   1. POST $SYSTEM_OIDCREQUESTURI?api-version=7.1&serviceConnectionId=<id>,
//      Authorization: Bearer <System.AccessToken>          -> {"oidcToken": ...}
//   2. POST <authority>/<tenant>/oauth2/v2.0/token (form): client_credentials,
//      client_id = the connection's ServicePrincipalId, the OIDC token as
//      client_assertion, scope = Azure DevOps' resource     -> {"access_token": ...}
// The authority is https://login.microsoftonline.com unless AZURE_AUTHORITY_HOST
// (the Azure SDKs' variable) names another. The registry gets what the reference
// hands cargo: "Basic base64(WifBuild:<access token>)".
// Served registries: those named in registryNames (the reference's meaning with a
// WIF connection) or the one whose URL is feedUrl; with neither, every Azure
// Artifacts feed. The exchange runs once, on the first registry that needs it; each
// value (OIDC token, access token, Basic form) is masked the moment it arrives.
// Failures are fatal for the served registries and carry the service's
// error_description, never a raw body.
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/environment.hpp"
#include "credentials/credential_source.hpp"

namespace ca {

struct WorkloadIdentitySettings {
  std::string connection_id;
  std::vector<std::string> registry_names;  // empty: see feed_url, then every Azure Artifacts feed
  std::string feed_url;
};

class WorkloadIdentitySource : public CredentialSource {
 public:
  WorkloadIdentitySource(WorkloadIdentitySettings settings, const Environment& env,
                         std::function<void(const Secret&)> mask);
  [[nodiscard]] std::string name() const override { return "workload identity"; }
  [[nodiscard]] SourceAnswer find(const Registry& registry) const override;

 private:
  [[nodiscard]] bool serves(const Registry& registry) const;
  void exchange() const;

  WorkloadIdentitySettings settings_;
  const Environment& env_;
  std::function<void(const Secret&)> mask_;
  mutable bool done_ = false;
  mutable std::optional<Secret> value_;  // "Basic base64(WifBuild:<access token>)"
  mutable std::string problem_;
};

}  // namespace ca
