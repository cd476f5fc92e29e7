#pragma once
// A plain-http registry on loopback may receive a token only when the
// connection itself stays on this machine. Cargo sends every request through
// the proxy named by http_proxy, HTTP_PROXY, https_proxy or HTTPS_PROXY (in
// that order; curl also reads all_proxy/ALL_PROXY), loopback included, unless
// no_proxy/NO_PROXY names the host (seen with cargo 1.95: the token for
// http://127.0.0.1 reached a proxy). So:
// - exec and publish run cargo with the loopback hosts added to no_proxy;
// - auth, whose variables reach later steps it cannot see, refuses instead.
#include <optional>
#include <string>
#include <vector>

#include "config/index_url.hpp"
#include "core/environment.hpp"

namespace ca {

// The proxy variable cargo (or curl under it) would use, if any is set.
std::optional<std::string> proxy_variable_in_effect(const Environment& env);

// Whether no_proxy/NO_PROXY bypasses the proxy for this host: "*", or the host
// itself in the comma/space separated list (the conservative subset of curl's rules).
bool proxy_bypassed_for(const Environment& env, const std::string& host);

// The host as no_proxy lists it (IPv6 without brackets).
std::string no_proxy_entry(const IndexUrl& index);

// `current` (a no_proxy value, maybe empty) with `hosts` appended, no duplicates.
std::string no_proxy_with(const std::string& current, const std::vector<std::string>& hosts);

}  // namespace ca
