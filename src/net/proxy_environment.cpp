#include "net/proxy_environment.hpp"

#include <algorithm>
#include <vector>

#include "url/url_normalization.hpp"
#include "util/strings.hpp"

namespace ca::net_engine {

bool no_proxy_covers(std::string_view no_proxy, std::string_view host) {
  std::string name = to_lower(std::string(host));
  if (!name.empty() && name.back() == '.') name.pop_back();  // "example.com." is example.com
  std::size_t start = 0;
  while (start < no_proxy.size()) {
    const std::size_t end = std::min(no_proxy.find_first_of(", \t", start), no_proxy.size());
    std::string entry = to_lower(std::string(no_proxy.substr(start, end - start)));
    start = end + 1;
    if (entry == "*") return true;
    if (!entry.empty() && entry.front() == '.') entry.erase(0, 1);
    if (!entry.empty() && entry.back() == '.') entry.pop_back();
    if (entry.size() >= 2 && entry.front() == '[' && entry.back() == ']')
      entry = entry.substr(1, entry.size() - 2);
    if (entry.empty()) continue;
    if (name == entry) return true;
    // A domain covers its subdomains ("a.example.com" under "example.com"), but
    // only at a label boundary ("badexample.com" is not under it).
    if (name.size() > entry.size() && name.compare(name.size() - entry.size(), entry.size(), entry) == 0 &&
        name[name.size() - entry.size() - 1] == '.') {
      return true;
    }
  }
  return false;
}

std::optional<ProxySetting> proxy_from_environment(std::string_view scheme, std::string_view host,
                                                   const EnvironmentLookup& lookup) {
  // The first variable present decides, even when it is empty (curl stops
  // looking there and connects directly).
  auto no_proxy = lookup("no_proxy");
  if (!no_proxy) no_proxy = lookup("NO_PROXY");
  if (no_proxy && no_proxy_covers(*no_proxy, host)) return std::nullopt;
  std::vector<std::string> names{to_lower(std::string(scheme)) + "_proxy"};
  if (names.front() != "http_proxy") names.push_back(to_upper(names.front()));
  names.emplace_back("all_proxy");
  names.emplace_back("ALL_PROXY");
  for (const auto& name : names) {
    if (auto value = lookup(name)) {
      if (value->empty()) return std::nullopt;
      return ProxySetting{name, *value};
    }
  }
  return std::nullopt;
}

std::optional<HttpProxy> parse_http_proxy(std::string_view value, std::string& problem) {
  std::string_view rest = value;
  std::string scheme = "http";
  if (const auto separator = rest.find("://"); separator != std::string_view::npos) {
    scheme = to_lower(std::string(rest.substr(0, separator)));
    rest.remove_prefix(separator + 3);
  }
  if (scheme != "http") {
    problem = "it names a " + scheme + ":// proxy; only http:// proxies are supported here";
    return std::nullopt;
  }
  rest = rest.substr(0, rest.find_first_of("/?#"));
  HttpProxy proxy;
  if (const auto at = rest.rfind('@'); at != std::string_view::npos) {
    const std::string_view userinfo = rest.substr(0, at);
    const auto colon = userinfo.find(':');
    proxy.user = url::percent_decode(userinfo.substr(0, colon));
    if (colon != std::string_view::npos) proxy.password = url::percent_decode(userinfo.substr(colon + 1));
    rest.remove_prefix(at + 1);
  }
  if (rest.empty()) {
    problem = "it names no proxy host";
    return std::nullopt;
  }
  const auto bracket = rest.rfind(']');
  const auto colon = rest.rfind(':');
  const bool has_port =
      colon != std::string_view::npos && (bracket == std::string_view::npos || colon > bracket);
  proxy.server = std::string(rest) + (has_port ? "" : ":1080");
  return proxy;
}

}  // namespace ca::net_engine
