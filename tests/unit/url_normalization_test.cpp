// One table per rule of the URL model (url/url_normalization.hpp). Expected
// values are what cargo 1.95's URL parser makes of the input (docs/url-model.md).
#include "url/url_normalization.hpp"

#include <gtest/gtest.h>

#include "config/index_url.hpp"
#include "core/error.hpp"

namespace ca {
namespace {

struct Case {
  const char* input;
  const char* expected;  // nullptr: invalid
};

void expect_hosts(std::initializer_list<Case> cases) {
  for (const auto& c : cases) {
    std::string why;
    const auto host = url::normalize_host(c.input, why);
    if (c.expected == nullptr) {
      EXPECT_FALSE(host) << c.input << " -> " << host.value_or("");
      EXPECT_FALSE(why.empty()) << c.input;
    } else {
      ASSERT_TRUE(host) << c.input << ": " << why;
      EXPECT_EQ(*host, c.expected) << c.input;
    }
  }
}

TEST(UrlModel, HostCaseAndTrailingDot) {
  expect_hosts({{"PKGS.Dev.Azure.COM", "pkgs.dev.azure.com"},
                {"pkgs.dev.azure.com.", "pkgs.dev.azure.com"},
                {"LOCALHOST.", "localhost"},
                {"pkgs%2Edev.azure.com", "pkgs.dev.azure.com"},
                {"a..b", nullptr},
                {".a", nullptr},
                {"a%20b", nullptr},
                {"a%2Fb", nullptr},
                {"\xc3\xa9xample.com", nullptr}});
}

TEST(UrlModel, Ipv4LiteralsInEveryWhatwgSpelling) {
  expect_hosts({{"127.0.0.1", "127.0.0.1"},
                {"127.1", "127.0.0.1"},
                {"127.0.1", "127.0.0.1"},
                {"0x7f.0.0.1", "127.0.0.1"},
                {"0177.0.0.1", "127.0.0.1"},
                {"2130706433", "127.0.0.1"},
                {"127.0.0.1.", "127.0.0.1"},
                {"256.0.0.1", nullptr},
                {"1.2.3.4.5", nullptr},
                {"4294967296", nullptr},
                {"127.0.0.1.evil.example", "127.0.0.1.evil.example"},
                {"1.evil.2", nullptr}});
}

TEST(UrlModel, Ipv6LiteralsInCanonicalForm) {
  expect_hosts({{"[::1]", "[::1]"},
                {"[0:0:0:0:0:0:0:1]", "[::1]"},
                {"[0000::0001]", "[::1]"},
                {"[2001:DB8:0:0:1:0:0:1]", "[2001:db8::1:0:0:1]"},
                {"[1:0:2:0:3:0:4:5]", "[1:0:2:0:3:0:4:5]"},
                {"[::1", nullptr},
                {"[::1%25eth0]", nullptr},
                {"[1:2]", nullptr}});
}

TEST(UrlModel, DotSegmentsAsCargoResolvesThem) {
  const Case cases[] = {{"/a/../b/", "/b/"},
                        {"/a/%2e%2e/b/", "/b/"},
                        {"/a/%2E%2E/b/", "/b/"},
                        {"/a/.%2E/b/", "/b/"},
                        {"/a/%2e./b/", "/b/"},
                        {"/a/./b/%2e/", "/a/b/"},
                        {"/a/b/..", "/a/"},
                        {"/a/b/.", "/a/b/"},
                        {"/../../a/", "/a/"},
                        {"/a\\..\\b/", "/b/"},
                        {"/a/%2e%2e%2e/b/", "/a/%2e%2e%2e/b/"},  // three dots is a name
                        {"/a%2fb/%41/", "/a%2fb/%41/"},          // not decoded, as cargo
                        {"", "/"},
                        {"/a b/", "/a%20b/"}};
  for (const auto& c : cases) EXPECT_EQ(url::normalize_path(c.input, true), c.expected) << c.input;
  // For a non-special scheme (ssh, git) a backslash is an ordinary character.
  EXPECT_EQ(url::normalize_path("/a\\..\\b/", false), "/a\\..\\b/");
}

TEST(UrlModel, DefaultPortsAreDroppedOthersKept) {
  const Case cases[] = {{"sparse+https://h.example:443/x/", "https://h.example/x"},
                        {"sparse+http://h.example:80/x/", "http://h.example/x"},
                        {"sparse+HTTPS://h.example:/x/", "https://h.example/x"},
                        {"sparse+https://h.example:80/x/", "https://h.example:80/x"},
                        {"sparse+https://h.example:8443/x/", "https://h.example:8443/x"},
                        {"sparse+https://h.example:00443/x/", "https://h.example/x"}};
  for (const auto& c : cases) EXPECT_EQ(parse_index_url(c.input).normalized(), c.expected) << c.input;
  EXPECT_THROW(parse_index_url("sparse+https://h.example:0/x/"), Error);
}

TEST(UrlModel, AuthorityThatCargosTwoParsesWouldReadDifferentlyIsRefused) {
  // cargo parses "sparse+https://..." (backslash is data), then "https://..." (it ends the host).
  EXPECT_THROW(parse_index_url("sparse+http://127.0.0.1\\@evil.example/index/"), Error);
  EXPECT_THROW(parse_index_url("sparse+https://evil.example\\.pkgs.dev.azure.com/x/"), Error);
  EXPECT_THROW(parse_index_url("sparse+https://h.example?x/index/"), Error);
}

TEST(UrlModel, Loopback) {
  const std::pair<const char*, bool> cases[] = {{"localhost", true},         {"127.0.0.1", true},
                                                {"127.255.1.2", true},       {"[::1]", true},
                                                {"128.0.0.1", false},        {"localhost.example", false},
                                                {"127.0.0.1.nip.io", false}, {"[::ffff:7f00:1]", false}};
  for (const auto& [host, loopback] : cases) EXPECT_EQ(url::is_loopback_host(host), loopback) << host;
  EXPECT_TRUE(parse_index_url("http://127.1:9/").is_loopback());
  EXPECT_TRUE(parse_index_url("http://[0:0::1]:9/").is_loopback());
}

}  // namespace
}  // namespace ca
