#include "credentials/workload_identity_source.hpp"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "config/azure_feed.hpp"
#include "config/index_url.hpp"
#include "credentials/exchange_http.hpp"
#include "util/base64.hpp"
#include "util/strings.hpp"

namespace ca {
namespace {

constexpr const char* kAzureDevOpsScope = "499b84ac-1321-427f-aa17-267ca6975798/.default";
constexpr const char* kAssertionType = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";
constexpr const char* kDefaultAuthority = "https://login.microsoftonline.com";

// ENDPOINT_AUTH_PARAMETER_<ID>_<KEY>, or the parameters of ENDPOINT_AUTH_<ID>.
std::string endpoint_parameter(const Environment& env, const std::string& id, const std::string& key) {
  for (const std::string& spelling : {id, to_upper(id)}) {
    if (auto value = env.non_empty("ENDPOINT_AUTH_PARAMETER_" + spelling + "_" + to_upper(key)))
      return trim(*value);
  }
  for (const std::string& spelling : {id, to_upper(id)}) {
    const auto auth = env.get("ENDPOINT_AUTH_" + spelling);
    if (!auth) continue;
    const auto json = nlohmann::json::parse(*auth, nullptr, false);
    if (!json.is_object() || !json.contains("parameters") || !json["parameters"].is_object()) continue;
    for (const auto& [name, value] : json["parameters"].items()) {
      if (equals_ignore_case(name, key) && value.is_string()) return trim(value.get<std::string>());
    }
  }
  return {};
}

std::optional<std::string> system_access_token(const Environment& env) {
  for (const char* variable : {"SECRET_SYSTEM_ACCESSTOKEN", "SYSTEM_ACCESSTOKEN",
                               "ENDPOINT_AUTH_PARAMETER_SYSTEMVSSCONNECTION_ACCESSTOKEN"}) {
    if (auto token = env.non_empty(variable)) return token;
  }
  return std::nullopt;
}

// Azure Artifacts names a feed's tenant in X-VSS-ResourceTenant, also on an anonymous
// request (the reference's getFeedTenantId). Nothing secret is sent; failures just mean
// "use the connection's tenant".
std::string feed_tenant(const Registry& registry) {
  if (!registry.index.sparse) return {};
  HttpRequest request;
  std::string base = registry.index.fetch_base();
  if (!base.empty() && base.back() != '/') base += '/';
  request.url = base + "config.json";
  request.timeout = std::chrono::milliseconds(5000);
  const HttpResponse response = http_fetch(request);
  const auto tenant = response.header("x-vss-resourcetenant");
  if (!tenant) return {};
  const std::string value = trim(*tenant);
  // A GUID-like value only: it becomes part of a URL path.
  if (value.empty() || value.size() > 64 ||
      value.find_first_not_of("0123456789abcdefABCDEF-") != std::string::npos) {
    return {};
  }
  return value;
}

}  // namespace

WorkloadIdentitySource::WorkloadIdentitySource(WorkloadIdentitySettings settings, const Environment& env,
                                               std::function<void(const Secret&)> mask)
    : settings_(std::move(settings)), env_(env), mask_(std::move(mask)) {}

bool WorkloadIdentitySource::serves(const Registry& registry) const {
  if (!settings_.registry_names.empty()) {
    return std::find(settings_.registry_names.begin(), settings_.registry_names.end(), registry.name) !=
           settings_.registry_names.end();
  }
  if (!settings_.feed_url.empty()) return same_registry_url(settings_.feed_url, registry.index.original);
  return azure_feed_of(registry.index).has_value();
}

SourceAnswer WorkloadIdentitySource::find(const Registry& registry) const {
  if (!serves(registry)) return SourceAnswer::not_applicable();
  // One probe per organization (Azure Artifacts) or host: the tenant is the organization's.
  const auto feed = azure_feed_of(registry.index);
  const std::string owner = registry.index.host + (feed ? "/" + feed->organization : std::string());
  auto known = tenant_of_owner_.find(owner);
  if (known == tenant_of_owner_.end()) known = tenant_of_owner_.emplace(owner, feed_tenant(registry)).first;
  std::string tenant = known->second;
  if (tenant.empty()) tenant = endpoint_parameter(env_, settings_.connection_id, "TenantId");
  auto it = by_tenant_.find(tenant);
  if (it == by_tenant_.end()) it = by_tenant_.emplace(tenant, exchange(tenant)).first;
  if (!it->second.value)
    return SourceAnswer::missing("registry '" + registry.name + "': " + it->second.problem, true);
  return SourceAnswer::found(Credential{
      *it->second.value, "workload identity (service connection " + settings_.connection_id + ")"});
}

WorkloadIdentitySource::Outcome WorkloadIdentitySource::exchange(const std::string& tenant) const {
  Outcome outcome;
  std::string& problem = outcome.problem;
  const std::string& id = settings_.connection_id;
  const std::string connection = "workload identity service connection '" + id + "'";
  const auto oidc_uri = env_.non_empty("SYSTEM_OIDCREQUESTURI");
  if (!oidc_uri) {
    problem =
        connection +
        " needs System.OidcRequestUri (SYSTEM_OIDCREQUESTURI), which this agent did not provide. Run on "
        "Azure Pipelines with an agent that supports workload identity federation.";
    return outcome;
  }
  const auto system_token = system_access_token(env_);
  if (!system_token) {
    problem = connection +
              " needs the build's System.AccessToken to ask for an OIDC token, and the job has none. In a "
              "classic pipeline enable \"Allow scripts to access the OAuth token\"; a fork build gets none.";
    return outcome;
  }
  const std::string client_id = endpoint_parameter(env_, id, "ServicePrincipalId");
  if (tenant.empty() || client_id.empty()) {
    problem = connection + " has no " + (tenant.empty() ? "TenantId" : "ServicePrincipalId") +
              " parameter (ENDPOINT_AUTH_PARAMETER_<id>_" +
              (tenant.empty() ? "TENANTID" : "SERVICEPRINCIPALID") +
              "). Check that the connection is of type workload identity (Entra) and that this pipeline may "
              "use it.";
    return outcome;
  }
  mask_(Secret(*system_token));

  HttpRequest oidc;
  oidc.method = "POST";
  oidc.url = *oidc_uri + "?api-version=7.1&serviceConnectionId=" + form_encode(id);
  oidc.authorization = Secret("Bearer " + *system_token);
  // No body, as the reference sends; an explicit length so servers do not wait for one.
  oidc.headers = {"Content-Type: application/json", "Accept: application/json", "Content-Length: 0"};
  const ExchangeAnswer oidc_answer = exchange_request(oidc);
  std::optional<std::string> oidc_token;
  if (oidc_answer.response.ok()) oidc_token = json_string_field(oidc_answer.response.body, "oidcToken");
  if (oidc_token) mask_(Secret(*oidc_token));
  if (!oidc_token || oidc_token->empty()) {
    problem =
        oidc_answer.response.ok()
            ? "the OIDC request endpoint answered without an oidcToken for " + connection + "."
            : describe_exchange_failure(oidc_answer, "the OIDC request endpoint (System.OidcRequestUri)") +
                  ". Check that " + connection + " exists and this pipeline is authorised to use it.";
    return outcome;
  }

  std::string authority = env_.non_empty("AZURE_AUTHORITY_HOST").value_or(kDefaultAuthority);
  while (!authority.empty() && authority.back() == '/') authority.pop_back();
  HttpRequest entra;
  entra.method = "POST";
  entra.url = authority + "/" + form_encode(tenant) + "/oauth2/v2.0/token";
  entra.headers = {"Content-Type: application/x-www-form-urlencoded", "Accept: application/json"};
  entra.body = "scope=" + form_encode(kAzureDevOpsScope) + "&client_id=" + form_encode(client_id) +
               "&client_assertion_type=" + form_encode(kAssertionType) +
               "&client_assertion=" + form_encode(*oidc_token) + "&grant_type=client_credentials";
  const ExchangeAnswer entra_answer = exchange_request(entra);
  std::optional<std::string> access_token;
  if (entra_answer.response.ok())
    access_token = json_string_field(entra_answer.response.body, "access_token");
  if (access_token) mask_(Secret(*access_token));
  if (!access_token || access_token->empty()) {
    problem = entra_answer.response.ok()
                  ? "the Entra token endpoint answered without an access_token."
                  : describe_exchange_failure(entra_answer, "the Entra token endpoint (" + authority + ")") +
                        ". Check the federated credential of service principal " + client_id + " in tenant " +
                        tenant + " (issuer and subject must match this service connection).";
    return outcome;
  }
  Secret basic("Basic " + base64_encode("WifBuild:" + *access_token));
  mask_(basic);
  outcome.value = std::move(basic);
  return outcome;
}

}  // namespace ca
