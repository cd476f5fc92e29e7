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
// The tenant is the one the feed names in X-VSS-ResourceTenant (asked without credentials,
// as the reference does), else the connection's TenantId.
// Served registries: those named in registryNames (the reference's meaning with a
// WIF connection) or the one whose URL is feedUrl; with neither, every Azure
// Artifacts feed. The exchange runs once, on the first registry that needs it; each
// value (OIDC token, access token, Basic form) is masked the moment it arrives.
// Failures are fatal for the served registries and carry the service's
// error_description, never a raw body.
#include <functional>
#include <map>
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
  // The Entra access token for one tenant, exchanged once per tenant.
  struct Outcome {
    std::optional<Secret> value;  // "Basic base64(WifBuild:<access token>)"
    std::string problem;
  };
  [[nodiscard]] Outcome exchange(const std::string& tenant) const;

  WorkloadIdentitySettings settings_;
  const Environment& env_;
  std::function<void(const Secret&)> mask_;
  mutable std::map<std::string, Outcome> by_tenant_;
  mutable std::map<std::string, std::string> tenant_of_owner_;  // host[/organization] -> feed tenant
};

}  // namespace ca
