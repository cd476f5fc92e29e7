// The proxy the WinHTTP engine picks from the environment, judged against
// libcurl's documented rules (lib/url.c detect_proxy, lib/noproxy.c), which
// cargo and the Linux engine follow.
#include "net/proxy_environment.hpp"

#include <gtest/gtest.h>

#include <map>

namespace ca::net_engine {
namespace {

using Vars = std::map<std::string, std::string>;

std::string proxy_for(const Vars& vars, const std::string& scheme, const std::string& host) {
  const auto choice =
      proxy_from_environment(scheme, host, [&](const std::string& name) -> std::optional<std::string> {
        auto it = vars.find(name);
        if (it == vars.end()) return std::nullopt;
        return it->second;
      });
  return choice ? choice->variable + "=" + choice->value : "direct";
}

TEST(ProxyEnvironment, SchemeVariableThenAllProxy) {
  EXPECT_EQ(proxy_for({}, "https", "r.example"), "direct");
  EXPECT_EQ(proxy_for({{"https_proxy", "p:1"}, {"all_proxy", "a:1"}}, "https", "r.example"),
            "https_proxy=p:1");
  EXPECT_EQ(proxy_for({{"HTTPS_PROXY", "P:1"}}, "https", "r.example"), "HTTPS_PROXY=P:1");
  EXPECT_EQ(proxy_for({{"https_proxy", "p:1"}}, "http", "r.example"), "direct");
  EXPECT_EQ(proxy_for({{"http_proxy", "h:1"}}, "http", "r.example"), "http_proxy=h:1");
  // HTTP_PROXY is never read (CGI servers set it from a request's Proxy header).
  EXPECT_EQ(proxy_for({{"HTTP_PROXY", "H:1"}}, "http", "r.example"), "direct");
  EXPECT_EQ(proxy_for({{"ALL_PROXY", "A:1"}}, "http", "r.example"), "ALL_PROXY=A:1");
  EXPECT_EQ(proxy_for({{"all_proxy", "a:1"}, {"ALL_PROXY", "A:1"}}, "https", "r.example"), "all_proxy=a:1");
  // The first variable present decides; empty means direct.
  EXPECT_EQ(proxy_for({{"https_proxy", ""}, {"ALL_PROXY", "A:1"}}, "https", "r.example"), "direct");
}

TEST(ProxyEnvironment, NoProxyListsHostsAndDomains) {
  const Vars base{{"https_proxy", "p:1"}};
  auto with = [&](const std::string& no_proxy) {
    Vars vars = base;
    vars["no_proxy"] = no_proxy;
    return vars;
  };
  EXPECT_EQ(proxy_for(with("*"), "https", "r.example"), "direct");
  EXPECT_EQ(proxy_for(with("example"), "https", "r.example"), "direct");
  EXPECT_EQ(proxy_for(with(".example"), "https", "R.EXAMPLE"), "direct");
  EXPECT_EQ(proxy_for(with("other, r.example"), "https", "r.example"), "direct");
  EXPECT_EQ(proxy_for(with("other r.example"), "https", "r.example."), "direct");
  EXPECT_EQ(proxy_for(with("xample"), "https", "r.example"), "https_proxy=p:1");
  EXPECT_EQ(proxy_for(with("badr.example"), "https", "r.example"), "https_proxy=p:1");
  EXPECT_EQ(proxy_for(with("[::1]"), "https", "::1"), "direct");
  EXPECT_EQ(proxy_for(with("10.0.0.1"), "https", "10.0.0.10"), "https_proxy=p:1");
  // NO_PROXY counts only when no_proxy is unset.
  Vars upper = base;
  upper["NO_PROXY"] = "r.example";
  EXPECT_EQ(proxy_for(upper, "https", "r.example"), "direct");
  upper["no_proxy"] = "other";
  EXPECT_EQ(proxy_for(upper, "https", "r.example"), "https_proxy=p:1");
}

std::string parsed(const std::string& value) {
  std::string problem;
  const auto proxy = parse_http_proxy(value, problem);
  if (!proxy) return "refused: " + problem;
  return proxy->server + " user=" + proxy->user + " password=" + proxy->password;
}

TEST(ProxyEnvironment, ProxyValuesAsLibcurlReadsThem) {
  EXPECT_EQ(parsed("http://proxy.corp:3128"), "proxy.corp:3128 user= password=");
  EXPECT_EQ(parsed("proxy.corp:3128/"), "proxy.corp:3128 user= password=");
  EXPECT_EQ(parsed("HTTP://proxy.corp"), "proxy.corp:1080 user= password=");  // libcurl's default port
  EXPECT_EQ(parsed("http://[fd00::1]"), "[fd00::1]:1080 user= password=");
  EXPECT_EQ(parsed("http://[fd00::1]:8080"), "[fd00::1]:8080 user= password=");
  EXPECT_EQ(parsed("http://agent:p%40ss%20w0rd@proxy.corp:3128"),
            "proxy.corp:3128 user=agent password=p@ss w0rd");
  EXPECT_EQ(parsed("http://agent@proxy.corp:3128"), "proxy.corp:3128 user=agent password=");
  EXPECT_EQ(parsed("socks5://proxy.corp:1080"),
            "refused: it names a socks5:// proxy; only http:// proxies are supported here");
  EXPECT_EQ(parsed("https://proxy.corp"),
            "refused: it names a https:// proxy; only http:// proxies are supported here");
  EXPECT_EQ(parsed("http://user:pw@"), "refused: it names no proxy host");
}

}  // namespace
}  // namespace ca::net_engine
