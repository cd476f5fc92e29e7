#include "credentials/loopback_proxy.hpp"

#include <algorithm>

#include "util/strings.hpp"

namespace ca {
namespace {

std::vector<std::string> entries(const std::string& list) {
  std::vector<std::string> out;
  std::string current;
  for (char c : list + ",") {
    if (c == ',' || c == ' ' || c == '\t') {
      if (!current.empty()) out.push_back(to_lower(current));
      current.clear();
    } else {
      current += c;
    }
  }
  return out;
}

}  // namespace

std::optional<std::string> proxy_variable_in_effect(const Environment& env) {
  for (const char* name :
       {"http_proxy", "HTTP_PROXY", "https_proxy", "HTTPS_PROXY", "all_proxy", "ALL_PROXY"}) {
    if (auto value = env.non_empty(name); value && !trim(*value).empty()) return std::string(name);
  }
  return std::nullopt;
}

bool proxy_bypassed_for(const Environment& env, const std::string& host) {
  for (const char* name : {"no_proxy", "NO_PROXY"}) {
    const auto value = env.non_empty(name);
    if (!value) continue;
    for (const auto& entry : entries(*value)) {
      if (entry == "*" || entry == to_lower(host)) return true;
    }
  }
  return false;
}

std::string no_proxy_entry(const IndexUrl& index) {
  const std::string& host = index.host;
  if (host.size() > 2 && host.front() == '[' && host.back() == ']') return host.substr(1, host.size() - 2);
  return host;
}

std::string no_proxy_with(const std::string& current, const std::vector<std::string>& hosts) {
  std::string result = trim(current);
  const auto present = entries(result);
  std::vector<std::string> added;
  for (const auto& host : hosts) {
    const std::string lowered = to_lower(host);
    if (std::find(present.begin(), present.end(), lowered) != present.end() ||
        std::find(added.begin(), added.end(), lowered) != added.end()) {
      continue;
    }
    added.push_back(lowered);
    result += (result.empty() ? "" : ",") + lowered;
  }
  return result;
}

}  // namespace ca
