// Issue 10 part A: attacks that made a credential go to the wrong server.
// Each case is an index URL as a hostile config would write it; cargo 1.95
// resolves it as the comment says (observed against a stand-in registry on
// 127.0.0.1, docs/url-model.md). The decision must follow cargo, not the text.
#include <gtest/gtest.h>

#include "config/azure_feed.hpp"
#include "config/index_url.hpp"
#include "core/environment.hpp"
#include "credentials/cnb_token_source.hpp"
#include "credentials/loopback_proxy.hpp"
#include "net/http_client.hpp"

namespace ca {
namespace {

constexpr const char* kCloudCollection = "https://dev.azure.com/myorg/";
constexpr const char* kOnPremCollection = "https://tfs.corp/tfs/DefaultCollection/";

FeedOwner owner(const std::string& index, const char* collection) {
  return classify_feed(parse_index_url(index), collection);
}

// cargo requests /otherorg/... for all of these: the build token must not go.
TEST(TrustAttack, DotSegmentsLeaveTheOrganization) {
  for (const char* index : {
           "sparse+https://pkgs.dev.azure.com/myorg/../otherorg/_packaging/f/Cargo/index/",
           "sparse+https://pkgs.dev.azure.com/myorg/%2e%2e/otherorg/_packaging/f/Cargo/index/",
           "sparse+https://pkgs.dev.azure.com/myorg/%2E%2E/otherorg/_packaging/f/Cargo/index/",
           "sparse+https://pkgs.dev.azure.com/myorg/.%2E/otherorg/_packaging/f/Cargo/index/",
           "sparse+https://pkgs.dev.azure.com/myorg/%2e./otherorg/_packaging/f/Cargo/index/",
           "sparse+https://pkgs.dev.azure.com/myorg/./../otherorg/_packaging/f/Cargo/index/",
           "sparse+https://pkgs.dev.azure.com/myorg/x/../../otherorg/_packaging/f/Cargo/index/",
           "sparse+https://pkgs.dev.azure.com/myorg\\..\\otherorg/_packaging/f/Cargo/index/",
           "https://pkgs.dev.azure.com/myorg/../otherorg/_packaging/f/Cargo/index/",
       }) {
    EXPECT_EQ(owner(index, kCloudCollection), FeedOwner::kOtherOrganization) << index;
  }
}

TEST(TrustAttack, DotSegmentsLeaveTheOnPremisesCollection) {
  for (const char* index : {
           "sparse+https://tfs.corp/tfs/DefaultCollection/../OtherCollection/_packaging/f/Cargo/index/",
           "sparse+https://tfs.corp/tfs/DefaultCollection/%2e%2e/OtherCollection/_packaging/f/Cargo/index/",
           "sparse+https://tfs.corp/tfs/DefaultCollection/.%2E/OtherCollection/_packaging/f/Cargo/index/",
           "sparse+https://tfs.corp/tfs/DefaultCollection\\..\\OtherCollection/_packaging/f/Cargo/index/",
       }) {
    EXPECT_NE(owner(index, kOnPremCollection), FeedOwner::kThisOrganization) << index;
  }
}

// The other direction: a feed of this organization written with dot segments
// is still this organization's (cargo requests /myorg/...).
TEST(TrustAttack, DotSegmentsThatStayInTheOrganizationAreRecognised) {
  EXPECT_EQ(owner("sparse+https://pkgs.dev.azure.com/otherorg/../myorg/_packaging/f/Cargo/index/",
                  kCloudCollection),
            FeedOwner::kThisOrganization);
  EXPECT_EQ(owner("sparse+https://PKGS.DEV.AZURE.COM./myorg/./_packaging/f/Cargo/index/", kCloudCollection),
            FeedOwner::kThisOrganization);
}

TEST(TrustAttack, ANonDefaultPortIsAnotherService) {
  for (const char* index : {
           "sparse+https://pkgs.dev.azure.com:8443/myorg/_packaging/f/Cargo/index/",
           "sparse+https://myorg.pkgs.visualstudio.com:8443/_packaging/f/Cargo/index/",
           "sparse+http://pkgs.dev.azure.com/myorg/_packaging/f/Cargo/index/",
       }) {
    EXPECT_NE(owner(index, kCloudCollection), FeedOwner::kThisOrganization) << index;
  }
  EXPECT_NE(owner("sparse+https://tfs.corp:8443/tfs/DefaultCollection/_packaging/f/Cargo/index/",
                  kOnPremCollection),
            FeedOwner::kThisOrganization);
  // The default port written out is the same service.
  EXPECT_EQ(owner("sparse+https://pkgs.dev.azure.com:443/myorg/_packaging/f/Cargo/index/", kCloudCollection),
            FeedOwner::kThisOrganization);
}

TEST(TrustAttack, ServiceConnectionMatchFollowsDotSegments) {
  // A connection for feed `a` must not match an index that cargo resolves to feed `b`.
  EXPECT_FALSE(same_registry_url("sparse+https://reg.example/a/../b/", "https://reg.example/a/"));
  EXPECT_FALSE(same_registry_url("sparse+https://reg.example/a/%2e%2e/b/", "https://reg.example/a/"));
  EXPECT_TRUE(same_registry_url("sparse+https://reg.example/b/../a/", "https://reg.example/a/"));
  EXPECT_TRUE(same_registry_url("sparse+https://REG.example./a/./", "https://reg.example:443/a"));
  EXPECT_FALSE(same_registry_url("sparse+https://reg.example:8443/a/", "https://reg.example/a/"));
}

TEST(TrustAttack, CnbTokenStaysOnTheInstancesDefaultPort) {
  const Environment env(EnvMap{{"CNB_WEB_ENDPOINT", "https://cnb.cool"}});
  EXPECT_TRUE(hosted_on_cnb_instance(parse_index_url("sparse+https://cargo.CNB.cool./o/r/-/packages/"), env));
  EXPECT_FALSE(
      hosted_on_cnb_instance(parse_index_url("sparse+https://cargo.cnb.cool:8443/o/r/-/packages/"), env));
  EXPECT_FALSE(hosted_on_cnb_instance(parse_index_url("sparse+http://cargo.cnb.cool/o/r/-/packages/"), env));
}

// Plain http is allowed only to a loopback address as cargo reads the host.
TEST(TrustAttack, LoopbackIsDecidedOnTheParsedHost) {
  EXPECT_FALSE(insecure_transport_problem("http://127.1:8080/index/"));       // cargo: 127.0.0.1
  EXPECT_FALSE(insecure_transport_problem("http://0x7f.0.0.1:8080/index/"));  // cargo: 127.0.0.1
  EXPECT_FALSE(insecure_transport_problem("http://LOCALHOST.:8080/index/"));
  EXPECT_TRUE(insecure_transport_problem("http://127.0.0.1.evil.example/index/"));
  EXPECT_TRUE(insecure_transport_problem("http://127.0.0.1\\@evil.example/index/"));
  EXPECT_TRUE(insecure_transport_problem("http://2130706433.evil.example/index/"));
}

}  // namespace
}  // namespace ca

namespace ca {
namespace {

TEST(LoopbackProxyRule, WhichProxyCargoWouldUseAndWhatBypassesIt) {
  EXPECT_FALSE(proxy_variable_in_effect(Environment(EnvMap{{"no_proxy", "*"}})));
  EXPECT_EQ(proxy_variable_in_effect(Environment(EnvMap{{"HTTPS_PROXY", "http://p:3128"}})), "HTTPS_PROXY");
  EXPECT_EQ(proxy_variable_in_effect(Environment(EnvMap{{"ALL_PROXY", "socks5://p"}})), "ALL_PROXY");
  const Environment listed(EnvMap{{"no_proxy", "example.com, 127.0.0.1"}, {"http_proxy", "http://p"}});
  EXPECT_TRUE(proxy_bypassed_for(listed, "127.0.0.1"));
  EXPECT_FALSE(proxy_bypassed_for(listed, "localhost"));
  EXPECT_TRUE(proxy_bypassed_for(Environment(EnvMap{{"NO_PROXY", "*"}}), "localhost"));
  EXPECT_EQ(no_proxy_with("", {"127.0.0.1", "127.0.0.1"}), "127.0.0.1");
  EXPECT_EQ(no_proxy_with("corp.example", {"127.0.0.1", "::1"}), "corp.example,127.0.0.1,::1");
  EXPECT_EQ(no_proxy_with("127.0.0.1", {"127.0.0.1"}), "127.0.0.1");
  EXPECT_EQ(no_proxy_entry(parse_index_url("sparse+http://[::1]:8080/index/")), "::1");
}

}  // namespace
}  // namespace ca
