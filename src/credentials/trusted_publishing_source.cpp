#include "credentials/trusted_publishing_source.hpp"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "config/index_url.hpp"
#include "config/registry_name.hpp"
#include "credentials/exchange_http.hpp"
#include "util/strings.hpp"

namespace ca {
namespace {

std::string host_of(const std::string& url) {
  IndexUrl parsed;
  if (!try_parse_index_url(url, parsed)) return {};
  return parsed.host;
}

}  // namespace

std::optional<std::string> registry_api_url(const Registry& registry, std::string& problem) {
  if (registry.is_crates_io()) return std::string("https://crates.io");
  HttpRequest config;
  std::string base = registry.index.fetch_base();
  if (!base.empty() && base.back() != '/') base += '/';
  config.url = base + "config.json";
  if (!registry.index.sparse) {
    problem = "registry '" + registry.name +
              "' has a git index; trusted publishing needs a sparse index whose config.json names the API.";
    return std::nullopt;
  }
  const ExchangeAnswer answer = exchange_request(config);
  std::optional<std::string> api;
  if (answer.response.ok()) api = json_string_field(answer.response.body, "api");
  if (!api || api->empty()) {
    problem = answer.response.ok() ? config.url + " names no \"api\" URL"
                                   : describe_exchange_failure(answer, config.url);
    problem =
        "cannot find the API of registry '" + registry.name + "' for trusted publishing: " + problem + ".";
    return std::nullopt;
  }
  while (!api->empty() && api->back() == '/') api->pop_back();
  return api;
}

TrustedPublishingSource::TrustedPublishingSource(std::vector<std::string> registry_names,
                                                 const Environment& env,
                                                 std::function<void(const Secret&)> mask)
    : registry_names_(std::move(registry_names)), env_(env), mask_(std::move(mask)) {}

bool TrustedPublishingSource::serves_crates_io() const {
  return registry_names_.empty() ||
         std::find(registry_names_.begin(), registry_names_.end(), kCratesIoName) != registry_names_.end();
}

SourceAnswer TrustedPublishingSource::find(const Registry& registry) const {
  const bool served = registry_names_.empty() ? registry.is_crates_io()
                                              : std::find(registry_names_.begin(), registry_names_.end(),
                                                          registry.name) != registry_names_.end();
  if (!served) return SourceAnswer::not_applicable();
  std::string problem;
  const auto api = registry_api_url(registry, problem);
  if (!api) return SourceAnswer::missing(problem, true);
  auto it = by_api_.find(*api);
  if (it == by_api_.end()) it = by_api_.emplace(*api, exchange(registry, *api)).first;
  if (!it->second.credential) return SourceAnswer::missing(it->second.problem, true);
  return SourceAnswer::found(*it->second.credential);
}

std::optional<std::string> TrustedPublishingSource::id_token(const std::string& audience,
                                                             std::string& problem) const {
  const auto request_url = env_.non_empty("ACTIONS_ID_TOKEN_REQUEST_URL");
  const auto request_token = env_.non_empty("ACTIONS_ID_TOKEN_REQUEST_TOKEN");
  if (request_url && request_token) {
    mask_(Secret(*request_token));
    HttpRequest request;
    request.url = *request_url + (request_url->find('?') == std::string::npos ? "?" : "&") +
                  "audience=" + form_encode(audience);
    request.authorization = Secret("Bearer " + *request_token);
    request.headers = {"Accept: application/json; api-version=2.0"};
    const ExchangeAnswer answer = exchange_request(request);
    std::optional<std::string> jwt;
    if (answer.response.ok()) jwt = json_string_field(answer.response.body, "value");
    if (jwt && !jwt->empty()) {
      mask_(Secret(*jwt));
      return jwt;
    }
    problem = answer.response.ok() ? "GitHub's ID-token endpoint answered without a token"
                                   : describe_exchange_failure(answer, "GitHub's ID-token endpoint");
    return std::nullopt;
  }
  if (auto gitlab = env_.non_empty("CRATES_IO_ID_TOKEN")) {
    mask_(Secret(*gitlab));
    return gitlab;
  }
  if (env_.flag("GITHUB_ACTIONS")) {
    problem =
        "this GitHub Actions job cannot request an OIDC token (ACTIONS_ID_TOKEN_REQUEST_URL/TOKEN are not "
        "set). "
        "Grant it with `permissions: id-token: write` on the job or workflow.";
  } else if (env_.flag("GITLAB_CI")) {
    problem =
        "this GitLab job has no CRATES_IO_ID_TOKEN. Declare it in .gitlab-ci.yml: `id_tokens: "
        "CRATES_IO_ID_TOKEN: "
        "aud: " +
        audience + "`.";
  } else {
    problem =
        "no OIDC token is available: trusted publishing works on GitHub Actions (permissions: id-token: "
        "write) "
        "and GitLab CI (id_tokens: CRATES_IO_ID_TOKEN).";
  }
  return std::nullopt;
}

TrustedPublishingSource::Outcome TrustedPublishingSource::exchange(const Registry& registry,
                                                                   const std::string& api_url) const {
  Outcome outcome;
  std::string problem;
  const std::string prefix = "trusted publishing for registry '" + registry.name + "': ";
  // crates.io's audience is its own domain; a registry with the same API uses its API host.
  const std::string audience = host_of(api_url);
  const auto jwt = id_token(audience, problem);
  if (!jwt) {
    outcome.problem = prefix + problem;
    return outcome;
  }
  HttpRequest request;
  request.method = "POST";
  request.url = api_url + kTrustedPublishingPath;
  request.headers = {"Content-Type: application/json", "Accept: application/json"};
  request.body = nlohmann::json{{"jwt", *jwt}}.dump();
  const auto started = std::chrono::system_clock::now();
  const ExchangeAnswer answer = exchange_request(request);
  std::optional<std::string> token;
  if (answer.response.ok()) token = json_string_field(answer.response.body, "token");
  if (token) mask_(Secret(*token));
  if (!token || token->empty()) {
    outcome.problem =
        prefix +
        (answer.response.ok()
             ? "the exchange answered without a token"
             : describe_exchange_failure(answer, "the registry's token exchange (" + request.url + ")")) +
        ". Check the crate's trusted publishing configuration (repository, workflow file, environment) on "
        "the "
        "registry; a crate's first version must be published by hand.";
    return outcome;
  }
  Secret value(*token);
  // crates.io answers {"token"} and its tokens live 30 minutes; a registry with the same API
  // that states a shorter lifetime ("expires_in", seconds) is believed, a longer one is not.
  std::chrono::seconds lifetime = std::chrono::minutes(kTrustedPublishingMinutes);
  const auto body = nlohmann::json::parse(answer.response.body, nullptr, false);
  if (body.is_object() && body.contains("expires_in") && body["expires_in"].is_number_integer()) {
    const long long stated = body["expires_in"].get<long long>();
    if (stated > 0 && stated < lifetime.count()) lifetime = std::chrono::seconds(stated);
  }
  const std::string valid = lifetime.count() % 60 == 0 ? std::to_string(lifetime.count() / 60) + " min"
                                                       : std::to_string(lifetime.count()) + " s";
  Credential credential{value, "trusted publishing (" + audience + ", valid " + valid + ")",
                        started + lifetime, Revocation{request.url, value}};
  credential.provider_args = {"--trusted-publishing"};  // the provider exchanges again when cargo asks
  mask_(Secret("Bearer " + *token));
  outcome.credential = std::move(credential);
  return outcome;
}

}  // namespace ca
