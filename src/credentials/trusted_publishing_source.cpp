#include "credentials/trusted_publishing_source.hpp"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "config/index_url.hpp"
#include "config/registry_name.hpp"
#include "credentials/exchange_http.hpp"
#include "util/base64.hpp"
#include "util/strings.hpp"
#include "util/url_display.hpp"

namespace ca {
namespace {

std::string host_of(const std::string& url) {
  IndexUrl parsed;
  if (!try_parse_index_url(url, parsed)) return {};
  return parsed.host;
}

// The audiences an ID token (a JWT) was issued for: its `aud` claim, a string or
// an array. Read without verifying the signature: it only decides where the token
// may NOT go, never whether to trust it. Empty when it is not a readable JWT.
std::vector<std::string> jwt_audiences(const std::string& jwt) {
  const auto first = jwt.find('.');
  const auto second = first == std::string::npos ? first : jwt.find('.', first + 1);
  if (second == std::string::npos) return {};
  std::string payload = jwt.substr(first + 1, second - first - 1);
  for (char& c : payload) {
    if (c == '-') c = '+';
    if (c == '_') c = '/';
  }
  while (payload.size() % 4 != 0) payload += '=';
  const auto decoded = base64_decode(payload);
  if (!decoded) return {};
  const auto claims = nlohmann::json::parse(*decoded, nullptr, false);
  if (!claims.is_object() || !claims.contains("aud")) return {};
  std::vector<std::string> audiences;
  const auto& aud = claims["aud"];
  if (aud.is_string()) audiences.push_back(aud.get<std::string>());
  if (aud.is_array()) {
    for (const auto& item : aud) {
      if (item.is_string()) audiences.push_back(item.get<std::string>());
    }
  }
  return audiences;
}

bool names_audience(const std::vector<std::string>& audiences, const std::string& audience) {
  return std::any_of(audiences.begin(), audiences.end(),
                     [&](const std::string& candidate) { return equals_ignore_case(candidate, audience); });
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
  // The ID token's audience is the api's host: an api the URL model cannot read
  // (a query, no host, another scheme) would get a token issued for nobody in
  // particular (GitHub's default audience), so it is refused.
  IndexUrl parsed;
  if (!try_parse_index_url(*api, parsed) || parsed.sparse ||
      (parsed.scheme != "https" && parsed.scheme != "http") || parsed.host.empty()) {
    problem = "registry '" + registry.name + "': its config.json names the api '" +
              url_without_secrets(*api) +
              "', which is not an http(s) URL with a host and no query; trusted publishing cannot use it.";
    return std::nullopt;
  }
  // The exchanged token is the api's; cargo hands it to this registry's index as
  // well (auth-required). A config.json naming another server's api (crates.io's,
  // say) would collect that server's token: the api must be on the index's host.
  if (parsed.host != registry.index.host) {
    problem = "registry '" + registry.name + "': its config.json names the api host " + parsed.host +
              ", not the index's host " + registry.index.host +
              "; a token issued there would be sent to this registry, so trusted publishing is refused.";
    return std::nullopt;
  }
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
  // An ID token goes only to the audience it was issued for: GitLab's
  // CRATES_IO_ID_TOKEN names crates.io, and another registry's api receiving it
  // could trade it at crates.io for a token that publishes this project's crates.
  const auto audiences = jwt_audiences(*jwt);
  const bool from_gitlab =
      !env_.non_empty("ACTIONS_ID_TOKEN_REQUEST_URL") || !env_.non_empty("ACTIONS_ID_TOKEN_REQUEST_TOKEN");
  if ((from_gitlab || !audiences.empty()) && !names_audience(audiences, audience)) {
    std::string named;
    for (const auto& item : audiences) named += (named.empty() ? "'" : ", '") + item + "'";
    outcome.problem = prefix + "the ID token was issued for audience " +
                      (named.empty() ? std::string("(none readable)") : named) +
                      ", but this registry's api is " + audience + "; it is not sent to another server. " +
                      (from_gitlab ? "Declare CRATES_IO_ID_TOKEN with `aud: " + audience +
                                         "` in .gitlab-ci.yml, or publish this registry another way."
                                   : "The CI issued a token for another audience than asked.");
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
