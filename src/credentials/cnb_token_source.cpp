#include "credentials/cnb_token_source.hpp"

#include <optional>
#include <utility>
#include <vector>

#include "util/strings.hpp"

namespace ca {
namespace {

constexpr std::string_view kPublicInstance = "https://cnb.cool";

std::optional<IndexUrl> endpoint_of(const std::string& url) {
  IndexUrl parsed;
  if (!try_parse_index_url(url, parsed)) return std::nullopt;
  return parsed;
}

// The same service: scheme and port as the instance's endpoint (a non-default
// port on the instance's name is another server).
bool same_service(const IndexUrl& index, const IndexUrl& endpoint) {
  return index.scheme == endpoint.scheme && index.port == endpoint.port;
}

bool is_subdomain_of(const std::string& host, const std::string& domain) {
  return !domain.empty() && host.size() > domain.size() + 1 &&
         host.compare(host.size() - domain.size(), domain.size(), domain) == 0 &&
         host[host.size() - domain.size() - 1] == '.';
}

}  // namespace

bool hosted_on_cnb_instance(const IndexUrl& index, const Environment& env) {
  if (index.host.empty()) return false;
  std::vector<std::pair<std::string, IndexUrl>> domains;  // instance domain, endpoint it came from
  if (auto web = endpoint_of(env.non_empty("CNB_WEB_ENDPOINT").value_or(std::string(kPublicInstance)))) {
    domains.emplace_back(web->host, *web);
  }
  if (auto api_text = env.non_empty("CNB_API_ENDPOINT")) {
    if (auto api = endpoint_of(*api_text)) {
      if (index.host == api->host && same_service(index, *api)) return true;
      // api.<domain>: the instance's domain is the rest.
      if (api->host.rfind("api.", 0) == 0) domains.emplace_back(api->host.substr(4), *api);
    }
  }
  for (const auto& [domain, endpoint] : domains) {
    if (domain.empty() || !same_service(index, endpoint)) continue;
    if (index.host == domain || is_subdomain_of(index.host, domain)) return true;
  }
  return false;
}

SourceAnswer CnbTokenSource::find(const Registry& registry) const {
  if (!hosted_on_cnb_instance(registry.index, env_)) return SourceAnswer::not_applicable();
  if (auto token = env_.non_empty("CNB_TOKEN")) {
    Credential credential{Secret(trim(*token)), "CNB_TOKEN"};
    credential.provider_args = {"--token-variable", "CNB_TOKEN"};  // set in every CNB script task
    return SourceAnswer::found(std::move(credential));
  }
  return SourceAnswer::missing(
      "registry '" + registry.name +
          "' is hosted on this CNB instance, but the build has no CNB_TOKEN (CNB gives none to "
          "pull-request builds, and a plugin only sees it when the pipeline runs on CNB). Publish from "
          "a push or tag_push pipeline, or pass an access token with the `token` setting.",
      false);
}

}  // namespace ca
