#pragma once
// The proxy libcurl picks for a request from the environment, for the engine
// that has no libcurl (WinHTTP on Windows), so a Windows agent's proxy
// variables mean what they mean to cargo (whose libcurl reads them) and to the
// Linux build. Pure: the environment comes in through a lookup function.
//
// libcurl's rules (lib/url.c detect_proxy, lib/noproxy.c): no_proxy, then
// NO_PROXY, lists hosts that go direct ("*" = all; entries separated by commas
// or spaces; "example.com" and ".example.com" both cover the domain and its
// subdomains; an IP address only itself). Otherwise "<scheme>_proxy" in lower
// case, then in upper case except HTTP_PROXY (which CGI servers set from a
// request header), then all_proxy, then ALL_PROXY; the first one present
// decides, and an empty one means no proxy.
// Not covered: CIDR entries in no_proxy (curl 7.86+) never match here, so such
// a host goes through the proxy, as with an older curl.
//
// The caller decides loopback first: a loopback request never uses a proxy,
// whatever this says (net/transfer_engine.hpp).
#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace ca::net_engine {

using EnvironmentLookup = std::function<std::optional<std::string>(const std::string& name)>;

struct ProxySetting {
  std::string variable;  // which variable named it, e.g. "https_proxy"
  std::string value;     // as written, e.g. "http://proxy.corp:3128"
};

// The proxy for a request to scheme://host (host without brackets or port,
// any case), or nullopt for a direct connection.
std::optional<ProxySetting> proxy_from_environment(std::string_view scheme, std::string_view host,
                                                   const EnvironmentLookup& lookup);

// Whether a no_proxy value sends this host direct.
bool no_proxy_covers(std::string_view no_proxy, std::string_view host);

// A proxy variable's value, "[http://][user:password@]host[:port][/]", as
// libcurl reads it (port 1080 when none is given, libcurl's default; user and
// password percent-decoded).
struct HttpProxy {
  std::string server;  // host:port ([v6]:port)
  std::string user;
  std::string password;
};

// The http proxy the value names, or nullopt with the reason in `problem`: no
// host, or a scheme other than http:// (SOCKS, https://), which an engine that
// cannot use it must refuse rather than connect directly.
std::optional<HttpProxy> parse_http_proxy(std::string_view value, std::string& problem);

}  // namespace ca::net_engine
