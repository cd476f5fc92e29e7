#include "commands/cargo_environment.hpp"

#include "credentials/loopback_proxy.hpp"
#include "platform/process.hpp"

namespace ca {

EnvMap authenticated_environment(const Environment& env, const Authentication& auth) {
  EnvMap extra;
  for (const auto& variable : auth.variables()) extra[variable.name] = variable.value.reveal();
  // A token for a plain-http loopback registry must not go through a proxy:
  // cargo uses http_proxy for loopback too unless no_proxy names the host.
  std::vector<std::string> loopback_hosts;
  for (const auto& r : auth.resolutions) {
    if (r.credential && r.verdict == Resolution::Verdict::kAuthenticated &&
        r.registry.index.scheme == "http" && r.registry.index.is_loopback()) {
      loopback_hosts.push_back(no_proxy_entry(r.registry.index));
    }
  }
  if (!loopback_hosts.empty()) {
    for (const char* name : {"no_proxy", "NO_PROXY"}) {
      extra[name] = no_proxy_with(env.get_or(name, ""), loopback_hosts);
    }
  }
  return child_environment(env, extra);
}

}  // namespace ca
