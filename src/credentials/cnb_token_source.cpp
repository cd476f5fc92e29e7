#include "credentials/cnb_token_source.hpp"

#include <vector>

#include "util/strings.hpp"

namespace ca {
namespace {

constexpr std::string_view kPublicInstance = "https://cnb.cool";

std::string host_of(const std::string& url) {
  IndexUrl parsed;
  return try_parse_index_url(url, parsed) ? parsed.host : std::string();
}

bool is_subdomain_of(const std::string& host, const std::string& domain) {
  return !domain.empty() && host.size() > domain.size() + 1 &&
         host.compare(host.size() - domain.size(), domain.size(), domain) == 0 &&
         host[host.size() - domain.size() - 1] == '.';
}

}  // namespace

bool hosted_on_cnb_instance(const IndexUrl& index, const Environment& env) {
  if (index.host.empty()) return false;
  const std::string web = host_of(env.non_empty("CNB_WEB_ENDPOINT").value_or(std::string(kPublicInstance)));
  std::vector<std::string> domains{web};
  if (auto api = env.non_empty("CNB_API_ENDPOINT")) {
    std::string api_host = host_of(*api);
    if (index.host == api_host) return true;
    // api.<domain>: the instance's domain is the rest.
    if (api_host.rfind("api.", 0) == 0) domains.push_back(api_host.substr(4));
  }
  for (const auto& domain : domains) {
    if (domain.empty()) continue;
    if (index.host == domain || is_subdomain_of(index.host, domain)) return true;
  }
  return false;
}

SourceAnswer CnbTokenSource::find(const Registry& registry) const {
  if (!hosted_on_cnb_instance(registry.index, env_)) return SourceAnswer::not_applicable();
  if (auto token = env_.non_empty("CNB_TOKEN")) {
    return SourceAnswer::found(Credential{Secret(trim(*token)), "CNB_TOKEN"});
  }
  return SourceAnswer::missing(
      "registry '" + registry.name +
          "' is hosted on this CNB instance, but the build has no CNB_TOKEN (CNB gives none to "
          "pull-request builds, and a plugin only sees it when the pipeline runs on CNB). Publish from "
          "a push or tag_push pipeline, or pass an access token with the `token` setting.",
      false);
}

}  // namespace ca
